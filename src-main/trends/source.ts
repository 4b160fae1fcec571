// Where the trend figures are read from. A filter the summaries cover (dates in whole months, channel,
// category, severity, business line, a unit with its sub-branches, group, repeat) is answered from the narrowest
// summary that keys on what it names: trend_month / trend_month_axis when it names no more than dates, a unit and
// a category; trend_month_dim / trend_month_dim_axis (the rows of one value) when it names one of channel,
// severity, business line, group, repeat besides; else trend_summary / trend_axis. Any other (text search, root cause, 待重新标注, dates inside a month) by one pass
// over trend_case_facts joined to the cases with the case list's own conditions (cases/case-filter.ts). Both
// are written as the same queries: a relation `s` and, per measure, what to sum over it.
import type { EntityManager } from 'typeorm'
import type { CaseFilter } from '../shared/contract'
import { unitScope, whereOf, withText } from '../cases/case-filter'
import { ALL_MEASURES, DIM_COUNTS, SINGLE_DIMS } from './summary-columns'
import { catchUpTrends } from '../db/catch-up'

export type SummaryTable = 'trend_month' | 'trend_month_dim' | 'trend_summary'

export interface Source {
  kind: 'summary' | 'scan'
  /** Whether the rows are trend_month's or trend_month_dim's (month × unit × category): channel and severity are then count columns, not keys. */
  narrow: boolean
  /** The summary table read (trend_month, trend_month_dim or trend_summary); null for a scan. */
  table: SummaryTable | null
  /** Why the summaries could not answer, in the UI's words (zh-CN); null for the summary. */
  reason: string | null
  /** `FROM …` of the case-level relation `s` for months [$first, $last], with the filter applied; params appended to `params`. */
  from(first: string, last: string, params: unknown[]): string
  /** `FROM …` of the (axis, code) relation `s` with a `n` column to sum. */
  axisFrom(first: string, last: string, params: unknown[]): string
  /** What to sum for a measure of summary-columns.ts, or a count of DIM_COUNTS (cases of a channel, severity, group, repeat). */
  measure(name: string): string
  /** `FROM …` of one row per case (trend_case_facts `s`: case_id, category…) in months [$first, $last] with the filter applied. */
  factsFrom(first: string, last: string, params: unknown[]): string
  /**
   * For a scan: the source that reads the filter's matching cases over the given month ranges, searched once
   * (`matched`, run by runParts). The summaries return themselves (nothing to resolve).
   */
  resolve(ds: Pick<EntityManager, 'query'>, spans: [string, string][]): Promise<Source>
  /**
   * A resolved scan's search: the facts (trend_case_facts columns) of its matching cases over the spans resolved,
   * which its relations read as `scan_facts`; its parameters are appended to `params` before theirs.
   */
  matched?: (params: unknown[]) => string
}

/** One query of a view, written over a source with its parameters appended to `params`. */
export type Part = (src: Source, params: unknown[]) => string
type Row = Record<string, number | string | null>

/**
 * Runs the parts over the source resolved for `spans` (the month ranges they read). The summaries: side by side
 * on the pool. A scan: in one statement, so that its search runs once and its cases' facts are read once
 * (`scan_facts`, materialised), every part aggregating over those; each part's rows come back as JSON, in order.
 */
export async function runParts(ds: Pick<EntityManager, 'query'>, src: Source, parts: Part[], spans: [string, string][]): Promise<Row[][]> {
  const resolved = await src.resolve(ds, spans)
  if (!resolved.matched) return Promise.all(parts.map((part) => { const p: unknown[] = []; return ds.query(part(resolved, p), p) as Promise<Row[]> }))
  const params: unknown[] = []
  const head = resolved.matched(params)
  const cols = parts.map((part, i) => `(SELECT coalesce(json_agg(x), '[]') FROM (${part(resolved, params)}) x) AS p${i}`)
  const [row] = (await ds.query(`WITH scan_facts AS MATERIALIZED (${head}) SELECT ${cols.join(', ')}`, params)) as Record<string, Row[]>[]
  return parts.map((_, i) => row[`p${i}`])
}

const isMonthStart = (d: string): boolean => d.endsWith('-01')
const isMonthEnd = (d: string): boolean => {
  const [y, m, day] = d.split('-').map(Number)
  return day === new Date(Date.UTC(y, m, 0)).getUTCDate()
}

/** Why the summaries cannot answer this filter, or null when they can. */
export function uncovered(f: CaseFilter): string | null {
  if (f.text) return '全文检索不在汇总表中，已逐案统计'
  if (f.rootCause) return '按问题根源筛选不在汇总表中，已逐案统计'
  if (f.retag) return '待重新标注筛选不在汇总表中，已逐案统计'
  if (f.failedRule) return '按审查规则筛选不在汇总表中，已逐案统计'
  if (f.importId) return '按导入批次筛选不在汇总表中，已逐案统计'
  if (f.changedAfterReview) return '审查后案卷有变更筛选不在汇总表中，已逐案统计'
  if ((f.receivedFrom && !isMonthStart(f.receivedFrom)) || (f.receivedTo && !isMonthEnd(f.receivedTo))) return '日期范围不是整月，已逐案统计'
  return null
}

/** Month ranges [first, last] (month starts) merged where they overlap or touch, in order. */
export function mergeSpans(spans: [string, string][]): [string, string][] {
  const next = (m: string): string => { const [y, mo] = m.split('-').map(Number); return new Date(Date.UTC(y, mo, 1)).toISOString().slice(0, 10) }
  const out: [string, string][] = []
  for (const [a, b] of [...spans].filter(([a, b]) => a <= b).sort(([a], [b]) => a.localeCompare(b))) {
    const last = out[out.length - 1]
    if (last && a <= next(last[1])) { if (b > last[1]) last[1] = b } else out.push([a, b])
  }
  return out
}

const FACT = new Map([...ALL_MEASURES, ...DIM_COUNTS].map((m) => [m.name, m.fact]))
const DIM_COUNT = new Map(DIM_COUNTS.map((m) => [m.name, m.fact]))
/** A fact expression over the relation `s` (its bare column names qualified). */
const overS = (fact: string): string =>
  fact.replace(/\b(indirect|satisfaction|internal|regulatory|flagged|waiting|conclusion|findings|offers|remediation|root_cause|channel|severity|is_group|is_repeat)\b/g, 's.$1')
/** The single dimensions (SINGLE_DIMS) the filter names: none reads trend_month, one trend_month_dim, more trend_summary. */
const namedDims = (f: CaseFilter): (typeof SINGLE_DIMS)[number][] =>
  SINGLE_DIMS.filter((d) => { const v = f[d.filter]; return v !== undefined && v !== null && String(v) !== '' })

/**
 * The relation and measures for this filter (its units looked up once). The summaries and facts are first brought
 * up to every committed write (a bulk write leaves them to a catch-up: catch-up.ts), so they read exact.
 */
export async function sourceFor(ds: Pick<EntityManager, 'query'>, f: CaseFilter): Promise<Source> {
  await catchUpTrends(ds)
  const units = await unitScope(ds, f)
  const reason = uncovered(f)
  const monthBounds = (first: string, last: string, params: unknown[]): string[] => {
    params.push(first, last)
    const out = [`s.month >= $${params.length - 1}::date`, `s.month <= $${params.length}::date`]
    if (f.receivedFrom) { params.push(f.receivedFrom); out.push(`s.month >= date_trunc('month', $${params.length}::date)::date`) }
    if (f.receivedTo) { params.push(f.receivedTo); out.push(`s.month <= date_trunc('month', $${params.length}::date)::date`) }
    return out
  }
  if (!reason) {
    const named = namedDims(f)
    const table: SummaryTable = named.length === 0 ? 'trend_month' : named.length === 1 ? 'trend_month_dim' : 'trend_summary'
    const narrow = table !== 'trend_summary'
    /** The filter's conditions on a relation with every key of trend_summary (`byDim`: trend_month_dim's dim and value for the one it names). */
    const dims = (params: unknown[], byDim = false): string[] => {
      const out: string[] = []
      const p = (v: unknown): string => { params.push(v); return `$${params.length}` }
      if (byDim) out.push(`s.dim = '${named[0].dim}'`, `s.value = ${p(String(f[named[0].filter]))}`)
      if (f.channel && !byDim) out.push(`s.channel = ${p(f.channel)}`)
      if (f.category) out.push(`s.category = ${p(f.category)}`)
      if (f.severity && !byDim) out.push(`s.severity = ${p(f.severity)}`)
      if (f.businessLine && !byDim) out.push(`s.business_line = ${p(f.businessLine)}`)
      if (units) out.push(`s.unit_id = ANY(${p(units)}::int[])`)
      if (f.group !== undefined && !byDim) out.push(f.group ? 's.is_group' : 'NOT s.is_group')
      if (f.repeat !== undefined && !byDim) out.push(f.repeat ? 's.is_repeat' : 'NOT s.is_repeat')
      return out
    }
    const axisTable = { trend_month: 'trend_month_axis', trend_month_dim: 'trend_month_dim_axis', trend_summary: 'trend_axis' }[table]
    const byDim = table === 'trend_month_dim'
    return {
      kind: 'summary', reason: null, narrow, table,
      from: (a, b, params) => `FROM ${table} s WHERE ${[...monthBounds(a, b, params), ...dims(params, byDim)].join(' AND ')}`,
      axisFrom: (a, b, params) => `FROM (SELECT s.*, s.cases AS n FROM ${axisTable} s WHERE ${[...monthBounds(a, b, params), ...dims(params, byDim)].join(' AND ')}) s`,
      // trend_summary keys on the dimensions the narrow tables count: a count there is its rows' cases where the key matches.
      measure: (name) => (!narrow && DIM_COUNT.has(name) ? `(s.cases * ${overS(DIM_COUNT.get(name)!)})` : `s.${name}`),
      // The facts carry every key of the summaries: the same conditions, one narrow row per case.
      factsFrom: (a, b, params) => `FROM trend_case_facts s WHERE ${[...monthBounds(a, b, params), ...dims(params)].join(' AND ')}`,
      resolve() { return Promise.resolve(this) }
    }
  }
  // The case list's conditions, renumbered after the month bounds.
  const caseWhere = (params: unknown[]): string[] => {
    const w = withText(whereOf(f, { units }))
    const shift = params.length
    params.push(...w.params)
    return w.sql.map((sql) => sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + shift}`))
  }
  const inner = (a: string, b: string, params: unknown[]): string => {
    const bounds = monthBounds(a, b, params)
    return `SELECT s.* FROM trend_case_facts s JOIN cases c ON c.id = s.case_id WHERE ${[...bounds, ...caseWhere(params)].join(' AND ')}`
  }
  const measure = (name: string): string => {
    const fact = FACT.get(name)
    if (!fact) throw new Error(`unknown trend measure ${name}`)
    return overS(fact)
  }
  /** A scan over the case-level rows `bounded` gives for a month range (the search itself, or the ids it found). */
  const scanOver = (bounded: (a: string, b: string, params: unknown[]) => string, resolve: Source['resolve']): Source => ({
    kind: 'scan', reason, narrow: false, table: null,
    from: (a, b, params) => `FROM (${bounded(a, b, params)}) s`,
    axisFrom: (a, b, params) => `FROM (SELECT f.*, 1 AS n, ax.axis, ax.code FROM (${bounded(a, b, params)}) f
      CROSS JOIN LATERAL (VALUES ('jrt', f.jrt_cause), ('rc', f.root_cause)) ax(axis, code) WHERE ax.code IS NOT NULL) s`,
    measure,
    factsFrom: (a, b, params) => `FROM (${bounded(a, b, params)}) s`,
    resolve
  })
  const self: Source = scanOver(inner, (_ds, spans) => {
    // One search over the union of the ranges, on the cases alone: a month range is a range of received_at (China
    // time), so the search index's matches are ANDed with the received_at index's before a case row is read, and
    // only the cases received in the ranges are read. Their facts are read once, into the statement's
    // `scan_facts`; each query then takes its months from there (runParts puts them in one statement).
    const matched = (params: unknown[]): string => {
      const within = mergeSpans(spans).map(([a, b]) => {
        params.push(a, b)
        return `(c.received_at >= ($${params.length - 1}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
          AND c.received_at < (($${params.length}::date + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai'))`
      })
      return `SELECT s.* FROM cases c JOIN trend_case_facts s ON s.case_id = c.id
        WHERE (${within.join(' OR ') || 'false'}) AND ${caseWhere(params).join(' AND ') || 'true'}`
    }
    const fromMatched = (a: string, b: string, params: unknown[]): string => `SELECT s.* FROM scan_facts s WHERE ${monthBounds(a, b, params).join(' AND ')}`
    return Promise.resolve({ ...scanOver(fromMatched, (_ds2, _spans2) => Promise.resolve(self)), matched })
  })
  return self
}
