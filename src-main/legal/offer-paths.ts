// The offers list's one statement (legal/offer-list.ts): the matches counted, and the page by the path the count
// chooses — the matches read and sorted, a walk of the sort's index, or a period's months read in case-number order.
import type { EntityManager } from 'typeorm'
import type { ParsedRequestOf } from '../shared/contract'

type Query = Pick<EntityManager, 'query'>

// Sorts an index of legal_offer_list can walk (migration 23), so a page stops at its LIMIT. 审批日期 sorts by
// the approval, or the case's receipt for an offer not yet approved: the day the period filter reads.
// The amount as fen (migration 46): under row security only a leakproof comparison (bigint's, not numeric's)
// can bound an index's range. The case number in byte order, as its index is keyed (migration 50): memcmp, not
// the server locale's strcoll, and the natural order of case numbers — the generator's are ASCII `TS<year><id>`;
// an imported one, any text, goes by code point, as under C.UTF-8 before (see the migration).
export const SORT_SQL = { approved_at: 'l.at', amount: 'l.amount_fen', case_no: 'l.case_no COLLATE "C"' } as const

/**
 * One condition of a filter over `l`; `on` names the list column it ranges over when that is a sort's key; `passing`
 * marks 无问题 (no check failed), which legal_offer_list_passing_idx holds (migration 58); `byAmount` an equality on
 * a column with its own index in amount order (category, business line, type: migration 60).
 */
export interface Cond { sql: string; on?: 'at' | 'amount'; passing?: boolean; byAmount?: boolean; status?: boolean }

/**
 * Whether the conditions are counted on a narrow index (the key and row security's columns): none, a period, 无问题,
 * 未审 or 待审 (migrations 58 and 62: the approval time and the status, for every offer or those
 * that failed no check), or amount bounds alone (migration 61: the amount). Any other filter is counted on the index
 * that also gives its matches, in the one read that sorts them when they are few.
 */
const countsNarrow = (conds: Cond[]): boolean => conds.every((c) => c.on === 'at' || c.passing || c.status) || conds.every((c) => c.on === 'amount')

/**
 * A WHERE of conditions; those not over `keep` are written so no index can answer them (`(…) IS TRUE`: the same
 * rows and the same estimate), which leaves the planner one index to walk — the sort's. By amount, an equality with
 * an index in amount order is kept as well: the walk then starts at its first match in amount order instead of
 * passing every offer outside it (category product by amount ascending passed 90,610 offers of other categories,
 * whose amounts are lower, before its first 100 matches: ~43 ms at 1,000,000 cases).
 */
export const whereOf = (conds: Cond[], keep?: Cond['on'] | 'case_no'): string =>
  conds.length ? `WHERE ${conds.map((c) => (keep === undefined || c.on === keep || (keep === 'amount' && c.byAmount) ? c.sql : `(${c.sql}) IS TRUE`)).join(' AND ')}` : ''

/** `where` (a WHERE or nothing) and `more`, one WHERE. */
const and = (where: string, more: string): string => (where ? `${where} AND ${more}` : `WHERE ${more}`)

/** `YYYY-MM-01` of each month from `from`'s to `to`'s (days or months as `YYYY-MM…`), in order; none when `from` is later. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  let y = Number(from.slice(0, 4))
  let m = Number(from.slice(5, 7))
  const last = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7))
  while (y * 12 + m <= last) {
    out.push(`${y}-${String(m).padStart(2, '0')}-01`)
    if (++m > 12) { m = 1; y++ }
  }
  return out
}

/**
 * The months (`YYYY-MM-01`, China time) a period spans, an open end (or a span past `max` months) closed by the
 * list's first or last month (legal_offer_list.at_month, migration 53: its index's ends); null when they are still
 * more than `max`.
 */
export async function periodMonths(q: Query, from: string | undefined, to: string | undefined, max: number): Promise<string[] | null> {
  let lo = from
  let hi = to
  // Both ends given and few months: no need to ask where the list begins and ends.
  if (!lo || !hi || monthsBetween(lo, hi).length > max) {
    const [ends] = (await q.query(`SELECT to_char(min(at_month), 'YYYY-MM-DD') AS lo, to_char(max(at_month), 'YYYY-MM-DD') AS hi FROM legal_offer_list`)) as { lo: string | null; hi: string | null }[]
    if (!ends.lo || !ends.hi) return []
    lo = lo && lo > ends.lo ? lo : ends.lo
    hi = hi && hi < ends.hi ? hi : ends.hi
  }
  const months = monthsBetween(lo, hi)
  return months.length > max ? null : months
}

/**
 * The CTEs `m` (the matches, up to one past `sorted`), `counts` and `page` (the page's keys) of a filter's conditions
 * over legal_offer_list `l`, and the sort's key over `l` for the rows joined back; parameters appended to `params`.
 * `months`: a period sorted by case number, read month by month (null: walk the sort's index).
 *
 * Each path is a branch gated on the counts (a condition on a CTE alone is a one-time filter, so only the chosen
 * branch runs): the count and the page as one statement, three round trips fewer per page on the app's session.
 */
export function pageSql(conds: Cond[], months: string[] | null, req: ParsedRequestOf<'legal.offers'>, sorted: number, params: unknown[]): { sql: string; sortKey: string } {
  const p = (v: unknown): string => { params.push(v); return `$${params.length}` }
  const dir = req.dir === 'asc' ? 'ASC' : 'DESC'
  const order = `${SORT_SQL[req.sort]} ${dir}, l.offer_id ${dir}`
  const where = whereOf(conds)
  const upTo = p(sorted)
  const page = `ORDER BY ${order} LIMIT ${p(req.limit)} OFFSET ${p(req.offset)}`
  const keys = 'l.offer_id, l.at, l.amount_fen, l.case_no'
  const many = `(SELECT n FROM counts) > ${upTo}`
  const sortKey = req.sort === 'approved_at' ? 'at' : req.sort === 'amount' ? 'amount' : 'case_no'
  // Each month in case-number order on its index (at_month's equality bounds it; every other condition, the
  // period's own bounds among them, unindexable), up to the page's end, then those sorted. One lateral read per
  // month, not a branch per month: 30 branches (an open period) took 13–59 ms to plan at 1,000,000 cases.
  const monthly = months?.length
    ? `SELECT x.* FROM unnest(${p(months)}::date[]) AS mo(m), LATERAL (SELECT ${keys} FROM legal_offer_list l
        WHERE l.at_month = mo.m ${conds.map((c) => `AND (${c.sql}) IS TRUE`).join(' ')} ORDER BY ${order} LIMIT ${p(req.limit + req.offset)}) x`
    : `SELECT ${keys} FROM legal_offer_list l WHERE false`
  const branches = [
    `SELECT ${keys} FROM m l WHERE NOT ${many} ${page}`,
    months
      ? `SELECT ${keys} FROM (${monthly}) l WHERE ${many} ${page}`
      : `SELECT ${keys} FROM legal_offer_list l ${and(whereOf(conds, sortKey), many)} ${page}`
  ]
  // m: the matches, read once by the filter's index up to one past `sorted` — counted, and when they are no more,
  // sorted for the page. A filter a narrow index answers is counted there first, and its matches read only when few:
  // a broad one (the whole list, a period, 无问题, 未审 or 待审, an amount range) then reads ~120 pages to learn it is
  // many, not 1,500–2,200 of a wide index or the table (migrations 58, 61, 62).
  const head = countsNarrow(conds)
    ? `counts AS MATERIALIZED (SELECT count(*)::int AS n FROM (SELECT 1 FROM legal_offer_list l ${where} LIMIT ${upTo}::int + 1) c),
      m AS MATERIALIZED (SELECT ${keys} FROM legal_offer_list l ${and(where, `NOT ${many}`)} LIMIT ${upTo}::int + 1)`
    : `m AS MATERIALIZED (SELECT ${keys} FROM legal_offer_list l ${where} LIMIT ${upTo}::int + 1),
      counts AS MATERIALIZED (SELECT count(*)::int AS n FROM m)`
  const sql = `WITH ${head},
      page AS MATERIALIZED (${branches.map((b) => `(${b})`).join(' UNION ALL ')})`
  return { sql, sortKey: SORT_SQL[req.sort] }
}
