// Every chart and KPI card of the trend view for a filter and a period (issue 12), read from the source the
// filter allows (source.ts). Three queries for the current period (per bucket; by category, channel and
// severity per bucket and unit × category in one grouping-sets pass; the two classification axes) and one
// per comparison period, side by side on the pool. A scan (text search…) is one statement: it finds the matching
// cases once and reads their facts once, and the five aggregate over those (source.ts, `runParts`).
import type { EntityManager } from 'typeorm'

/** A pool or one transaction: the figures only query. */
type Queryable = Pick<EntityManager, 'query'>
import type { CaseFilter, OnTimeRate, TrendCell, TrendKpis, TrendPeriod, TrendRuleCell, TrendSeriesPoint, TrendsView } from '../shared/contract'
import { RULE_COLUMNS, TREND_MEASURES, ruleColumn } from './summary-columns'
import { scanTotals } from './scan-totals'
import { monthStart, resolvePeriod } from './period'
import { runParts, sourceFor, type Part } from './source'
import { CHANNELS, SEVERITIES } from '../shared/codes'

type Row = Record<string, number | string | null>

/** The per-bucket (or whole-range, bucket null) sums: every measure, every rule column, and the dimension counts the cards need. */
function totals(first: string, last: string, bucket: string | null): Part {
  return (src, params) => {
    if (src.kind === 'scan') return scanTotals(src.from(first, last, params), bucket)
    const from = src.from(first, last, params)
    const m = (name: string): string => `coalesce(sum(${src.measure(name)}), 0)::float8`
    const cols = [
      ...TREND_MEASURES.map((x) => `${m(x.name)} AS ${x.name}`),
      ...RULE_COLUMNS.map((r) => `${m(r.name)} AS ${r.name}`),
      `${m('sev_major')} AS major`, `${m('grp')} AS "group"`, `${m('rpt')} AS repeat`
    ]
    if (bucket === null) return `SELECT ${cols.join(', ')} ${from}`
    return `SELECT to_char(${bucket}, 'YYYY-MM-DD') AS bucket, ${cols.join(', ')} ${from} GROUP BY 1 ORDER BY 1`
  }
}

/** Cases per bucket by category, by channel and by severity, and per unit × category; `g` as GROUPING() numbers the cut. */
function breakdowns(first: string, last: string, bucket: string): Part {
  return (src, params) => {
    const from = src.from(first, last, params)
    if (src.narrow) return narrowBreakdowns(from, bucket)
    return `SELECT to_char(${bucket}, 'YYYY-MM-DD') AS bucket, s.category, s.channel, s.severity, s.unit_id,
        GROUPING(${bucket}, s.category, s.channel, s.severity, s.unit_id) AS g, sum(${src.measure('cases')})::int AS cases
      ${from}
      GROUP BY GROUPING SETS ((${bucket}, s.category), (${bucket}, s.channel), (${bucket}, s.severity), (s.unit_id, s.category))
      HAVING sum(${src.measure('cases')}) > 0`
  }
}

/**
 * The same cuts from trend_month / trend_month_dim, where channel and severity are count columns: summed per bucket
 * first (a row a bucket), then unpivoted — not each of the thousands of unit × category rows unpivoted and summed.
 * `g` takes the values GROUPING() gives the wide query's sets, so both read alike.
 */
function narrowBreakdowns(from: string, bucket: string): string {
  const cols = [...CHANNELS.map((c) => `ch_${c}`), ...SEVERITIES.map((v) => `sev_${v}`)]
  const unpivot = (prefix: string, codes: readonly string[]): string => codes.map((c) => `('${c}', t.${prefix}${c})`).join(', ')
  return `WITH r AS MATERIALIZED (SELECT ${bucket} AS b, s.category, s.unit_id, s.cases, ${cols.map((c) => `s.${c}`).join(', ')} ${from}),
      t AS (SELECT b, ${cols.map((c) => `sum(${c})::int AS ${c}`).join(', ')} FROM r GROUP BY b)
    SELECT to_char(b, 'YYYY-MM-DD') AS bucket, category, NULL AS channel, NULL AS severity, NULL::int AS unit_id, ${0b00111} AS g, sum(cases)::int AS cases FROM r GROUP BY b, category HAVING sum(cases) > 0
    UNION ALL SELECT to_char(b, 'YYYY-MM-DD'), NULL, x.code, NULL, NULL, ${0b01011}, x.n FROM t CROSS JOIN LATERAL (VALUES ${unpivot('ch_', CHANNELS)}) x(code, n) WHERE x.n > 0
    UNION ALL SELECT to_char(b, 'YYYY-MM-DD'), NULL, NULL, x.code, NULL, ${0b01101}, x.n FROM t CROSS JOIN LATERAL (VALUES ${unpivot('sev_', SEVERITIES)}) x(code, n) WHERE x.n > 0
    UNION ALL SELECT NULL, category, NULL, NULL, unit_id, ${0b10110}, sum(cases)::int FROM r GROUP BY unit_id, category HAVING sum(cases) > 0`
}

function axes(first: string, last: string, bucket: string): Part {
  // The charts draw the first-level causes; 'rc2' (the second level, migration 54) is the Pareto's.
  return (src, params) => `SELECT to_char(${bucket}, 'YYYY-MM-DD') AS bucket, s.axis, s.code, sum(s.n)::int AS cases ${src.axisFrom(first, last, params)}
    WHERE s.axis IN ('jrt', 'rc') GROUP BY 1, 2, 3 HAVING sum(s.n) > 0 ORDER BY 1, 2, 3`
}

const share = (n: number, d: number): number | null => (d > 0 ? n / d : null)
function onTime(r: Row, policy: 'internal' | 'regulatory', rule = 4): OnTimeRate {
  const passed = Number(r[ruleColumn(policy, rule, 'P')] ?? 0)
  const failed = Number(r[ruleColumn(policy, rule, 'F')] ?? 0)
  const cannotTell = Number(r[ruleColumn(policy, rule, 'U')] ?? 0)
  return { passed, failed, cannotTell, rate: share(passed, passed + failed), cannotTellShare: share(cannotTell, passed + failed + cannotTell) }
}

/** KPI cards from one row of sums. */
export function kpisOf(r: Row | undefined): TrendKpis {
  const n = (k: string): number => Number(r?.[k] ?? 0)
  return {
    cases: n('cases'), major: n('major'), group: n('group'), repeat: n('repeat'), indirect: n('indirect'),
    audited: n('audited'), flagged: n('flagged'),
    onTime: { internal: onTime(r ?? {}, 'internal'), regulatory: onTime(r ?? {}, 'regulatory') },
    revisited: n('revisited'), content: n('content'),
    reviewed: n('reviewed'), compliant: n('compliant'), basicallyCompliant: n('basically_compliant'), nonCompliant: n('non_compliant'), findings: n('findings'),
    offers: n('offers'), remediation: n('remediation'), tagged: n('tagged')
  }
}

/**
 * The whole trend view.
 * @param now epoch ms (tests); the clock otherwise — decides which bucket is partial
 */
export async function trendsView(ds: Queryable, filter: CaseFilter, period: TrendPeriod, now?: number): Promise<TrendsView> {
  const started = performance.now()
  const p = resolvePeriod(period, now)
  const src = await sourceFor(ds, filter)
  const bucket = `date_trunc('${p.grain}', s.month)::date`
  const [a, b] = [monthStart(p.first), monthStart(p.last)]
  const prevSpan: [string, string] = [monthStart(p.previous.first), monthStart(p.previous.last)]
  const lastYearSpan: [string, string] = [monthStart(p.lastYear.first), monthStart(p.lastYear.last)]
  const [[perBucket, cuts, axisRows, [prev], [lastYear]], units, names] = await Promise.all([
    runParts(ds, src, [totals(a, b, bucket), breakdowns(a, b, bucket), axes(a, b, bucket), totals(...prevSpan, null), totals(...lastYearSpan, null)],
      [[a, b], prevSpan, lastYearSpan]),
    ds.query('SELECT id, name, kind, parent_id FROM units ORDER BY id') as Promise<{ id: number; name: string; kind: string; parent_id: number | null }[]>,
    ds.query('SELECT code, name_zh FROM rc_nodes WHERE parent_id IS NULL ORDER BY position') as Promise<{ code: string; name_zh: string }[]>
  ])
  // The period's cards are the sum of its buckets' (every figure is a count or an amount).
  const sum: Row = {}
  for (const r of perBucket) for (const [k, v] of Object.entries(r)) if (k !== 'bucket') sum[k] = Number(sum[k] ?? 0) + Number(v)
  const series: TrendSeriesPoint[] = perBucket.map((r) => {
    const k = kpisOf(r)
    return {
      bucket: String(r.bucket), cases: k.cases, indirect: k.indirect, group: k.group, repeat: k.repeat, major: k.major,
      revisited: k.revisited, content: k.content, dissatisfied: Number(r.dissatisfied), offers: k.offers, remediation: k.remediation,
      reviewed: k.reviewed, compliant: k.compliant, basicallyCompliant: k.basicallyCompliant, nonCompliant: k.nonCompliant, findings: k.findings
    }
  })
  const rules: TrendRuleCell[] = perBucket.flatMap((r) => (['internal', 'regulatory'] as const).flatMap((policy) =>
    Array.from({ length: 16 }, (_, i) => ({
      bucket: String(r.bucket), policy, rule: i + 1,
      passed: Number(r[ruleColumn(policy, i + 1, 'P')]), failed: Number(r[ruleColumn(policy, i + 1, 'F')]), cannotTell: Number(r[ruleColumn(policy, i + 1, 'U')])
    }))))
  // GROUPING bits, highest first: bucket, category, channel, severity, unit.
  const cells = (g: number, col: string): TrendCell[] => cuts.filter((r) => Number(r.g) === g).map((r) => ({ bucket: String(r.bucket), code: String(r[col]), cases: Number(r.cases) }))
  // Units as the case list's unit filter reads them: a sub-branch counts with its branch, the head office's own
  // cases stand alone (its filter would take every branch in).
  const unitById = new Map(units.map((u) => [u.id, u]))
  const rollUp = (id: number): number => { const u = unitById.get(id); return u?.kind === 'sub_branch' && u.parent_id !== null ? u.parent_id : id }
  const heat = new Map<string, { unitId: number | null; code: string; cases: number }>()
  for (const r of cuts.filter((x) => Number(x.g) === 0b10110)) {
    const unitId = rollUp(Number(r.unit_id))
    const key = `${unitId}|${r.category}`
    const cell = heat.get(key) ?? { unitId, code: String(r.category), cases: 0 }
    cell.cases += Number(r.cases)
    heat.set(key, cell)
  }
  return {
    source: src.kind, scanReason: src.reason, grain: p.grain,
    period: p.range, previous: p.previous, lastYear: p.lastYear, buckets: p.buckets,
    kpis: { current: kpisOf(sum), previous: kpisOf(prev), lastYear: kpisOf(lastYear) },
    series,
    byCategory: cells(0b00111, 'category'), byChannel: cells(0b01011, 'channel'), bySeverity: cells(0b01101, 'severity'),
    byCause: axisRows.filter((r) => r.axis === 'jrt').map((r) => ({ bucket: String(r.bucket), code: String(r.code), cases: Number(r.cases) })),
    byRootCause: axisRows.filter((r) => r.axis === 'rc').map((r) => ({ bucket: String(r.bucket), code: String(r.code), cases: Number(r.cases) })),
    unitCategory: [...heat.values()],
    units: units.filter((u) => u.kind !== 'sub_branch').map((u) => ({ id: u.id, name: u.name, drillable: u.kind !== 'head_office' })),
    rootCauseNames: Object.fromEntries(names.map((n) => [n.code, n.name_zh])),
    rules,
    ms: Math.round(performance.now() - started)
  }
}
