// Where the trend figures are read from. A filter the summaries cover (dates in whole months, channel,
// category, severity, business line, a unit with its sub-branches, group, repeat) is answered from
// the narrow summaries (trend_month / trend_month_axis) when it names no more than dates, a unit and a category,
// else trend_summary / trend_axis; any other (text search, root cause, 待重新标注, dates inside a month) by one pass
// over trend_case_facts joined to the cases with the case list's own conditions (cases/case-filter.ts). Both
// are written as the same queries: a relation `s` and, per measure, what to sum over it.
import type { DataSource } from 'typeorm'
import type { CaseFilter } from '../shared/contract'
import { unitScope, whereOf, withText } from '../cases/case-filter'
import { ALL_MEASURES, DIM_COUNTS } from './summary-columns'

export interface Source {
  kind: 'summary' | 'scan'
  /** Whether the rows are trend_month's (month × unit × category): channel and severity are then count columns, not keys. */
  narrow: boolean
  /** Why the summaries could not answer, in the UI's words (zh-CN); null for the summary. */
  reason: string | null
  /** `FROM …` of the case-level relation `s` for months [$first, $last], with the filter applied; params appended to `params`. */
  from(first: string, last: string, params: unknown[]): string
  /** `FROM …` of the (axis, code) relation `s` with a `n` column to sum. */
  axisFrom(first: string, last: string, params: unknown[]): string
  /** What to sum for a measure of summary-columns.ts, or a count of DIM_COUNTS (cases of a channel, severity, group, repeat). */
  measure(name: string): string
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
  if (f.importId) return '按导入批次筛选不在汇总表中，已逐案统计'
  if ((f.receivedFrom && !isMonthStart(f.receivedFrom)) || (f.receivedTo && !isMonthEnd(f.receivedTo))) return '日期范围不是整月，已逐案统计'
  return null
}

const FACT = new Map([...ALL_MEASURES, ...DIM_COUNTS].map((m) => [m.name, m.fact]))
const DIM_COUNT = new Map(DIM_COUNTS.map((m) => [m.name, m.fact]))
/** A fact expression over the relation `s` (its bare column names qualified). */
const overS = (fact: string): string =>
  fact.replace(/\b(indirect|satisfaction|internal|regulatory|flagged|waiting|conclusion|findings|offers|remediation|root_cause|channel|severity|is_group|is_repeat)\b/g, 's.$1')
/** Whether the narrow summaries answer the filter: no key of trend_summary but month and unit, and category. */
const narrowCovers = (f: CaseFilter): boolean =>
  !f.channel && !f.severity && !f.businessLine && f.group === undefined && f.repeat === undefined

/** The relation and measures for this filter (its units looked up once). */
export async function sourceFor(ds: DataSource, f: CaseFilter): Promise<Source> {
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
    const narrow = narrowCovers(f)
    const dims = (params: unknown[]): string[] => {
      const out: string[] = []
      const p = (v: unknown): string => { params.push(v); return `$${params.length}` }
      if (f.channel) out.push(`s.channel = ${p(f.channel)}`)
      if (f.category) out.push(`s.category = ${p(f.category)}`)
      if (f.severity) out.push(`s.severity = ${p(f.severity)}`)
      if (f.businessLine) out.push(`s.business_line = ${p(f.businessLine)}`)
      if (units) out.push(`s.unit_id = ANY(${p(units)}::int[])`)
      if (f.group !== undefined) out.push(f.group ? 's.is_group' : 'NOT s.is_group')
      if (f.repeat !== undefined) out.push(f.repeat ? 's.is_repeat' : 'NOT s.is_repeat')
      return out
    }
    const [table, axisTable] = narrow ? ['trend_month', 'trend_month_axis'] : ['trend_summary', 'trend_axis']
    return {
      kind: 'summary', reason: null, narrow,
      from: (a, b, params) => `FROM ${table} s WHERE ${[...monthBounds(a, b, params), ...dims(params)].join(' AND ')}`,
      axisFrom: (a, b, params) => `FROM (SELECT s.*, s.cases AS n FROM ${axisTable} s WHERE ${[...monthBounds(a, b, params), ...dims(params)].join(' AND ')}) s`,
      // trend_summary keys on the dimensions the narrow table counts: a count there is its rows' cases where the key matches.
      measure: (name) => (!narrow && DIM_COUNT.has(name) ? `(s.cases * ${overS(DIM_COUNT.get(name)!)})` : `s.${name}`)
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
  return {
    kind: 'scan', reason, narrow: false,
    from: (a, b, params) => `FROM (${inner(a, b, params)}) s`,
    axisFrom: (a, b, params) => `FROM (SELECT f.*, 1 AS n, ax.axis, ax.code FROM (${inner(a, b, params)}) f
      CROSS JOIN LATERAL (VALUES ('jrt', f.jrt_cause), ('rc', f.root_cause)) ax(axis, code) WHERE ax.code IS NOT NULL) s`,
    measure: (name) => {
      const fact = FACT.get(name)
      if (!fact) throw new Error(`unknown trend measure ${name}`)
      return overS(fact)
    }
  }
}
