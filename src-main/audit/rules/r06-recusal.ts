import type { AuditFacts } from '../facts'
import type { RuleDef, RuleResult } from '../types'
import { cannotTell, fail, notApplicable, pass } from '../time'

function recusal(f: AuditFacts): RuleResult {
  if (f.complainedPerson === null) return notApplicable('投诉未指向具体人员')
  const evidence = { complainedPerson: f.complainedPerson.name ?? f.complainedPerson.key, handler: f.handler ? (f.handler.name ?? f.handler.key) : null }
  if (f.handler === null) return cannotTell('未记录承办人', evidence)
  if (f.handler.key === f.complainedPerson.key) return fail('被投诉人本人承办了本案，违反回避原则', evidence)
  return pass('承办人不是被投诉人', evidence)
}

/** R06 回避: the complained person did not handle the case. */
export const R06: RuleDef = {
  code: 'R06',
  titleZh: '回避原则',
  titleEn: 'Conflict of interest avoided',
  source: '002 第八条（回避原则）',
  regulatorySource: '银保监会令2020年第3号 第十七条（回避制度：指定与被投诉事项无直接利益关系的人员处理）',
  internal: recusal,
  regulatory: recusal
}
