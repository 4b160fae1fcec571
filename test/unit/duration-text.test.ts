// Durations on screen (issue 10 point 7): the engine writes 「7 h 16 min」; a zh-CN screen reads 「7小时16分」
// and an English one keeps the engine's form, through one formatter (src-renderer/utils/rule-text.ts
// ruleTextFor over @shared/duration-text) that the documents share.
import { describe, expect, it } from 'vitest'
import { chineseDurations, durationsFor } from '../../src-main/shared/duration-text'
import { ruleTextFor } from '../../src-renderer/utils/rule-text'
import { duration } from '../../src-main/audit/time'
import { formalText } from '../../src-main/documents/labels'

const HOUR = 3_600_000
const MIN = 60_000

describe('durations in the screen\'s language', () => {
  it('prints the engine\'s durations in Chinese units on a zh-CN screen', () => {
    expect(duration(7 * HOUR + 16 * MIN)).toBe('7 h 16 min')
    expect(ruleTextFor(duration(7 * HOUR + 16 * MIN), 'zh-CN')).toBe('7小时16分')
    expect(ruleTextFor(duration(25 * HOUR + 3 * MIN), 'zh-CN')).toBe('25小时3分')
    expect(ruleTextFor(duration(45 * MIN), 'zh-CN')).toBe('0小时45分')
    expect(ruleTextFor(duration(-(2 * HOUR + 5 * MIN)), 'zh-CN')).toBe('-2小时5分')
    expect(ruleTextFor('24 h', 'zh-CN')).toBe('24小时')
    expect(ruleTextFor('30 min', 'zh-CN')).toBe('30分钟')
    // Inside an engine reason; the rest of the sentence as the engine wrote it.
    expect(ruleTextFor(`受理用时 ${duration(30 * HOUR + 2 * MIN)}，超过 24 小时`, 'zh-CN')).toBe('受理用时 30小时2分，超过 24 小时')
  })

  it('keeps them as the engine wrote them on an English screen', () => {
    expect(ruleTextFor(duration(7 * HOUR + 16 * MIN), 'en')).toBe('7 h 16 min')
    expect(durationsFor('7 h 16 min', 'en')).toBe('7 h 16 min')
    expect(ruleTextFor(`受理用时 ${duration(30 * HOUR + 2 * MIN)}，超过 24 小时`, 'en')).toContain('30 h 02 min')
  })

  it('leaves other text alone, and is the documents\' conversion too', () => {
    for (const s of ['2025-07-13 23:59', '在 7 个工作日内', 'TS202600002995', 'high minimum', 'chmod 600']) expect(chineseDurations(s)).toBe(s)
    expect(formalText('受理用时 7 h 16 min')).toBe('受理用时7小时16分')
  })
})
