import type { RuleDef } from '../types'
import { TRANSFERRED_CHANNELS } from '../facts'
import { HOUR, cst, duration, fail, notApplicable, pass } from '../time'

/** R09 上报: 重大, regulator/media-transferred and group cases reported upward in time (10+ people: within the hour). */
export const R09: RuleDef = {
  code: 'R09',
  titleZh: '重大事项报告',
  titleEn: 'Escalated in time',
  source: '003 应急方案（10人以上立即上报，群体性聚集1小时内报告）',
  internal(f, ctx) {
    const p = ctx.internal.params
    const people = f.groupSize ?? 0
    const reasons = [f.severity === 'major' && '重大投诉', f.channel !== null && TRANSFERRED_CHANNELS.has(f.channel) && '监管/媒体转办', (f.isGroup || people >= p.groupMinPeople) && '群体投诉'].filter(Boolean)
    if (!reasons.length) return notApplicable('非重大、非转办、非群体投诉，无需上报')
    const atOnce = people >= p.escalateAtOncePeople
    const limitHours = atOnce ? p.massGatheringReportHours : p.escalationHours
    const evidence = {
      why: reasons.join('、'), groupSize: f.groupSize, receivedAt: cst(f.receivedAt), escalatedAt: cst(f.escalatedAt),
      escalationLevel: f.escalationLevel, limit: `${limitHours} h`, elapsed: f.escalatedAt === null ? null : duration(f.escalatedAt - f.receivedAt)
    }
    if (f.escalatedAt === null) return fail(`${reasons.join('、')}未向上级报告`, evidence)
    if (f.escalatedAt - f.receivedAt > limitHours * HOUR) return fail(`上报用时 ${duration(f.escalatedAt - f.receivedAt)}，超过 ${limitHours} 小时`, evidence)
    return pass(`已在 ${limitHours} 小时内上报${f.escalationLevel ?? ''}`, evidence)
  }
}
