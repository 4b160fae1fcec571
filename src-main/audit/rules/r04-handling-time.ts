import type { RuleDef } from '../types'
import { calendarDayDeadline, calendarMissing, cannotTell, cst, deadlineText, fail, pass, workdayDeadline } from '../time'
import { extensionLevelZh, furtherExtensionRefusal } from '../further-extension'

/**
 * R04 办理时限: handled within 7 working days (15 when complex), longer only with an extension told to the
 * customer before the limit ran out. The regulatory floor counts calendar days to the decision being told.
 */
export const R04: RuleDef = {
  code: 'R04',
  titleZh: '办理时限',
  titleEn: 'Handled within the time limit',
  source: '004 §3.2（一般7个工作日，复杂15个工作日；延期须告知客户）',
  regulatorySource: '银保监会令2020年第3号 第十八条（15日内告知处理决定；复杂30日；特别复杂经上级机构或总行高级管理人员审批并告知投诉人，再延30日）',
  internal(f, ctx) {
    const p = ctx.internal.params
    const limit = f.isComplex ? p.complexHandleWorkdays : p.handleWorkdays
    if (f.handledAt === null) return cannotTell('未记录处理完成时间', { receivedAt: cst(f.receivedAt), handledAt: null })
    const deadline = workdayDeadline(ctx.calendar, f.receivedAt, limit)
    const evidence = {
      receivedAt: cst(f.receivedAt), handledAt: cst(f.handledAt), complex: f.isComplex, limit: `${limit} 个工作日`,
      deadline: deadlineText(deadline), extensionNotifiedAt: cst(f.extensionNotifiedAt), extensionReason: f.extensionReason
    }
    if (f.handledAt < deadline.at) return pass(`在 ${limit} 个工作日内处理完成（处理期限 ${deadlineText(deadline)}）`, evidence)
    if (f.extensionNotifiedAt !== null && f.extensionNotifiedAt < deadline.at) return pass('超过一般时限，但已在期限内延期并告知客户', evidence)
    if (deadline.missingYear !== null) return calendarMissing(deadline, '处理完成', evidence)
    if (f.extensionNotifiedAt !== null) return fail('超过办理时限，延期告知晚于期限', evidence)
    return fail(`超过 ${limit} 个工作日办理时限，且无延期告知`, evidence)
  },
  regulatory(f, ctx) {
    const p = ctx.regulatory!.params
    if (f.replyAt === null) return cannotTell('未记录告知客户处理决定的时间', { receivedAt: cst(f.receivedAt), replyAt: null })
    // 30 days for a complex case; 60 only when the further extension counts (further-extension.ts gives the reading of 第十八条).
    const base = f.isComplex ? p.complexDecisionDays : p.decisionDays
    const baseDeadline = calendarDayDeadline(ctx.calendar, f.receivedAt, base)
    const ext = f.furtherExtension
    const refused = furtherExtensionRefusal(ext, f.isComplex, baseDeadline.at)
    const extended = refused === null
    // When the 30 days end in a year whose calendar is not loaded, an extension approved or told after their
    // earliest end may still have come in time: only its timing was held against it.
    const extensionUnknown = !extended && baseDeadline.missingYear !== null && furtherExtensionRefusal(ext, f.isComplex, null) === null
    const days = extended ? base + p.especiallyComplexExtraDays : base
    const deadline = extended ? calendarDayDeadline(ctx.calendar, f.receivedAt, days) : baseDeadline
    const evidence = {
      receivedAt: cst(f.receivedAt), decisionToldAt: cst(f.replyAt), complex: f.isComplex, especiallyComplexExtension: extended,
      limit: `${days} 日`, deadline: deadlineText(deadline),
      ...(ext && {
        furtherExtensionApprover: ext.approver ? (ext.approver.name ?? ext.approver.key) : null, furtherExtensionLevel: extensionLevelZh(ext.level),
        furtherExtensionApprovedAt: cst(ext.approvedAt), furtherExtensionNotifiedAt: cst(ext.notifiedAt), furtherExtensionRefused: refused
      })
    }
    if (f.replyAt < deadline.at) return pass(extended ? `经${extensionLevelZh(ext!.level)}批准并告知投诉人，特别复杂延期至 ${days} 日；${days} 日内告知处理决定` : `${days} 日内告知处理决定`, evidence)
    if (extensionUnknown || deadline.missingYear !== null) return calendarMissing(extensionUnknown ? baseDeadline : deadline, '告知处理决定', evidence)
    if (extended) return fail(`特别复杂延期至 ${days} 日，仍超过 ${days} 日才告知处理决定`, evidence)
    if (ext === null) return fail(`超过 ${days} 日才告知处理决定${f.isComplex ? '，且无特别复杂延期' : ''}`, evidence)
    return fail(`超过 ${days} 日才告知处理决定；特别复杂延期不予计入：${refused}`, evidence)
  }
}
