// The offers list of the legal workbench: every remediation offer with its case, stored check results and
// legal review status; filters, queues (待审 / 我已审 / 需第二签 / 已定稿), sorting, offset paging. A page is
// picked from the narrow legal_offer_list (migration 23), then joined to what it shows.
import type { EntityManager } from 'typeorm'
import { catchUpLegalList } from '../db/catch-up'
import { pageSql, periodMonths, whereOf, type Cond } from './offer-paths'
import { LEGAL_CHECK_CODES, type LegalCheckCode, type LegalOfferRow, type LegalQueue, type LegalReviewStatus, type OpinionDecision, type ParsedRequestOf } from '../shared/contract'

type Query = Pick<EntityManager, 'query'>

export { monthsBetween } from './offer-paths'

const STATUS_SQL = `CASE WHEN r.id IS NULL THEN 'none' WHEN r.stale_at IS NOT NULL THEN 'stale' WHEN r.status = 'awaiting_cosign' THEN 'awaiting_cosign' ELSE 'final' END`
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

/**
 * What a list row shows, for a page of legal_offer_list `l` joined to `o`: the case's columns, the stored checks'
 * result and the review status as the list keeps them (the triggers keep them equal to the archive's, in the
 * writer's own transaction: migration 23), so a page reads neither the case nor its stored checks — at 1,000,000
 * cases two probes per row into large tables, most of a page's buffers, read from disk more often than not.
 */
const LIST_JOINS = `JOIN units u ON u.id = l.unit_id
  LEFT JOIN staff s ON s.id = o.approver_id
  LEFT JOIN offer_legal_reviews r ON r.offer_id = o.id AND r.status <> 'superseded'
  LEFT JOIN users us ON us.id = r.signer_id
  LEFT JOIN users uc ON uc.id = r.cosigner_id`
const LIST_COLUMNS = `o.id, o.case_id, l.case_no, o.type, o.amount::float8 AS amount, o.basis, s.name AS approver_name, o.approval_level, o.approved_at,
  o.customer_accepted, o.settlement_signed_at, o.paid_at, o.accepted_at, o.due_at, o.terms, o.version, u.name AS unit_name, l.category, l.business_line, l.product,
  l.failed, l.outlier, l.review_status, r.id AS opinion_id, r.decision, us.display_name AS signer_name, uc.display_name AS cosigner_name`

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

const checkCode = (code: string): LegalCheckCode => {
  if (!(LEGAL_CHECK_CODES as readonly string[]).includes(code)) throw new Error(`unknown check ${code}`)
  return code as LegalCheckCode
}

/**
 * The conditions of a filter and queue for `userId` over legal_offer_list `l` (migration 23: one narrow row per
 * offer, kept current by triggers); parameters appended to `params`.
 */
async function offerConds(q: Query, filter: ParsedRequestOf<'legal.offers'>['filter'], queue: LegalQueue, userId: number, params: unknown[]): Promise<Cond[]> {
  const p = (v: unknown): string => { params.push(v); return `$${params.length}` }
  const w: Cond[] = []
  const add = (sql: string, on?: Cond['on']): void => { w.push({ sql, on }) }
  if (filter.from) add(`l.at >= ${p(filter.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai'`, 'at')
  if (filter.to) add(`l.at < (${p(filter.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`, 'at')
  if (filter.unitId) add(`l.unit_id = ${p(filter.unitId)}`)
  // Each has an index in amount order as well (migration 60): a walk by amount keeps them as its bound.
  if (filter.category) w.push({ sql: `l.category = ${p(filter.category)}`, byAmount: true })
  if (filter.businessLine) w.push({ sql: `l.business_line = ${p(filter.businessLine)}`, byAmount: true })
  if (filter.type) w.push({ sql: `l.type = ${p(filter.type)}`, byAmount: true })
  if (filter.product) {
    const names = await productsLike(q, filter.product)
    add(names.length ? `l.product = ANY (${p(names)}::text[])` : 'false')
  }
  // A second-level code also names its first level (root_top is split_part(root_code, '.', 1)): the root index leads with it.
  if (filter.rootCause) {
    const [top] = filter.rootCause.split('.')
    add(filter.rootCause.includes('.') ? `l.root_top = ${p(top)} AND l.root_code = ${p(filter.rootCause)}` : `l.root_top = ${p(top)}`)
  }
  // amount ≥ x ⇔ fen ≥ ⌈100x⌉ (and ≤ ⌊100x⌋): the bound in exact numeric, the comparison bigint's.
  if (filter.amountMin !== undefined) add(`l.amount_fen >= ceil(${p(String(filter.amountMin))}::numeric * 100)::bigint`, 'amount')
  if (filter.amountMax !== undefined) add(`l.amount_fen <= floor(${p(String(filter.amountMax))}::numeric * 100)::bigint`, 'amount')
  if (filter.check === 'any') add(`l.failed <> '{}'`)
  else if (filter.check === 'none') w.push({ sql: `l.failed = '{}'`, passing: true })
  // Written as each check's partial index's predicate (migration 46), which it proves; the code is one of the
  // contract's, checked again here because it is written into the SQL.
  else if (filter.check) add(`'${checkCode(filter.check)}' = ANY (l.failed)`)
  // 未审 (and 待审, mostly 未审) is counted on the narrow count index, which carries the status (migration 62); any
  // other status is a few offers that its own index (migration 23: status <> none) gives in the one read.
  if (filter.reviewStatus) w.push({ sql: `l.review_status = ${p(filter.reviewStatus)}`, status: filter.reviewStatus === 'none' })
  if (queue === 'todo') w.push({ sql: `l.review_status IN ('none', 'stale')`, status: true })
  else if (queue === 'mine') add(`l.reviewers <> '{}' AND ${p(userId)}::int = ANY (l.reviewers)`)
  else if (queue === 'cosign') add(`l.review_status = 'awaiting_cosign' AND l.signer_id <> ${p(userId)}`)
  else if (queue === 'final') add(`l.review_status = 'final'`)
  return w
}

/** The WHERE of a filter and queue over legal_offer_list `l` (as the list reads it); parameters appended to `params`. */
export async function offerWhere(q: Query, filter: ParsedRequestOf<'legal.offers'>['filter'], queue: LegalQueue, userId: number, params: unknown[]): Promise<string> {
  return whereOf(await offerConds(q, filter, queue, userId, params))
}

/**
 * Where the count stops (`few`: beyond it the list says “more than”); up to how many matches are read and sorted
 * rather than found by walking the sort's index (`sorted`, at least `few`; `few` when not given); and over how many
 * months at most a period sorted by case number is read month by month (`months`; a longer one walks the
 * case-number index). Tests lower them to take every path on a small archive.
 *
 * Why `sorted` is above the count's cap: a walk passes every entry until it has a page of matches, and a filter can
 * be tied to the sort — 买者自负 flags large investment losses, so by amount ascending the walk passed 190,000
 * entries (each to the table: the index does not carry the checks) before its first match, 2.4 s at 1,000,000 cases
 * for 25,000 matches; reading those 25,000 from the check's own index and sorting them is a few milliseconds. Past
 * 30,000 matches (a tenth of the list at 1,000,000 cases) they are common enough for the walk. (A walk with a
 * budget of entries, every match read and sorted past it, with the count read only to its cap, was tried: the
 * checks are tied to both ends of the amount order — `check: none` by amount passed 1,100 entries without a match
 * and read its 190,000 matches, 137–208 ms.)
 */
export interface ListBounds { few: number; months: number; sorted?: number }
const BOUNDS: ListBounds = { few: COUNT_CAP, months: 120, sorted: 30_000 }

/**
 * A page of offers, and how many match in all (up to COUNT_CAP; `capped` beyond). The filter and sort read
 * only legal_offer_list; the page's rows are then joined to what they show. The matches are read once by the
 * filter's own index, up to one past `bounds.sorted`, and counted (the whole list, a period or 无问题: counted on a
 * narrow index first, and read only when few — migration 58); then the page comes by one of these paths, each
 * bounded by an index:
 * - up to `sorted` matches: those read are sorted;
 * - many: the sort's index is walked (its range the filter's when the filter is on the sort's key; by amount, a
 *   category, business line or type's own amount index: migration 60) and the
 *   other conditions are checked on the way (the columns they read are in that index), to the page's end —
 *   with more than `sorted` matches among the offers, a page of 100 is found within about a thousand entries;
 * - but a period sorted by case number (case numbers begin with the year: walking them passes every offer on
 *   the far side of the period first): each month of the period is read in case-number order on the month's
 *   index (migration 53) up to the page's end, and those sorted.
 * One statement (the product filter's names, and an open period's first or last month, read before it; and before
 * those, the list caught up with a bulk tag's root causes if one left them: migration 59). Its paths
 * not taken are priced as if they ran, so its estimate can pass jit_above_cost: the app's sessions run without JIT
 * (db/database.ts), which compiled for 300–390 ms a page that reads 3 buffers.
 */
export async function listOffers(q: Query, userId: number, req: ParsedRequestOf<'legal.offers'>, bounds: ListBounds = BOUNDS): Promise<{ rows: LegalOfferRow[]; total: number; capped: boolean }> {
  await catchUpLegalList(q)
  const params: unknown[] = []
  const conds = await offerConds(q, req.filter, req.queue, userId, params)
  const months = req.sort === 'case_no' && (req.filter.from || req.filter.to) ? await periodMonths(q, req.filter.from, req.filter.to, bounds.months) : null
  const { sql, sortKey } = pageSql(conds, months, req, Math.max(bounds.sorted ?? bounds.few, bounds.few), params)
  const rows = (await q.query(`${sql}
    SELECT counts.n AS total_matches, x.* FROM counts LEFT JOIN (SELECT ${LIST_COLUMNS}, ${sortKey} AS sort_key FROM page
      JOIN legal_offer_list l ON l.offer_id = page.offer_id JOIN remediation_offers o ON o.id = l.offer_id ${LIST_JOINS}) x ON true
    ORDER BY x.sort_key ${req.dir === 'asc' ? 'ASC' : 'DESC'}, x.id ${req.dir === 'asc' ? 'ASC' : 'DESC'}`, params)) as (OfferSqlRow & { total_matches: number })[]
  const n = rows[0].total_matches
  return { rows: rows.filter((r) => r.id !== null).map(offerRowOf), total: Math.min(n, bounds.few), capped: n > bounds.few }
}
