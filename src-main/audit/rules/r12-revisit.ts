import type { RuleDef } from '../types'
import { cst, fail, pass } from '../time'

/** R12 回访: revisit done and satisfaction recorded; a dissatisfied customer's case re-reviewed. */
export const R12: RuleDef = {
  code: 'R12',
  titleZh: '回访及满意度',
  titleEn: 'Revisit and satisfaction; re-review if dissatisfied',
  source: '002；004 §3.3（回访、满意度评价，不满意启动复核）',
  internal(f) {
    const evidence = { revisitAt: cst(f.revisitAt), satisfaction: f.satisfaction, rereviewAt: cst(f.rereviewAt) }
    if (f.revisitAt === null) return fail('未回访', evidence)
    if (f.satisfaction === null) return fail('回访未记录满意度', evidence)
    if (f.satisfaction === 'dissatisfied' && f.rereviewAt === null) return fail('客户不满意，未启动复核', evidence)
    return pass(f.satisfaction === 'dissatisfied' ? '客户不满意，已复核' : '已回访并记录满意度', evidence)
  }
}
