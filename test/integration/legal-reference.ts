// The offers list's reference: a filter and queue written over the archive's own tables (the query the list used
// before migration 23, kept as the answer the list must give), optionally in a sort's order.
import type { LegalOfferFilter, LegalQueue } from '../../src-main/shared/contract'

type Query = { query: (sql: string, params?: unknown[]) => Promise<unknown> }

const STATUS = `CASE WHEN r.id IS NULL THEN 'none' WHEN r.stale_at IS NOT NULL THEN 'stale' WHEN r.status = 'awaiting_cosign' THEN 'awaiting_cosign' ELSE 'final' END`
/** Each sort's key over the archive's tables (审批日期: the approval, else the case's receipt; the case number in byte order, migration 50). */
const KEYS = { approved_at: 'coalesce(o.approved_at, c.received_at)', amount: 'o.amount', case_no: 'c.case_no COLLATE "C"' } as const

/**
 * The ids of the offers `filter` and `queue` select for `userId`, as `q`'s caller sees them (row security applies
 * to `q` as to the list): by id, or in `sort`'s order (ties by id, in the same direction, as the list breaks them).
 */
export async function referenceIds(q: Query, filter: LegalOfferFilter, queue: LegalQueue, userId: number,
  sort?: keyof typeof KEYS, dir: 'asc' | 'desc' = 'desc'): Promise<number[]> {
  const params: unknown[] = []
  const p = (v: unknown): string => { params.push(v); return `$${params.length}` }
  const w: string[] = ['true']
  const day = KEYS.approved_at
  if (filter.from) w.push(`${day} >= ${p(filter.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai'`)
  if (filter.to) w.push(`${day} < (${p(filter.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`)
  if (filter.unitId) w.push(`c.unit_id = ${p(filter.unitId)}`)
  if (filter.category) w.push(`c.category = ${p(filter.category)}`)
  if (filter.businessLine) w.push(`c.business_line = ${p(filter.businessLine)}`)
  if (filter.type) w.push(`o.type = ${p(filter.type)}`)
  if (filter.product) w.push(`c.product ILIKE ${p(`%${filter.product}%`)}`)
  if (filter.rootCause) {
    w.push(`EXISTS (SELECT 1 FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id WHERE t.case_id = c.id AND t.role = 'primary'
      AND (n.code = ${p(filter.rootCause)} OR n.code LIKE ${p(`${filter.rootCause}.%`)}))`)
  }
  if (filter.amountMin !== undefined) w.push(`o.amount >= ${p(String(filter.amountMin))}::numeric`)
  if (filter.amountMax !== undefined) w.push(`o.amount <= ${p(String(filter.amountMax))}::numeric`)
  if (filter.check === 'any') w.push('cardinality(k.failed) > 0')
  else if (filter.check === 'none') w.push('coalesce(cardinality(k.failed), 0) = 0')
  else if (filter.check) w.push(`${p(filter.check)} = ANY(k.failed)`)
  if (filter.reviewStatus) w.push(`${STATUS} = ${p(filter.reviewStatus)}`)
  if (queue === 'todo') w.push('(r.id IS NULL OR r.stale_at IS NOT NULL)')
  else if (queue === 'mine') w.push(`EXISTS (SELECT 1 FROM offer_legal_reviews m WHERE m.offer_id = o.id AND (m.signer_id = ${p(userId)} OR m.cosigner_id = $${params.length}))`)
  else if (queue === 'cosign') w.push(`r.status = 'awaiting_cosign' AND r.stale_at IS NULL AND r.signer_id <> ${p(userId)}`)
  else if (queue === 'final') w.push(`r.status = 'final' AND r.stale_at IS NULL`)
  const order = sort ? `${KEYS[sort]} ${dir}, o.id ${dir}` : 'o.id'
  const rows = (await q.query(`SELECT o.id FROM remediation_offers o JOIN cases c ON c.id = o.case_id LEFT JOIN offer_checks k ON k.offer_id = o.id
    LEFT JOIN offer_legal_reviews r ON r.offer_id = o.id AND r.status <> 'superseded' WHERE ${w.join(' AND ')} ORDER BY ${order}`, params)) as { id: number }[]
  return rows.map((r) => r.id)
}
