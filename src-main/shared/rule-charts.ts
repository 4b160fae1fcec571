// The audit outcome over time (issue 12, point 2: "failures per rule (each of the 16, under each policy set) by
// unit and product over time"): a heatmap of rule × policy set (rows) by bucket (columns), each cell the cases
// failing that rule in that bucket. Unit and product are the filter bar's (unit, business line). Each cell
// carries its rule, policy set and bucket, so a click opens exactly its failing cases.
import type { EChartsOption } from 'echarts'
import type { TrendBucket, TrendRuleCell } from './contract-trends'
import { CHART_FONT } from './chart-theme'
import { heatmapFrame, type ChartText } from './trend-charts'

/** Rows, top to bottom: R01 internal, R01 regulatory, … R16 regulatory. */
export const RULE_ROWS = Array.from({ length: 16 }, (_, i) => i + 1).flatMap((rule) =>
  (['internal', 'regulatory'] as const).map((policy) => ({ rule, policy, code: `R${String(rule).padStart(2, '0')}` })))

/**
 * @param cells trends.view's `rules` (per bucket, rule and policy set)
 * @param policyNames the short words for the two policy sets in the row labels
 */
export function ruleMonthsOption(title: string, buckets: TrendBucket[], cells: TrendRuleCell[],
  policyNames: { internal: string; regulatory: string }, text: ChartText): EChartsOption {
  const rows = [...RULE_ROWS].reverse() // ECharts draws a category y axis from the bottom.
  const at = new Map(cells.map((c) => [`${c.bucket}|${c.policy}|${c.rule}`, c]))
  const data = buckets.filter((b) => !b.future).flatMap((b) => rows.map((r, y) => {
    const c = at.get(`${b.key}|${r.policy}|${r.rule}`)
    const judged = c ? c.passed + c.failed : 0
    return { value: [buckets.indexOf(b), y, c?.failed ?? 0], code: r.code, policy: r.policy, bucket: b.key, judged }
  }))
  const max = Math.max(1, ...data.map((d) => d.value[2]))
  return {
    ...heatmapFrame(title, max, ['#f8fafc', '#fca5a5', '#b91c1c']),
    tooltip: {
      confine: true,
      formatter: (p: unknown) => {
        const d = (p as { data: (typeof data)[number] }).data
        const b = buckets[d.value[0]]
        const failed = d.value[2]
        return `${d.code} · ${policyNames[d.policy]} · ${b?.label ?? ''}${b?.partial && text.asOf ? `（${text.partial(text.asOf)}）` : ''}<br/>${failed} ${text.unit}（${text.share} ${d.judged ? `${((failed / d.judged) * 100).toFixed(1)}%` : '—'}）`
      }
    },
    xAxis: { type: 'category', data: buckets.map((b) => b.label), splitArea: { show: true }, axisLabel: { fontFamily: CHART_FONT, fontSize: 11, hideOverlap: true } },
    yAxis: { type: 'category', data: rows.map((r) => `${r.code} ${policyNames[r.policy]}`), splitArea: { show: true }, axisLabel: { interval: 0, fontFamily: CHART_FONT, fontSize: 10 } },
    series: [{
      type: 'heatmap', cursor: 'pointer',
      label: { show: buckets.length <= 12, fontSize: 9, fontFamily: CHART_FONT, formatter: (p: unknown) => String((p as { value: number[] }).value[2] || '') },
      data
    }] as EChartsOption['series']
  }
}
