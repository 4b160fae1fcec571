// The import's per-row fast paths give what the slower code gave: the staged search vector and identity key
// (BinarySink writes UTF-8 by hand for short strings, natively for long ones) are the bytes TextEncoder wrote;
// a date without a time is the same instant luxon's zone arithmetic gave; a coded value maps to the same code
// through the caches as through the plain lookup.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DateTime } from 'luxon'
import { BinarySink } from '../../src-main/db/binary-copy'
import { lexemesOf } from '../../src-main/cases/search-terms'
import { identityKey } from '../../src-main/text/identity'
import { readTime } from '../../src-main/import/values'
import { codesOf, mapCode } from '../../src-main/import/code-values'
import { CHINA_ZONE } from '../../src-main/shared/china-time'

/** The fields as the encoder before this change wrote them: TextEncoder into a growing byte array. */
function reference(key: string | null, lexemes: Map<string, number[]>): Uint8Array {
  const enc = new TextEncoder()
  const parts: number[] = []
  const int32 = (v: number): void => { parts.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff) }
  const int16 = (v: number): void => { parts.push((v >>> 8) & 0xff, v & 0xff) }
  int16(2)
  if (key === null) int32(-1)
  else { const b = enc.encode(key); int32(b.length); parts.push(...b) }
  const body: number[] = []
  const b32 = (v: number): void => { body.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff) }
  b32(lexemes.size)
  for (const [lexeme, positions] of lexemes) {
    body.push(...enc.encode(lexeme), 0)
    body.push((positions.length >>> 8) & 0xff, positions.length & 0xff)
    for (const p of positions) body.push((p >>> 8) & 0xff, p & 0xff)
  }
  int32(body.length)
  parts.push(...body)
  return Uint8Array.from(parts)
}

/** The same two fields through the import's BinarySink (without the COPY header and trailer). */
function staged(key: string | null, lexemes: Map<string, number[]>): Uint8Array {
  const sink = new BinarySink(16)
  sink.tuple(2)
  sink.text(key)
  sink.tsvector(lexemes)
  const all = sink.bytes()
  return all.subarray(19, all.length - 2)
}

const row = (name: string, id: string, summary: string, request: string): [string | null, Map<string, number[]>] =>
  [identityKey(name, id), lexemesOf([summary, request])]

describe('staged search vectors and identity keys (BinarySink)', () => {
  it.each([
    ['full-width letters and digits', 'ＺＨＡＮＧ　ｓａｎ', '１１０１０５１９４９１２３１００２Ｘ', 'ＡＴＭ机吞卡，扣费１２元', '退还１２元'],
    ['traditional Chinese', '陳大文', 'A123456(7)', '臺灣銀行理財產品虧損，櫃員未說明風險', '賠償損失'],
    ['spaces and middle dots in a name', ' 阿依古丽 · 买买提 ', '110105 19491231 002x', '客户反映  网点\t排队\n时间过长', '要求 道歉'],
    ['ID-like numbers: 15 digits, scientific notation, none', '张三', '110105491231002', '卡号 6222021234567890123 被扣 3.50102E+17 次', ''],
    ['astral characters, emoji, a lone surrogate', '𠮷野家\udbff', '\ud800110105', '𠮷野家 😀 服务差 \udc00 结束', '𩸽'],
    ['a long text (the native path)', '张三', '11010519491231002X', '客户反映网点排队时间过长，大堂经理未及时引导，第 12345 号，且柜员态度恶劣，拒绝解释收费项目'.repeat(3), 'x'.repeat(40)],
    ['no ID (no key), empty texts', '李四', '', '', '']
  ])('the same bytes: %s', (_, name, id, summary, request) => {
    const [key, lexemes] = row(name, id, summary, request)
    // The key, and unnormalised text of either length, the way text() writes every text column.
    for (const k of [key, name, summary]) expect(Buffer.from(staged(k, lexemes)).equals(Buffer.from(reference(k, lexemes)))).toBe(true)
  })

  it('the same bytes for any text, including lone surrogates (fast-check)', () => {
    // Any UTF-16 code units, so lone surrogates too (fast-check's 'binary' unit gives only whole code points).
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }))
    fc.assert(fc.property(text, text, text, text, (name, id, summary, request) => {
      const [key, lexemes] = row(name, id, summary, request)
      // The key itself, unnormalised text of any length, goes through text() as well.
      for (const k of [key, name, summary + request]) {
        expect(Buffer.from(staged(k, lexemes)).equals(Buffer.from(reference(k, lexemes)))).toBe(true)
      }
    }), { numRuns: 500 })
  })
})

describe('a date without a time (readTime)', () => {
  it('is 00:00 China time of that day, as luxon computes it, 1954–2119 (fast-check)', () => {
    const day = fc.date({ min: new Date(Date.UTC(1954, 0, 1)), max: new Date(Date.UTC(2119, 11, 31)), noInvalidDate: true })
    fc.assert(fc.property(day, (d) => {
      const text = d.toISOString().slice(0, 10)
      const r = readTime(text)
      expect(r.ok && r.value).toEqual({ ms: DateTime.fromISO(text, { zone: CHINA_ZONE }).toMillis(), dateOnly: true })
    }), { numRuns: 1000 })
  })

  it('keeps the summer-time years before 1992 (UTC+9 in summer)', () => {
    expect(readTime('1988-07-01')).toEqual({ ok: true, value: { ms: Date.UTC(1988, 5, 30, 15), dateOnly: true } })
    expect(readTime('1992-07-01')).toEqual({ ok: true, value: { ms: Date.UTC(1992, 5, 30, 16), dateOnly: true } })
    expect(readTime('2025/2/29').ok).toBe(false)
  })
})

describe('coded values through the caches (mapCode)', () => {
  const valueKey = (v: string): string => v.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ')
  /** mapCode's value-map step before the caches (the archive's own tables are looked up as before). */
  const plain = (field: string, value: string, extra?: Record<string, string>): string | undefined => {
    const k = valueKey(value)
    if (extra) for (const [from, to] of Object.entries(extra)) if (valueKey(from) === k) return to
    return mapCode(field, value)
  }

  it('maps labels, synonyms, full-width and spaced spellings, and a value map, as before', () => {
    const extra = { '投诉热线 ': 'phone', ＡＰＰ: 'online', '投诉热线': 'letter' }
    for (const [field, value] of [['channel', '电话'], ['channel', ' 电话 '], ['channel', 'ＡＰＰ'], ['channel', 'App'], ['channel', '投诉热线'], ['channel', '无此值'],
      ['severity', '一般投诉'], ['severity', '一般'], ['business_line', '零售'], ['jrt_channel', '0101 营业现场']] as const) {
      expect(mapCode(field, value, extra)).toBe(plain(field, value, extra))
      expect(mapCode(field, value)).toBe(plain(field, value))
    }
    expect(mapCode('channel', '投诉热线', extra)).toBe('phone') // the first of two equal keys wins, as before
  })

  it('gives the same code for any value and value map (fast-check)', () => {
    const codes = codesOf('channel')
    const value = fc.oneof(fc.constantFrom('电话', '网点', ' App ', 'ＡＰＰ', 'phone', '来信'), fc.string({ maxLength: 6 }))
    fc.assert(fc.property(value, fc.dictionary(value, fc.constantFrom(...codes), { maxKeys: 4 }), (v, extra) => {
      expect(mapCode('channel', v, extra)).toBe(plain('channel', v, extra))
    }), { numRuns: 500 })
  })
})
