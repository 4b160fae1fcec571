import type { RuleDef } from '../types'
import { fail, notApplicable, pass } from '../time'

/**
 * R15 重复投诉: a complaint by the same person about the same matter as an earlier case is linked to it (so
 * the earlier handling gets re-examined). Same person = same identity key (text/identity.ts: ID number and name
 * however written); same matter = same unit and business category (archive-reader.ts).
 */
export const R15: RuleDef = {
  code: 'R15',
  titleZh: '重复投诉关联',
  titleEn: 'Repeat complaint linked to the earlier case',
  source: '002 严重投诉（重复投诉）',
  internal(f) {
    const evidence = { repeatOf: f.repeatOf, earlierSameMatter: f.earlierSameMatter }
    if (f.repeatOf !== null) return pass(`已关联前案 ${f.repeatOf}`, evidence)
    if (f.earlierSameMatter !== null) return fail(`同一客户就同一事项曾投诉（${f.earlierSameMatter}），本案未标记为重复投诉`, evidence)
    return notApplicable('未发现同一客户同一事项的前案', evidence)
  }
}
