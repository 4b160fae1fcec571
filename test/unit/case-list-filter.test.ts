// The case list's filter as the contract takes it, and the search marks: a reversed date range is refused
// with what is wrong (never quietly 0 cases), equal and forward ranges pass; search terms are marked in the text.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parseRequest } from '../../src-main/shared/contract'
import { aroundFirstHit, highlightParts } from '../../src-renderer/utils/highlight'

const REVERSED = 'filter.receivedTo: 开始日期晚于结束日期：请把开始日期设为不晚于结束日期'

describe('date range in the case filter', () => {
  const bad: [string, string][] = [
    ['2025-07-01', '2025-06-01'], ['2025-07-02', '2025-07-01'], ['2026-01-01', '2025-12-31'], ['2025-03-01', '2025-02-28'],
    ['2024-02-29', '2024-02-28'], ['2030-01-01', '2000-01-01']
  ]
  it.each(bad)('refuses %s → %s on the list and the count, saying why', (from, to) => {
    for (const channel of ['cases.list', 'cases.count'] as const) {
      expect(parseRequest(channel, { filter: { receivedFrom: from, receivedTo: to } })).toEqual({ ok: false, message: REVERSED })
    }
  })

  const good: [string | undefined, string | undefined][] = [
    ['2025-07-01', '2025-07-01'], ['2025-06-30', '2025-07-01'], ['2025-01-01', undefined], [undefined, '2025-01-01'], ['2024-12-31', '2025-01-01']
  ]
  it.each(good)('takes %s → %s', (from, to) => {
    expect(parseRequest('cases.list', { filter: { receivedFrom: from, receivedTo: to } }).ok).toBe(true)
  })

  it('a day that does not exist is refused naming the field, not read as a range', () => {
    const res = parseRequest('cases.list', { filter: { receivedFrom: '2025-02-30' } })
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.message).toMatch(/^filter\.receivedFrom: /)
  })

  it('any two days: refused exactly when the start is after the end (property)', () => {
    const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
    fc.assert(fc.property(day, day, (a, b) => {
      const res = parseRequest('cases.count', { filter: { receivedFrom: a, receivedTo: b } })
      expect(res.ok).toBe(a <= b)
      if (!res.ok) expect(res.message).toBe(REVERSED)
    }), { numRuns: 500 })
  })
})

describe('search marks in the list', () => {
  const marked = (text: string, q: string): string => highlightParts(text, q).map((p) => (p.hit ? `[${p.text}]` : p.text)).join('')
  it.each([
    ['客户投诉扣费未告知', '扣费', '客户投诉[扣费]未告知'],
    ['扣费又扣费', '扣费', '[扣费]又[扣费]'],
    ['信用卡年费扣费', '年费 扣费', '信用卡[年费][扣费]'],
    ['ATM吞卡', 'atm', '[ATM]吞卡'],
    ['没有命中', '扣费', '没有命中'],
    ['a.b(c)', '.b(', 'a[.b(]c)'],
    ['理财产品', '', '理财产品']
  ])('%s with %s → %s', (text, q, want) => expect(marked(text, q)).toBe(want))

  it('a hit far into the text is brought near the start', () => {
    const cut = (text: string, q: string): string => aroundFirstHit(highlightParts(text, q), 4).map((p) => (p.hit ? `[${p.text}]` : p.text)).join('')
    expect(cut('客户反映其个人结算账户被扣费未告知', '扣费')).toBe('…算账户被[扣费]未告知')
    expect(cut('被扣费', '扣费')).toBe('被[扣费]')
    expect(cut('没有命中的长文本内容', '扣费')).toBe('没有命中的长文本内容')
  })

  it('the runs put together are the text (property)', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (text, q) => {
      expect(highlightParts(text, q).map((p) => p.text).join('')).toBe(text)
    }))
  })
})
