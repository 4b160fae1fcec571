// Issuing one document: generate, hash, write the file, register it — in one transaction. The file is written
// before the registration commits and removed again if the registration fails, so a file in the output
// folder under a registered name is always the registered bytes, and no registered row points at nothing
// the generator wrote. Files are never overwritten: the version is in the name, and writing refuses an
// existing file.
import { link, mkdir, rm, writeFile } from 'node:fs/promises'
import { recordChange } from '../trail/record'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { loadCaseRecord } from '../cases/case-record'
import type { IssueMeta } from './case-dossier'
import type { CaseDocType, DocType } from './labels'
import { SERIAL_TYPES, lockRegistry, nextVersions, registerDocuments, serialFor, sha256, subjectKey, type DocumentRecord, type Serial, type Subject } from './registry'
import { TEMPLATE_VERSIONS, caseFileName, legalFileName, renderCaseDocument, renderLegalOpinion, renderReviewDocument, reviewFileName } from './render'
import { offerDetail } from '../legal/offer-detail'
import { loadReviewRecord } from './review-source'
import { notFound } from '../transport/errors'

export interface IssueOptions {
  /** Why the document is issued, when it carries personal data (recorded in the trail with the issue). */
  reason?: string
  /** The folder the .docx goes to (created if missing). */
  outDir: string
  /** Who generates it, as recorded in the register (a username, or cli:<login>). */
  actor: string
  /** The issue date and registered time; now by default. */
  now?: Date
}

export interface IssuedDocument extends DocumentRecord { path: string }

/**
 * Writes bytes under a new name only: to a temporary name first, then hard-linked to the final name (which
 * fails if the name exists), so a reader never sees a half-written file under a registered name.
 */
export async function writeNewFile(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.part`
  // Documents hold personal data: readable by the user alone (0600), whatever the umask.
  await writeFile(tmp, bytes, { flag: 'wx', mode: 0o600 })
  try {
    await link(tmp, path)
  } finally {
    await rm(tmp, { force: true })
  }
}

export interface IssueJob {
  docType: DocType
  subject: Subject
  fileName: (version: number, serial: Serial | null) => string
  render: (meta: IssueMeta) => Promise<Buffer>
}

/** Issues one document of any type: the shared path of every `issue…` function (and the quarterly report's). */
export async function issue(ds: DataSource, job: IssueJob, opts: IssueOptions): Promise<IssuedDocument> {
  await mkdir(opts.outDir, { recursive: true, mode: 0o700 })
  const meta: IssueMeta = { generatedAt: opts.now ?? new Date(), generatedBy: opts.actor }
  let written: string | null = null
  try {
    return await ds.transaction(async (em) => {
      await lockRegistry(em)
      const version = (await nextVersions(em, job.docType, [job.subject])).get(subjectKey(job.subject))!
      // The number is allocated in this transaction, under the lock: a failed issue leaves no gap in the series.
      const serial = SERIAL_TYPES.has(job.docType) ? await serialFor(em, job.docType, job.subject, meta.generatedAt) : null
      const bytes = await job.render({ ...meta, serial, version })
      const fileName = job.fileName(version, serial)
      const path = join(opts.outDir, fileName)
      await writeNewFile(path, bytes)
      written = path
      const [row] = await registerDocuments(em, [{
        docType: job.docType, subject: job.subject, version, fileName, sha256: sha256(bytes), bytes: bytes.length,
        templateVersion: TEMPLATE_VERSIONS[job.docType], generatedBy: opts.actor, generatedAt: meta.generatedAt, serial
      }])
      // Issuing is recorded with the register entry, in the same transaction (with the reason given for
      // personal data, when there is one).
      await recordChange(em, { actor: opts.actor, entity: 'document', entityId: row.id, action: 'issue', before: null,
        after: { docType: row.docType, caseId: row.caseId, reviewId: row.reviewId, offerId: row.offerId, period: row.period, version, fileName, reason: opts.reason ?? null } })
      return { ...row, path }
    })
  } catch (err) {
    if (written) await rm(written, { force: true })
    throw err
  }
}

/** 客户投诉档案 or 客户投诉登记表 for one case, by id or case number. */
export async function issueCaseDocument(ds: DataSource, type: CaseDocType, ref: number | string, opts: IssueOptions): Promise<IssuedDocument> {
  const record = await loadCaseRecord(ds, ref)
  if (!record) throw notFound(`案件 ${ref} 不存在`)
  return issue(ds, {
    docType: type, subject: { caseId: record.id },
    fileName: (v) => caseFileName(type, record.caseNo, v),
    render: (meta) => renderCaseDocument(type, record, meta)
  }, opts)
}

/** 投诉案件审查意见书 (with its 审查工作底稿) for one review. */
export async function issueReviewDocument(ds: DataSource, reviewId: number, opts: IssueOptions): Promise<IssuedDocument> {
  const record = await loadReviewRecord(ds, reviewId)
  return issue(ds, {
    docType: 'review', subject: { reviewId },
    fileName: (v, serial) => reviewFileName(record.case.caseNo, serial, v),
    render: (meta) => renderReviewDocument(record, meta)
  }, opts)
}

/**
 * 法律审查意见书 for one remediation offer: registered per offer (versions and the yearly serial count per offer,
 * migration 1764000000047), named by its case number and the offer's ordinal in the case. No personal data in
 * full: the case facts are the masked ones of the legal workbench.
 * @throws not_found when there is no such offer
 */
export async function issueLegalOpinion(ds: DataSource, offerId: number, opts: IssueOptions): Promise<IssuedDocument> {
  const detail = await ds.transaction((em) => offerDetail(em, offerId))
  const [u] = (await ds.query(`SELECT name FROM units WHERE kind = 'head_office' ORDER BY id LIMIT 1`)) as { name: string }[]
  // The offer's place among its case's offers (by id: the order the archive recorded them in).
  const [{ n: offerNo }] = (await ds.query('SELECT count(*)::int AS n FROM remediation_offers WHERE case_id = $1 AND id <= $2',
    [detail.caseFacts.caseId, offerId])) as { n: number }[]
  const rootCauseNames = Object.fromEntries(((await ds.query('SELECT code, name_zh FROM rc_nodes')) as { code: string; name_zh: string }[]).map((r) => [r.code, r.name_zh]))
  const record = { detail, offerNo, rootCauseNames, institution: String(u?.name ?? '').replace(/总行$/, '') }
  return issue(ds, {
    docType: 'legal_opinion', subject: { offerId, caseId: detail.caseFacts.caseId },
    fileName: (v) => legalFileName(detail.caseFacts.caseNo, offerNo, v),
    render: (meta) => renderLegalOpinion(record, meta)
  }, opts)
}
