// The ECharts option of the root-cause Pareto (issue 11): bars = cases per cause, largest first; line =
// cumulative share of the tagged cases on a second axis (0–100 %). Built from the figures of
// rootCauses.pareto so the 根因 view and, later, the quarterly report draw the same chart.
import type { EChartsOption } from 'echarts'
import { CHART_FONT } from './chart-theme'

export interface ParetoBar { code: string; label: string; cases: number; cumulative: number }
export interface ParetoLabels { cases: string; cumulative: string; unit: string }
/**
 * The comparison period beside the Pareto (issue 12 point 2): its count for each bar, drawn as a second, grey
 * bar; the tooltip gives the change. `title` draws the chart's own title (the trend view and the report).
 */
export interface ParetoCompare { previous: number[]; label: string; change: string; title?: string; noPrevious: string; /** Said under the title when neither period has a tagged case. */ empty?: string }

/** The change of a count against the comparison period: +3 (+25.0%), −2 (−10.0%), +4 (上期无数据), 0. */
export function changeText(now: number, before: number, noPrevious: string): string {
  const d = now - before
  const sign = d > 0 ? '+' : d < 0 ? '−' : ''
  if (d === 0) return '0'
  return before === 0 ? `${sign}${Math.abs(d)}（${noPrevious}）` : `${sign}${Math.abs(d)}（${sign}${((Math.abs(d) / before) * 100).toFixed(1)}%）`
}

/** Keeps an axis label to `max` characters (the full name stays in the tooltip and the table). */
export function shortLabel(text: string, max = 8): string {
  const chars = [...text]
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text
}

/**
 * A label on at most two lines of `width` Chinese characters each, cut with … beyond that. Latin text (an
 * English name) breaks between words, about two letters to a Chinese character's width.
 */
export function wrapLabel(text: string, width: number): string {
  // (Latin text without a Chinese character: one word too, else 'Clearing' would be cut as Chinese is.)
  if (/[A-Za-z]/.test(text) && (text.includes(' ') || !/[\u3400-\u9fff]/.test(text))) {
    const max = width * 2
    const lines: string[] = ['']
    for (const word of text.split(/\s+/)) {
      const line = lines[lines.length - 1]
      if (!line || line.length + 1 + word.length <= max) lines[lines.length - 1] = line ? `${line} ${word}` : word
      else lines.push(word)
    }
    const kept = lines.slice(0, 2).map((l) => shortLabel(l, max))
    if (lines.length > 2) kept[1] = shortLabel(`${kept[1]} ${lines[2]}`, max)
    return kept.join('\n')
  }
  const chars = [...shortLabel(text, width * 2)]
  return chars.length > width ? `${chars.slice(0, width).join('')}\n${chars.slice(width).join('')}` : chars.join('')
}

/**
 * @param bars in the order drawn (largest first, as the server sends them)
 * @param labels the series names and the unit of counts, in the UI's language
 */
export function paretoOption(bars: ParetoBar[], labels: ParetoLabels, compare?: ParetoCompare): EChartsOption {
  // Few bars: names on two lines under each; many: slanted, one line each, so neighbours never overlap.
  const rotate = bars.length > 8 ? 30 : 0
  const width = bars.length <= 4 ? 10 : bars.length <= 6 ? 7 : 5
  // Head-room above the tallest bar, so its count never sits on the cumulative line's first point.
  const top = Math.max(1, ...bars.map((b) => b.cases), ...(compare?.previous ?? []))
  const titled = compare?.title !== undefined
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT, fontSize: 12, color: '#1f2937' },
    color: compare ? ['#1c4f8f', '#94a3b8', '#b45309'] : ['#1c4f8f', '#b45309'],
    ...(titled ? {
      title: {
        text: compare.title, subtext: bars.length ? '' : compare.empty ?? '', left: 'center', top: 8,
        textStyle: { fontFamily: CHART_FONT, fontSize: 16, fontWeight: 'bold' }, subtextStyle: { fontFamily: CHART_FONT, fontSize: 12, color: '#64748b' }
      }
    } : {}),
    legend: { top: titled ? (bars.length ? 34 : 54) : 4, data: [labels.cases, ...(compare ? [compare.label] : []), labels.cumulative], textStyle: { fontFamily: CHART_FONT } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const list = params as { dataIndex: number }[]
        const bar = bars[list[0]?.dataIndex ?? -1]
        if (!bar) return ''
        const i = list[0].dataIndex
        const before = compare ? `<br/>${compare.label}: ${compare.previous[i] ?? 0} ${labels.unit}<br/>${compare.change}: ${changeText(bar.cases, compare.previous[i] ?? 0, compare.noPrevious)}` : ''
        return `${bar.code} ${bar.label}<br/>${labels.cases}: ${bar.cases} ${labels.unit}${before}<br/>${labels.cumulative}: ${(bar.cumulative * 100).toFixed(1)}%`
      }
    },
    grid: { left: 56, right: 56, top: titled ? (bars.length ? 88 : 112) : 60, bottom: rotate ? 96 : 64 },
    xAxis: {
      type: 'category',
      data: bars.map((b) => b.label),
      axisTick: { alignWithLabel: true },
      axisLabel: { interval: 0, rotate, fontFamily: CHART_FONT, lineHeight: 16, formatter: (v: string) => (rotate ? shortLabel(v, 9) : wrapLabel(v, width)) }
    },
    yAxis: [
      { type: 'value', name: labels.unit, minInterval: 1, max: (v: { max: number }) => Math.ceil(Math.max(v.max, top) * 1.2), axisLabel: { fontFamily: CHART_FONT } },
      { type: 'value', min: 0, max: 100, interval: 20, axisLabel: { formatter: '{value}%', fontFamily: CHART_FONT }, splitLine: { show: false } }
    ],
    series: [
      {
        type: 'bar', name: labels.cases, barMaxWidth: 48, cursor: 'pointer',
        label: { show: true, position: 'top', fontFamily: CHART_FONT, fontSize: 11 },
        data: bars.map((b) => ({ value: b.cases, code: b.code }))
      },
      ...(compare ? [{
        type: 'bar' as const, name: compare.label, data: compare.previous, barMaxWidth: 48, barGap: '10%',
        label: { show: bars.length <= 10, position: 'top' as const, fontFamily: CHART_FONT, fontSize: 10, color: '#64748b' }
      }] : []),
      {
        type: 'line', name: labels.cumulative, yAxisIndex: 1, data: bars.map((b) => Math.round(b.cumulative * 1000) / 10),
        symbolSize: 6, label: { show: bars.length <= 12, position: 'top', formatter: '{c}%', fontSize: 10, fontFamily: CHART_FONT }
      }
    ]
  }
}
