// ECharts options of the trend view (issue 12), built from the figures of trends.view. Beside
// chart-theme.ts, whose look (font, colours, title) they share, so the renderer and any document draw the
// same charts. A partial bucket (the period holding today) is shaded and its bars drawn faint with a dashed
// edge, labelled 「截至 …」, never read as a drop; a future bucket has no value at all.
import type { EChartsOption } from 'echarts'
import type { TrendBucket } from './contract-trends'
import { CHART_FONT, base } from './chart-theme'

export interface ChartText { unit: string; partial: (asOf: string) => string; total: string; share: string; asOf: string | null }

const pct = (n: number, d: number): string => (d > 0 ? `${((n / d) * 100).toFixed(1)}%` : '—')

/** The shaded partial bucket, labelled with its 截至 day. */
function partialArea(buckets: TrendBucket[], text: ChartText): object | undefined {
  const b = buckets.find((x) => x.partial)
  if (!b || !text.asOf) return undefined
  return {
    silent: true, itemStyle: { color: 'rgba(148, 163, 184, 0.16)' },
    label: { show: true, position: 'insideTop', color: '#64748b', fontSize: 11, fontFamily: CHART_FONT, formatter: text.partial(text.asOf) },
    data: [[{ xAxis: b.label }, { xAxis: b.label }]]
  }
}

const grid = (legend: boolean): object => ({ left: 56, right: 24, top: legend ? 84 : 52, bottom: 36, containLabel: true })
const legendOf = (): object => ({ type: 'scroll', top: 32, left: 12, right: 12, textStyle: { fontFamily: CHART_FONT, fontSize: 12 } })

/**
 * Cases per bucket stacked by a code (category, channel, severity, cause…). Each data item carries the code
 * and bucket key for the drill-down. Tooltip: each part's count and share of the bucket.
 */
export function stackedOption(title: string, buckets: TrendBucket[], cells: { bucket: string; code: string; cases: number }[],
  codes: { code: string; label: string }[], text: ChartText): EChartsOption {
  const at = new Map(cells.map((c) => [`${c.bucket}|${c.code}`, c.cases]))
  const totals = new Map<string, number>()
  for (const c of cells) totals.set(c.bucket, (totals.get(c.bucket) ?? 0) + c.cases)
  const area = partialArea(buckets, text)
  return {
    ...base(title),
    legend: legendOf(),
    grid: grid(true),
    tooltip: {
      trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true,
      formatter: (params: unknown) => {
        const list = params as { dataIndex: number; seriesName: string; value: number | null; marker: string }[]
        const b = buckets[list[0]?.dataIndex ?? -1]
        if (!b) return ''
        const total = totals.get(b.key) ?? 0
        const head = `${b.label}${b.partial && text.asOf ? `（${text.partial(text.asOf)}）` : ''}<br/>${text.total}: ${total} ${text.unit}`
        return head + list.filter((p) => (p.value ?? 0) > 0).map((p) => `<br/>${p.marker}${p.seriesName}: ${p.value} ${text.unit}（${pct(p.value ?? 0, total)}）`).join('')
      }
    },
    xAxis: { type: 'category', data: buckets.map((b) => b.label), axisLabel: { fontFamily: CHART_FONT, hideOverlap: true } },
    yAxis: { type: 'value', name: text.unit, minInterval: 1, axisLabel: { fontFamily: CHART_FONT } },
    series: codes.map((c, i) => ({
      type: 'bar', name: c.label, stack: 'n', barMaxWidth: 36, cursor: 'pointer', emphasis: { focus: 'series' },
      data: buckets.map((b) => {
        const value = b.future ? null : (at.get(`${b.key}|${c.code}`) ?? 0)
        // (An empty part gets no edge: a dashed border around nothing would draw a line at zero.)
        return { value, code: c.code, bucket: b.key, itemStyle: b.partial && value ? { opacity: 0.55, borderType: 'dashed', borderColor: '#334155', borderWidth: 1 } : undefined }
      }),
      ...(i === 0 && area ? { markArea: area } : {})
    })) as EChartsOption['series']
  }
}

/** Shares (%) per bucket: one line per series, each point n / d; a bucket without cases has no point. */
export function shareLinesOption(title: string, buckets: TrendBucket[], series: { name: string; points: { n: number; d: number }[]; dashed?: boolean }[],
  text: ChartText, yMin?: number): EChartsOption {
  const area = partialArea(buckets, text)
  return {
    ...base(title),
    legend: legendOf(),
    grid: grid(true),
    tooltip: {
      trigger: 'axis', confine: true,
      formatter: (params: unknown) => {
        const list = params as { dataIndex: number; seriesIndex: number; marker: string; seriesName: string }[]
        const b = buckets[list[0]?.dataIndex ?? -1]
        if (!b) return ''
        return `${b.label}${b.partial && text.asOf ? `（${text.partial(text.asOf)}）` : ''}` + list.map((p) => {
          const pt = series[p.seriesIndex].points[p.dataIndex]
          return `<br/>${p.marker}${p.seriesName}: ${pct(pt.n, pt.d)}（${pt.n} / ${pt.d}）`
        }).join('')
      }
    },
    xAxis: { type: 'category', data: buckets.map((b) => b.label), axisLabel: { fontFamily: CHART_FONT, hideOverlap: true } },
    yAxis: { type: 'value', ...(yMin !== undefined ? { min: yMin } : {}), max: (v: { max: number }) => (v.max > 90 ? 100 : Math.ceil(v.max / 10) * 10 || 10), axisLabel: { formatter: '{value}%', fontFamily: CHART_FONT } },
    series: series.map((s, i) => ({
      type: 'line', name: s.name, connectNulls: false, symbolSize: 6, lineStyle: s.dashed ? { type: 'dashed' } : undefined,
      data: s.points.map((p, j) => (buckets[j].future || p.d === 0 ? null : Math.round((p.n / p.d) * 1000) / 10)),
      ...(i === 0 && area ? { markArea: area } : {})
    })) as EChartsOption['series']
  }
}

/** A heatmap's title, grid and colour scale (0…max, the scale below the chart), shared by the trend heatmaps. */
export function heatmapFrame(title: string, max: number, colors: string[]): EChartsOption {
  return {
    ...base(title),
    grid: { left: 12, right: 24, top: 48, bottom: 64, containLabel: true },
    visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, textStyle: { fontFamily: CHART_FONT }, inRange: { color: colors } }
  }
}

/** Units (rows) × categories (columns) for the whole period; each cell carries unit and category for the drill-down. */
export function heatmapOption(title: string, units: { id: number | null; label: string }[], categories: { code: string; label: string }[],
  cells: { unitId: number | null; code: string; cases: number }[], text: ChartText): EChartsOption {
  const max = Math.max(1, ...cells.map((c) => c.cases))
  const total = cells.reduce((s, c) => s + c.cases, 0)
  return {
    ...heatmapFrame(title, max, ['#f1f5f9', '#93c5fd', '#1d4ed8']),
    tooltip: {
      confine: true,
      formatter: (p: unknown) => {
        const d = (p as { data: { value: [number, number, number] } }).data
        return `${units[d.value[1]]?.label} · ${categories[d.value[0]]?.label}<br/>${d.value[2]} ${text.unit}（${text.share} ${pct(d.value[2], total)}）`
      }
    },
    xAxis: { type: 'category', data: categories.map((c) => c.label), splitArea: { show: true }, axisLabel: { interval: 0, rotate: 30, width: 110, overflow: 'truncate', fontFamily: CHART_FONT, fontSize: 11 } },
    yAxis: { type: 'category', data: units.map((u) => u.label), splitArea: { show: true }, axisLabel: { interval: 0, fontFamily: CHART_FONT, fontSize: 11 } },
    series: [{
      type: 'heatmap', cursor: 'pointer', label: { show: true, fontSize: 10, fontFamily: CHART_FONT, formatter: (p: unknown) => String((p as { value: number[] }).value[2] || '') },
      data: cells.map((c) => ({ value: [categories.findIndex((x) => x.code === c.code), units.findIndex((u) => u.id === c.unitId), c.cases], unitId: c.unitId, code: c.code }))
        .filter((d) => d.value[0] >= 0 && d.value[1] >= 0)
    }] as EChartsOption['series']
  }
}

/** Failures per rule (R01…R16) under both policy sets for the period, with cannot-tell beside them (not drillable). */
export function ruleOutcomeOption(title: string, rows: { rule: string; internal: { failed: number; cannotTell: number }; regulatory: { failed: number; cannotTell: number } }[],
  names: { internalFailed: string; regulatoryFailed: string; cannotTell: string }, text: ChartText): EChartsOption {
  return {
    ...base(title),
    legend: legendOf(),
    grid: grid(true),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    xAxis: { type: 'category', data: rows.map((r) => r.rule), axisLabel: { interval: 0, fontFamily: CHART_FONT } },
    yAxis: { type: 'value', name: text.unit, minInterval: 1, axisLabel: { fontFamily: CHART_FONT } },
    series: [
      // Each failed bar carries its rule and policy set: a click opens exactly its failing cases.
      { type: 'bar', name: names.internalFailed, data: rows.map((r) => ({ value: r.internal.failed, code: r.rule, policy: 'internal' })), barMaxWidth: 18, cursor: 'pointer' },
      { type: 'bar', name: names.regulatoryFailed, data: rows.map((r) => ({ value: r.regulatory.failed, code: r.rule, policy: 'regulatory' })), barMaxWidth: 18, cursor: 'pointer' },
      { type: 'bar', name: names.cannotTell, data: rows.map((r) => r.internal.cannotTell), barMaxWidth: 18, itemStyle: { color: '#94a3b8' } }
    ]
  }
}
