// Working-day arithmetic over the PRC calendar: weekends are rest days unless listed as adjusted working
// days (调休); listed holidays are rest days. Periods follow 《民法典》第二百零一条/第二百零三条: the day
// of the starting event is not counted, and a deadline ends at the end of its last day.

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

const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS
const dayString = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10)

export class WorkingCalendar {
  private readonly exceptions: Map<string, 'holiday' | 'workday'>
  readonly firstYear: number
  readonly lastYear: number

  /** Day number → is it a working day, for the covered years (a plain array: the generator asks millions of times). */
  private readonly table: Uint8Array
  private readonly base: number

  constructor(entries: readonly CalendarEntry[]) {
    this.exceptions = new Map(entries.map((e) => [e.day, e.kind]))
    const years = entries.map((e) => Number(e.day.slice(0, 4)))
    this.firstYear = Math.min(...years)
    this.lastYear = Math.max(...years)
    this.base = dayNumber(`${this.firstYear - 1}-01-01`)
    const end = dayNumber(`${this.lastYear + 2}-01-01`)
    this.table = new Uint8Array(end - this.base)
    for (let n = this.base; n < end; n++) this.table[n - this.base] = this.computeWorkday(dayString(n)) ? 1 : 0
  }

  private computeWorkday(day: string): boolean {
    const ex = this.exceptions.get(day)
    if (ex) return ex === 'workday'
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay()
    return dow !== 0 && dow !== 6
  }

  private workdayNumber(n: number): boolean {
    const i = n - this.base
    return i >= 0 && i < this.table.length ? this.table[i] === 1 : this.computeWorkday(dayString(n))
  }

  /** isWorkday on a day number (days since 1970-01-01). */
  isWorkdayNumber(n: number): boolean {
    return this.workdayNumber(n)
  }

  isWorkday(day: string): boolean {
    return this.workdayNumber(dayNumber(day))
  }

  /** The n-th working day after `day` (the day itself is not counted). */
  addWorkdays(day: string, n: number): string {
    return dayString(this.addWorkdayNumbers(dayNumber(day), n))
  }

  /** addWorkdays on day numbers (days since 1970-01-01), for callers that do millions of them. */
  addWorkdayNumbers(day: number, n: number): number {
    let d = day
    let left = n
    while (left > 0) {
      d++
      if (this.workdayNumber(d)) left--
    }
    return d
  }

  /** Deadline instant for "within n working days of `at`": the end of the n-th working day after it. */
  workdayDeadline(at: Date, n: number): Date {
    return endOfCstDay(this.addWorkdays(cstDay(at), n))
  }

  /**
   * Deadline for "within n (calendar) days of `at`": the end of the n-th day after it, moved to the
   * first working day when that day is a rest day (民法典第二百零三条).
   */
  calendarDayDeadline(at: Date, n: number): Date {
    let d = dayNumber(cstDay(at)) + n
    while (!this.workdayNumber(d)) d++
    return endOfCstDay(dayString(d))
  }

  /** Working days strictly after `from`'s day up to and including `to`'s day. */
  workdaysBetween(from: Date, to: Date): number {
    const end = dayNumber(cstDay(to))
    let count = 0
    for (let d = dayNumber(cstDay(from)) + 1; d <= end; d++) if (this.workdayNumber(d)) count++
    return count
  }
}
