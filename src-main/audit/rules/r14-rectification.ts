import type { AuditFacts } from '../facts'
import type { RuleDef, RuleResult } from '../types'
import { cannotTell, fail, notApplicable, pass } from '../time'

// The cause a reviewer tagged decides where there is one (非机构责任, 恶意/不合理投诉 and 买者自负 need no
// rectification; an internal cause does); the responsibility recorded on the case decides otherwise.
function rectified(f: AuditFacts): RuleResult {
  const evidence = { responsibility: f.responsibility, rootCause: f.rootCause?.code ?? null, measures: f.rectifications.length, ownerUnit: f.rectifications[0]?.ownerUnit ?? null, dueOn: f.rectifications[0]?.dueOn ?? null }
  if (f.rootCause) {
    if (!f.rootCause.internal) return notApplicable(`根因 ${f.rootCause.code} 非机构内部原因`, evidence)
  } else {
    if (f.responsibility === null) return cannotTell('未认定责任归属', evidence)
    if (f.responsibility !== 'internal' && f.responsibility !== 'shared') return notApplicable('非机构内部原因', evidence)
  }
  if (f.rectifications.length === 0) return fail(f.rootCause ? `根因 ${f.rootCause.code} 属机构内部原因，未制定整改措施` : '内部原因引发的投诉未制定整改措施', evidence)
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
