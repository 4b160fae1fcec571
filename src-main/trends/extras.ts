// The trend view's figures beyond trends.view (issue 12 point 2): what only the cases can answer — the
// quartiles of the remediation amounts per category — and what the comparison period and the customer
// counts add — the root causes of the previous period (the Pareto's change) and each unit's customers.
// Kept beside query.ts rather than in it, with the same filter semantics (source.ts, cases/case-filter.ts).
import type { DataSource } from 'typeorm'
import type { AmountBox, CaseFilter, TrendExtras, TrendPeriod } from '../shared/contract'
import { monthStart, resolvePeriod } from './period'
import { runParts, sourceFor, type Part } from './source'

/**
 * Five-number summary of each offer's amount (元) per business category, over the offers of the cases the
 * filter and the period select (received in months [first, last], China time; a filter's days inside a month
 * are the scan's own conditions). Quartiles are percentile_cont (linear interpolation between closest ranks:
 * Excel's PERCENTILE.INC, R's type 7). The cases are read from the narrow facts (trend_case_facts: one short
 * row per case, with the filter's keys), never the wide case rows, unless the filter needs them (a text search…).
 * @param first, last month starts, YYYY-MM-01
 */
export function remediationBoxes(first: string, last: string): Part {
  return (src, params) => `SELECT s.category AS code, count(*)::int AS offers, min(o.amount)::float8 AS min,
      percentile_cont(0.25) WITHIN GROUP (ORDER BY o.amount)::float8 AS q1, percentile_cont(0.5) WITHIN GROUP (ORDER BY o.amount)::float8 AS median,
      percentile_cont(0.75) WITHIN GROUP (ORDER BY o.amount)::float8 AS q3, max(o.amount)::float8 AS max
    FROM remediation_offers o JOIN (SELECT s.case_id, s.category ${src.factsFrom(first, last, params)}) s ON s.case_id = o.case_id
    WHERE o.amount IS NOT NULL
    GROUP BY 1 ORDER BY 1`
}

/** The previous period's cases per first-level root cause (the Pareto's change). */
function previousRootCauses(first: string, last: string): Part {
  return (src, params) => `SELECT s.code, sum(s.n)::int AS cases ${src.axisFrom(first, last, params)} WHERE s.axis = 'rc' GROUP BY 1 HAVING sum(s.n) > 0 ORDER BY 1`
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
  const [a, b] = [monthStart(p.first), monthStart(p.last)]
  const prevSpan: [string, string] = [monthStart(p.previous.first), monthStart(p.previous.last)]
  const customerYear = Number(p.range.to.slice(0, 4))
  // A scan searches once for both ranges (the box plot's and the Pareto's previous period), as the view does.
  const [[boxRows, previous], customers, names] = await Promise.all([
    runParts(ds, await sourceFor(ds, filter), [remediationBoxes(a, b), previousRootCauses(...prevSpan)], [[a, b], prevSpan]),
    customersFor(ds, customerYear),
    ds.query('SELECT code, coalesce(name_en, name_zh) AS name FROM rc_nodes WHERE parent_id IS NULL ORDER BY position') as Promise<{ code: string; name: string }[]>
  ])
  const boxes = (boxRows as unknown as AmountBox[]).map((r) => ({ code: r.code, offers: r.offers, min: r.min, q1: r.q1, median: r.median, q3: r.q3, max: r.max }))
  return {
    customerYear, customers, remediationBoxes: boxes, previousRootCauses: previous as unknown as { code: string; cases: number }[],
    rootCauseNamesEn: Object.fromEntries(names.map((x) => [x.code, x.name])),
    ms: Math.round(performance.now() - started)
  }
}
