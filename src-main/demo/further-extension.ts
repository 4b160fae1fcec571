// The further extension of an especially complex case (银保监会令2020年第3号 第十八条) in the demo archive,
// and the regulatory floor's R04 ground truth: whether the decision was told within 15 days, 30 (complex) or
// 60 (complex, with a further extension that meets 第十八条). Drawn from a random stream of its own, so adding
// it left every other field of the generated cases as it was.
import { INITIAL_POLICY_SETS, type RegulatoryPolicyParams } from '../db/policy-defaults'
import type { ExtensionApprovalLevel } from '../shared/codes'
import type { Rng } from './random'
import { DAY, HOUR, MIN, calendar, dayNumberOf, officeTime } from './timeline'

const regulatorySet = INITIAL_POLICY_SETS.find((p) => p.kind === 'regulatory')!
const reg = regulatorySet.params as RegulatoryPolicyParams
const IN_FORCE_FROM = Date.parse(`${regulatorySet.effectiveFrom}T00:00:00+08:00`)
const CST = 8 * HOUR

/** Share of the further extensions recorded on cases that need one which do not meet 第十八条. */
export const FURTHER_EXTENSION_VIOLATION_RATE = 0.4
/** Share of complex cases that need a further extension (decision after day 30) but record none. */
const MISSING_RATE = 0.2
/** Share of complex cases decided within 30 days that still record one (asked for, then not needed). */
const UNNEEDED_RATE = 0.08

export interface GenFurtherExtension { approverId: number | null; level: ExtensionApprovalLevel | null; approvedAt: number | null; notifiedAt: number | null }

/** The approvers the generator can pick: the higher-level branch, a head-office senior manager, the sub-branch's head. */
export interface ExtensionApprovers { branch: () => number; headOffice: () => number; subBranch: () => number }

/** End (exclusive instant) of a period of `days` calendar days from receipt, its last day moved to the next working day. */
export function calendarLimitEnd(receivedAt: number, days: number): number {
  let d = dayNumberOf(receivedAt) + days
  while (!calendar.isWorkdayNumberLenient(d)) d++
  return (d + 1) * DAY - CST
}

const VIOLATIONS = ['仅经支行审批', '未告知投诉人', '告知晚于30日期限', '审批晚于30日期限'] as const
/** The routine sub-branch approval the issue names is the commonest; the others as often as each other. */
const VIOLATION_WEIGHTS = [4, 2, 2, 2]

/**
 * A complex case's further extension, if it records one, and the regulatory R04 truth: the reason the
 * decision came too late, or null when it was in time (or no regulatory set was in force).
 */
export function furtherExtensionFor(r: Rng, c: { receivedAt: number; classifiedAt: number; replyAt: number; isComplex: boolean }, who: ExtensionApprovers):
  { extension: GenFurtherExtension | null; regulatoryR04: string | null } {
  const end30 = calendarLimitEnd(c.receivedAt, reg.complexDecisionDays)
  let extension: GenFurtherExtension | null = null
  let violation: string | null = null
  const valid = (level: ExtensionApprovalLevel): GenFurtherExtension => ({
    level, approverId: level === 'higher_branch' ? who.branch() : who.headOffice(), approvedAt: null, notifiedAt: null
  })
  if (c.isComplex && c.replyAt >= end30 && !r.chance(MISSING_RATE)) {
    // Approved a few days before the 30 days run out and told within a day.
    extension = valid(r.chance(0.7) ? 'higher_branch' : 'head_office_senior')
    extension.approvedAt = Math.max(c.classifiedAt + HOUR, officeTime(r, dayNumberOf(end30 - 1) - r.int(2, 8)))
    extension.notifiedAt = extension.approvedAt + r.int(30, 20 * 60) * MIN
    if (r.chance(FURTHER_EXTENSION_VIOLATION_RATE)) {
      violation = r.weighted(VIOLATIONS, VIOLATION_WEIGHTS)
      if (violation === '仅经支行审批') { extension.level = 'sub_branch'; extension.approverId = who.subBranch() }
      else if (violation === '未告知投诉人') extension.notifiedAt = null
      else if (violation === '告知晚于30日期限') extension.notifiedAt = end30 + r.int(1, 5) * DAY + r.int(0, 8 * 60) * MIN
      else { extension.approvedAt = end30 + r.int(0, 3) * DAY + r.int(9 * 60, 16 * 60) * MIN; extension.notifiedAt = extension.approvedAt + r.int(30, 20 * 60) * MIN }
    }
  } else if (c.isComplex && c.replyAt < end30 && r.chance(UNNEEDED_RATE)) {
    // Asked for while the case looked long, then decided early; now and then approved only by the sub-branch.
    extension = valid(r.chance(0.5) ? 'higher_branch' : 'head_office_senior')
    if (r.chance(0.3)) { extension.level = 'sub_branch'; extension.approverId = who.subBranch() }
    extension.approvedAt = c.classifiedAt + Math.floor((c.replyAt - c.classifiedAt) * (0.3 + 0.4 * r.next()))
    extension.notifiedAt = Math.min(c.replyAt, extension.approvedAt + r.int(30, 20 * 60) * MIN)
  }
  if (c.receivedAt < IN_FORCE_FROM) return { extension, regulatoryR04: null }
  if (!c.isComplex) return { extension, regulatoryR04: c.replyAt >= calendarLimitEnd(c.receivedAt, reg.decisionDays) ? `超过${reg.decisionDays}日才告知处理决定` : null }
  const counts = extension !== null && violation === null && extension.level !== 'sub_branch'
  const days = reg.complexDecisionDays + (counts ? reg.especiallyComplexExtraDays : 0)
  if (c.replyAt < calendarLimitEnd(c.receivedAt, days)) return { extension, regulatoryR04: null }
  const why = counts ? `特别复杂延期后仍超过${days}日` : extension === null ? `超过${days}日且无特别复杂延期` : `特别复杂延期不符合第十八条（${violation}）`
  return { extension, regulatoryR04: why }
}
