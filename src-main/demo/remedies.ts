// Remediation offers and rectification measures of a generated case.
import type { InternalPolicyParams } from '../db/policy-defaults'
import { INITIAL_POLICY_SETS } from '../db/policy-defaults'
import type { GenOffer, GenRectification } from './case-types'
import type { DemoOrganisation, DemoUnit } from './organisation'
import type { Rng } from './random'
import type { RuleCode } from './rules'
import type { Scenario } from './vocab'
import { DAY, HOUR, dayOf } from './timeline'

const policy = INITIAL_POLICY_SETS[0].params as InternalPolicyParams

export function offerFor(
  r: Rng, sc: Scenario, internal: boolean, branch: DemoUnit, org: DemoOrganisation,
  breaks: (rule: RuleCode, detail: string) => boolean, handledAt: number, replyAt: number,
  staffAt: (unitId: number, title?: string) => number
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
    paidAt: null
  }
  o.dueAt = o.acceptedAt! + 10 * DAY
  o.paidAt = o.acceptedAt! + r.int(1, 9) * DAY
  if (breaks('R13', '补偿方案要素不全或支付超期')) {
    const variant = r.int(0, 2)
    if (variant === 0) o.basis = null
    else if (variant === 1) o.paidAt = o.dueAt + r.int(1, 20) * DAY
    else { o.customerAccepted = null; o.acceptedAt = null; o.paidAt = null; o.dueAt = null }
  }
  return o
}

export function rectificationFor(r: Rng, sc: Scenario, outlet: DemoUnit, handledAt: number): GenRectification {
  const due = handledAt + r.int(30, 90) * DAY
  const done = due - r.int(-10, 25) * DAY
  // Measures due after the archive's "today" may still be open.
  return { measure: sc.rectification, ownerUnitId: outlet.id, dueOn: dayOf(due), doneOn: done < Date.parse('2026-11-20T00:00:00+08:00') ? dayOf(done) : null }
}
