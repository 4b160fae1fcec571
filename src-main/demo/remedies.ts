// Remediation offers and rectification measures of a generated case.
import type { InternalPolicyParams } from '../db/policy-defaults'
import { INITIAL_POLICY_SETS } from '../db/policy-defaults'
import type { GenCase, GenOffer, GenRectification, LegalTruth } from './case-types'
import type { DemoOrganisation, DemoUnit } from './organisation'
import type { Rng } from './random'
import type { RuleCode } from './rules'
import type { Scenario } from './vocab'
import { DAY, HOUR, dayOf } from './timeline'

const policy = INITIAL_POLICY_SETS[0].params as InternalPolicyParams

export function offerFor(
  r: Rng, sc: Scenario, internal: boolean, branch: DemoUnit, org: DemoOrganisation,
  breaks: (rule: RuleCode, detail: string) => boolean, handledAt: number, replyAt: number,
  staffAt: (unitId: number, title?: string) => number,
  lr?: Rng, record?: (t: GenCase['truth'][number]) => void
): GenOffer | null {
  if (!sc.offer || !r.chance(Math.min(1, sc.offer.rate * (internal ? 1.5 : 0.4)))) return null
  const raw = sc.offer.min + (sc.offer.max - sc.offer.min) * r.next() ** 2
  const amount = raw > 1000 ? Math.round(raw / 100) * 100 : Math.round(raw)
  const headOffice = amount > policy.branchApprovalLimit
  const o: GenOffer = {
    type: sc.offer.type,
    amount,
    basis: sc.offer.basis,
    approverId: headOffice ? staffAt(org.departments[1].id, '部门负责人') : staffAt(branch.id, '分行行长助理'),
    approvalLevel: headOffice ? '总行' : '分行',
    approvedAt: handledAt - r.int(1, 20) * HOUR,
    customerAccepted: true,
    acceptedAt: replyAt + r.int(0, 3) * DAY + r.int(1, 5) * HOUR,
    dueAt: null,
    paidAt: null,
    settlementSignedAt: null
  }
  o.dueAt = o.acceptedAt! + 10 * DAY
  o.paidAt = o.acceptedAt! + r.int(1, 9) * DAY
  let variant = -1
  if (breaks('R13', '补偿方案要素不全或支付超期')) {
    variant = r.int(0, 2)
    if (variant === 0) o.basis = null
    else if (variant === 1) o.paidAt = o.dueAt + r.int(1, 20) * DAY
    else { o.customerAccepted = null; o.acceptedAt = null; o.paidAt = null; o.dueAt = null }
  }
  if (lr && record) legalVariation(o, variant, lr, record, () => staffAt(org.departments[1].id, '部门负责人'), () => staffAt(branch.id, '分行行长助理'))
  return o
}

/**
 * What the legal checks look at (issue 13), drawn from the legal generator's own random stream so the rest of
 * the archive stays as it was: the sixth type (其他), signed settlements on large accepted offers, and faults
 * recorded as ground truth (demo_truth, policy 'legal'): no basis, late or no payment, no acceptance (from
 * R13's variants), offers above the approving level's authority (also R08), and outliers (several times the
 * usual amount, approved at the level that may).
 */
function legalVariation(o: GenOffer, r13Variant: number, lr: Rng, record: (t: GenCase['truth'][number]) => void, headOffice: () => number, branchStaff: () => number): void {
  const legal = (rule: LegalTruth, detail: string): void => record({ rule, detail, policy: 'legal' })
  if (r13Variant === 0) legal('basis', '未记录核定依据')
  else if (r13Variant === 1) legal('payment', '逾期支付')
  else if (r13Variant === 2) legal('acceptance', '无客户确认')
  if (o.type === 'compensation' && lr.chance(0.08)) {
    o.type = 'other'
    if (o.basis) o.basis = '协商一致的其他补偿安排（利率优惠、积分回馈）'
  }
  const limit = policy.branchApprovalLimit
  if (lr.chance(0.04)) {
    o.amount = Math.round(o.amount * lr.pick([4, 5, 6, 8]))
    legal('precedent', '金额为同类方案的数倍')
    if (o.amount > limit) { o.approvalLevel = '总行'; o.approverId = headOffice() }
  } else if (o.type !== 'goodwill' && lr.chance(0.03)) {
    o.amount = limit + lr.int(1, 60) * 1000
    o.approvalLevel = '分行'
    o.approverId = branchStaff()
    legal('authority', '超分行审批权限，未经总行审批')
    record({ rule: 'R08', detail: '补偿超审批权限' })
  }
  if (o.customerAccepted && o.acceptedAt !== null && o.amount > 20_000) o.settlementSignedAt = o.acceptedAt
}

/**
 * A 安抚性补偿 for an investment product's market loss where the institution was not at fault — what 买者自负
 * warns against, and what the legal review must see. Drawn from the legal stream; null most of the time.
 */
export function marketLossOffer(lr: Rng, sc: Scenario, businessLine: string, internal: boolean, handledAt: number, replyAt: number, approver: () => number): GenOffer | null {
  if (internal || sc.category !== 'product' || !INVESTMENT_LINES.includes(businessLine) || !lr.chance(0.3)) return null
  const amount = Math.round((2000 + lr.next() ** 2 * 30_000) / 100) * 100
  const acceptedAt = replyAt + lr.int(0, 3) * DAY + lr.int(1, 5) * HOUR
  return {
    type: 'compensation', amount, basis: '客户情绪安抚，参照产品亏损金额协商', approverId: approver(), approvalLevel: '分行',
    approvedAt: handledAt - lr.int(1, 20) * HOUR, customerAccepted: true, acceptedAt, dueAt: acceptedAt + 10 * DAY, paidAt: acceptedAt + lr.int(1, 9) * DAY,
    settlementSignedAt: amount > 20_000 ? acceptedAt : null
  }
}

const INVESTMENT_LINES = ['wealth', 'brokerage', 'insurance']
const MONETARY = ['compensation', 'indemnity', 'refund', 'other']

/**
 * 适当性评估 and 双录 of an investment product's sale (null for other lines): where the institution was at
 * fault one or both are missing; otherwise both on file, now and then not recorded. An offer paying a
 * product's market loss with both on file and no fault is 买者自负's ground truth.
 */
export function suitabilityFor(lr: Rng, businessLine: string, internal: boolean): { suitabilityAssessed: boolean | null; dualRecorded: boolean | null } {
  if (!INVESTMENT_LINES.includes(businessLine)) return { suitabilityAssessed: null, dualRecorded: null }
  if (internal) {
    const k = lr.int(0, 2)
    return { suitabilityAssessed: k === 1, dualRecorded: k === 0 }
  }
  return lr.chance(0.08) ? { suitabilityAssessed: null, dualRecorded: null } : { suitabilityAssessed: true, dualRecorded: true }
}

/** Whether an offer on this case is 买者自负's ground truth (legal/checks.ts checkCaveatEmptor on an untagged case). */
export function caveatEmptorTruth(c: Pick<GenCase, 'businessLine' | 'category' | 'responsibility' | 'suitabilityAssessed' | 'dualRecorded'>, o: GenOffer): boolean {
  return INVESTMENT_LINES.includes(c.businessLine) && MONETARY.includes(o.type) && c.category === 'product' && c.responsibility === 'external'
    && c.suitabilityAssessed === true && c.dualRecorded === true
}

export function rectificationFor(r: Rng, sc: Scenario, outlet: DemoUnit, handledAt: number): GenRectification {
  const due = handledAt + r.int(30, 90) * DAY
  const done = due - r.int(-10, 25) * DAY
  // Measures due after the archive's "today" may still be open.
  return { measure: sc.rectification, ownerUnitId: outlet.id, dueOn: dayOf(due), doneOn: done < Date.parse('2026-11-20T00:00:00+08:00') ? dayOf(done) : null }
}
