// The trend view's figures beyond trends.view (issue 12 point 2): what only the cases can answer — the
// quartiles of the remediation amounts per category — and what the comparison period and the customer
// counts add — the root causes of the previous period (the Pareto's change) and each unit's customers.
// Kept beside query.ts rather than in it, with the same filter semantics (source.ts, cases/case-filter.ts).
import type { DataSource } from 'typeorm'
import type { AmountBox, CaseFilter, TrendExtras, TrendPeriod } from '../shared/contract'
import { unitScope, whereOf, withText } from '../cases/case-filter'
import { monthStart, resolvePeriod } from './period'
import { sourceFor } from './source'

/**
 * Five-number summary of each offer's amount (元) per business category, over the offers of the cases the
 * filter and the period select (received in [from, to], China days, inclusive). Quartiles are
 * percentile_cont (linear interpolation between closest ranks: Excel's PERCENTILE.INC, R's type 7).
 */
export async function remediationBoxes(ds: Pick<DataSource, 'query'>, f: CaseFilter, from: string, to: string): Promise<AmountBox[]> {
  const w = withText(whereOf(f, { units: await unitScope(ds, f) }))
  const params = [...w.params, from, to]
  const n = w.params.length
  const where = [...w.sql,
    `c.received_at >= ($${n + 1}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`,
    `c.received_at < (($${n + 2}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`]
  const rows = (await ds.query(`SELECT c.category AS code, count(*)::int AS offers, min(o.amount)::float8 AS min,
      percentile_cont(0.25) WITHIN GROUP (ORDER BY o.amount)::float8 AS q1, percentile_cont(0.5) WITHIN GROUP (ORDER BY o.amount)::float8 AS median,
      percentile_cont(0.75) WITHIN GROUP (ORDER BY o.amount)::float8 AS q3, max(o.amount)::float8 AS max
    FROM remediation_offers o JOIN cases c ON c.id = o.case_id
    WHERE ${where.join(' AND ')} AND o.amount IS NOT NULL
    GROUP BY 1 ORDER BY 1`, params)) as AmountBox[]
  return rows.map((r) => ({ code: r.code, offers: r.offers, min: r.min, q1: r.q1, median: r.median, q3: r.q3, max: r.max }))
}

/**
 * Each rankable unit's customers (branches and the head office; a sub-branch counts with its branch) for
 * `year`, or its latest figure of an earlier year when that year has none.
 */
export async function customersFor(ds: Pick<DataSource, 'query'>, year: number): Promise<TrendExtras['customers']> {
  return ds.query(`SELECT DISTINCT ON (k.unit_id) k.unit_id AS "unitId", k.year, k.customers FROM unit_customers k JOIN units u ON u.id = k.unit_id
    WHERE k.year <= $1 AND u.kind <> 'sub_branch' ORDER BY k.unit_id, k.year DESC`, [year])
}

/**
 * The extra figures for a filter and a period.
 * @param now epoch ms (tests); the clock otherwise
 */
export async function trendExtras(ds: Pick<DataSource, 'query'>, filter: CaseFilter, period: TrendPeriod, now?: number): Promise<TrendExtras> {
  const started = performance.now()
  const p = resolvePeriod(period, now)
  const src = await sourceFor(ds, filter)
  const params: unknown[] = []
  const from = src.axisFrom(monthStart(p.previous.first), monthStart(p.previous.last), params)
  const customerYear = Number(p.range.to.slice(0, 4))
  const [boxes, previous, customers, names] = await Promise.all([
    remediationBoxes(ds, filter, p.range.from, p.range.to),
    ds.query(`SELECT s.code, sum(s.n)::int AS cases ${from} WHERE s.axis = 'rc' GROUP BY 1 HAVING sum(s.n) > 0 ORDER BY 1`, params) as Promise<{ code: string; cases: number }[]>,
    customersFor(ds, customerYear),
    ds.query('SELECT code, coalesce(name_en, name_zh) AS name FROM rc_nodes WHERE parent_id IS NULL ORDER BY position') as Promise<{ code: string; name: string }[]>
  ])
  return {
    customerYear, customers, remediationBoxes: boxes, previousRootCauses: previous,
    rootCauseNamesEn: Object.fromEntries(names.map((x) => [x.code, x.name])),
    ms: Math.round(performance.now() - started)
  }
}
