// Request schemas and responses of the policy parameter sets (制度参数) on the admin screen: every set by
// kind and effective day, and saving a new version of one. The parameters are validated here, so the
// renderer's form, the handlers and the CLI read the same rules.
import { z } from 'zod'
import { zDay } from './china-time'
import { zVersion } from './contract-common'

/** A day that exists (the one strict reader, shared/china-time.ts). */
const isoDate = zDay
const count = (max: number) => z.number().int().min(1).max(max)

/** The internal policy's limits (seeds 000–004; domain.md "Review rules"). Hours and working days. */
export const internalParamsSchema = z.object({
  acceptHours: count(240), classifyHours: count(240), handleWorkdays: count(60), complexHandleWorkdays: count(120), replyWorkdays: count(60),
  groupMinPeople: count(1000), escalationHours: count(240), escalateAtOncePeople: count(10000), massGatheringReportHours: count(240),
  /** 元: the remediation amount a branch may approve alone. */
  branchApprovalLimit: z.number().min(0).max(1e9)
}).strict()
  .refine((p) => p.complexHandleWorkdays >= p.handleWorkdays, { message: '复杂案件办理时限不得短于一般案件', path: ['complexHandleWorkdays'] })
  .refine((p) => p.escalateAtOncePeople >= p.groupMinPeople, { message: '立即上报人数不得少于群体投诉人数', path: ['escalateAtOncePeople'] })

/** The regulatory floor (银保监会令2020年第3号 第十八条): calendar days. */
export const regulatoryParamsSchema = z.object({
  decisionDays: count(365), complexDecisionDays: count(365), especiallyComplexExtraDays: z.number().int().min(0).max(365), reviewRequestDays: count(365),
  dayKind: z.literal('calendar')
}).strict()
  .refine((p) => p.complexDecisionDays >= p.decisionDays, { message: '复杂案件时限不得短于一般案件', path: ['complexDecisionDays'] })

export interface PolicySetView {
  id: number; code: string; kind: 'internal' | 'regulatory'; title: string; effectiveFrom: string; version: number
  params: Record<string, number | string>; source: string | null; note: string | null; createdBy: string; createdAt: string
  /** Null while it governs; otherwise when a newer version replaced it. */
  supersededAt: string | null
}

/**
 * The version of that day's set the change was made on (null: there was none). A save made on an older
 * version is refused (conflict), so two administrators cannot overwrite each other unseen; absent: not checked.
 */
const expectedVersion = zVersion.nullable().optional()

export const policyRequestSchemas = {
  'policy.list': z.object({}).strict(),
  'policy.save': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('internal'), effectiveFrom: isoDate, title: z.string().trim().min(1).max(100), params: internalParamsSchema, note: z.string().trim().min(1, '请说明修改原因').max(500), expectedVersion }).strict(),
    z.object({ kind: z.literal('regulatory'), effectiveFrom: isoDate, title: z.string().trim().min(1).max(100), params: regulatoryParamsSchema, note: z.string().trim().min(1, '请说明修改原因').max(500), expectedVersion }).strict()
  ])
} as const

export interface PolicyResponses {
  'policy.list': PolicySetView[]
  /** The new version, and whether a re-audit of the archive was started. */
  'policy.save': { set: PolicySetView; reauditStarted: boolean }
}
