// ECharts options for the quarterly charts, built from plain figures: the renderer draws them in the
// trends view and the main process renders the same options to images for the report (charts/render.ts).
import type { EChartsOption } from 'echarts'

// Unquoted names: ECharts writes the list into an SVG attribute as it is.
export const CHART_FONT = 'Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif'
export const base = (title: string): EChartsOption => ({
  animation: false,
  backgroundColor: '#ffffff',
  textStyle: { fontFamily: CHART_FONT, fontSize: 13, color: '#1f2937' },
  title: { text: title, left: 'center', top: 8, textStyle: { fontFamily: CHART_FONT, fontSize: 16, fontWeight: 'bold' } },
  color: ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c', '#0e7490', '#4d7c0f', '#9a3412', '#475569']
})

/** Cases per month; the report's quarter shaded. */
export function monthlyTrendOption(monthly: { month: string; count: number }[], quarterMonths: string[]): EChartsOption {
  const first = quarterMonths[0]
  const last = quarterMonths[quarterMonths.length - 1]
  return {
    ...base('月度投诉量'),
    grid: { left: 60, right: 24, top: 56, bottom: 48 },
    xAxis: { type: 'category', data: monthly.map((m) => m.month), axisLabel: { rotate: 45, fontFamily: CHART_FONT } },
    yAxis: { type: 'value', name: '件', axisLabel: { fontFamily: CHART_FONT } },
    series: [{
      type: 'line', data: monthly.map((m) => m.count), symbolSize: 6, label: { show: true, fontSize: 11, fontFamily: CHART_FONT },
      markArea: { itemStyle: { color: 'rgba(29, 78, 216, 0.08)' }, data: [[{ xAxis: first }, { xAxis: last }]] }
    }]
  }
}

/** One horizontal bar per label, largest on top. */
export function rankedBarOption(title: string, rows: { label: string; count: number }[]): EChartsOption {
  const sorted = [...rows].sort((a, b) => a.count - b.count)
  return {
    ...base(title),
    grid: { left: 150, right: 60, top: 48, bottom: 24 },
    xAxis: { type: 'value', axisLabel: { fontFamily: CHART_FONT } },
    yAxis: { type: 'category', data: sorted.map((r) => r.label), axisLabel: { fontFamily: CHART_FONT } },
    series: [{ type: 'bar', data: sorted.map((r) => r.count), barMaxWidth: 22, label: { show: true, position: 'right', fontFamily: CHART_FONT } }]
  }
}

/** Timeliness and satisfaction rates (%) for this quarter, the previous one and the same quarter last year. */
export function ratesOption(labels: string[], series: { name: string; values: (number | null)[] }[]): EChartsOption {
  return {
    ...base('时效达标率与满意度（%）'),
    legend: { top: 34, textStyle: { fontFamily: CHART_FONT } },
    grid: { left: 48, right: 16, top: 72, bottom: 32 },
    xAxis: { type: 'category', data: labels, axisLabel: { fontFamily: CHART_FONT, interval: 0 } },
    // From the tens below the lowest rate: differences of a point or two stay visible.
    yAxis: { type: 'value', min: (v: { min: number }) => Math.max(0, Math.floor(v.min / 10) * 10 - 10), max: 100, axisLabel: { fontFamily: CHART_FONT } },
    series: series.map((s) => ({
      type: 'bar', name: s.name, data: s.values.map((v) => (v === null ? null : Math.round(v * 1000) / 10)),
      label: { show: true, position: 'top', fontSize: 10, fontFamily: CHART_FONT }
    }))
  }
}
