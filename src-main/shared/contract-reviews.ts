// Request schemas and responses of sign-in, users, the audit engine, review plans and reviews.
import { z } from 'zod'
import { zDay } from './china-time'
import { zId, zVersion } from './contract-common'
import { CONCLUSIONS, FINDING_SEVERITIES, type AuditStatus, type PlanPreview, type PlanSummary, type ReviewDetail, type ReviewQueue, type SessionUser, type UserSummary } from './review-types'

/** A calendar day, YYYY-MM-DD, that exists (2025-02-30 is refused, not rolled over). */
const isoDate = zDay
const id = zId
const ruleCode = z.string().regex(/^R(0[1-9]|1[0-6])$/, 'expected R01…R16')
const STATUS = z.enum(['pass', 'fail', 'not_applicable', 'cannot_tell'])
/** The period and sample of a review plan (its preview asks with the same fields). */
const planSelection = {
  receivedFrom: isoDate,
  receivedTo: isoDate,
  sampleRate: z.number().min(0).max(1),
  sampleSeed: z.number().int().min(0).max(2_147_483_647),
  includeFlagged: z.boolean().default(true)
}
/** Every change to a review names the version it was made against (optimistic locking). */
const versioned = { id, version: zVersion }

export const reviewRequestSchemas = {
  'auth.signIn': z.object({ username: z.string().trim().min(1).max(40), password: z.string().min(1).max(200) }).strict(),
  'auth.signOut': z.object({}).strict(),
  'auth.me': z.object({}).strict(),
  /** Changes the signed-in user's own password (password-rules.ts). */
  'auth.changePassword': z.object({ current: z.string().min(1).max(200), next: z.string().min(1).max(200) }).strict(),
  /** The first administrator of a new archive, from the sign-in screen: only while there is none. */
  'setup.createAdmin': z.object({ username: z.string().trim().regex(/^[a-z][a-z0-9._-]{2,39}$/i, '用户名为 3–40 位字母、数字、点、横线或下划线，以字母开头'),
    displayName: z.string().trim().min(1).max(40), password: z.string().min(1).max(200) }).strict(),
  'users.list': z.object({}).strict(),
  'audit.status': z.object({}).strict(),
  'audit.run': z.object({}).strict(),
  'plans.list': z.object({}).strict(),
  /** What a plan of this period and sample would create, and how many of its cases are already in an open plan. */
  'plans.preview': z.object(planSelection).strict().refine((p) => p.receivedFrom < p.receivedTo, { message: '结束日期应晚于开始日期', path: ['receivedTo'] }),
  'plans.create': z.object({
    name: z.string().trim().min(1).max(100),
    ...planSelection,
    reviewerIds: z.array(id).min(1).max(50),
    /** Cases already in another open plan: left out (default) or reviewed again. */
    overlap: z.enum(['skip', 'include']).default('skip')
  }).strict().refine((p) => p.receivedFrom < p.receivedTo, { message: '结束日期应晚于开始日期', path: ['receivedTo'] }),
  /** changedAfterReview: only approved reviews an import changed the case after (「审查后案卷有变更」). */
  'reviews.queue': z.object({ scope: z.enum(['mine', 'to_decide', 'plan']), planId: id.optional(), changedAfterReview: z.boolean().optional() }).strict(),
  'reviews.get': z.object({ id }).strict(),
  'reviews.forCase': z.object({ caseId: id }).strict(),
  'reviews.saveRule': z.object({
    ...versioned, rule: ruleCode, decision: z.enum(['confirmed', 'overridden']), finalStatus: STATUS.optional(), note: z.string().trim().max(2000).default('')
  }).strict().refine((r) => r.decision === 'confirmed' || (r.finalStatus && r.note), { message: '改判须选择结果并说明理由', path: ['note'] }),
  'reviews.saveFinding': z.object({
    ...versioned,
    finding: z.object({
      id: id.optional(), rule: ruleCode.nullable().default(null), severity: z.enum(FINDING_SEVERITIES),
      description: z.string().trim().min(1, '请填写问题描述').max(2000), requiredAction: z.string().trim().max(2000).nullable().default(null),
      ownerUnitId: id.nullable().default(null), dueOn: isoDate.nullable().default(null)
    }).strict()
  }).strict(),
  'reviews.deleteFinding': z.object({ ...versioned, findingId: id }).strict(),
  'reviews.saveConclusion': z.object({ ...versioned, conclusion: z.enum(CONCLUSIONS).nullable(), opinion: z.string().trim().max(4000).nullable() }).strict(),
  'reviews.submit': z.object(versioned).strict(),
  'reviews.decide': z.object({ ...versioned, decision: z.enum(['approve', 'return']), comment: z.string().trim().max(2000).default('') })
    .strict().refine((d) => d.decision === 'approve' || d.comment.length > 0, { message: '退回须填写意见', path: ['comment'] })
} as const

export interface ReviewResponses {
  'auth.signIn': SessionUser
  'auth.signOut': { ok: true }
  'auth.me': { user: SessionUser | null; demoPassword: string | null }
  'auth.changePassword': { ok: true }
  'setup.createAdmin': UserSummary
  'users.list': UserSummary[]
  'audit.status': AuditStatus
  'audit.run': AuditStatus
  'plans.list': PlanSummary[]
  'plans.preview': PlanPreview
  'plans.create': PlanSummary
  'reviews.queue': ReviewQueue
  'reviews.get': ReviewDetail
  'reviews.forCase': { reviewId: number | null }
  'reviews.saveRule': ReviewDetail
  'reviews.saveFinding': ReviewDetail
  'reviews.deleteFinding': ReviewDetail
  'reviews.saveConclusion': ReviewDetail
  'reviews.submit': ReviewDetail
  'reviews.decide': ReviewDetail
}
