import type { RuleDef } from '../types'
import type { OfferFact, RuleContext } from '../facts'
import { cannotTell, cst, fail, notApplicable, pass } from '../time'
import { authorityFor, baseAuthority, type AuthorityMatrix } from '../../legal/authority'

const HEAD_OFFICE = '总行'

/** The matrix an offer is judged by: the one in force on its approval day, else on the case's receipt. */
export function matrixForOffer(ctx: RuleContext, o: OfferFact, receivedAt: number): AuthorityMatrix | null {
  return (o.approvedAt !== null ? ctx.authority.inForce(o.approvedAt) : null) ?? ctx.authority.inForce(receivedAt)
}

/**
 * R08 内部审批: 严重 and 重大 cases approved (重大 at head-office level), and every remediation offer within the
 * authority of the level that approved it, by the authority matrix in force on the offer's approval day
 * (legal/authority.ts; a level the matrix does not name is held to the lowest level's authority). Without a
 * matrix the policy set's branch limit applies, with 总行 unlimited, as before the matrix existed.
 */
export const R08: RuleDef = {
  code: 'R08',
  titleZh: '内部审批',
  titleEn: 'Approved at the right level',
  source: '000 内部审批（严重/重大投诉及超权限补偿须按权限审批）；审批权限矩阵',
  internal(f, ctx) {
    const branchLimit = ctx.internal.params.branchApprovalLimit
    if (f.severity === null) return cannotTell('未定严重程度，无法判断是否需审批', { severity: null })
    const judged = f.offers.map((o) => {
      const m = matrixForOffer(ctx, o, f.receivedAt)
      const type = o.type ?? ''
      const base = m ? baseAuthority(m, type) : branchLimit
      const max = m ? authorityFor(m, o.approvalLevel, type).maxAmount : o.approvalLevel === HEAD_OFFICE ? null : branchLimit
      return { o, m, base, max, over: base !== null && o.amount > base, unauthorised: max !== null && o.amount > max }
    })
    const overLimit = judged.filter((j) => j.over)
    const needsCase = f.severity === 'serious' || f.severity === 'major'
    const first = overLimit[0] ?? judged[0]
    const evidence = {
      severity: f.severity, approver: f.approver ? (f.approver.name ?? f.approver.key) : null, approvalLevel: f.approvalLevel,
      approvedAt: cst(f.approvedAt), branchApprovalLimit: first ? first.base : branchLimit, offersOverLimit: overLimit.length,
      authorityMatrix: first?.m ? `${first.m.title}（${first.m.effectiveFrom} 起）` : null
    }
    if (!needsCase && overLimit.length === 0) return notApplicable('一般投诉且无超权限补偿，无需上级审批', evidence)
    const problems: string[] = []
    if (needsCase && (f.approver === null || f.approvedAt === null)) problems.push(`${f.severity === 'major' ? '重大' : '严重'}投诉处理方案未经审批`)
    else if (f.severity === 'major' && f.approvalLevel !== HEAD_OFFICE) problems.push(`重大投诉审批层级为「${f.approvalLevel ?? '未记录'}」，应为总行`)
    const unauthorised = overLimit.filter((j) => j.unauthorised)
    if (unauthorised.length) {
      const u = unauthorised[0]
      problems.push(unauthorised.length === 1
        ? `补偿金额 ${u.o.amount} 元超过「${u.o.approvalLevel ?? '未记录层级'}」审批权限 ${u.max} 元`
        : `${unauthorised.length} 项补偿超过审批层级的权限（如 ${u.o.amount} 元 > ${u.max} 元）`)
    }
    if (problems.length) return fail(problems.join('；'), evidence)
    return pass('已按权限审批', evidence)
  }
}
