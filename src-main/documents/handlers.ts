// The 文书 area behind the contract: the register, issuing one document, a batch in the background with
// progress and cancel, and opening or saving a file (desktop services, or a download in browser mode).
import { copyFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import type { DocumentRow, ParsedRequestOf } from '../shared/contract'
import { DOC_TYPE_ZH } from '../shared/contract'
import { SELECT, documentRow, type Row } from './document-row'
import { verifyDocument } from './verify'
import { notFound } from '../transport/errors'
import { issueCaseDocument, issueLegalOpinion, issueReviewDocument } from './issue'
import { hasRole } from '../auth/access'
import { forbidden } from '../transport/errors'
import { issueQuarterlyReport } from './quarterly-report'
import { issueLegalSummary } from './legal-summary'
import { parseQuarter } from '../stats/quarter'
import { assertNeedToKnow, PERSONAL_DOC_TYPES, recordAccess, requireReason } from '../privacy/need-to-know'
import { downloadUrl } from './download-tickets'
import type { Role, SessionUser } from '../shared/review-types'

/** Who issues the quarterly report: the roles that see every unit (migration 1764000000033's dossier_scope_all). */
const QUARTERLY_ISSUERS: readonly Role[] = ['senior_reviewer', 'legal', 'admin', 'records']

type Channels = 'documents.list' | 'documents.forCase' | 'documents.generate' | 'documents.open' | 'documents.saveAs' | 'documents.verify'

async function listDocuments(ds: DataSource, dir: string, req: ParsedRequestOf<'documents.list'>): Promise<DocumentRow[]> {
  const where: string[] = []
  const params: unknown[] = []
  const p = (v: unknown): string => { params.push(v); return `$${params.length}` }
  if (req.docType) where.push(`d.doc_type = ${p(req.docType)}`)
  if (req.caseNo) where.push(`c.case_no ILIKE ${p(`%${req.caseNo.replace(/[%_\\]/g, '\\$&')}%`)}`)
  if (req.generatedFrom) where.push(`d.generated_at >= ${p(req.generatedFrom)}::date::timestamp AT TIME ZONE 'Asia/Shanghai'`)
  if (req.generatedTo) where.push(`d.generated_at < (${p(req.generatedTo)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`)
  const rows = (await ds.query(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.generated_at DESC, d.id DESC LIMIT ${p(req.limit)}`, params)) as Row[]
  return rows.map((r) => documentRow(r, dir))
}

async function oneDocument(ds: DataSource, dir: string, id: number): Promise<DocumentRow> {
  const [row] = (await ds.query(`${SELECT} WHERE d.id = $1`, [id])) as Row[]
  if (!row) throw notFound(`文书 ${id} 不存在`)
  return documentRow(row, dir)
}

export function buildDocumentHandlers(ctx: AppContext): HandlerMap<Channels> {
  const { ds, documentsDir: dir } = ctx
  const fileOf = async (id: number): Promise<DocumentRow & { path: string }> => {
    const d = await oneDocument(ds, dir, id)
    if (!d.fileExists) {
      // A case past its retention period had its personal-data documents deleted (retention/anonymise.ts).
      const [gone] = d.caseId === null ? [] : (await ds.query('SELECT 1 FROM cases WHERE id = $1 AND anonymised_at IS NOT NULL', [d.caseId])) as unknown[]
      if (gone) throw notFound(`文书文件 ${d.fileName} 已在案件个人信息匿名化时删除（超过保存期限）；登记簿仍保留其编号与 SHA-256`)
      throw notFound(`文书文件 ${d.fileName} 不在文书目录 ${dir} 中（可能已被移动或删除）`)
    }
    return { ...d, path: join(dir, d.fileName) }
  }
  /** A file about to be opened or saved: personal data only with need to know and a reason, each access recorded. */
  const access = async (id: number, user: SessionUser, action: 'open' | 'save_as', reason: string | undefined): Promise<DocumentRow & { path: string }> => {
    const d = await fileOf(id)
    const personal = PERSONAL_DOC_TYPES.includes(d.docType) && d.caseId !== null
    if (personal) await assertNeedToKnow(ds, user, d.caseId!)
    const why = personal ? requireReason(reason) : reason?.trim() || null
    await ds.transaction((em) => recordAccess(em, user.username, 'document', d.id, action, { docType: d.docType, caseId: d.caseId, fileName: d.fileName, reason: why }))
    return d
  }
  return {
    'documents.list': (req) => listDocuments(ds, dir, req),
    'documents.verify': (req) => verifyDocument(ds, dir, req),
    'documents.forCase': async (req) => {
      const rows = (await ds.query(`${SELECT} WHERE d.case_id = $1 OR d.review_id IN (SELECT id FROM reviews WHERE case_id = $1) ORDER BY d.generated_at DESC, d.id DESC`, [req.caseId])) as Row[]
      return rows.map((r) => documentRow(r, dir))
    },
    async 'documents.generate'(req, caller) {
      const opts = { outDir: dir, actor: caller.user!.username, reason: 'reason' in req ? req.reason : undefined }
      // A case's documents carry its complainant's personal data in full.
      if (req.type === 'dossier' || req.type === 'registration') await assertNeedToKnow(ds, caller.user!, req.caseId)
      if ((req.type === 'legal_opinion' || req.type === 'legal_summary') && !hasRole(caller.user, ['legal', 'admin'])) throw forbidden(`${DOC_TYPE_ZH[req.type]}由法务人员出具`)
      // Row security shows a reviewer only their units' figures: their report would be a part passed off as the whole.
      if (req.type === 'quarterly' && !hasRole(caller.user, QUARTERLY_ISSUERS)) throw forbidden(`${DOC_TYPE_ZH.quarterly}由复核人、法务、档案管理或管理员出具（审查员只能看到所分配机构的数据）`)
      const issued = req.type === 'review' ? await issueReviewDocument(ds, req.reviewId, opts)
        : req.type === 'legal_opinion' ? await issueLegalOpinion(ds, req.offerId, opts)
        : req.type === 'quarterly' ? await issueQuarterlyReport(ds, parseQuarter(req.quarter), { ...opts, interim: req.interim })
        : req.type === 'legal_summary' ? await issueLegalSummary(ds, parseQuarter(req.quarter), opts)
          : await issueCaseDocument(ds, req.type, req.caseId, opts)
      return oneDocument(ds, dir, issued.id)
    },
    async 'documents.open'(req, caller) {
      const d = await access(req.id, caller.user!, 'open', req.reason)
      if (!ctx.desktop) return { opened: false, downloadUrl: downloadUrl(ctx, d.id, caller.user!.username) }
      const error = await ctx.desktop.openPath(d.path)
      if (error) throw new Error(`无法打开 ${d.fileName}：${error}`)
      return { opened: true, downloadUrl: null }
    },
    async 'documents.saveAs'(req, caller) {
      const d = await access(req.id, caller.user!, 'save_as', req.reason)
      if (!ctx.desktop) return { savedTo: null, downloadUrl: downloadUrl(ctx, d.id, caller.user!.username) }
      const target = await ctx.desktop.chooseSavePath(d.fileName)
      if (!target) return { savedTo: null, downloadUrl: null }
      await copyFile(d.path, target)
      return { savedTo: target, downloadUrl: null }
    }
  }
}
