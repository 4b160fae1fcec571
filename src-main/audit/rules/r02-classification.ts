import type { RuleDef } from '../types'
import { HOUR, cannotTell, cst, duration, fail, pass } from '../time'

/** R02 分类定级时限: severity, business category and channel set within 48 hours of receipt. */
export const R02: RuleDef = {
  code: 'R02',
  titleZh: '分类定级时限',
  titleEn: 'Classified within the limit',
  source: '004 §3.1（48小时内完成分类定级）',
  internal(f, ctx) {
    const limit = ctx.internal.params.classifyHours
    if (f.classifiedAt === null) return cannotTell('未记录分类定级时间', { receivedAt: cst(f.receivedAt), classifiedAt: null })
    const elapsed = f.classifiedAt - f.receivedAt
    const evidence = { receivedAt: cst(f.receivedAt), classifiedAt: cst(f.classifiedAt), elapsed: duration(elapsed), limit: `${limit} h`, severity: f.severity, category: f.category, channel: f.channel }
    if (elapsed > limit * HOUR) return fail(`分类定级用时 ${duration(elapsed)}，超过 ${limit} 小时`, evidence)
    const unset = [f.severity === null && '严重程度', f.category === null && '业务类别', f.channel === null && '投诉渠道'].filter(Boolean)
    if (unset.length) return fail(`未定：${unset.join('、')}`, evidence)
    return pass(`分类定级用时 ${duration(elapsed)}，在 ${limit} 小时内`, evidence)
  }
}
