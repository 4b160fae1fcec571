// Two charts of the trend view beside trend-charts.ts (issue 12 point 2): units ranked per 10,000 customers
// (raw counts when a unit's customer count is not known, said on the chart), and the remediation amounts'
// five-number summary per category as a box plot. Built from the figures of trends.view and trends.extras.
import type { EChartsOption } from 'echarts'
import type { AmountBox, TrendsView, UnitCustomers } from './contract'
import type { ChartWords } from './chart-text'
import { CHART_FONT, base } from './chart-theme'
import { wrapLabel } from './pareto-chart'

export interface UnitRank { unitId: number | null; label: string; cases: number; customers: number | null; year: number | null; per10k: number | null }
export interface UnitRanking {
  /** per10k: every ranked unit's customers are known; raw: at least one is not, so all are ranked by count. */
  mode: 'per10k' | 'raw'
  /** Largest first. */
  rows: UnitRank[]
  /** Units without a customer count (their labels), for the chart's note. */
  missing: string[]
  /** Years the customer counts are of. */
  years: number[]
}

/**
 * The units of the period's unit × category cells (a branch with its sub-branches, the head office's own
 * cases), each with its cases and, where known, its customers and complaints per 10,000 customers
 * (cases × 10,000 / customers, unrounded).
 */
export function unitRanking(view: Pick<TrendsView, 'unitCategory' | 'units'>, customers: UnitCustomers[], words: ChartWords): UnitRanking {
  const cases = new Map<number | null, number>()
  for (const c of view.unitCategory) cases.set(c.unitId, (cases.get(c.unitId) ?? 0) + c.cases)
  const known = new Map(customers.map((k) => [k.unitId, k]))
  const rows: UnitRank[] = [...cases].filter(([, n]) => n > 0).map(([unitId, n]) => {
    const u = view.units.find((x) => x.id === unitId)
    const k = unitId === null ? undefined : known.get(unitId)
    return {
      unitId, cases: n, label: u ? `${u.name}${u.drillable ? '' : words.headOffice}` : '—',
      customers: k?.customers ?? null, year: k?.year ?? null, per10k: k ? (n * 10_000) / k.customers : null
    }
  })
  const mode = rows.length > 0 && rows.every((r) => r.per10k !== null) ? 'per10k' : 'raw'
  rows.sort((a, b) => (mode === 'per10k' ? b.per10k! - a.per10k! : b.cases - a.cases) || (a.unitId ?? 0) - (b.unitId ?? 0))
  return { mode, rows, missing: rows.filter((r) => r.customers === null).map((r) => r.label), years: [...new Set(rows.flatMap((r) => (r.year === null ? [] : [r.year])))].sort() }
}

const round2 = (x: number): number => Math.round(x * 100) / 100
/** A tooltip of one item: the lines `lines` writes for the item hovered. */
const itemTooltip = <T>(items: T[], lines: (x: T) => string[]): object => ({
  trigger: 'item', confine: true,
  formatter: (p: unknown) => { const x = items[(p as { dataIndex: number }).dataIndex]; return x ? lines(x).join('<br/>') : '' }
})
const n0 = (x: number): string => x.toLocaleString('zh-CN', { maximumFractionDigits: 2 })

/** The ranking's basis in words: the customers' years, or which units have no count. */
export function rankingBasis(r: UnitRanking, words: ChartWords): string {
  if (r.mode === 'per10k') return words.per10kBasis(r.years.length > 1 ? `${r.years[0]}–${r.years[r.years.length - 1]}` : String(r.years[0] ?? ''))
  const shown = r.missing.slice(0, 3).join('、')
  return words.rawBasis(r.missing.length > 3 ? words.andMore(shown, r.missing.length) : shown)
}

/** Horizontal bars, largest on top; each item carries its unit for the drill-down and its raw count. */
export function unitRankOption(title: string, r: UnitRanking, words: ChartWords): EChartsOption {
  const rows = [...r.rows].reverse()
  const value = (x: UnitRank): number => (r.mode === 'per10k' ? round2(x.per10k!) : x.cases)
  return {
    ...base(title),
    title: { text: title, subtext: rankingBasis(r, words), left: 'center', top: 8, textStyle: { fontFamily: CHART_FONT, fontSize: 16, fontWeight: 'bold' }, subtextStyle: { fontFamily: CHART_FONT, fontSize: 12, color: '#64748b' } },
    grid: { left: 12, right: 56, top: 64, bottom: 24, containLabel: true },
    tooltip: itemTooltip(rows, (x) => [x.label, `${words.series.cases}: ${x.cases} ${words.unit}`,
      ...(x.customers !== null ? [`${words.series.customers}（${x.year}）: ${n0(x.customers)}`, `${words.series.per10k}: ${x.per10k!.toFixed(2)}`] : [])]),
    xAxis: { type: 'value', name: r.mode === 'per10k' ? '' : words.unit, axisLabel: { fontFamily: CHART_FONT } },
    yAxis: { type: 'category', data: rows.map((x) => x.label), axisLabel: { fontFamily: CHART_FONT, interval: 0 } },
    series: [{
      type: 'bar', name: r.mode === 'per10k' ? words.series.per10k : words.series.cases, barMaxWidth: 20, cursor: 'pointer',
      label: { show: true, position: 'right', fontFamily: CHART_FONT, fontSize: 11, formatter: (p: { value?: unknown }) => (r.mode === 'per10k' ? Number(p.value).toFixed(2) : String(p.value)) },
      data: rows.map((x) => ({ value: value(x), unitId: x.unitId, cases: x.cases }))
    }]
  }
}

/** One box per category (min, Q1, median, Q3, max of the offers' amounts, 元); the tooltip gives the five figures and the number of offers. */
export function amountBoxOption(title: string, boxes: (AmountBox & { label: string })[], words: ChartWords): EChartsOption {
  const s = words.series
  // Names on at most two lines, narrower the more boxes share the width, so neighbours never run together.
  const width = boxes.length <= 6 ? 6 : 4
  return {
    ...base(title),
    grid: { left: 12, right: 24, top: 52, bottom: 24, containLabel: true },
    tooltip: itemTooltip(boxes, (b) => [`${b.label}（${s.offers} ${b.offers}）`, ...([['max', b.max], ['q3', b.q3], ['median', b.median], ['q1', b.q1], ['min', b.min]] as const)
      .map(([k, v]) => `${s[k]}: ${n0(v)} ${words.yuan}`)]),
    xAxis: { type: 'category', data: boxes.map((b) => b.label), axisLabel: { fontFamily: CHART_FONT, interval: 0, lineHeight: 16, formatter: (v: string) => wrapLabel(v, width) } },
    yAxis: { type: 'value', name: words.yuan, axisLabel: { fontFamily: CHART_FONT } },
    series: [{
      type: 'boxplot', name: s.amount, itemStyle: { color: '#dbeafe', borderColor: '#1d4ed8' },
      // (Not an ECharts option: the column names of the exported data, chart-data.ts.)
      exportColumns: [s.min, s.q1, s.median, s.q3, s.max, s.offers],
      data: boxes.map((b) => ({ value: [b.min, b.q1, b.median, b.q3, b.max], code: b.code, offers: b.offers }))
    }] as EChartsOption['series']
  }
}
