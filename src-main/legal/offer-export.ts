// The offers list as a file (issue 13: export): every offer matching the workbench's filter and queue, as CSV
// (UTF-8 with a BOM) or XLSX through the shared table writer (import/table-file.ts), read in pages of BATCH by
// offer id (keyset on legal_offer_list's key) and written as they come, so memory stays flat at any size.
// Need to know: the file carries the offer and the case facts legal review needs, no complainant; free text
// (basis, terms) is masked by the one masking rule; every text cell is formula-neutralised.
import type { EntityManager } from 'typeorm'
import { catchUpLegalList } from '../db/catch-up'
import type { LegalCheckCode, LegalQueue, LegalReviewStatus, OpinionDecision } from '../shared/contract'
import { OPINION_DECISION_ZH, type LegalOfferFilter } from '../shared/contract-legal'
import { BUSINESS_LINE_ZH, CATEGORY_ZH, OFFER_TYPE_ZH, type BusinessLine, type Category, type OfferType } from '../shared/codes'
import { maskFreeText } from '../privacy'
import { exportTime } from '../import/values'
import { openTableFile } from '../import/table-file'
import { CHECK_TITLE_ZH } from './checks'
import { OFFER_COLUMNS, OFFER_JOINS, offerWhere, type OfferSqlRow } from './offer-list'

type Query = Pick<EntityManager, 'query'>

const BATCH = 2000
export type OfferExportFormat = 'csv' | 'xlsx'

const STATUS_ZH: Record<LegalReviewStatus, string> = { none: '未审', awaiting_cosign: '待第二签', final: '已定稿', stale: '方案已变更，需重新审查' }
const time = (d: Date | null): string => (d ? exportTime(d.getTime()) : '')
const yesNo = (b: boolean | null): string => (b === null ? '' : b ? '是' : '否')

/** The columns: Chinese header, then the cell of a row (a number stays a number; XLSX keeps it numeric). */
export const EXPORT_COLUMNS: [string, (r: OfferSqlRow) => string | number][] = [
  ['方案编号', (r) => r.id], ['案件编号', (r) => r.case_no], ['机构', (r) => r.unit_name],
  ['业务条线', (r) => BUSINESS_LINE_ZH[r.business_line as BusinessLine] ?? r.business_line], ['业务类别', (r) => CATEGORY_ZH[r.category as Category] ?? r.category],
  ['产品', (r) => r.product ?? ''], ['方案类型', (r) => OFFER_TYPE_ZH[r.type as OfferType] ?? r.type], ['金额（元）', (r) => Number(r.amount)],
  ['核定依据', (r) => maskFreeText(r.basis) ?? ''], ['约定条件', (r) => maskFreeText(r.terms) ?? ''], ['审批人', (r) => r.approver_name ?? ''],
  ['审批层级', (r) => r.approval_level ?? ''], ['审批时间', (r) => time(r.approved_at)], ['客户确认', (r) => yesNo(r.customer_accepted)],
  ['和解协议签署时间', (r) => time(r.settlement_signed_at)], ['约定支付期限', (r) => time(r.due_at)], ['支付时间', (r) => time(r.paid_at)],
  ['未通过的检查', (r) => (r.failed as LegalCheckCode[]).map((c) => CHECK_TITLE_ZH[c] ?? c).join('、')], ['偏离先例', (r) => yesNo(r.outlier)],
  ['审查状态', (r) => STATUS_ZH[r.review_status]], ['审查结论', (r) => (r.decision ? OPINION_DECISION_ZH[r.decision as OpinionDecision] : '')],
  ['签署人', (r) => r.signer_name ?? ''], ['第二签署人', (r) => r.cosigner_name ?? '']
]

export interface OfferExportRequest { filter: LegalOfferFilter; queue: LegalQueue; format: OfferExportFormat }

/**
 * Writes every offer matching `req` (as the list would show them to `userId`) to `file`, ordered by offer id;
 * under a temporary name, renamed when complete (a failed export leaves no partial file).
 * @returns the number of offers written
 * @throws what the database or the file system throws; the temporary file is removed first
 */
export async function exportOffers(q: Query, userId: number, req: OfferExportRequest, file: string): Promise<number> {
  const out = openTableFile(file, { xlsx: req.format === 'xlsx', sheetName: '补偿方案', neutralise: true })
  let n = 0
  try {
    await catchUpLegalList(q)
    await out.row(EXPORT_COLUMNS.map(([h]) => h))
    let after = 0
    const base: unknown[] = []
    const where = await offerWhere(q, req.filter, req.queue, userId, base)
    for (;;) {
      const params = [...base, after, BATCH]
      const rows = (await q.query(`WITH page AS MATERIALIZED (SELECT l.offer_id FROM legal_offer_list l
          ${where ? `${where} AND` : 'WHERE'} l.offer_id > $${params.length - 1} ORDER BY l.offer_id LIMIT $${params.length})
        SELECT ${OFFER_COLUMNS} FROM page l JOIN remediation_offers o ON o.id = l.offer_id ${OFFER_JOINS} ORDER BY o.id`, params)) as OfferSqlRow[]
      if (!rows.length) break
      for (const r of rows) { await out.row(EXPORT_COLUMNS.map(([, cell]) => cell(r))); n++ }
      after = rows[rows.length - 1].id
      if (rows.length < BATCH) break
    }
    await out.close()
    return n
  } catch (err) {
    await out.abort()
    throw err
  }
}
