// Every chart and KPI card of the trend view for a filter and a period (issue 12), read from the source the
// filter allows (source.ts). Four queries for the current period (per bucket; by category, channel and
// severity per bucket and unit × category in one grouping-sets pass; the two classification axes) and one
// per comparison period; they run on the pool side by side.
import type { DataSource } from 'typeorm'
import type { CaseFilter, OnTimeRate, TrendCell, TrendKpis, TrendPeriod, TrendRuleCell, TrendSeriesPoint, TrendsView } from '../shared/contract'
import { RULE_COLUMNS, TREND_MEASURES, ruleColumn } from './summary-columns'
import { monthStart, resolvePeriod } from './period'
import { sourceFor, type Source } from './source'

type Row = Record<string, number | string | null>

/** The per-bucket (or whole-range, bucket null) sums: every measure, every rule column, and the dimension counts the cards need. */
async function totals(ds: DataSource, src: Source, first: string, last: string, bucket: string | null): Promise<Row[]> {
  const params: unknown[] = []
  const from = src.from(first, last, params)
  const m = (name: string): string => `sum(${src.measure(name)})::float8`
  const cases = src.measure('cases')
  const cols = [
    ...TREND_MEASURES.map((x) => `${m(x.name)} AS ${x.name}`),
    ...RULE_COLUMNS.map((r) => `${m(r.name)} AS ${r.name}`),
    `coalesce(sum(${cases}) FILTER (WHERE s.severity = 'major'), 0)::float8 AS major`,
    `coalesce(sum(${cases}) FILTER (WHERE s.is_group), 0)::float8 AS "group"`,
    `coalesce(sum(${cases}) FILTER (WHERE s.is_repeat), 0)::float8 AS repeat`
  ]
  if (bucket === null) return ds.query(`SELECT ${cols.join(', ')} ${from}`, params)
  return ds.query(`SELECT to_char(${bucket}, 'YYYY-MM-DD') AS bucket, ${cols.join(', ')} ${from} GROUP BY 1 ORDER BY 1`, params)
}

async function breakdowns(ds: DataSource, src: Source, first: string, last: string, bucket: string): Promise<Row[]> {
  const params: unknown[] = []
  const from = src.from(first, last, params)
  return ds.query(`SELECT to_char(${bucket}, 'YYYY-MM-DD') AS bucket, s.category, s.channel, s.severity, s.unit_id,
      GROUPING(${bucket}, s.category, s.channel, s.severity, s.unit_id) AS g, sum(${src.measure('cases')})::int AS cases
    ${from}
    GROUP BY GROUPING SETS ((${bucket}, s.category), (${bucket}, s.channel), (${bucket}, s.severity), (s.unit_id, s.category))
    HAVING sum(${src.measure('cases')}) > 0`, params)
}

async function axes(ds: DataSource, src: Source, first: string, last: string, bucket: string): Promise<Row[]> {
  const params: unknown[] = []
  const from = src.axisFrom(first, last, params)
  return ds.query(`SELECT to_char(${bucket}, 'YYYY-MM-DD') AS bucket, s.axis, s.code, sum(s.n)::int AS cases ${from}
    GROUP BY 1, 2, 3 HAVING sum(s.n) > 0 ORDER BY 1, 2, 3`, params)
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
export async function trendsView(ds: DataSource, filter: CaseFilter, period: TrendPeriod, now?: number): Promise<TrendsView> {
  const started = performance.now()
  const p = resolvePeriod(period, now)
  const src = await sourceFor(ds, filter)
  const bucket = `date_trunc('${p.grain}', s.month)::date`
  const [a, b] = [monthStart(p.first), monthStart(p.last)]
  const [perBucket, cuts, axisRows, [prev], [lastYear], units, names] = await Promise.all([
    totals(ds, src, a, b, bucket), breakdowns(ds, src, a, b, bucket), axes(ds, src, a, b, bucket),
    totals(ds, src, monthStart(p.previous.first), monthStart(p.previous.last), null),
    totals(ds, src, monthStart(p.lastYear.first), monthStart(p.lastYear.last), null),
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
