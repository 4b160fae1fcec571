// The one strict reader of dates and times that arrive from outside: the audit input, the command line, the
// contract's requests (review plans, document batches, findings), and the import to come. JavaScript's
// Date.parse rolls impossible values over (2025-02-30 becomes 2025-03-02) and reads a time without an offset
// in the machine's zone; here an impossible day or time is an error that names the value and says why, and a
// time without an offset is China time. Shared with the renderer (the contract imports it).
//
// Formats accepted (nothing else):
//   instant  YYYY-MM-DD[T| ]HH:mm[:ss[.fff…]] followed by Z, ±HH, ±HHmm or ±HH:mm   (ISO 8601 / SQL with an offset)
//            YYYY-MM-DD[T| ]HH:mm[:ss]                                           (China time, Asia/Shanghai)
//   day      YYYY-MM-DD                                                           (a calendar day, no time)
// Hours run 00–23 (no 24:00), minutes and seconds 00–59 (no leap second), offsets up to ±14:00. Fractions of
// a second are kept to the millisecond.
import { DateTime, FixedOffsetZone } from 'luxon'
import { z } from 'zod'

/** China time: the IANA zone, UTC+8 throughout since 1992 (it kept summer time 1986–1991). */
export const CHINA_ZONE = 'Asia/Shanghai'
const CHINA_OFFSET_MS = 8 * 3_600_000

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string }

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const EXAMPLES_INSTANT = '应为 2025-06-09T10:00:00+08:00 或 2025-06-09 10:00（中国时间）'
const EXAMPLE_DAY = '应为 YYYY-MM-DD，如 2025-06-09'

/** Why year-month-day is not a day of the Gregorian calendar, or null when it is one. */
function dayProblem(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12) return `月份 ${month} 不存在，应为 01–12`
  // Proleptic Gregorian, as ISO 8601.
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const last = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31
  if (day < 1) return `日 00 不存在`
  if (day > last) return `${year} 年 ${month} 月只有 ${last} 天`
  return null
}

/**
 * Reads a calendar day, strictly. Returns the day as given (YYYY-MM-DD) or why it is not one.
 * Source: ISO 8601 calendar date, Gregorian calendar.
 */
export function readDay(text: string): Read<string> {
  const m = DAY.exec(text)
  if (!m) return { ok: false, problem: `格式不对，${EXAMPLE_DAY}` }
  const problem = dayProblem(Number(m[1]), Number(m[2]), Number(m[3]))
  return problem ? { ok: false, problem } : { ok: true, value: text }
}

/**
 * Reads an instant, strictly: epoch milliseconds, or why the text is not a time that exists. A time without an
 * offset is China time (Asia/Shanghai); one that the zone skipped (summer time, 1986–1991) does not exist.
 */
export function readInstant(text: string): Read<number> {
  const m = INSTANT.exec(text)
  if (!m) return { ok: false, problem: DAY.test(text) ? `只有日期，缺少时刻（${EXAMPLES_INSTANT}）` : `格式不对，${EXAMPLES_INSTANT}` }
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]))
  const second = m[6] === undefined ? 0 : Number(m[6])
  const millisecond = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3))
  // Every impossible part is named (24:61: both the hour and the minute), without brackets inside the
  // message's own brackets.
  const clock = [
    hour > 23 ? `小时 ${m[4]} 不存在，应为 00–23` : null,
    minute > 59 ? `分钟 ${m[5]} 不存在，应为 00–59` : null,
    second > 59 ? `秒 ${m[6]} 不存在，应为 00–59` : null
  ].filter((x) => x !== null)
  const problem = dayProblem(year, month, day) ?? (clock.length ? clock.join('；') : null)
  if (problem) return { ok: false, problem }
  // China time has been UTC+8 all year since 1992, and an offset is fixed: then no zone rules are needed
  // (luxon's zone arithmetic is most of the cost of reading a time, which an import does millions of times).
  if (!m[9] && year >= 1992) return { ok: true, value: Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - (m[8] ? 0 : CHINA_OFFSET_MS) }
  let zone: string | FixedOffsetZone = CHINA_ZONE
  if (m[8]) zone = FixedOffsetZone.utcInstance
  else if (m[9]) {
    const hours = Number(m[10])
    const minutes = m[11] === undefined ? 0 : Number(m[11])
    if (hours > 14 || minutes > 59 || (hours === 14 && minutes > 0)) return { ok: false, problem: `时区偏移 ${m[9]}${m[10]}${m[11] ? `:${m[11]}` : ''} 不存在（应在 -14:00 与 +14:00 之间）` }
    zone = FixedOffsetZone.instance((m[9] === '-' ? -1 : 1) * (hours * 60 + minutes))
  }
  const dt = DateTime.fromObject({ year, month, day, hour, minute, second, millisecond }, { zone })
  if (!dt.isValid) return { ok: false, problem: dt.invalidExplanation ?? '不是有效时间' }
  // Luxon moves a wall time the zone skipped forward by the gap; such a time never happened.
  if (dt.hour !== hour || dt.minute !== minute || dt.day !== day) return { ok: false, problem: `中国时间 ${m[4]}:${m[5]} 在当日不存在（夏令时调整跳过）` }
  return { ok: true, value: dt.toMillis() }
}

/** Bad date or time input: names the field and the value, and says why. */
export class DateInputError extends Error {
  readonly code = 'invalid_request'
  constructor(readonly field: string, readonly value: string, readonly problem: string, kind: '时间' | '日期') {
    super(`${field}：不是有效${kind}「${value}」（${problem}）`)
  }
}

/** An instant as epoch ms; throws DateInputError naming `field` (e.g. "events.2.at", "--from"). */
export function parseInstant(text: string, field: string): number {
  const r = readInstant(text)
  if (!r.ok) throw new DateInputError(field, text, r.problem, '时间')
  return r.value
}

/** A day as YYYY-MM-DD; throws DateInputError naming `field` (e.g. "--to", "receivedFrom"). */
export function parseDay(text: string, field: string): string {
  const r = readDay(text)
  if (!r.ok) throw new DateInputError(field, text, r.problem, '日期')
  return r.value
}

export const isDay = (text: string): boolean => readDay(text).ok

/** Zod: an instant (epoch ms). Zod's issue path names the field; the message names the value. */
export const zInstant = z.string().transform((s, ctx) => {
  const r = readInstant(s)
  if (r.ok) return r.value
  ctx.addIssue({ code: 'custom', message: `不是有效时间「${s}」（${r.problem}）` })
  return z.NEVER
})

/** Zod: a calendar day, kept as the YYYY-MM-DD text. */
export const zDay = z.string().superRefine((s, ctx) => {
  const r = readDay(s)
  if (!r.ok) ctx.addIssue({ code: 'custom', message: `不是有效日期「${s}」（${r.problem}）` })
})

/** An instant as China wall time, YYYY-MM-DD HH:mm (minutes), for messages. */
export function chinaWallTime(ms: number): string {
  return DateTime.fromMillis(ms, { zone: CHINA_ZONE }).toFormat('yyyy-MM-dd HH:mm')
}
