import type { RuleDef } from '../types'
import { cannotTell, fail, notApplicable, pass } from '../time'

/** R10 群体投诉: five or more customers on the same event are flagged as a group complaint and classed 重大. */
export const R10: RuleDef = {
  code: 'R10',
  titleZh: '群体投诉认定',
  titleEn: 'Group complaint flagged and classed major',
  source: '001（5人以上为群体投诉）；002 严重程度',
  internal(f, ctx) {
    const min = ctx.internal.params.groupMinPeople
    const evidence = { groupSize: f.groupSize, flaggedGroup: f.isGroup, severity: f.severity, threshold: min }
    if (f.groupSize === null) return f.isGroup ? cannotTell('标记为群体投诉但未记录人数', evidence) : notApplicable('单个客户投诉', evidence)
    if (f.groupSize < min) return f.isGroup ? fail(`仅 ${f.groupSize} 人，不足 ${min} 人却标记为群体投诉`, evidence) : notApplicable(`${f.groupSize} 人，未达群体投诉标准`, evidence)
    if (!f.isGroup) return fail(`${f.groupSize} 名客户联名投诉，未标记为群体投诉`, evidence)
    if (f.severity !== 'major') return fail('群体投诉未定为重大投诉', evidence)
    return pass(`${f.groupSize} 人群体投诉，已标记并定为重大`, evidence)
  }
}
