// Working-day arithmetic over the PRC calendar: weekends are rest days unless listed as adjusted working
// days (调休); listed holidays are rest days. Periods follow 《民法典》第二百零一条/第二百零三条: the day
// of the starting event is not counted, and a deadline ends at the end of its last day.
//
// The calendar knows only the years whose 节假日安排 has been loaded. A day in any other year is unknown:
// its weekday says nothing (元旦 falls on a weekday; a 调休 Saturday is a working day), so a limit that
// reaches such a day cannot be settled, only bounded from below (see `workdayLimit`, `calendarDayLimit`).

export interface CalendarEntry { day: string; kind: 'holiday' | 'workday' }

const DAY_MS = 86_400_000
/** Calendar days are China Standard Time days; China has no daylight saving time. */
const CST_OFFSET_MS = 8 * 3_600_000

/** The CST calendar day (YYYY-MM-DD) that an instant falls on. */
export function cstDay(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10)
}

/** The first instant after the given CST day ends (i.e. 00:00 CST of the next day). */
export function endOfCstDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS + DAY_MS)
}

export const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS
export const dayString = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10)
/** The Gregorian year of a day number (days since 1970-01-01). */
export const yearOfDayNumber = (n: number): number => new Date(n * DAY_MS).getUTCFullYear()

const REST = 0
const WORK = 1
const UNKNOWN = 2

/**
 * Where a limit ends: the day number (days since 1970-01-01, China time) of its last day, and the first year
 * it needed that the calendar has not loaded. With `missingYear` set, `day` is the earliest the limit can end
 * (every unknown day counted as a working day): an event before its end is certainly in time, one after it
 * cannot be judged until that year is loaded.
 */
export interface LimitDay { day: number; missingYear: number | null }

export class WorkingCalendar {
  /** The years whose 节假日安排 is loaded, ascending. */
  readonly years: readonly number[]
  readonly firstYear: number
  readonly lastYear: number

  /** Day number → REST / WORK / UNKNOWN over the loaded span (a plain array: the audit asks millions of times). */
  private readonly table: Uint8Array
  private readonly base: number

  /**
   * @param entries the exceptions to Monday–Friday (holidays and 调休 working days) of the loaded years
   * @param years the loaded years; by default the years the entries fall in. A year listed with no entry
   *   still counts as loaded (weekends only), a year with entries but not listed does not.
   */
  constructor(entries: readonly CalendarEntry[], years?: readonly number[]) {
    const loaded = [...new Set(years ?? entries.map((e) => Number(e.day.slice(0, 4))))].sort((a, b) => a - b)
    this.years = loaded
    this.firstYear = loaded.length ? loaded[0] : NaN
    this.lastYear = loaded.length ? loaded[loaded.length - 1] : NaN
    const exceptions = new Map(entries.map((e) => [e.day, e.kind]))
    const isLoaded = new Set(loaded)
    this.base = loaded.length ? dayNumber(`${this.firstYear}-01-01`) : 0
    const end = loaded.length ? dayNumber(`${this.lastYear + 1}-01-01`) : 0
    this.table = new Uint8Array(end - this.base)
    for (let n = this.base; n < end; n++) {
      const day = dayString(n)
      if (!isLoaded.has(Number(day.slice(0, 4)))) { this.table[n - this.base] = UNKNOWN; continue }
      const ex = exceptions.get(day)
      const dow = new Date(n * DAY_MS).getUTCDay()
      this.table[n - this.base] = (ex ? ex === 'workday' : dow !== 0 && dow !== 6) ? WORK : REST
    }
  }

  private state(n: number): number {
    const i = n - this.base
    return i >= 0 && i < this.table.length ? this.table[i] : UNKNOWN
  }

  /** Whether the day's year is loaded. */
  knows(day: string): boolean {
    return this.state(dayNumber(day)) !== UNKNOWN
  }

  /** Whether a day is a working day; null when its year's 节假日安排 is not loaded. */
  isWorkday(day: string): boolean | null {
    const s = this.state(dayNumber(day))
    return s === UNKNOWN ? null : s === WORK
  }

  /**
   * The last day of "within n working days after `day`" (民法典 第二百零一条: `day` itself is not counted).
   * Unknown days are counted as working days, so with `missingYear` set the result is a lower bound.
   */
  workdayLimit(day: number, n: number): LimitDay {
    let d = day
    let left = n
    let missingYear: number | null = null
    while (left > 0) {
      d++
      const s = this.state(d)
      if (s === UNKNOWN && missingYear === null) missingYear = yearOfDayNumber(d)
      if (s !== REST) left--
    }
    return { day: d, missingYear }
  }

  /**
   * The last day of "within n (calendar) days after `day`": the n-th day, moved to the next working day when it
   * is a rest day (民法典 第二百零三条). An unknown day ends the search, as the earliest possible last day.
   */
  calendarDayLimit(day: number, n: number): LimitDay {
    let d = day + n
    for (;;) {
      const s = this.state(d)
      if (s === WORK) return { day: d, missingYear: null }
      if (s === UNKNOWN) return { day: d, missingYear: yearOfDayNumber(d) }
      d++
    }
  }

  /** The n-th working day after `day` (YYYY-MM-DD); throws when it needs a year that is not loaded. */
  addWorkdays(day: string, n: number): string {
    const r = this.workdayLimit(dayNumber(day), n)
    if (r.missingYear !== null) throw new CalendarYearMissing(r.missingYear)
    return dayString(r.day)
  }

  /**
   * The demo generator's working days: outside the loaded years a weekday counts as a working day. Only for
   * making up plausible timelines, never for judging one.
   */
  addWorkdayNumbersLenient(day: number, n: number): number {
    let d = day
    let left = n
    while (left > 0) {
      d++
      if (this.isWorkdayNumberLenient(d)) left--
    }
    return d
  }

  /** The demo generator's working day (a day number): outside the loaded years, Monday to Friday. */
  isWorkdayNumberLenient(n: number): boolean {
    const s = this.state(n)
    if (s !== UNKNOWN) return s === WORK
    const dow = new Date(n * DAY_MS).getUTCDay()
    return dow !== 0 && dow !== 6
  }
}

/** A day was needed from a year whose 节假日安排 has not been loaded (the message is the one reviewers read). */
export class CalendarYearMissing extends Error {
  constructor(readonly year: number) {
    super(calendarMissingMessage(year))
    this.name = 'CalendarYearMissing'
  }
}

/** 「2027 年节假日安排尚未载入」: why a limit reaching into that year cannot be judged. */
export const calendarMissingMessage = (year: number): string => `${year} 年节假日安排尚未载入`
