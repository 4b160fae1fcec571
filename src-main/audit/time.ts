// Time arithmetic for the rules, on epoch milliseconds and CST day numbers.
import { calendarMissingMessage, type WorkingCalendar } from '../calendar/working-days'
import type { EvidenceValue, RuleResult } from './types'

export const MINUTE = 60_000
export const HOUR = 3_600_000
const DAY = 86_400_000
const CST = 8 * HOUR

/** The CST day number (days since 1970-01-01) an instant falls on. */
export const cstDayNumber = (ms: number): number => Math.floor((ms + CST) / DAY)
const endOfDayNumber = (d: number): number => (d + 1) * DAY - CST

// Evidence formats a dozen instants per case and the batch audits a million cases: day strings are cached
// by day number and the clock time is composed by hand instead of going through Date.
const dayStrings = new Map<number, string>()
function dayString(day: number): string {
  let s = dayStrings.get(day)
  if (s === undefined) {
    s = new Date(day * DAY).toISOString().slice(0, 10)
    dayStrings.set(day, s)
  }
  return s
}
const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`)

/** An instant as China time, minute precision, for evidence: 2025-03-07 14:05. */
export function cst(ms: number | null): string | null {
  if (ms === null) return null
  const local = ms + CST
  const day = Math.floor(local / DAY)
  const minutes = Math.floor((local - day * DAY) / MINUTE)
  return `${dayString(day)} ${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`
}

export function cstDate(ms: number): string {
  return dayString(cstDayNumber(ms))
}

/** Elapsed time as "25 h 03 min", the way a reviewer reads a 24 h limit. */
export function duration(ms: number): string {
  const sign = ms < 0 ? '-' : ''
  const m = Math.round(Math.abs(ms) / MINUTE)
  return `${sign}${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`
}

/**
 * A limit's end as an instant (epoch ms; the end of its last day, China time) and the first year it needed
 * whose 节假日安排 is not loaded. With `missingYear` set, `at` is the earliest the limit can end: an event
 * before it is certainly in time; one after it cannot be judged (`calendarMissing`).
 */
export interface Deadline { at: number; missingYear: number | null }

/** End of the n-th working day after the day of `from` (民法典 第二百零一条: that day is not counted). */
export function workdayDeadline(cal: WorkingCalendar, from: number, n: number): Deadline {
  const r = cal.workdayLimit(cstDayNumber(from), n)
  return { at: endOfDayNumber(r.day), missingYear: r.missingYear }
}

/** End of the n-th calendar day after `from`, moved to the next working day if it is a rest day (第二百零三条). */
export function calendarDayDeadline(cal: WorkingCalendar, from: number, n: number): Deadline {
  const r = cal.calendarDayLimit(cstDayNumber(from), n)
  return { at: endOfDayNumber(r.day), missingYear: r.missingYear }
}

/** A deadline for evidence: 2025-10-23 23:59, or 「不早于 2027-01-06 23:59」 while its year is not loaded. */
export function deadlineText(d: Deadline): string {
  const last = cst(d.at - MINUTE)!
  return d.missingYear === null ? last : `不早于 ${last}`
}

/**
 * The result of a limit that reached a year not loaded and was not met by its earliest possible end: the rule
 * cannot tell (never a guess), and says which year's 节假日安排 is missing. `calendarMissingYear` in the
 * evidence lets the batch count the cases waiting on that year.
 */
export function calendarMissing(d: Deadline, what: string, evidence: Record<string, EvidenceValue>): RuleResult {
  return cannotTell(`${calendarMissingMessage(d.missingYear!)}，无法判断是否在期限内${what}（期限不早于 ${cst(d.at - MINUTE)}）`,
    { ...evidence, calendarMissingYear: d.missingYear })
}

export const pass = (reason: string, evidence: Record<string, EvidenceValue> = {}): RuleResult => ({ status: 'pass', reason, evidence })
export const fail = (reason: string, evidence: Record<string, EvidenceValue> = {}): RuleResult => ({ status: 'fail', reason, evidence })
export const notApplicable = (reason: string, evidence: Record<string, EvidenceValue> = {}): RuleResult => ({ status: 'not_applicable', reason, evidence })
export const cannotTell = (reason: string, evidence: Record<string, EvidenceValue> = {}): RuleResult => ({ status: 'cannot_tell', reason, evidence })

/** The names of the listed fields that are empty (null, or blank text). */
export function missing(fields: Record<string, unknown>): string[] {
  const out: string[] = []
  for (const k in fields) {
    const v = fields[k]
    if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) out.push(k)
  }
  return out
}
