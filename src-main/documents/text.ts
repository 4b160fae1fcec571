// How values read in a formal document: dates in China time written the GB/T 9704 way (2025年7月3日: full
// year, no leading zeros), amounts in yuan with thousands separators, and a visible mark for an empty field
// so that a blank in the printed form is never mistaken for a value lost in generation.

const CST = 8 * 3_600_000

export type Instant = Date | string | null | undefined

function parts(at: Instant): { y: number; m: number; d: number; hh: number; mm: number } | null {
  if (at === null || at === undefined || at === '') return null
  const ms = at instanceof Date ? at.getTime() : Date.parse(at)
  if (Number.isNaN(ms)) return null
  const local = new Date(ms + CST)
  return { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate(), hh: local.getUTCHours(), mm: local.getUTCMinutes() }
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n))

/** 2025年7月3日 (China time); '' when there is no date. */
export function cnDate(at: Instant): string {
  const p = parts(at)
  return p ? `${p.y}年${p.m}月${p.d}日` : ''
}

/** 2025年7月3日 14:05 (China time); '' when there is no time. */
export function cnDateTime(at: Instant): string {
  const p = parts(at)
  return p ? `${p.y}年${p.m}月${p.d}日 ${two(p.hh)}:${two(p.mm)}` : ''
}

/** A calendar day stored as 'YYYY-MM-DD' (a DATE column) written as 2025年7月3日. */
export function cnDay(day: string | null | undefined): string {
  const m = day?.match(/^(\d{4})-(\d{2})-(\d{2})/)
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : ''
}

/** The day before a 'YYYY-MM-DD' day, written as 2025年7月2日: the last day of a period given with an exclusive end. */
export function cnDayBefore(day: string): string {
  return cnDay(new Date(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) - 86_400_000).toISOString())
}

/**
 * The China-time year of an instant (the year in a document number 〔2025〕); without one, this year in China
 * (from 16:00 UTC on 31 December that is already the next year, which the UTC year is not).
 */
export function cnYear(at: Instant): number {
  return (parts(at) ?? parts(new Date()))!.y
}

/** 1,234.50元 from a numeric(14,2) string. */
export function yuan(amount: string | number | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return ''
  const n = Number(amount)
  if (!Number.isFinite(n)) return String(amount)
  return `${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}元`
}

/** Shown in a form field the archive has no value for. */
export const NONE = '（无记录）'

/** The value, or the empty-field mark. */
export const orNone = (v: string | null | undefined): string => (v && v.trim() ? v : NONE)

/** Joins the non-empty parts. */
export const join = (parts: (string | null | undefined | false)[], sep = '，'): string => parts.filter((p): p is string => !!p).join(sep)

/** 全角空格, the space of Chinese typesetting (one character wide). */
export const WIDE_SPACE = '\u3000'
