import type { RuleDef } from '../types'
import { calendarDayDeadline, calendarMissing, cannotTell, cst, deadlineText, fail, pass, workdayDeadline } from '../time'

/**
 * R04 办理时限: handled within 7 working days (15 when complex), longer only with an extension told to the
 * customer before the limit ran out. The regulatory floor counts calendar days to the decision being told.
 */
export const R04: RuleDef = {
  code: 'R04',
  titleZh: '办理时限',
  titleEn: 'Handled within the time limit',
  source: '004 §3.2（一般7个工作日，复杂15个工作日；延期须告知客户）',
  regulatorySource: '银保监会令2020年第3号 第十八条（15日内告知处理决定；复杂30日；特别复杂经批准并告知再延30日）',
  internal(f, ctx) {
    const p = ctx.internal.params
    const limit = f.isComplex ? p.complexHandleWorkdays : p.handleWorkdays
    if (f.handledAt === null) return cannotTell('未记录办结（处理完成）时间', { receivedAt: cst(f.receivedAt), handledAt: null })
    const deadline = workdayDeadline(ctx.calendar, f.receivedAt, limit)
    const evidence = {
      receivedAt: cst(f.receivedAt), handledAt: cst(f.handledAt), complex: f.isComplex, limit: `${limit} 个工作日`,
      deadline: deadlineText(deadline), extensionNotifiedAt: cst(f.extensionNotifiedAt), extensionReason: f.extensionReason
    }
    if (f.handledAt < deadline.at) return pass(`在 ${limit} 个工作日内办结（期限 ${deadlineText(deadline)}）`, evidence)
    if (f.extensionNotifiedAt !== null && f.extensionNotifiedAt < deadline.at) return pass('超过一般时限，但已在期限内延期并告知客户', evidence)
    if (deadline.missingYear !== null) return calendarMissing(deadline, '办结', evidence)
    if (f.extensionNotifiedAt !== null) return fail('超过办理时限，延期告知晚于期限', evidence)
    return fail(`超过 ${limit} 个工作日办理时限，且无延期告知`, evidence)
  },
  regulatory(f, ctx) {
    const p = ctx.regulatory!.params
    if (f.replyAt === null) return cannotTell('未记录告知客户处理决定的时间', { receivedAt: cst(f.receivedAt), replyAt: null })
    const extended = f.isComplex && f.extensionNotifiedAt !== null && f.approvedAt !== null
    const days = f.isComplex ? p.complexDecisionDays + (extended ? p.especiallyComplexExtraDays : 0) : p.decisionDays
    const deadline = calendarDayDeadline(ctx.calendar, f.receivedAt, days)
    const evidence = { receivedAt: cst(f.receivedAt), decisionToldAt: cst(f.replyAt), complex: f.isComplex, especiallyComplexExtension: extended, limit: `${days} 日`, deadline: deadlineText(deadline) }
    if (f.replyAt < deadline.at) return pass(`${days} 日内告知处理决定`, evidence)
    if (deadline.missingYear !== null) return calendarMissing(deadline, '告知处理决定', evidence)
    return fail(`超过 ${days} 日才告知处理决定`, evidence)
  }
}
