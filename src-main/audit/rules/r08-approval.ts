import type { RuleDef } from '../types'
import { cannotTell, cst, fail, notApplicable, pass } from '../time'

const HEAD_OFFICE = '总行'

/**
 * R08 内部审批: 严重 and 重大 cases approved (重大 at head-office level), and every remediation offer above
 * the branch's authority approved by the head office.
 */
export const R08: RuleDef = {
  code: 'R08',
  titleZh: '内部审批',
  titleEn: 'Approved at the right level',
  source: '000 内部审批（严重/重大投诉及超权限补偿须按权限审批）',
  internal(f, ctx) {
    const limit = ctx.internal.params.branchApprovalLimit
    if (f.severity === null) return cannotTell('未定严重程度，无法判断是否需审批', { severity: null })
    const overLimit = f.offers.filter((o) => o.amount > limit)
    const needsCase = f.severity === 'serious' || f.severity === 'major'
    const evidence = {
      severity: f.severity, approver: f.approver ? (f.approver.name ?? f.approver.key) : null, approvalLevel: f.approvalLevel,
      approvedAt: cst(f.approvedAt), branchApprovalLimit: limit, offersOverLimit: overLimit.length
    }
    if (!needsCase && overLimit.length === 0) return notApplicable('一般投诉且无超权限补偿，无需上级审批', evidence)
    const problems: string[] = []
    if (needsCase && (f.approver === null || f.approvedAt === null)) problems.push(`${f.severity === 'major' ? '重大' : '严重'}投诉处理方案未经审批`)
    else if (f.severity === 'major' && f.approvalLevel !== HEAD_OFFICE) problems.push(`重大投诉审批层级为「${f.approvalLevel ?? '未记录'}」，应为总行`)
    const unauthorised = overLimit.filter((o) => o.approvalLevel !== HEAD_OFFICE)
    if (unauthorised.length) problems.push(`${unauthorised.length} 项补偿超过分行权限 ${limit} 元而未经总行审批`)
    if (problems.length) return fail(problems.join('；'), evidence)
    return pass('已按权限审批', evidence)
  }
}
