import type { RuleDef } from '../types'
import { cst, fail, missing, pass } from '../time'

/** R03 登记要素完整: complainant (unless anonymous), contact, object, cause, request, time and evidence noted. */
export const R03: RuleDef = {
  code: 'R03',
  titleZh: '投诉登记要素完整',
  titleEn: 'Registration complete',
  source: '000 信息登记；002 第九条（客户投诉登记表）',
  internal(f) {
    const named = f.isAnonymous ? {} : { 投诉人姓名: f.complainantName, 联系方式: f.complainantPhone }
    const gaps = missing({ ...named, 被投诉对象: f.complainedObject, 投诉事由: f.summary, 投诉请求: f.request, 证据材料: f.evidence })
    const evidence = { receivedAt: cst(f.receivedAt), anonymous: f.isAnonymous, missing: gaps.join('、') || null }
    if (gaps.length) return fail(`登记缺少：${gaps.join('、')}`, evidence)
    return pass(f.isAnonymous ? '匿名投诉，其余登记要素齐全' : '登记要素齐全', evidence)
  }
}
