// Issue 14: the import's readers of dates and amounts, property-tested (fast-check) — every format an
// export writes reads back to the same instant or amount, impossible days are refused, and a number Excel
// turned into scientific notation is never an ID or an amount.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { exportTime, readAmount, readIdNumber, readTime } from '../../src-main/import/values'

const CHINA = 8 * 3_600_000
const pad = (n: number, w = 2): string => String(n).padStart(w, '0')
/** Wall-clock parts in China time of an instant. */
const wall = (ms: number): Date => new Date(ms + CHINA)
const instant = fc.integer({ min: Date.UTC(1992, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 }).map((s) => s * 1000)
const day = fc.integer({ min: Date.UTC(1992, 0, 1) / 86_400_000, max: Date.UTC(2068, 11, 31) / 86_400_000 }).map((d) => d * 86_400_000)

describe('readTime', () => {
  it('reads back what the export writes', () => {
    fc.assert(fc.property(instant, (ms) => {
      const r = readTime(exportTime(ms))
      expect(r).toEqual({ ok: true, value: { ms, dateOnly: false } })
    }))
  })

  it('reads 2025/3/9 14:05, 2025年3月9日 14时05分 and 9/24/19 2:05 PM as the same China wall time', () => {
    fc.assert(fc.property(instant, (ms0) => {
      const ms = ms0 - (ms0 % 60_000)
      const w = wall(ms)
      const [y, mo, d, h, mi] = [w.getUTCFullYear(), w.getUTCMonth() + 1, w.getUTCDate(), w.getUTCHours(), w.getUTCMinutes()]
      const h12 = h % 12 === 0 ? 12 : h % 12
      for (const text of [`${y}/${mo}/${d} ${h}:${pad(mi)}`, `${y}年${mo}月${d}日 ${h}时${pad(mi)}分`, `${mo}/${d}/${y} ${h12}:${pad(mi)} ${h < 12 ? 'AM' : 'PM'}`, `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:00+08:00`]) {
        expect(readTime(text), text).toEqual({ ok: true, value: { ms, dateOnly: false } })
      }
    }))
  })

  it('a day without a time is that day at 00:00 China time, in every format (two-digit US years 00–69 are 20xx)', () => {
    fc.assert(fc.property(day, (utcMidnight) => {
      const d0 = new Date(utcMidnight)
      const [y, mo, d] = [d0.getUTCFullYear(), d0.getUTCMonth() + 1, d0.getUTCDate()]
      const expected = { ok: true, value: { ms: utcMidnight - CHINA, dateOnly: true } }
      const serial = String(utcMidnight / 86_400_000 + 25_569)
      const texts = [`${y}-${pad(mo)}-${pad(d)}`, `${y}/${mo}/${d}`, `${y}年${mo}月${d}日`, `${mo}/${d}/${y}`, serial, ...(y >= 2000 ? [`${mo}/${d}/${pad(y % 100)}`] : [])]
      for (const text of texts) expect(readTime(text), text).toEqual(expected)
    }))
  })

  it('refuses days that do not exist', () => {
    fc.assert(fc.property(fc.integer({ min: 1992, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 3 }), (y, m, extra) => {
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
      const r = readTime(`${y}-${pad(m)}-${pad(last + extra > 99 ? 99 : last + extra)}`)
      expect(r.ok).toBe(false)
    }))
    expect(readTime('2025-02-29')).toEqual({ ok: false, problem: '2025 年 2 月只有 28 天' })
    expect(readTime('13/1/25').ok).toBe(false)
    expect(readTime('12345').ok).toBe(false)
  })
})

describe('readAmount', () => {
  const cents = fc.bigInt({ min: 0n, max: 99_999_999_999_999n })
  const text = (c: bigint): string => `${c / 100n}.${pad(Number(c % 100n))}`
  const grouped = (c: bigint): string => `${(c / 100n).toString().replace(/\B(?=(\d{3})+$)/g, ',')}.${pad(Number(c % 100n))}`

  it('reads 元 with or without thousands separators, a currency sign and 元, exactly', () => {
    fc.assert(fc.property(cents, (c) => {
      for (const t of [text(c), grouped(c), `¥${grouped(c)}`, `${grouped(c)}元`, `RMB ${text(c)}`]) expect(readAmount(t), t).toEqual({ ok: true, value: text(c) })
    }))
  })

  it('reads 万元 as ten thousand 元, exactly (up to six decimals of a 万)', () => {
    fc.assert(fc.property(cents, (c) => {
      const wan = `${c / 1_000_000n}.${(c % 1_000_000n).toString().padStart(6, '0')}万元`
      expect(readAmount(wan), wan).toEqual({ ok: true, value: text(c) })
    }))
  })

  it('refuses scientific notation, negative amounts and fractions of a 分', () => {
    fc.assert(fc.property(fc.double({ min: 1, max: 1e15, noNaN: true }), (v) => {
      expect(readAmount(v.toExponential()).ok).toBe(false)
    }))
    expect(readAmount('-5元')).toEqual({ ok: false, problem: '金额不能为负数' })
    expect(readAmount('1.005').ok).toBe(false)
  })
})

describe('readIdNumber', () => {
  it('an ID Excel turned into scientific notation is an error, whatever its digits', () => {
    fc.assert(fc.property(fc.bigInt({ min: 10n ** 17n, max: 10n ** 18n - 1n }), (id) => {
      const excel = Number(id).toExponential(5).toUpperCase()
      const r = readIdNumber(excel)
      expect(r.ok).toBe(false)
    }))
    expect(readIdNumber('11010119900307803X')).toEqual({ ok: true, value: { value: '11010119900307803X' } })
  })
})
