// The one contract between renderer and main process: every channel's name, its request schema (zod,
// validated in the main process by both transports) and its response type.
import { z } from 'zod'
import { zDay } from './china-time'
import { requestProblem, zId } from './contract-common'
import { CATEGORIES, CHANNELS, SEVERITIES, BUSINESS_LINES } from './codes'
import type { CaseDetail, CaseRow } from './case-types'
import type { CaseAuditView } from './review-types'
import { CHANNEL_NAMES } from './channels'
import { reviewRequestSchemas, type ReviewResponses } from './contract-reviews'
import { userRequestSchemas, type UserResponses } from './contract-users'
import { documentRequestSchemas, zReason, type DocumentResponses } from './contract-documents'
import { calendarRequestSchemas, type CalendarResponses } from './contract-calendar'
import { importRequestSchemas, type ImportResponses } from './contract-import'
import { policyRequestSchemas, type PolicyResponses } from './contract-policy'
import { rootCauseRequestSchemas, type RootCauseResponses } from './contract-rootcause'
import { trendRequestSchemas, type TrendResponses } from './contract-trends'
import { legalRequestSchemas, type LegalResponses } from './contract-legal'
import { rectificationRequestSchemas, type RectificationResponses } from './contract-rectification'
import { settingsRequestSchemas, type SettingsResponses } from './contract-settings'
import { chartRequestSchemas, type ChartResponses } from './contract-charts'
import { quarterRequestSchemas, type QuarterResponses } from './contract-quarters'
import { CASE_EXPORT_FORMATS, UNMASKED_REASON_MESSAGE, unmaskedNeedsReason, zExportReason, type CaseExportStatus } from './contract-case-export'

export * from './case-types'
export * from './review-types'
export * from './contract-documents'
export * from './contract-calendar'
export * from './contract-import'
export * from './contract-policy'
export * from './contract-common'
export * from './contract-rootcause'
export * from './contract-trends'
export * from './contract-legal'
export * from './contract-rectification'
export * from './contract-settings'
export * from './contract-charts'
export * from './contract-quarters'
export * from './contract-case-export'
export * from './contract-users'

/** A calendar day, YYYY-MM-DD, that exists (2025-02-30 is refused, not rolled over). */
const isoDate = zDay

export const caseFilterSchema = z.object({
  receivedFrom: isoDate.optional(),
  receivedTo: isoDate.optional(),
  channel: z.enum(CHANNELS).optional(),
  category: z.enum(CATEGORIES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  businessLine: z.enum(BUSINESS_LINES).optional(),
  unitId: zId.optional(),
  group: z.boolean().optional(),
  repeat: z.boolean().optional(),
  text: z.string().trim().max(50).optional(),
  /** A root-cause code (a first-level one takes its children in), or 'none' for cases without any cause yet. */
  rootCause: z.union([z.literal('none'), z.string().regex(/^RC[0-9]{2}(\.[0-9]{2})?$/, '根因分类代码形如 RC06 或 RC06.01')]).optional(),
  /** With rootCause: only the primary cause (the default, as the Pareto counts) or any of a case's causes. */
  rootCauseRole: z.enum(['primary', 'any']).optional(),
  /** Only the cases waiting to be tagged again after their cause was split (待重新标注). */
  retag: z.boolean().optional(),
  /** Only the cases an import created, changed or found unchanged (import_cases). */
  importId: zId.optional(),
  /** 「审查后案卷有变更」: only the cases an import changed after their latest review was approved (case_post_review_changes). */
  changedAfterReview: z.boolean().optional(),
  /** Only the cases whose stored audit result fails this rule (1–16: R01…R16), under `failedRulePolicy`. */
  failedRule: z.number().int().min(1, '审查规则为 R01–R16').max(16, '审查规则为 R01–R16').optional(),
  /** With failedRule: the internal policy (the default) or the regulatory floor. */
  failedRulePolicy: z.enum(['internal', 'regulatory']).optional()
}).strict()
  // A reversed range would quietly match nothing: say what is wrong instead (both days are inclusive).
  .refine((f) => !f.receivedFrom || !f.receivedTo || f.receivedFrom <= f.receivedTo,
    { message: '开始日期晚于结束日期：请把开始日期设为不晚于结束日期', path: ['receivedTo'] })
export type CaseFilter = z.infer<typeof caseFilterSchema>

export const CASE_SORTS = ['received_at', 'closed_at', 'case_no'] as const
export type CaseSort = (typeof CASE_SORTS)[number]

export const caseListSchema = z.object({
  filter: caseFilterSchema.default({}),
  sort: z.enum(CASE_SORTS).default('received_at'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  /** Opaque keyset cursor from the previous page; absent for the first page. */
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(500).default(100)
}).strict()
export type CaseListRequest = z.input<typeof caseListSchema>

export interface CaseListResponse {
  rows: CaseRow[]
  nextCursor: string | null
}

export interface CaseCountResponse {
  /** Exact when `capped` is false; otherwise at least this many. */
  count: number
  capped: boolean
  /** The planner's estimate, shown as “约 N” when the exact count is capped. */
  estimate: number
}

export interface OptionsResponse {
  units: { id: number; name: string; kind: string }[]
}

/**
 * Before sign-in only what the sign-in screen needs (version, whether the archive is demo data); the
 * archive's kind and size once signed in. Never the operating-system user's name.
 */
export interface AppInfoResponse {
  version: string
  demo: boolean
  /** Before sign-in on a new archive: no administrator yet, so the sign-in screen asks for one. */
  needsAdmin?: boolean
  database?: 'embedded' | 'external'
  caseCount?: number
  /** True when caseCount is the planner's estimate (large archives), shown as “约 N”. */
  caseCountEstimated?: boolean
  /** Signed in: when the archive was last backed up (a `dossier backup`, or the automatic one before an upgrade); null for never. */
  lastBackupAt?: string | null
}

export const idSchema = z.object({ id: zId }).strict()

/** Channel name → request schema. The transports accept only these names. */
export const requestSchemas = {
  'app.info': z.object({}).strict(),
  'meta.options': z.object({}).strict(),
  'cases.list': caseListSchema,
  'cases.count': z.object({ filter: caseFilterSchema.default({}) }).strict(),
  'cases.get': idSchema,
  /** The engine's judgement of one case today, under both policy sets, failed rules first. */
  'cases.audit': idSchema,
  /** One personal-data field of a case in full, for someone whose work needs it; the reason is recorded. */
  'cases.unmask': z.object({ caseId: zId, field: z.enum(['name', 'phone', 'idNo', 'address']), reason: zReason }).strict(),
  /** Every case the list's filter matches, in its order, to a file (contract-case-export.ts); personal data in full only with a reason. */
  'cases.exportStart': caseListSchema.omit({ cursor: true, limit: true }).extend({
    format: z.enum(CASE_EXPORT_FORMATS), unmasked: z.boolean().default(false), reason: zExportReason.optional()
  }).strict().refine(unmaskedNeedsReason, { message: UNMASKED_REASON_MESSAGE, path: ['reason'] }),
  'cases.exportStatus': z.object({}).strict(),
  'cases.exportCancel': z.object({}).strict(),
  ...reviewRequestSchemas,
  ...userRequestSchemas,
  ...documentRequestSchemas,
  ...calendarRequestSchemas,
  ...policyRequestSchemas,
  ...rootCauseRequestSchemas,
  ...trendRequestSchemas,
  ...legalRequestSchemas,
  ...rectificationRequestSchemas,
  ...importRequestSchemas,
  ...settingsRequestSchemas,
  ...chartRequestSchemas,
  ...quarterRequestSchemas
} as const

export type Channel = keyof typeof requestSchemas

/**
 * A request as the main process accepts it: plain JSON data, every text in it storable (no NUL, no unpaired
 * surrogate, at any depth), then the channel's schema. The message names the field, as invalid_request shows it.
 */
export function parseRequest(channel: Channel, request: unknown): { ok: true; data: unknown } | { ok: false; message: string } {
  const problem = requestProblem(request)
  if (problem) return { ok: false, message: problem }
  const parsed = requestSchemas[channel].safeParse(request)
  if (parsed.success) return { ok: true, data: parsed.data }
  // A message may quote the value (不是有效日期「…」): a huge one is cut, not echoed back whole.
  const cut = (m: string): string => (m.length > 200 ? `${m.slice(0, 200)}…` : m)
  return { ok: false, message: parsed.error.issues.slice(0, 10).map((i) => cut(`${i.path.join('.') || 'request'}: ${i.message}`)).join('; ') }
}
export type RequestOf<C extends Channel> = z.input<(typeof requestSchemas)[C]>
export type ParsedRequestOf<C extends Channel> = z.output<(typeof requestSchemas)[C]>

export interface Responses extends ReviewResponses, UserResponses, DocumentResponses, CalendarResponses, PolicyResponses, RootCauseResponses, TrendResponses, LegalResponses, ImportResponses, RectificationResponses, SettingsResponses, ChartResponses, QuarterResponses {
  'app.info': AppInfoResponse
  'meta.options': OptionsResponse
  'cases.list': CaseListResponse
  'cases.count': CaseCountResponse
  'cases.get': CaseDetail
  'cases.audit': CaseAuditView
  'cases.unmask': { value: string }
  'cases.exportStart': CaseExportStatus
  'cases.exportStatus': CaseExportStatus
  'cases.exportCancel': CaseExportStatus
}
export type ResponseOf<C extends Channel> = Responses[C]

/** What the renderer's stores call: errors arrive as a thrown `DossierError`. */
export interface DossierApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>
}

/**
 * What the preload exposes as `window.dossier` (Electron) and what POST /api/<channel> answers in browser
 * mode: the envelope, so no Error object has to cross the bridge.
 */
export interface DossierBridge {
  invoke(channel: Channel, request: unknown): Promise<Envelope<unknown>>
}

/** Errors cross the boundary as data, never as thrown objects with stacks. */
export interface ApiError { code: 'invalid_request' | 'not_found' | 'forbidden' | 'unauthenticated' | 'conflict' | 'internal'; message: string }
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiError }

export { CHANNEL_NAMES }
// The allowlist and the schemas must name the same channels.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
export const channelsMatch: Same<(typeof CHANNEL_NAMES)[number], Channel> = true
