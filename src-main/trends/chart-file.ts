// One chart of the trend view as a file, drawn on the server (issue 12 point 7): the figures of trends.view
// and trends.extras, the panel trend-panels.ts builds for the view (the very option the screen draws), then
// ECharts' SSR for SVG, resvg for PNG, exceljs for the data. Read-only; no personal data.
import type { DataSource } from 'typeorm'
import { DateTime } from 'luxon'
import type { ChartFile, ParsedRequestOf } from '../shared/contract'
import { CHART_WORDS } from '../shared/chart-text'
import { CHINA_ZONE } from '../shared/china-time'
import { trendPanels, type ChartPanel } from '../shared/trend-panels'
import { chartPng, chartSvg } from '../charts/render'
import { chartWorkbook } from '../charts/workbook'
import { notFound } from '../transport/errors'
import { trendsView } from './query'
import { trendExtras } from './extras'

const MIME = { svg: 'image/svg+xml', png: 'image/png', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const

/** A file name Windows and macOS accept: the chart's title and the period, without / \ : * ? " < > |. */
export const chartFileName = (title: string, period: string, ext: string): string => `${`${title}-${period}`.replace(/[/\\:*?"<>|\s]+/g, '_')}.${ext}`

/** The panel's drawing size: the request's width, the panel's own height (the screen's) or 400 px. */
export const panelHeight = (p: ChartPanel): number => p.height ?? 400

/**
 * @throws not_found when the chart has nothing to draw for this filter (no such panel)
 * @param now epoch ms (tests); the clock otherwise
 */
export async function chartFile(ds: DataSource, req: ParsedRequestOf<'trends.chartFile'>, now?: number): Promise<ChartFile> {
  const [view, extras] = await Promise.all([trendsView(ds, req.filter, req.period, now), trendExtras(ds, req.filter, req.period, now)])
  const panel = trendPanels(view, extras, req.locale).find((p) => p.key === req.chart)
  if (!panel) throw notFound('该图表不存在')
  const name = (ext: string): string => chartFileName(panel.title, view.period.label, ext)
  if (req.format === 'svg') return { fileName: name('svg'), mime: MIME.svg, base64: Buffer.from(chartSvg(panel.option, req.width, panelHeight(panel))).toString('base64') }
  if (req.format === 'png') return { fileName: name('png'), mime: MIME.png, base64: chartPng(panel.option, req.width, panelHeight(panel)).toString('base64') }
  const a = CHART_WORDS[req.locale].about
  const filter = Object.entries(req.filter).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${String(v)}`).join('; ')
  const bytes = await chartWorkbook(panel.title, panel.option, [
    [a.chart, panel.title], [a.period, `${view.period.label}（${view.period.from} – ${view.period.to}）`], [a.filter, filter || a.none],
    [a.source, view.source === 'summary' ? a.summary : `${a.scan}${view.scanReason ? `：${view.scanReason}` : ''}`],
    [a.generatedAt, DateTime.fromMillis(now ?? Date.now(), { zone: CHINA_ZONE }).toFormat('yyyy-MM-dd HH:mm')]
  ], a.sheet)
  return { fileName: name('xlsx'), mime: MIME.xlsx, base64: bytes.toString('base64') }
}
