// Every chart of the trend view as a panel (key, title, ECharts option), built from the figures of
// trends.view and trends.extras in one locale. The one place a trend chart is assembled: the view draws these
// options on a canvas, the server renders the same ones to SVG/PNG for export (trends.chartFile) and the
// quarterly report embeds them (documents/quarterly-report.ts), so all three show the very same chart.
import type { EChartsOption } from 'echarts'
import { CATEGORIES, CHANNELS, SEVERITIES } from './codes'
import { CODE_LABELS } from './code-labels'
import { CHART_WORDS } from './chart-text'
import type { ChartLocale, TrendChartKey, TrendExtras } from './contract-charts'
import type { TrendsView } from './contract-trends'
import { heatmapOption, ruleOutcomeOption, shareLinesOption, stackedOption, type ChartText } from './trend-charts'
import { amountBoxOption, unitRankOption, unitRanking } from './ranking-charts'
import { paretoOption } from './pareto-chart'
import { RULE_ROWS, ruleMonthsOption } from './rule-charts'

export interface ChartPanel { key: TrendChartKey; title: string; option: EChartsOption; wide?: boolean; height?: number }

/** Codes present in the cells: those of `order` first in its order, then any others sorted. */
function codesOf(cells: { code: string }[], order: readonly string[], name: (c: string) => string): { code: string; label: string }[] {
  const present = new Set(cells.map((c) => c.code))
  // (Codes such as '01' and '10': object keys put integer-like ones first, so the orders given are sorted lists.)
  const ordered = [...order.filter((c) => present.has(c)), ...[...present].filter((c) => !order.includes(c)).sort()]
  return ordered.map((code) => ({ code, label: name(code) }))
}

/** The Pareto's bars: the period's first-level causes, largest first, with those only the previous period had after them. */
export function paretoBars(view: TrendsView, previous: { code: string; cases: number }[]): { code: string; cases: number; previous: number; cumulative: number }[] {
  const now = new Map<string, number>()
  for (const c of view.byRootCause) now.set(c.code, (now.get(c.code) ?? 0) + c.cases)
  const before = new Map(previous.map((p) => [p.code, p.cases]))
  const total = [...now.values()].reduce((s, n) => s + n, 0)
  const codes = [...new Set([...now.keys(), ...before.keys()])]
    .sort((a, b) => (now.get(b) ?? 0) - (now.get(a) ?? 0) || (before.get(b) ?? 0) - (before.get(a) ?? 0) || a.localeCompare(b))
  let run = 0
  return codes.map((code) => {
    const cases = now.get(code) ?? 0
    run += cases
    return { code, cases, previous: before.get(code) ?? 0, cumulative: total ? run / total : 0 }
  })
}

/**
 * The trend view's charts for `locale`. Panels needing `extras` (units, Pareto, remediation box) are left out
 * while it is null (not loaded yet).
 */
export function trendPanels(view: TrendsView, extras: TrendExtras | null, locale: ChartLocale): ChartPanel[] {
  const w = CHART_WORDS[locale]
  const labels = CODE_LABELS[locale]
  const s = w.series
  const text: ChartText = { unit: w.unit, total: w.total, share: w.share, asOf: view.period.asOf, partial: (d) => w.asOf(Number(d.slice(5, 7)), Number(d.slice(8, 10))) }
  const buckets = view.buckets
  const cat = (c: string): string => labels.category[c as keyof typeof labels.category] ?? c
  const ch = (c: string): string => labels.channel[c as keyof typeof labels.channel] ?? c
  const sev = (c: string): string => labels.severity[c as keyof typeof labels.severity] ?? c
  const jrt = (c: string): string => (c ? `${c} ${labels.jrtCause[c] ?? CODE_LABELS['zh-CN'].jrtCause[c] ?? c}` : s.notCoded)
  const rc = (c: string): string => (locale === 'en' ? extras?.rootCauseNamesEn[c] : undefined) ?? view.rootCauseNames[c] ?? c
  const points = (pick: (x: TrendsView['series'][number]) => { n: number; d: number }): { n: number; d: number }[] =>
    buckets.map((b) => { const x = view.series.find((y) => y.bucket === b.key); return x ? pick(x) : { n: 0, d: 0 } })
  const rulePoints = (policy: 'internal' | 'regulatory', rule: number): { n: number; d: number }[] =>
    buckets.map((b) => { const r = view.rules.find((x) => x.bucket === b.key && x.policy === policy && x.rule === rule); return r ? { n: r.passed, d: r.passed + r.failed } : { n: 0, d: 0 } })
  const unitName = new Map(view.units.map((u) => [u.id, u.name]))
  const heatUnits = [...new Set(view.unitCategory.map((c) => c.unitId))]
    .map((id) => ({ id, label: id === null ? '—' : `${unitName.get(id) ?? id}${view.units.find((u) => u.id === id)?.drillable === false ? w.headOffice : ''}`, n: view.unitCategory.filter((c) => c.unitId === id).reduce((a, c) => a + c.cases, 0) }))
    .sort((a, b) => a.n - b.n)
  const periodRules = Array.from({ length: 16 }, (_, i) => {
    const rows = view.rules.filter((r) => r.rule === i + 1)
    const sum = (policy: 'internal' | 'regulatory', k: 'failed' | 'cannotTell'): number => rows.filter((r) => r.policy === policy).reduce((a, r) => a + r[k], 0)
    return { rule: `R${String(i + 1).padStart(2, '0')}`, internal: { failed: sum('internal', 'failed'), cannotTell: sum('internal', 'cannotTell') }, regulatory: { failed: sum('regulatory', 'failed'), cannotTell: sum('regulatory', 'cannotTell') } }
  })
  const conclusionCells = view.series.flatMap((x) => [
    { bucket: x.bucket, code: 'compliant', cases: x.compliant }, { bucket: x.bucket, code: 'basically', cases: x.basicallyCompliant }, { bucket: x.bucket, code: 'nonCompliant', cases: x.nonCompliant }])
  const stacked = (key: 'category' | 'channel' | 'cause' | 'rootCause' | 'severity', cells: TrendsView['byCategory'], order: readonly string[], name: (c: string) => string): ChartPanel =>
    ({ key, title: w.chart[key], option: stackedOption(w.chart[key], buckets, cells, codesOf(cells, order, name), text), wide: key === 'category' })
  const panels: ChartPanel[] = [
    stacked('category', view.byCategory, CATEGORIES, cat),
    stacked('channel', view.byChannel, CHANNELS, ch),
    {
      key: 'shares', title: w.chart.shares,
      option: shareLinesOption(w.chart.shares, buckets, [
        { name: s.indirect, points: points((x) => ({ n: x.indirect, d: x.cases })) }, { name: s.major, points: points((x) => ({ n: x.major, d: x.cases })) },
        { name: s.group, points: points((x) => ({ n: x.group, d: x.cases })) }, { name: s.repeat, points: points((x) => ({ n: x.repeat, d: x.cases })), dashed: true }], text)
    },
    stacked('cause', view.byCause, Object.keys(labels.jrtCause).sort(), jrt),
    stacked('rootCause', view.byRootCause, Object.keys(view.rootCauseNames), rc),
    stacked('severity', view.bySeverity, SEVERITIES, sev),
    {
      key: 'timeliness', title: w.chart.timeliness,
      option: shareLinesOption(w.chart.timeliness, buckets, [
        { name: s.r01, points: rulePoints('internal', 1) }, { name: s.r02, points: rulePoints('internal', 2) },
        { name: s.r04, points: rulePoints('internal', 4) }, { name: s.r05, points: rulePoints('internal', 5) },
        { name: s.r04reg, points: rulePoints('regulatory', 4), dashed: true }], text)
    },
    {
      key: 'heatmap', title: w.chart.heatmap, wide: true, height: Math.max(320, 170 + heatUnits.length * 24),
      option: heatmapOption(w.chart.heatmap, heatUnits, codesOf(view.unitCategory, CATEGORIES, cat), view.unitCategory, text)
    }
  ]
  if (extras) {
    const ranking = unitRanking(view, extras.customers, w)
    const bars = paretoBars(view, extras.previousRootCauses)
    panels.push(
      { key: 'units', title: w.chart.units, height: Math.max(320, 110 + ranking.rows.length * 24), option: unitRankOption(w.chart.units, ranking, w) },
      {
        key: 'pareto', title: w.chart.pareto, height: 360,
        option: paretoOption(bars.map((b) => ({ code: b.code, label: rc(b.code), cases: b.cases, cumulative: b.cumulative })),
          { cases: s.current, cumulative: s.cumulative, unit: w.unit },
          { previous: bars.map((b) => b.previous), label: s.previous, change: s.change, title: w.chart.pareto, noPrevious: w.noPrevious, empty: w.noTagged })
      },
      {
        key: 'remediationBox', title: w.chart.remediationBox,
        option: amountBoxOption(w.chart.remediationBox, codesOf(extras.remediationBoxes, CATEGORIES, cat)
          .map((c) => ({ ...extras.remediationBoxes.find((b) => b.code === c.code)!, label: c.label })), w)
      }
    )
  }
  panels.push(
    { key: 'rules', title: w.chart.rules, option: ruleOutcomeOption(w.chart.rules, periodRules, { internalFailed: s.internalFailed, regulatoryFailed: s.regulatoryFailed, cannotTell: s.cannotTell }, text) },
    {
      key: 'ruleMonths', title: w.chart.ruleMonths, wide: true, height: 150 + RULE_ROWS.length * 17,
      option: ruleMonthsOption(w.chart.ruleMonths, buckets, view.rules, { internal: s.internalShort, regulatory: s.regulatoryShort }, text)
    },
    {
      key: 'conclusions', title: w.chart.conclusions,
      option: stackedOption(w.chart.conclusions, buckets, conclusionCells, [
        { code: 'compliant', label: s.compliant }, { code: 'basically', label: s.basically }, { code: 'nonCompliant', label: s.nonCompliant }], text)
    },
    { key: 'satisfaction', title: w.chart.satisfaction, option: shareLinesOption(w.chart.satisfaction, buckets, [{ name: s.content, points: points((x) => ({ n: x.content, d: x.revisited })) }], text) }
  )
  return panels
}
