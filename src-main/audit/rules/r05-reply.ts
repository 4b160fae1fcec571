import type { RuleDef } from '../types'
import { calendarMissing, cannotTell, cst, deadlineText, fail, missing, pass, workdayDeadline } from '../time'

/** R05 结果反馈: the result told within 10 working days of completion, with the method and content recorded. */
export const R05: RuleDef = {
  code: 'R05',
  titleZh: '处理结果反馈',
  titleEn: 'Result told to the customer in time',
  source: '004 §3.3（处理完成后10个工作日内反馈）；000 反馈',
  internal(f, ctx) {
    const limit = ctx.internal.params.replyWorkdays
    if (f.handledAt === null) return cannotTell('未记录处理完成时间，无法计算反馈时限', { handledAt: null, replyAt: cst(f.replyAt) })
    const deadline = workdayDeadline(ctx.calendar, f.handledAt, limit)
    const evidence = { handledAt: cst(f.handledAt), replyAt: cst(f.replyAt), limit: `${limit} 个工作日`, deadline: deadlineText(deadline), replyMethod: f.replyMethod }
    if (f.replyAt === null) return fail('未记录向客户反馈处理结果', evidence)
    const gaps = missing({ 反馈方式: f.replyMethod, 反馈内容: f.replyContent })
    if (f.replyAt >= deadline.at && deadline.missingYear === null) return fail(`处理完成后超过 ${limit} 个工作日才反馈`, evidence)
    if (gaps.length) return fail(`反馈记录缺少：${gaps.join('、')}`, evidence)
    if (f.replyAt >= deadline.at) return calendarMissing(deadline, '反馈', evidence)
    return pass(`处理完成后 ${limit} 个工作日内反馈`, evidence)
  }
}
