import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { requestSchemas } from '../../src-main/shared/contract'
import { DateInputError, chinaWallTime, parseDay, parseInstant, readDay, readInstant, zInstant } from '../../src-main/shared/china-time'

const two = (n: number): string => String(n).padStart(2, '0')
const ymd = (y: number, m: number, d: number): string => `${String(y).padStart(4, '0')}-${two(m)}-${two(d)}`
/** Days in a month by the Gregorian leap-year rule, computed without the module under test. */
const daysIn = (y: number, m: number): number => (m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31)

describe('strict instants', () => {
  // [input, epoch ms or null (rejected), what the message must contain]
  const cases: [string, number | null, RegExp | null][] = [
    ['2025-06-09T10:00:00+08:00', Date.UTC(2025, 5, 9, 2), null],
    ['2025-06-09T10:00+08:00', Date.UTC(2025, 5, 9, 2), null],
    ['2025-06-09 10:00:00+08', Date.UTC(2025, 5, 9, 2), null], // PostgreSQL's text form
    ['2025-06-09 10:00:00.5+0800', Date.UTC(2025, 5, 9, 2, 0, 0, 500), null],
    ['2025-06-09T02:00:00Z', Date.UTC(2025, 5, 9, 2), null],
    ['2025-06-09T10:00:00-05:30', Date.UTC(2025, 5, 9, 15, 30), null],
    ['2025-06-09 10:00', Date.UTC(2025, 5, 9, 2), null], // China time
    ['2025-06-09T10:00:59', Date.UTC(2025, 5, 9, 2, 0, 59), null],
    ['2024-02-29 10:00', Date.UTC(2024, 1, 29, 2), null], // leap year
    ['2000-02-29 00:00', Date.UTC(2000, 1, 28, 16), null], // divisible by 400
    ['2025-02-30 10:00', null, /2025 年 2 月只有 28 天/], // Date.parse made this 2025-03-02
    ['2023-02-29 10:00', null, /2023 年 2 月只有 28 天/],
    ['1900-02-29 10:00', null, /1900 年 2 月只有 28 天/],
    ['2025-04-31T10:00:00+08:00', null, /4 月只有 30 天/],
    ['2025-13-01 10:00', null, /月份 13/],
    ['2025-00-10 10:00', null, /月份 0/],
    ['2025-06-00 10:00', null, /日 00/],
    ['2025-06-09 24:61', null, /^小时 24 不存在，应为 00–23；分钟 61 不存在，应为 00–59$/],
    ['2025-06-09 24:00', null, /小时 24/],
    ['2025-06-09 23:61', null, /分钟 61/],
    ['2025-06-09 23:59:60', null, /秒 60/],
    ['2025-06-09T10:00:00+15:00', null, /时区偏移/],
    ['1988-04-17 02:30', null, /不存在/], // skipped by China's 1988 summer time
    ['2025-06-09', null, /缺少时刻/],
    ['2025/06/09 10:00', null, /格式不对/],
    ['2025-6-9 10:00', null, /格式不对/],
    ['9 June 2025', null, /格式不对/],
    ['', null, /格式不对/]
  ]
  it.each(cases)('%s', (input, ms, message) => {
    const r = readInstant(input)
    if (ms !== null) expect(r).toEqual({ ok: true, value: ms })
    else {
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.problem).toMatch(message!)
      expect(() => parseInstant(input, 'events.2.at')).toThrow(DateInputError)
      expect(() => parseInstant(input, 'events.2.at')).toThrow(`events.2.at：不是有效时间「${input}」`)
    }
  })

  it('names the field and the value through zod', () => {
    const r = zInstant.safeParse('2025-02-30 10:00')
    expect(r.success).toBe(false)
    expect(r.error!.issues[0].message).toBe('不是有效时间「2025-02-30 10:00」（2025 年 2 月只有 28 天）')
  })

  it('reads every valid China wall time back as the same wall time, with or without the offset', () => {
    // From 1992 China keeps UTC+8 all year, so a wall time and its +08:00 form are the same instant.
    const wall = fc.record({ y: fc.integer({ min: 1992, max: 2099 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }), h: fc.integer({ min: 0, max: 23 }), min: fc.integer({ min: 0, max: 59 }) })
      .filter((t) => t.d <= daysIn(t.y, t.m))
    fc.assert(fc.property(wall, fc.constantFrom(' ', 'T'), (t, sep) => {
      const text = `${ymd(t.y, t.m, t.d)}${sep}${two(t.h)}:${two(t.min)}`
      const ms = parseInstant(text, 'at')
      expect(chinaWallTime(ms)).toBe(`${ymd(t.y, t.m, t.d)} ${two(t.h)}:${two(t.min)}`)
      expect(parseInstant(`${text}:00+08:00`, 'at')).toBe(ms)
      expect(ms).toBe(Date.UTC(t.y, t.m - 1, t.d, t.h - 8, t.min))
    }), { numRuns: 2000 })
  })

  it('rejects every day of the month that the month does not have, and every hour and minute out of range', () => {
    const badDay = fc.record({ y: fc.integer({ min: 1, max: 9999 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 0, max: 99 }) })
      .filter((t) => t.d === 0 || t.d > daysIn(t.y, t.m))
    fc.assert(fc.property(badDay, (t) => {
      const text = `${ymd(t.y, t.m, t.d)} 10:00`
      expect(readInstant(text).ok).toBe(false)
      expect(readDay(ymd(t.y, t.m, t.d)).ok).toBe(false)
      expect(() => parseDay(ymd(t.y, t.m, t.d), '--from')).toThrow(`--from：不是有效日期「${ymd(t.y, t.m, t.d)}」`)
    }), { numRuns: 2000 })
    fc.assert(fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (h, min) => {
      expect(readInstant(`2025-06-09 ${two(h)}:${two(min)}`).ok).toBe(h <= 23 && min <= 59)
    }))
  })

  it('accepts exactly the days the month has', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
      for (let d = 1; d <= daysIn(y, m); d++) expect(readDay(ymd(y, m, d))).toEqual({ ok: true, value: ymd(y, m, d) })
    }), { numRuns: 300 })
  })

  it('never throws on arbitrary text: it reads it or says why not', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const r = readInstant(s)
      expect(typeof r.ok).toBe('boolean')
      if (r.ok) expect(Number.isFinite(r.value)).toBe(true)
    }))
  })
})

describe('strict days', () => {
  it.each([
    ['2025-06-09', true], ['2024-02-29', true], ['2025-02-29', false], ['2025-02-30', false], ['2025-13-01', false],
    ['2025-06-09 10:00', false], ['20250609', false], ['2025-6-9', false]
  ] as const)('%s', (input, ok) => {
    expect(readDay(input).ok).toBe(ok)
  })
})

describe('every day the contract accepts is a real day', () => {
  // Each request that carries a day, with a valid request to break one field of.
  const requests: [string, string, Record<string, unknown>][] = [
    ['cases.list', 'filter.receivedTo', { filter: { receivedFrom: '2025-01-01', receivedTo: '2025-04-01' } }],
    ['plans.create', 'receivedFrom', { name: 'Q1', receivedFrom: '2025-01-01', receivedTo: '2025-04-01', sampleRate: 0.1, sampleSeed: 1, reviewerIds: [1] }],
    ['reviews.saveFinding', 'finding.dueOn', { id: 1, version: 1, finding: { severity: 'low', description: '缺少回访记录', dueOn: '2025-06-30' } }],
    ['documents.list', 'generatedFrom', { generatedFrom: '2025-01-01' }],
    ['documents.batchStart', 'receivedTo', { receivedFrom: '2025-01-01', receivedTo: '2025-04-01', reason: '年度归档' }]
  ]
  it.each(requests)('%s refuses 2025-02-30 in %s', (channel, path, valid) => {
    const schema = requestSchemas[channel as keyof typeof requestSchemas]
    expect(schema.safeParse(valid).success, `${channel} valid request`).toBe(true)
    const broken = structuredClone(valid)
    const keys = path.split('.')
    let at: Record<string, unknown> = broken
    for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>
    at[keys.at(-1)!] = '2025-02-30'
    const r = schema.safeParse(broken)
    expect(r.success).toBe(false)
    expect(r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toContain(`${path}: 不是有效日期「2025-02-30」（2025 年 2 月只有 28 天）`)
  })
})
