// Time helpers for the generator: instants are epoch milliseconds, calendar days are China Standard Time.
import { PRC_CALENDAR } from '../calendar/prc-holidays'
import { WorkingCalendar, cstDay } from '../calendar/working-days'
import type { Rng } from './random'

export const MIN = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000
const CST = 8 * HOUR

export const calendar = new WorkingCalendar(PRC_CALENDAR)

export function dayOf(ms: number): string {
  return cstDay(new Date(ms))
}

/** The CST day number (days since 1970-01-01) of an instant. */
export function dayNumberOf(ms: number): number {
  return Math.floor((ms + CST) / DAY)
}

/** A time during office hours (09:00–17:30 CST) on the given day number. */
export function officeTime(rng: Rng, day: number): number {
  return day * DAY - CST + 9 * HOUR + rng.int(0, 510) * MIN
}

/** Office time on the n-th working day after the day of `ms` (n = 0: later the same day). */
export function afterWorkdays(rng: Rng, ms: number, n: number): number {
  if (n === 0) return ms + rng.int(30, 240) * MIN
  return officeTime(rng, calendar.addWorkdayNumbersLenient(dayNumberOf(ms), n))
}

/** Receipt times for case i of n, spread over [from, to) with volume growing about 60 % over the span. */
export function receiptTime(rng: Rng, i: number, n: number, from: number, to: number, channelIsOnline: boolean): number {
  // Inverse CDF of a linear density a + b·x with a = 1, b = 0.6, so later months carry more cases.
  const u = (i + rng.next()) / n
  const a = 1
  const b = 0.6
  const x = (-a + Math.sqrt(a * a + 2 * b * u * (a + b / 2))) / b
  const dayStart = from + Math.floor((x * (to - from)) / DAY) * DAY
  const hour = channelIsOnline ? rng.int(0, 23) : rng.weighted([8, 9, 10, 11, 13, 14, 15, 16, 17, 19], [3, 9, 10, 8, 6, 9, 9, 8, 5, 2])
  return dayStart + hour * HOUR + rng.int(0, 59) * MIN
}
