// The offers list of the legal workbench: every remediation offer with its case, stored check results and
// legal review status; filters, queues (待审 / 我已审 / 需第二签 / 已定稿), sorting, offset paging. One query.
import type { EntityManager } from 'typeorm'
import type { LegalCheckCode, LegalOfferRow, LegalQueue, LegalReviewStatus, OpinionDecision, ParsedRequestOf } from '../shared/contract'

type Query = Pick<EntityManager, 'query'>

const STATUS_SQL = `CASE WHEN r.id IS NULL THEN 'none' WHEN r.stale_at IS NOT NULL THEN 'stale' WHEN r.status = 'awaiting_cosign' THEN 'awaiting_cosign' ELSE 'final' END`
const SORT_SQL = { approved_at: 'coalesce(o.approved_at, c.received_at)', amount: 'o.amount', case_no: 'c.case_no' } as const

export const OFFER_FROM = `FROM remediation_offers o
  JOIN cases c ON c.id = o.case_id
  JOIN units u ON u.id = c.unit_id
  LEFT JOIN staff s ON s.id = o.approver_id
  LEFT JOIN offer_checks k ON k.offer_id = o.id
  LEFT JOIN offer_legal_reviews r ON r.offer_id = o.id AND r.status <> 'superseded'
  LEFT JOIN users us ON us.id = r.signer_id
  LEFT JOIN users uc ON uc.id = r.cosigner_id`

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

/** The WHERE of a filter and queue for `userId`; parameters appended to `params`. */
export function offerWhere(filter: ParsedRequestOf<'legal.offers'>['filter'], queue: LegalQueue, userId: number, params: unknown[]): string {
  const p = (v: unknown): string => { params.push(v); return `$${params.length}` }
  const w: string[] = []
  const day = 'coalesce(o.approved_at, c.received_at)'
  if (filter.from) w.push(`${day} >= ${p(filter.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai'`)
  if (filter.to) w.push(`${day} < (${p(filter.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`)
  if (filter.unitId) w.push(`c.unit_id = ${p(filter.unitId)}`)
  if (filter.category) w.push(`c.category = ${p(filter.category)}`)
  if (filter.businessLine) w.push(`c.business_line = ${p(filter.businessLine)}`)
  if (filter.type) w.push(`o.type = ${p(filter.type)}`)
  if (filter.product) w.push(`c.product ILIKE ${p(`%${filter.product.replace(/[%_\\]/g, '\\$&')}%`)}`)
  if (filter.rootCause) {
    w.push(`EXISTS (SELECT 1 FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id WHERE t.case_id = c.id AND t.role = 'primary'
      AND (n.code = ${p(filter.rootCause)} OR n.code LIKE ${p(`${filter.rootCause}.%`)}))`)
  }
  if (filter.amountMin !== undefined) w.push(`o.amount >= ${p(filter.amountMin)}`)
  if (filter.amountMax !== undefined) w.push(`o.amount <= ${p(filter.amountMax)}`)
  if (filter.check === 'any') w.push('cardinality(k.failed) > 0')
  else if (filter.check === 'none') w.push('coalesce(cardinality(k.failed), 0) = 0')
  else if (filter.check) w.push(`${p(filter.check)} = ANY(k.failed)`)
  if (filter.reviewStatus) w.push(`${STATUS_SQL} = ${p(filter.reviewStatus)}`)
  if (queue === 'todo') w.push(`(r.id IS NULL OR r.stale_at IS NOT NULL)`)
  else if (queue === 'mine') w.push(`EXISTS (SELECT 1 FROM offer_legal_reviews m WHERE m.offer_id = o.id AND (m.signer_id = ${p(userId)} OR m.cosigner_id = $${params.length}))`)
  else if (queue === 'cosign') w.push(`r.status = 'awaiting_cosign' AND r.stale_at IS NULL AND r.signer_id <> ${p(userId)}`)
  else if (queue === 'final') w.push(`r.status = 'final' AND r.stale_at IS NULL`)
  return w.length ? `WHERE ${w.join(' AND ')}` : ''
}

/** A page of offers and how many match in all. */
export async function listOffers(q: Query, userId: number, req: ParsedRequestOf<'legal.offers'>): Promise<{ rows: LegalOfferRow[]; total: number }> {
  const params: unknown[] = []
  const where = offerWhere(req.filter, req.queue, userId, params)
  const dir = req.dir === 'asc' ? 'ASC' : 'DESC'
  params.push(req.limit, req.offset)
  const rows = (await q.query(`SELECT ${OFFER_COLUMNS}, count(*) OVER () AS total ${OFFER_FROM} ${where}
    ORDER BY ${SORT_SQL[req.sort]} ${dir}, o.id ${dir} LIMIT $${params.length - 1} OFFSET $${params.length}`, params)) as (OfferSqlRow & { total: string })[]
  let total = rows.length ? Number(rows[0].total) : 0
  if (!rows.length && req.offset > 0) {
    const [c] = (await q.query(`SELECT count(*)::int AS n ${OFFER_FROM} ${where}`, params.slice(0, -2))) as { n: number }[]
    total = c.n
  }
  return { rows: rows.map(offerRowOf), total }
}
