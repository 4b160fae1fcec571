// Whether an especially complex case's further extension counts under 银保监会令2020年第3号 第十八条:
// 「情况复杂的可以延长至30日；情况特别复杂或者有其他特殊原因的，经其上级机构或者总行、总公司高级管理人员审批并
// 告知投诉人，可以再延长30日」.
//
// The reading taken here: the further 30 days count only when
//   1. the case is complex (the further extension extends the complex case's 30 days, nothing shorter);
//   2. it was approved by the higher-level branch of the unit complained about or by a head-office senior
//      manager (QUALIFYING_EXTENSION_LEVELS), with the approver recorded — a sub-branch's own approval, or the
//      case's ordinary resolution approval, is not this approval;
//   3. the complainant was told of it; and
//   4. both the approval and the notice came before the 30-day period ran out: a period that has already run
//      out cannot be extended (it was missed on its last day).
// The 60 days then run from receipt like the 30 (calendar days, the last one moved to the next working day,
// 民法典 第二百零三条). A notice before the approval is a timeline out of order (timeline-order.ts), not judged here.
import { EXTENSION_APPROVAL_LEVEL_ZH, QUALIFYING_EXTENSION_LEVELS, type ExtensionApprovalLevel } from '../shared/codes'
import type { FurtherExtensionFact } from './facts'
import { cst } from './time'

/** The level's Chinese name, or the text as recorded when it is not one of the codes. */
export function extensionLevelZh(level: string | null): string | null {
  return level === null ? null : (EXTENSION_APPROVAL_LEVEL_ZH[level as ExtensionApprovalLevel] ?? level)
}

/**
 * Why the further extension does not count, in Chinese (several reasons joined with 「；」), or null when it
 * counts. `limitEnd` is the instant the 30-day period ends (epoch ms, exclusive); null leaves the timing unjudged
 * (the period's end is not known: its year's calendar is not loaded).
 */
export function furtherExtensionRefusal(ext: FurtherExtensionFact | null, isComplex: boolean, limitEnd: number | null): string | null {
  if (ext === null) return '无特别复杂延期'
  if (!isComplex) return '非复杂案件，不适用特别复杂延期'
  const problems: string[] = []
  if (ext.level === null) problems.push('未记录延期审批层级')
  else if (!QUALIFYING_EXTENSION_LEVELS.includes(ext.level as ExtensionApprovalLevel)) {
    problems.push(`延期仅经${extensionLevelZh(ext.level)}审批，第十八条要求上级分行或总行高级管理人员审批`)
  }
  if (ext.approver === null) problems.push('未记录延期审批人')
  const limit = limitEnd === null ? null : cst(limitEnd - 60_000)
  if (ext.approvedAt === null) problems.push('未记录延期审批时间')
  else if (limitEnd !== null && ext.approvedAt >= limitEnd) problems.push(`延期审批（${cst(ext.approvedAt)}）晚于 30 日期限 ${limit}`)
  if (ext.notifiedAt === null) problems.push('延期未告知投诉人')
  else if (limitEnd !== null && ext.notifiedAt >= limitEnd) problems.push(`延期告知投诉人（${cst(ext.notifiedAt)}）晚于 30 日期限 ${limit}`)
  return problems.length ? problems.join('；') : null
}
