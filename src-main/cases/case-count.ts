// How many cases a filter matches, cheaply enough to ask on every filter change at a million cases:
// exact when few, otherwise a lower bound plus an estimate the list shows as “约 N”.
import type { DataSource, EntityManager } from 'typeorm'
import type { CaseCountResponse, CaseFilter } from '../shared/contract'
import { unitScope, whereOf, whereSql, withText, type Where } from './case-filter'

const COUNT_CAP = 10_000
/** Text matches are estimated from the most recent cases of this many… */
const TEXT_SAMPLE = 4000
/** …and counted exactly (each match is a row visit) only when the estimate is below this. */
const TEXT_EXACT = 2000

/** The planner's estimate of the cases matching the conditions (column statistics; no rows read). */
export async function plannerEstimate(ds: DataSource | EntityManager, w: Where): Promise<number> {
  const plan = (await ds.query(`EXPLAIN (FORMAT JSON) SELECT 1 FROM cases c ${whereSql(w)}`, w.params)) as { 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }[]
  return Math.round(plan[0]['QUERY PLAN'][0].Plan['Plan Rows'])
}

async function cappedCount(ds: DataSource, w: Where, cap: number): Promise<number> {
  const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM cases c ${whereSql(w)} LIMIT ${cap + 1}) s`, w.params)) as { n: number }[]
  return n
}

/**
 * Without text: the planner's estimate decides (column statistics are good); a filter expected to match
 * more than the cap is not counted. With text: the planner's guess for a phrase of bigrams is poor, so
 * the share of matches among the most recent cases (read through the date index) gives the estimate;
 * a text-only search that looks rare is counted exactly through the GIN index, and any search whose
 * other filters leave fewer cases than the sample is counted exactly by the sample itself.
 */
export async function countCases(ds: DataSource, filter: CaseFilter, cap = COUNT_CAP, textSample = TEXT_SAMPLE): Promise<CaseCountResponse> {
  const units = await unitScope(ds, filter)
  const base = whereOf(filter, { units })
  if (base.text === undefined) {
    const estimate = await plannerEstimate(ds, base)
    if (estimate > cap) return { count: cap, capped: true, estimate }
    const n = await cappedCount(ds, base, cap)
    return n <= cap ? { count: n, capped: false, estimate: n } : { count: cap, capped: true, estimate: Math.max(cap, estimate) }
  }
  if (base.text === null) return { count: 0, capped: false, estimate: 0 }
  const full = withText(base)
  // The sample is the newest cases along the date index with the filters it covers; severity, category and
  // business line are tested with the text, not by reading on until 4,000 cases of a 3 % severity are found.
  const along = whereOf(filter, { units, walk: 'received_at' })
  // (A branch with its sub-branches is tested there too: the walk's conditions leave it out.)
  const branch = units && units.length > 1 ? { unitId: filter.unitId } : {}
  const tested = withText(whereOf({ text: filter.text, severity: filter.severity, category: filter.category, businessLine: filter.businessLine, ...branch }, { units }))
  const shift = (sql: string): string => sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + along.params.length}`)
  const [sample] = (await ds.query(
    `SELECT count(*)::int AS seen, count(*) FILTER (WHERE ${tested.sql.map(shift).join(' AND ')})::int AS hits
       FROM (SELECT c.search_vec, c.severity, c.category, c.business_line, c.unit_id FROM cases c ${whereSql(along)}
              ORDER BY c.received_at DESC, c.id DESC LIMIT ${textSample}) c`,
    [...along.params, ...tested.params])) as { seen: number; hits: number }[]
  // Fewer cases than the sample size: the sample was every case the other filters allow.
  if (sample.seen < textSample) return { count: sample.hits, capped: false, estimate: sample.hits }
  const estimate = Math.round((sample.hits / sample.seen) * (along.sql.length ? await plannerEstimate(ds, along) : await totalCases(ds)))
  const exactCap = Math.min(cap, TEXT_EXACT)
  // Counting through the GIN index visits every case with the term; with other filters that may be far
  // more than the matches, so only a search without them is counted exactly.
  if (estimate <= exactCap && base.sql.length === 0) {
    const n = await cappedCount(ds, full, exactCap)
    if (n <= exactCap) return { count: n, capped: false, estimate: n }
    return { count: exactCap, capped: true, estimate: Math.max(estimate, exactCap) }
  }
  // What is proven is the matches seen; the rest is the estimate.
  return { count: sample.hits, capped: true, estimate: Math.max(estimate, sample.hits) }
}

async function totalCases(ds: DataSource): Promise<number> {
  const [r] = (await ds.query(`SELECT reltuples::bigint AS n FROM pg_class WHERE oid = 'cases'::regclass`)) as { n: string }[]
  const n = Number(r.n)
  return n > 0 ? n : Number(((await ds.query('SELECT count(*) AS n FROM cases')) as { n: string }[])[0].n)
}
