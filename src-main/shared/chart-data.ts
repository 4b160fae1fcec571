// A chart's data as a table, read back from its ECharts option so the exported figures are exactly the drawn
// ones: CSV here (the renderer saves it), XLSX on the server (charts/workbook.ts) from the same rows.
import type { EChartsOption } from 'echarts'

type Cell = string | number | null
interface SeriesLike { type?: string; name?: string; data?: unknown[]; exportColumns?: string[] }

const valueOf = (d: unknown): unknown => (d !== null && typeof d === 'object' && 'value' in d ? (d as { value: unknown }).value : d)
const cell = (v: unknown): Cell => (v === null || v === undefined ? null : typeof v === 'number' ? v : String(v))
const axisData = (a: unknown): unknown[] => ((Array.isArray(a) ? a[0] : a) as { data?: unknown[] } | undefined)?.data ?? []

/**
 * Header row then one row per label: a category chart (vertical or horizontal) has a column per series; a
 * heatmap one row per cell (row label, column label, count); a box plot one row per box with its five figures
 * (the series' `exportColumns` name them).
 */
export function chartRows(option: EChartsOption): Cell[][] {
  const series = (Array.isArray(option.series) ? option.series : option.series ? [option.series] : []) as SeriesLike[]
  const x = axisData(option.xAxis)
  const y = axisData(option.yAxis)
  const first = series[0]
  if (first?.type === 'heatmap') {
    return [['', '', first.name ?? ''], ...(first.data ?? []).map((d) => { const v = valueOf(d) as number[]; return [cell(y[v[1]]), cell(x[v[0]]), cell(v[2])] })]
  }
  if (first?.type === 'boxplot') {
    return [['', ...(first.exportColumns ?? ['min', 'Q1', 'median', 'Q3', 'max', 'n'])], ...x.map((l, i) => {
      const d = first.data?.[i]
      const extra = d !== null && typeof d === 'object' && 'offers' in d ? [cell((d as { offers: number }).offers)] : []
      return [cell(l), ...((valueOf(d) as number[] | undefined) ?? []).map(cell), ...extra]
    })]
  }
  // A horizontal bar chart has its labels on the y axis; its rows are read top (largest) first.
  const horizontal = x.length === 0 && y.length > 0
  const labels = horizontal ? y : x
  const order = horizontal ? labels.map((_, i) => labels.length - 1 - i) : labels.map((_, i) => i)
  return [['', ...series.map((s) => s.name ?? '')], ...order.map((i) => [cell(labels[i]), ...series.map((s) => cell(valueOf(s.data?.[i])))])]
}

const csvCell = (v: Cell): string => {
  const s = v === null ? '' : String(v)
  // A leading = + - @ would be read as a formula by a spreadsheet (CSV injection): quoted with a ' first.
  const safe = /^[=+\-@]/.test(s) && Number.isNaN(Number(s)) ? `'${s}` : s
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** A chart's data as CSV (UTF-8 with a BOM, so Excel reads the Chinese labels), CRLF line ends. */
export function chartCsv(option: EChartsOption): string {
  return '\ufeff' + chartRows(option).map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
