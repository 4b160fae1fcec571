// The offers list of the legal workbench: every remediation offer with its case, stored check results and
// legal review status; filters, queues (待审 / 我已审 / 需第二签 / 已定稿), sorting, offset paging. A page is
// picked from the narrow legal_offer_list (migration 23), then joined to what it shows.
import type { EntityManager } from 'typeorm'
import type { LegalCheckCode, LegalOfferRow, LegalQueue, LegalReviewStatus, OpinionDecision, ParsedRequestOf } from '../shared/contract'

type Query = Pick<EntityManager, 'query'>

const STATUS_SQL = `CASE WHEN r.id IS NULL THEN 'none' WHEN r.stale_at IS NOT NULL THEN 'stale' WHEN r.status = 'awaiting_cosign' THEN 'awaiting_cosign' ELSE 'final' END`
// Sorts an index of legal_offer_list can walk (migration 23), so a page stops at its LIMIT. 审批日期 sorts by
// the approval, or the case's receipt for an offer not yet approved: the day the period filter reads.
const SORT_SQL = { approved_at: 'l.at', amount: 'l.amount', case_no: 'l.case_no' } as const
/** The count stops here; beyond it the list says “more than”. */
export const COUNT_CAP = 10_000

/** What an offer row shows, joined to `o` (remediation_offers). */
export const OFFER_JOINS = `JOIN cases c ON c.id = o.case_id
  JOIN units u ON u.id = c.unit_id
  LEFT JOIN staff s ON s.id = o.approver_id
  LEFT JOIN offer_checks k ON k.offer_id = o.id
  LEFT JOIN offer_legal_reviews r ON r.offer_id = o.id AND r.status <> 'superseded'
  LEFT JOIN users us ON us.id = r.signer_id
  LEFT JOIN users uc ON uc.id = r.cosigner_id`
export const OFFER_FROM = `FROM remediation_offers o ${OFFER_JOINS}`

export const OFFER_COLUMNS = `o.id, o.case_id, c.case_no, o.type, o.amount::float8 AS amount, o.basis, s.name AS approver_name, o.approval_level, o.approved_at,
  o.customer_accepted, o.settlement_signed_at, o.paid_at, o.accepted_at, o.due_at, o.terms, o.version, u.name AS unit_name, c.category, c.business_line, c.product,
  coalesce(k.failed, '{}') AS failed, coalesce(k.outlier, false) AS outlier, ${STATUS_SQL} AS review_status, r.id AS opinion_id, r.decision,
  us.display_name AS signer_name, uc.display_name AS cosigner_name`

export interface OfferSqlRow {
  id: number; case_id: number; case_no: string; type: string; amount: number; basis: string | null; approver_name: string | null; approval_level: string | null
  approved_at: Date | null; customer_accepted: boolean | null; settlement_signed_at: Date | null; paid_at: Date | null; accepted_at: Date | null; due_at: Date | null
  terms: string | null; version: number; unit_name: string; category: string; business_line: string; product: string | null; failed: string[]; outlier: boolean
  review_status: LegalReviewStatus; opinion_id: number | null; decision: OpinionDecision | null; signer_name: string | null; cosigner_name: string | null
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null)

export function offerRowOf(r: OfferSqlRow): LegalOfferRow {
  return {
    id: r.id, caseId: r.case_id, caseNo: r.case_no, type: r.type, amount: Number(r.amount), basis: r.basis, approverName: r.approver_name, approvalLevel: r.approval_level,
    approvedAt: iso(r.approved_at), customerAccepted: r.customer_accepted, settlementSignedAt: iso(r.settlement_signed_at), paidAt: iso(r.paid_at),
    unitName: r.unit_name, category: r.category, businessLine: r.business_line, product: r.product, failed: r.failed as LegalCheckCode[], outlier: r.outlier,
    reviewStatus: r.review_status, opinionId: r.opinion_id, decision: r.decision, signerName: r.signer_name, cosignerName: r.cosigner_name
  }
}

/**
 * The list's distinct product names holding `part` (a skip scan of the product index: few names, many offers).
 * Read before the list's query, so the planner sees the names as a constant and can estimate how many match.
 */
async function productsLike(q: Query, part: string): Promise<string[]> {
  const rows = (await q.query(`WITH RECURSIVE p(v) AS (
      SELECT min(product) FROM legal_offer_list
      UNION ALL SELECT (SELECT min(product) FROM legal_offer_list WHERE product > p.v) FROM p WHERE p.v IS NOT NULL)
    SELECT v FROM p WHERE v ILIKE $1`, [`%${part.replace(/[%_\\]/g, '\\$&')}%`])) as { v: string }[]
  return rows.map((r) => r.v)
}

/**
 * The WHERE of a filter and queue for `userId` over legal_offer_list `l` (migration 23: one narrow row per
 * offer, kept current by triggers); parameters appended to `params`.
 */
export async function offerWhere(q: Query, filter: ParsedRequestOf<'legal.offers'>['filter'], queue: LegalQueue, userId: number, params: unknown[]): Promise<string> {
  const p = (v: unknown): string => { params.push(v); return `$${params.length}` }
  const w: string[] = []
  if (filter.from) w.push(`l.at >= ${p(filter.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai'`)
  if (filter.to) w.push(`l.at < (${p(filter.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`)
  if (filter.unitId) w.push(`l.unit_id = ${p(filter.unitId)}`)
  if (filter.category) w.push(`l.category = ${p(filter.category)}`)
  if (filter.businessLine) w.push(`l.business_line = ${p(filter.businessLine)}`)
  if (filter.type) w.push(`l.type = ${p(filter.type)}`)
  if (filter.product) {
    const names = await productsLike(q, filter.product)
    w.push(names.length ? `l.product = ANY (${p(names)}::text[])` : 'false')
  }
  if (filter.rootCause) w.push(filter.rootCause.includes('.') ? `l.root_code = ${p(filter.rootCause)}` : `l.root_top = ${p(filter.rootCause)}`)
  if (filter.amountMin !== undefined) w.push(`l.amount >= ${p(filter.amountMin)}`)
  if (filter.amountMax !== undefined) w.push(`l.amount <= ${p(filter.amountMax)}`)
  if (filter.check === 'any') w.push(`l.failed <> '{}'`)
  else if (filter.check === 'none') w.push(`l.failed = '{}'`)
  else if (filter.check) w.push(`l.failed @> ARRAY[${p(filter.check)}::text]`)
  if (filter.reviewStatus) w.push(`l.review_status = ${p(filter.reviewStatus)}`)
  if (queue === 'todo') w.push(`l.review_status IN ('none', 'stale')`)
  else if (queue === 'mine') w.push(`l.reviewers @> ARRAY[${p(userId)}::int]`)
  else if (queue === 'cosign') w.push(`l.review_status = 'awaiting_cosign' AND l.signer_id <> ${p(userId)}`)
  else if (queue === 'final') w.push(`l.review_status = 'final'`)
  return w.length ? `WHERE ${w.join(' AND ')}` : ''
}

/**
 * A page of offers, and how many match in all (up to COUNT_CAP; `capped` beyond). The filter and sort read
 * only legal_offer_list; the page's rows are then joined to what they show.
 */
export async function listOffers(q: Query, userId: number, req: ParsedRequestOf<'legal.offers'>): Promise<{ rows: LegalOfferRow[]; total: number; capped: boolean }> {
  const params: unknown[] = []
  const where = await offerWhere(q, req.filter, req.queue, userId, params)
  const dir = req.dir === 'asc' ? 'ASC' : 'DESC'
  const n = params.length
  const order = `${SORT_SQL[req.sort]} ${dir}, l.offer_id ${dir}`
  const [c] = (await q.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM legal_offer_list l ${where} LIMIT $${n + 1}) x`, [...params, COUNT_CAP + 1])) as { n: number }[]
  // Few matches (the count stopped short of its cap): they are read by the filter's own index and sorted —
  // bounded work. Walking the sort's index instead would skip every non-matching row first, and a filter
  // that correlates with the sort (a period and case numbers, which begin with the year) makes that long.
  const matches = c.n <= COUNT_CAP
    ? `(SELECT l.offer_id, l.at, l.amount, l.case_no FROM legal_offer_list l ${where} OFFSET 0) l`
    : `legal_offer_list l ${where}`
  const rows = (await q.query(`WITH page AS MATERIALIZED (SELECT l.offer_id, l.at, l.amount, l.case_no FROM ${matches}
      ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2})
    SELECT ${OFFER_COLUMNS} FROM page l JOIN remediation_offers o ON o.id = l.offer_id ${OFFER_JOINS} ORDER BY ${order}`,
  [...params, req.limit, req.offset])) as OfferSqlRow[]
  return { rows: rows.map(offerRowOf), total: Math.min(c.n, COUNT_CAP), capped: c.n > COUNT_CAP }
}
