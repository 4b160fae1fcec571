import type { RuleDef } from '../types'
import { TRANSFERRED_CHANNELS } from '../facts'
import { cannotTell, fail, notApplicable, pass } from '../time'

/** R11 定级准确: regulator- or media-transferred and group complaints are 重大 by definition. */
export const R11: RuleDef = {
  code: 'R11',
  titleZh: '严重程度定级准确',
  titleEn: 'Severity consistent with the facts',
  source: '002 第十二条（监管转办、媒体曝光、群体投诉为重大投诉）',
  internal(f, ctx) {
    const group = f.isGroup || (f.groupSize ?? 0) >= ctx.internal.params.groupMinPeople
    const transferred = f.channel !== null && TRANSFERRED_CHANNELS.has(f.channel)
    const evidence = { channel: f.channel, groupSize: f.groupSize, severity: f.severity }
    if (!group && !transferred) return notApplicable('无必须定为重大的情形（监管/媒体转办、群体投诉）', evidence)
    const why = [transferred && (f.channel === 'media' ? '媒体转办' : '监管转办'), group && '群体投诉'].filter(Boolean).join('、')
    if (f.severity === null) return cannotTell('未定严重程度', evidence)
    if (f.severity !== 'major') return fail(`${why}应定为重大投诉，实定为「${f.severity === 'serious' ? '严重' : '一般'}」`, evidence)
    return pass(`${why}已定为重大投诉`, evidence)
  }
}
