// Request schema and response of the trend charts (趋势, issue 12): every chart and KPI card of the view for
// the case list's filter and a period, answered from the trend summaries (migration 19) when they cover
// the filter, else by one pass over the cases with the same SQL. The figures carry no personal data.
import { z } from 'zod'
import { caseFilterSchema } from './contract'
import { zId } from './contract-common'

/** A month, YYYY-MM (2000–2099). */
export const zMonth = z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM，如 2026-03')

export const TREND_GRAINS = ['month', 'quarter', 'year'] as const
export type TrendGrain = (typeof TREND_GRAINS)[number]

export const trendPeriodSchema = z.object({
  grain: z.enum(TREND_GRAINS),
  /** First and last month of the range, inclusive; widened to whole quarters or years for those grains. */
  from: zMonth,
  to: zMonth
}).strict()
  .refine((p) => p.from <= p.to, { message: '开始月份晚于结束月份', path: ['to'] })
  .refine((p) => Number(p.to.slice(0, 4)) * 12 + Number(p.to.slice(5)) - (Number(p.from.slice(0, 4)) * 12 + Number(p.from.slice(5))) < 120,
    { message: '时间范围最长 10 年', path: ['to'] })
export type TrendPeriod = z.infer<typeof trendPeriodSchema>

export const trendRequestSchemas = {
  // Lazily: contract.ts, which defines the filter, imports this module first.
  'trends.view': z.object({ filter: z.lazy(() => caseFilterSchema).default({}), period: trendPeriodSchema }).strict(),
  /** One rule's result and evidence for the cases of a drilled-down page (rule-evidence.ts). */
  'trends.ruleEvidence': z.object({
    caseIds: z.array(zId).max(500, '一次最多 500 件'),
    rule: z.number().int().min(1, '审查规则为 R01–R16').max(16, '审查规则为 R01–R16'),
    policy: z.enum(['internal', 'regulatory']).default('internal')
  }).strict()
} as const

/** A stretch of days, both inclusive, YYYY-MM-DD, China time. */
export interface DayRange { from: string; to: string; label: string }
export interface TrendBucket extends DayRange {
  /** Bucket start, YYYY-MM-DD: the key the chart rows carry. */
  key: string
  /** Today (China time) falls in it: its figures are so far, not a drop. */
  partial: boolean
  /** It starts after today: nothing can be in it yet. */
  future: boolean
}

/** On time = passed / (passed + failed); cannot-tell results are left out and shown as their own share. */
export interface OnTimeRate { passed: number; failed: number; cannotTell: number; rate: number | null; cannotTellShare: number | null }

export interface TrendKpis {
  cases: number; major: number; group: number; repeat: number; indirect: number
  audited: number; flagged: number
  /** R04 (handled in time) under each policy set. */
  onTime: { internal: OnTimeRate; regulatory: OnTimeRate }
  revisited: number; content: number
  reviewed: number; compliant: number; basicallyCompliant: number; nonCompliant: number; findings: number
  offers: number
  /** 元 */
  remediation: number
  tagged: number
}

export interface TrendCell { bucket: string; code: string; cases: number }
export interface TrendRuleCell { bucket: string; policy: 'internal' | 'regulatory'; rule: number; passed: number; failed: number; cannotTell: number }
export interface TrendSeriesPoint {
  bucket: string; cases: number; indirect: number; group: number; repeat: number; major: number
  revisited: number; content: number; dissatisfied: number; offers: number; remediation: number
  reviewed: number; compliant: number; basicallyCompliant: number; nonCompliant: number; findings: number
}

export interface TrendsView {
  /** Where the figures came from: the summaries, or one pass over the cases (with why). */
  source: 'summary' | 'scan'
  scanReason: string | null
  grain: TrendGrain
  period: DayRange & { partial: boolean; asOf: string | null }
  previous: DayRange
  lastYear: DayRange
  buckets: TrendBucket[]
  kpis: { current: TrendKpis; previous: TrendKpis; lastYear: TrendKpis }
  series: TrendSeriesPoint[]
  byCategory: TrendCell[]
  byChannel: TrendCell[]
  bySeverity: TrendCell[]
  /** JR/T 0169 axis C code ('' = not coded). */
  byCause: TrendCell[]
  /** First-level root cause of the primary tag (untagged cases are not in it). */
  byRootCause: TrendCell[]
  /** Whole period; units rolled up as the case list's unit filter reads them (a branch with its sub-branches). */
  unitCategory: { unitId: number | null; code: string; cases: number }[]
  units: { id: number; name: string; drillable: boolean }[]
  rootCauseNames: Record<string, string>
  /** Every rule per bucket under both policy sets. */
  rules: TrendRuleCell[]
  /** Server time to answer, ms. */
  ms: number
}

/** What the engine found for one rule on each case asked for; `stored` is audit_results' status (null: not audited). */
export interface RuleEvidenceResponse {
  rule: string
  policy: 'internal' | 'regulatory'
  title: string
  titleEn: string
  rows: {
    caseId: number; caseNo: string
    stored: 'pass' | 'fail' | 'not_applicable' | 'cannot_tell' | null
    status: 'pass' | 'fail' | 'not_applicable' | 'cannot_tell'
    reason: string
    evidence: Record<string, string | number | boolean | null>
  }[]
}

export interface TrendResponses {
  'trends.view': TrendsView
  'trends.ruleEvidence': RuleEvidenceResponse
}
