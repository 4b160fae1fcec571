// The date fields' reading of a typed day (src-main/shared/day-text.ts): year first in every locale, the
// forms people type in China, and why a text is no day — never rolled over into another day.
import { describe, expect, it } from 'vitest'
import { readDayText } from '../../src-main/shared/day-text'

describe('readDayText', () => {
  it.each([
    ['2025-07-01', '2025-07-01'], [' 2025-7-1 ', '2025-07-01'], ['2025/7/1', '2025-07-01'], ['2025.07.01', '2025-07-01'],
    ['20250701', '2025-07-01'], ['2025年7月1日', '2025-07-01'], ['2025 年 07 月 01 号', '2025-07-01'], ['２０２５－０７－０１', '2025-07-01'],
    ['2024-02-29', '2024-02-29'], ['2000-02-29', '2000-02-29']
  ])('%s is %s', (text, day) => expect(readDayText(text)).toEqual({ ok: true, day }))

  it.each([
    ['7/1/2025', { why: 'format' }], ['01/07/2025', { why: 'format' }], ['2025-07', { why: 'format' }], ['', { why: 'format' }],
    ['2025-13-01', { why: 'month', month: 13 }], ['2025-00-10', { why: 'month', month: 0 }], ['2025-07-00', { why: 'dayZero' }],
    ['2025-02-29', { why: 'dayCount', year: 2025, month: 2, last: 28 }], ['1900-02-29', { why: 'dayCount', year: 1900, month: 2, last: 28 }],
    ['2025/6/31', { why: 'dayCount', year: 2025, month: 6, last: 30 }]
  ])('%s is no day', (text, why) => expect(readDayText(text)).toEqual({ ok: false, ...why }))
})
