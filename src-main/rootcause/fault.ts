// Who is at fault, as the investigation and facts put it: generic words of responsibility, counted where
// asserted (evidence.ts's clauses and negation), that tilt the evidence between the institution's causes and
// the others.
import { canonical, clausesOf, isNegated, type CaseTextFields } from './evidence'

const canon = (list: string[]): string[] => [...new Set(list.map(canonical))]

const FAULT_OURS = canon(['投诉成立', '责任在我行', '我行责任', '我行原因', '我行过错', '我行存在', '存在过错', '确有过错', '负有责任', '存在问题', '不到位',
  '不规范', '不当', '违反', '违规', '失误', '差错', '疏忽', '过失', '有误', '错误'])
const FAULT_NOT_OURS = canon(['投诉不成立', '非我行', '不属于我行', '无过错', '不存在过错', '符合规定', '符合约定', '符合公示', '合规', '无误', '正常', '客户自身',
  '客户本人', '本人操作', '第三方', '买者自负', '已充分', '已告知', '已提示', '签字确认', '已揭示', '完整', '一致'])

/** How often the investigation and facts assert the institution's fault, and how often its absence. */
export function faultBalance(texts: CaseTextFields): { ours: number; notOurs: number } {
  let ours = 0
  let notOurs = 0
  for (const field of ['investigation', 'facts'] as const) {
    const raw = texts[field]
    if (!raw) continue
    for (const clause of clausesOf(canonical(raw))) {
      if (clause.reported) continue
      const count = (markers: readonly string[]): number => {
        let k = 0
        for (const m of markers) {
          const i = clause.text.indexOf(m)
          if (i >= 0 && !isNegated(clause.text, i, i + m.length, false)) k++
        }
        return k
      }
      ours += count(FAULT_OURS)
      notOurs += count(FAULT_NOT_OURS)
    }
  }
  return { ours, notOurs }
}
