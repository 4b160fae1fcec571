import type { AuditFacts } from '../facts'
import type { RuleDef, RuleResult } from '../types'
import { cannotTell, fail, notApplicable, pass } from '../time'

function rectified(f: AuditFacts): RuleResult {
  const evidence = { responsibility: f.responsibility, measures: f.rectifications.length, ownerUnit: f.rectifications[0]?.ownerUnit ?? null, dueOn: f.rectifications[0]?.dueOn ?? null }
  if (f.responsibility === null) return cannotTell('未认定责任归属', evidence)
  if (f.responsibility !== 'internal' && f.responsibility !== 'shared') return notApplicable('非机构内部原因', evidence)
  if (f.rectifications.length === 0) return fail('内部原因引发的投诉未制定整改措施', evidence)
  const incomplete = f.rectifications.filter((r) => !r.measure?.trim() || !r.ownerUnit || !r.dueOn)
  if (incomplete.length) return fail(`${incomplete.length} 项整改措施缺少责任单位或完成期限`, evidence)
  return pass('已制定整改措施并明确责任单位和期限', evidence)
}

/** R14 溯源整改: an internal cause leads to rectification measures with an owner and a due date. */
export const R14: RuleDef = {
  code: 'R14',
  titleZh: '溯源整改',
  titleEn: 'Rectification when the cause is internal',
  source: '000；003（整改措施、责任单位、完成期限）',
  regulatorySource: '银保监会令2020年第3号 第九条（查找引发投诉的原因，健全溯源整改机制）',
  internal: rectified,
  regulatory: rectified
}
