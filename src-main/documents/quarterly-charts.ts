// The quarterly report's charts are the trend view's own (issue 12 point 7): the same figures (trends.view,
// trends.extras) and the same panels (shared/trend-panels.ts), rendered to PNG on the server. The months
// charts run over the quarter and the twelve months before it; the Pareto, the unit ranking and the amount
// distribution over the quarter, compared with the previous quarter. Plain data in, images out, so a
// frozen quarter can keep the data and draw the same images again.
import type { DataSource } from 'typeorm'
import type { TrendChartKey, TrendExtras, TrendsView } from '../shared/contract'
import { trendPanels } from '../shared/trend-panels'
import { chartPng } from '../charts/render'
import { trendsView } from '../trends/query'
import { trendExtras } from '../trends/extras'
import type { Quarter } from '../stats/quarter'

export interface QuarterChartData { months: TrendsView; quarter: TrendsView; extras: TrendExtras }

/** The charts in the report, in order, and which figures each is drawn from. */
export const REPORT_CHARTS: { key: TrendChartKey; from: 'months' | 'quarter' }[] = [
  { key: 'category', from: 'months' }, { key: 'timeliness', from: 'months' },
  { key: 'pareto', from: 'quarter' }, { key: 'units', from: 'quarter' }, { key: 'remediationBox', from: 'quarter' }
]

const ym = (year: number, month: number): string => `${year}-${String(month).padStart(2, '0')}`

/** The figures of the report's charts for quarter `q` (the whole archive, no filter). */
export async function quarterChartData(ds: Pick<DataSource, 'query'>, q: Quarter, now?: number): Promise<QuarterChartData> {
  const first = (q.q - 1) * 3 + 1
  const to = ym(q.year, first + 2)
  const [months, quarter, extras] = await Promise.all([
    trendsView(ds, {}, { grain: 'month', from: ym(q.year - 1, first), to }, now),
    trendsView(ds, {}, { grain: 'quarter', from: ym(q.year, first), to }, now),
    trendExtras(ds, {}, { grain: 'quarter', from: ym(q.year, first), to }, now)
  ])
  return { months, quarter, extras }
}

/** Width of the drawing in CSS pixels; PNG at 2× for print. */
export const REPORT_CHART_WIDTH = 800

/** Each chart as a PNG with its drawn size (px), Chinese labels; none for figures that hold no case. */
export function quarterChartImages(d: QuarterChartData): { png: Buffer; width: number; height: number }[] {
  const panels = { months: trendPanels(d.months, null, 'zh-CN'), quarter: trendPanels(d.quarter, d.extras, 'zh-CN') }
  // A chart over figures without a case would print bare axes (a quarter before the archive starts): left out.
  return REPORT_CHARTS.filter(({ from }) => d[from].kpis.current.cases > 0).map(({ key, from }) => {
    const p = panels[from].find((x) => x.key === key)!
    const height = Math.min(p.height ?? 360, 560)
    return { png: chartPng(p.option, REPORT_CHART_WIDTH, height), width: REPORT_CHART_WIDTH, height }
  })
}
