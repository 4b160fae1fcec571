// Request schemas and responses of the trend view's further charts and their export (issue 12 points 2 and 7):
// the figures only the cases can answer (remediation amount quartiles, the comparison period's root causes,
// customers per unit), every chart rendered on the server as SVG or PNG and its data as XLSX, and the
// administrators' customer counts per unit and year. The figures carry no personal data.
import { z } from 'zod'
import { zId } from './contract-common'
import { caseFilterSchema } from './contract'
import { trendPeriodSchema } from './contract-trends'

/** Every chart of the trend view, by the key its panel carries (trend-panels.ts). */
export const TREND_CHART_KEYS = [
  'category', 'channel', 'shares', 'cause', 'rootCause', 'severity', 'timeliness', 'heatmap', 'units', 'pareto', 'remediationBox',
  'rules', 'ruleMonths', 'conclusions', 'satisfaction'
] as const
export type TrendChartKey = (typeof TREND_CHART_KEYS)[number]

export const CHART_LOCALES = ['zh-CN', 'en'] as const
export type ChartLocale = (typeof CHART_LOCALES)[number]

export const CHART_FILE_FORMATS = ['svg', 'png', 'xlsx'] as const
export type ChartFileFormat = (typeof CHART_FILE_FORMATS)[number]

const viewRequest = { filter: z.lazy(() => caseFilterSchema).default({}), period: trendPeriodSchema }

export const chartRequestSchemas = {
  'trends.extras': z.object(viewRequest).strict(),
  'trends.chartFile': z.object({
    ...viewRequest,
    chart: z.enum(TREND_CHART_KEYS),
    format: z.enum(CHART_FILE_FORMATS),
    locale: z.enum(CHART_LOCALES).default('zh-CN'),
    /** CSS pixels of the drawing; PNG is written at twice that. */
    width: z.number().int().min(480).max(2400).default(960)
  }).strict(),
  'trends.customers': z.object({}).strict(),
  'trends.saveCustomers': z.object({
    unitId: zId,
    year: z.number().int().min(2000).max(2099),
    /** Customers of the unit (with its sub-branches) that year; null removes the figure. */
    customers: z.number().int().min(1).max(1_000_000_000).nullable()
  }).strict()
} as const

/** Five-number summary of the offers' amounts (元) in one category; quartiles by linear interpolation (percentile_cont). */
export interface AmountBox { code: string; offers: number; min: number; q1: number; median: number; q3: number; max: number }

export interface UnitCustomers { unitId: number; year: number; customers: number }

export interface TrendExtras {
  /** The year whose customer counts rank the units: the year the period ends in. */
  customerYear: number
  /** Per rankable unit, its figure for customerYear or else its latest earlier one (with that year). */
  customers: UnitCustomers[]
  remediationBoxes: AmountBox[]
  /** First-level root causes of the primary tag in the comparison (previous) period. */
  previousRootCauses: { code: string; cases: number }[]
  /** English names of the first-level root causes (the view carries the Chinese ones). */
  rootCauseNamesEn: Record<string, string>
  ms: number
}

export interface ChartFile { fileName: string; mime: string; base64: string }

export interface CustomerRow { unitId: number; unitName: string; kind: string; year: number; customers: number; updatedBy: string; updatedAt: string }

export interface ChartResponses {
  'trends.extras': TrendExtras
  'trends.chartFile': ChartFile
  'trends.customers': CustomerRow[]
  'trends.saveCustomers': { row: CustomerRow | null }
}
