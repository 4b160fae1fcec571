// Request schemas and responses of the legal department's workbench (issue 13): the offers list with its
// filters and queues, one offer with its checks, precedent and opinions, signing and co-signing a legal
// opinion (optimistic locking by version), and the authority matrix (admin). Amounts in 元.
import { z } from 'zod'
import { zDay } from './china-time'
import { INT4_MAX, zId, zVersion } from './contract-common'
import { BUSINESS_LINES, CATEGORIES, OFFER_TYPES } from './codes'

export const LEGAL_CHECK_CODES = ['authority', 'basis', 'acceptance', 'payment', 'caveat_emptor', 'precedent'] as const
export type LegalCheckCode = (typeof LEGAL_CHECK_CODES)[number]
export const LEGAL_QUEUES = ['todo', 'mine', 'cosign', 'final', 'all'] as const
export type LegalQueue = (typeof LEGAL_QUEUES)[number]
export const OPINION_DECISIONS = ['agree', 'agree_amended', 'disagree'] as const
export type OpinionDecision = (typeof OPINION_DECISIONS)[number]
export const OPINION_DECISION_ZH: Record<OpinionDecision, string> = { agree: '同意', agree_amended: '修改后同意', disagree: '不同意' }
/** none: never reviewed; stale: the offer or case changed after the opinion (方案已变更，需重新审查). */
export const LEGAL_REVIEW_STATUSES = ['none', 'awaiting_cosign', 'final', 'stale'] as const
export type LegalReviewStatus = (typeof LEGAL_REVIEW_STATUSES)[number]

// 元; at most the int4 bound every number of the contract keeps to (2,147,483,647 元 is beyond any remediation offer).
const amount = z.number().min(0).max(INT4_MAX)

export const legalOfferFilterSchema = z.object({
  /** Approval day range (China time, inclusive); an offer without approval counts by its case's receipt. */
  from: zDay.optional(),
  to: zDay.optional(),
  unitId: zId.optional(),
  category: z.enum(CATEGORIES).optional(),
  businessLine: z.enum(BUSINESS_LINES).optional(),
  type: z.enum(OFFER_TYPES).optional(),
  /** Part of the product's name. */
  product: z.string().trim().min(1).max(50).optional(),
  rootCause: z.string().regex(/^RC[0-9]{2}(\.[0-9]{2})?$/, '根因分类代码形如 RC06 或 RC06.01').optional(),
  amountMin: amount.optional(),
  amountMax: amount.optional(),
  /** Offers failing this check; 'any' = failing any; 'none' = failing none. */
  check: z.enum([...LEGAL_CHECK_CODES, 'any', 'none']).optional(),
  reviewStatus: z.enum(LEGAL_REVIEW_STATUSES).optional()
}).strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: '开始日期晚于结束日期', path: ['to'] })
  .refine((f) => f.amountMin === undefined || f.amountMax === undefined || f.amountMin <= f.amountMax, { message: '最低金额大于最高金额', path: ['amountMax'] })
export type LegalOfferFilter = z.infer<typeof legalOfferFilterSchema>

export const LEGAL_SORTS = ['approved_at', 'amount', 'case_no'] as const
/** Precedent compared within the business line (the stored check's scope) or, narrower, within the same product. */
export const PRECEDENT_BY = ['business_line', 'product'] as const
export type PrecedentBy = (typeof PRECEDENT_BY)[number]
const precedentView = {
  windowMonths: z.number().int().min(0).max(120).optional(),
  precedentBy: z.enum(PRECEDENT_BY).optional()
}

export interface LegalOfferRow {
  id: number; caseId: number; caseNo: string; type: string; amount: number; basis: string | null
  approverName: string | null; approvalLevel: string | null; approvedAt: string | null
  customerAccepted: boolean | null; settlementSignedAt: string | null; paidAt: string | null
  unitName: string; category: string; businessLine: string; product: string | null
  failed: LegalCheckCode[]; outlier: boolean
  reviewStatus: LegalReviewStatus; opinionId: number | null; decision: OpinionDecision | null; signerName: string | null; cosignerName: string | null
}

export interface LegalCheckView { code: LegalCheckCode; titleZh: string; status: 'pass' | 'fail' | 'not_applicable' | 'cannot_tell'; reason: string; evidence: Record<string, string | number | boolean | null>; source: string }

export interface PrecedentView {
  count: number; median: number | null; p10: number | null; p90: number | null; outlier: boolean | null; tooFew: boolean; minCount: number; windowMonths: number
  /** by: compared within the business line (default) or within the same product; product: the offer's case's product. */
  criteria: { rootCause: string | null; businessLine: string; category: string; type: string; by?: PrecedentBy; product?: string | null }
  nearest: { offerId: number; caseId: number; caseNo: string; amount: number; approvedAt: string | null; paid: boolean }[]
}

export interface LegalOpinionView {
  id: number; offerId: number; status: 'awaiting_cosign' | 'final' | 'superseded'; decision: OpinionDecision
  amendedAmount: number | null; amendedTerms: string | null; reasoning: string; basisCodes: string[]; basisText: string | null
  signerId: number; signerName: string; signedAt: string; needsCosign: boolean
  cosignerId: number | null; cosignerName: string | null; cosignedAt: string | null
  stale: boolean; staleReason: string | null; version: number
  /** The offer, case facts and precedent band as they were when signed. */
  snapshot: Record<string, unknown>
}

export interface LegalBasisView { code: string; kind: 'law' | 'regulation' | 'internal'; title: string; article: string | null }

/** The case as the legal review needs it: no complainant's name, phone, ID or address; free text masked. */
export interface LegalCaseFacts {
  caseId: number; caseNo: string; receivedAt: string; closedAt: string; unitName: string; businessLine: string; category: string; severity: string
  product: string | null; summary: string; request: string; facts: string | null; responsibility: string | null; resolution: string | null
  rootCause: { code: string; name: string; internal: boolean } | null; suitabilityAssessed: boolean | null; dualRecorded: boolean | null
  complainant: string
}

export interface LegalOfferDetail {
  offer: LegalOfferRow & { acceptedAt: string | null; dueAt: string | null; terms: string | null; version: number }
  caseFacts: LegalCaseFacts
  checks: LegalCheckView[]
  precedent: PrecedentView
  /** The current opinion (not superseded), then the earlier ones, newest first. */
  opinion: LegalOpinionView | null
  history: LegalOpinionView[]
  /** 元: above it the opinion needs a second legal signature (the matrix in force on the approval day). */
  cosignAbove: number
  matrixTitle: string | null
  bases: LegalBasisView[]
}

export interface AuthorityMatrixView {
  id: number; effectiveFrom: string; title: string; settlementAbove: number | null; cosignAbove: number; note: string | null
  version: number; createdBy: string; createdAt: string
  limits: { level: string; rank: number; type: string; maxAmount: number | null }[]
}

const limitSchema = z.object({
  level: z.string().trim().min(1).max(20), rank: z.number().int().min(1).max(20), type: z.enum(OFFER_TYPES), maxAmount: amount.nullable()
}).strict()

export const legalRequestSchemas = {
  'legal.offers': z.object({
    filter: legalOfferFilterSchema.default({}),
    queue: z.enum(LEGAL_QUEUES).default('all'),
    sort: z.enum(LEGAL_SORTS).default('approved_at'),
    dir: z.enum(['asc', 'desc']).default('desc'),
    offset: z.number().int().min(0).max(1_000_000).default(0),
    limit: z.number().int().min(1).max(500).default(100)
  }).strict(),
  'legal.offer': z.object({ id: zId, ...precedentView }).strict(),
  'legal.sign': z.object({
    offerId: zId,
    /** The precedent band as the signer saw it (kept in the opinion's snapshot). */
    ...precedentView,
    /** The version of the current opinion being replaced (a stale one), null when there is none. */
    replaces: z.object({ id: zId, version: zVersion }).strict().nullable().default(null),
    decision: z.enum(OPINION_DECISIONS),
    amendedAmount: amount.nullable().default(null),
    amendedTerms: z.string().trim().max(2000).nullable().default(null),
    reasoning: z.string().trim().min(1, '请填写审查理由').max(4000),
    basisCodes: z.array(z.string().max(40)).max(20).default([]),
    basisText: z.string().trim().max(2000).nullable().default(null)
  }).strict()
    .refine((r) => r.decision !== 'agree_amended' || r.amendedAmount !== null || !!r.amendedTerms, { message: '修改后同意须写明修改后的金额或条件', path: ['amendedAmount'] })
    .refine((r) => r.basisCodes.length > 0 || !!r.basisText, { message: '请引用至少一项法律依据（从列表选择或填写）', path: ['basisCodes'] }),
  'legal.cosign': z.object({ id: zId, version: zVersion }).strict(),
  /** Every offer matching the filter and queue, as a file (CSV with a BOM, or XLSX); masked, formula-neutralised. */
  'legal.export': z.object({
    filter: legalOfferFilterSchema.default({}),
    queue: z.enum(LEGAL_QUEUES).default('all'),
    format: z.enum(['csv', 'xlsx'])
  }).strict(),
  'legal.matrices': z.object({}).strict(),
  'legal.saveMatrix': z.object({
    effectiveFrom: zDay, title: z.string().trim().min(1).max(100), settlementAbove: amount.nullable(), cosignAbove: amount,
    limits: z.array(limitSchema).min(1).max(200), note: z.string().trim().min(1, '请说明修改原因').max(500),
    /** The version of that day's matrix the change was made on (null: none); a stale one is refused. */
    expectedVersion: zVersion.nullable()
  }).strict()
} as const

export interface LegalResponses {
  /** `total` counts up to 10,000; `capped`: more than that match. */
  'legal.offers': { rows: LegalOfferRow[]; total: number; capped: boolean }
  'legal.offer': LegalOfferDetail
  'legal.sign': LegalOfferDetail
  'legal.cosign': LegalOfferDetail
  /** Desktop: saved where the user chose (savedTo; null and rows 0 when cancelled). Browser: a one-use downloadUrl. */
  'legal.export': { rows: number; fileName: string; savedTo: string | null; downloadUrl: string | null }
  'legal.matrices': AuthorityMatrixView[]
  'legal.saveMatrix': { matrix: AuthorityMatrixView; recomputed: number }
}
