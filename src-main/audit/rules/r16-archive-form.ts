import type { RuleDef } from '../types'
import { fail, missing, pass } from '../time'

/** R16 档案完整: every field of the 客户投诉档案 form (seed 003 附件3) is filled. */
export const R16: RuleDef = {
  code: 'R16',
  titleZh: '投诉档案完整',
  titleEn: 'Archive form complete',
  source: '003 附件3 客户投诉档案',
  internal(f) {
    const personal = f.isAnonymous ? {} : { 客户姓名: f.complainantName, 地址: f.complainantAddress, 联系电话: f.complainantPhone }
    const gaps = missing({
      填写时间: f.filledAt, ...personal, 投诉方式: f.channel, 投诉时间: f.receivedAt, '被投诉单位/人员/产品': f.complainedObject,
      客户投诉摘要: f.summary, 调查情况: f.investigation, 处理方案及整改措施: f.resolution, 回复客户情况: f.replyContent
    })
    const evidence = { missing: gaps.join('、') || null, anonymous: f.isAnonymous }
    if (gaps.length) return fail(`档案缺少：${gaps.join('、')}`, evidence)
    return pass('档案各栏均已填写', evidence)
  }
}
