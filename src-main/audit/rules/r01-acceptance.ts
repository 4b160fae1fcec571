import type { RuleDef } from '../types'
import { HOUR, cannotTell, cst, duration, fail, pass } from '../time'

/** R01 受理时限与受理告知: accepted within 24 hours of receipt, and the customer told the case was accepted. */
export const R01: RuleDef = {
  code: 'R01',
  titleZh: '受理时限及受理告知',
  titleEn: 'Accepted within the limit and the customer told',
  source: '000 受理；004 §3.1（24小时内受理并告知受理编号）',
  internal(f, ctx) {
    const limit = ctx.internal.params.acceptHours
    if (f.acceptedAt === null) return cannotTell('未记录受理时间，无法判断受理时限', { receivedAt: cst(f.receivedAt), acceptedAt: null })
    const elapsed = f.acceptedAt - f.receivedAt
    const evidence = {
      receivedAt: cst(f.receivedAt), acceptedAt: cst(f.acceptedAt), elapsed: duration(elapsed), limit: `${limit} h`,
      acceptanceNotifiedAt: cst(f.acceptanceNotifiedAt)
    }
    const late = elapsed > limit * HOUR
    if (late && f.acceptanceNotifiedAt === null) return fail(`受理用时 ${duration(elapsed)}，超过 ${limit} 小时，且未记录受理告知`, evidence)
    if (late) return fail(`受理用时 ${duration(elapsed)}，超过 ${limit} 小时`, evidence)
    if (f.acceptanceNotifiedAt === null) return fail('未记录受理告知（向客户告知受理编号）', evidence)
    return pass(`受理用时 ${duration(elapsed)}，在 ${limit} 小时内并已告知客户`, evidence)
  }
}
