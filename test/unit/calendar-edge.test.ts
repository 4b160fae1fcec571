// The calendar's edge: a limit that needs a day of a year whose 节假日安排 is not loaded is never guessed.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { PRC_CALENDAR } from '../../src-main/calendar/prc-holidays'
import { WorkingCalendar, CalendarYearMissing, dayNumber, dayString, type CalendarEntry } from '../../src-main/calendar/working-days'
import { builtInReference } from '../../src-main/audit/policies'
import { auditCase } from '../../src-main/audit/engine'
import { caseLine } from '../../src-main/audit/report'
import type { AuditFacts } from '../../src-main/audit/facts'
import { cleanCase, t } from './audit-fixture'

const cal = new WorkingCalendar(PRC_CALENDAR)

describe('a calendar that ends in 2026', () => {
  it('does not know 2027, not even its weekdays', () => {
    expect(cal.years).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026])
    expect(cal.isWorkday('2027-01-01')).toBeNull()
    expect(cal.isWorkday('2027-01-04')).toBeNull()
    expect(cal.isWorkday('2019-12-31')).toBeNull()
    expect(cal.isWorkday('2026-12-31')).toBe(true)
  })

  it('bounds a working-day limit that runs into 2027 from below and names the year', () => {
    // Received 2026-12-30: 12-31 is the 1st working day; 2027-01-01 … counted as working days at the earliest.
    expect(cal.workdayLimit(dayNumber('2026-12-30'), 7)).toEqual({ day: dayNumber('2027-01-06'), missingYear: 2027 })
    expect(cal.workdayLimit(dayNumber('2026-12-21'), 7)).toEqual({ day: dayNumber('2026-12-30'), missingYear: null })
    expect(() => cal.addWorkdays('2026-12-30', 7)).toThrow(CalendarYearMissing)
    expect(() => cal.addWorkdays('2026-12-30', 7)).toThrow('2027 年节假日安排尚未载入')
  })

  it('stops a calendar-day limit at the first unknown day (民法典 第二百零三条 cannot be applied to it)', () => {
    // 15 days after 2026-12-17 is 2027-01-01.
    expect(cal.calendarDayLimit(dayNumber('2026-12-17'), 15)).toEqual({ day: dayNumber('2027-01-01'), missingYear: 2027 })
    // 15 days after 2026-12-12 is Sunday 2026-12-27, moved to Monday 12-28: all inside 2026.
    expect(cal.calendarDayLimit(dayNumber('2026-12-12'), 15)).toEqual({ day: dayNumber('2026-12-28'), missingYear: null })
  })

  it('knows a loaded year without any exception as weekends only, and an unlisted year as unknown', () => {
    const c = new WorkingCalendar([{ day: '2027-01-01', kind: 'holiday' }], [2027, 2029])
    expect(c.isWorkday('2029-01-01')).toBe(true)
    expect(c.isWorkday('2028-03-01')).toBeNull()
    expect(c.workdayLimit(dayNumber('2027-12-30'), 3)).toEqual({ day: dayNumber('2028-01-02'), missingYear: 2028 })
  })
})

/** A complete "true" calendar for years the audit does not know: any weekday may be a holiday, any weekend day a 调休 working day. */
const truthFor = (known: WorkingCalendar, extra: CalendarEntry[]): ((n: number) => boolean) => {
  const map = new Map(extra.map((e) => [e.day, e.kind]))
  return (n) => {
    const day = dayString(n)
    const k = known.isWorkday(day)
    if (k !== null) return k
    const ex = map.get(day)
    const dow = new Date(n * 86_400_000).getUTCDay()
    return ex ? ex === 'workday' : dow !== 0 && dow !== 6
  }
}

describe('the bound holds whatever the unknown year turns out to be (property)', () => {
  const start = fc.integer({ min: dayNumber('2026-10-01'), max: dayNumber('2026-12-31') })
  const unknownDays = fc.array(fc.record({ offset: fc.integer({ min: 0, max: 120 }), kind: fc.constantFrom('holiday' as const, 'workday' as const) }), { maxLength: 30 })
    .map((xs) => xs.map((x) => ({ day: dayString(dayNumber('2027-01-01') + x.offset), kind: x.kind })))

  it('a working-day limit: exact inside the calendar, never later than the truth outside it', () => {
    fc.assert(fc.property(start, fc.integer({ min: 1, max: 20 }), unknownDays, (from, n, extra) => {
      const isWork = truthFor(cal, extra)
      let d = from
      for (let left = n; left > 0;) { d++; if (isWork(d)) left-- }
      const r = cal.workdayLimit(from, n)
      if (r.missingYear === null) expect(r.day).toBe(d)
      else { expect(r.missingYear).toBe(2027); expect(r.day).toBeLessThanOrEqual(d) }
    }))
  })

  it('a calendar-day limit: exact inside the calendar, never later than the truth outside it', () => {
    fc.assert(fc.property(start, fc.integer({ min: 1, max: 60 }), unknownDays, (from, n, extra) => {
      const isWork = truthFor(cal, extra)
      let d = from + n
      while (!isWork(d)) d++
      const r = cal.calendarDayLimit(from, n)
      if (r.missingYear === null) expect(r.day).toBe(d)
      else expect(r.day).toBeLessThanOrEqual(d)
    }))
  })
})

describe('the audit at the calendar edge (issue examples)', () => {
  const with2027 = new WorkingCalendar([...PRC_CALENDAR, { day: '2027-01-01', kind: 'holiday' }], [2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027])
  const { book } = builtInReference()
  const rule = (f: AuditFacts, c: WorkingCalendar, code: string, kind: 'internal' | 'regulatory') => auditCase(f, book, c).rules.find((r) => r.code === code)![kind]
  // Received 2026-12-30 10:00, general case (7 working days), handled 2027-01-11 16:00.
  const december = cleanCase({
    receivedAt: t('2026-12-30 10:00'), acceptedAt: t('2026-12-30 11:00'), acceptanceNotifiedAt: t('2026-12-30 11:10'), classifiedAt: t('2026-12-31 09:00'),
    handledAt: t('2027-01-11 16:00'), replyAt: t('2027-01-12 10:00'), revisitAt: t('2027-01-13 10:00'), closedAt: t('2027-01-14 10:00'), filledAt: t('2027-01-14 11:00')
  })

  it('R04 internal says cannot_tell, naming 2027, until the 2027 calendar is loaded; then pass (元旦 is a holiday)', () => {
    const before = rule(december, cal, 'R04', 'internal')
    expect(before.status).toBe('cannot_tell')
    expect(before.reason).toContain('2027 年节假日安排尚未载入')
    expect(before.evidence.calendarMissingYear).toBe(2027)
    expect(auditCase(december, book, cal).calendarMissingYear).toBe(2027)
    // The CLI's text line says it too.
    expect(caseLine(auditCase(december, book, cal))).toBe(`${december.caseNo}  无不通过项（部分时限待定）\n  待定: 2027 年节假日安排尚未载入，R04（内部） 无法判断`)
    const after = rule(december, with2027, 'R04', 'internal')
    expect(after.status).toBe('pass')
    expect(after.evidence.deadline).toBe('2027-01-11 23:59')
    expect(auditCase(december, book, with2027).calendarMissingYear).toBeNull()
  })

  it('a case handled before the earliest possible deadline passes without the 2027 calendar', () => {
    expect(rule({ ...december, handledAt: t('2027-01-05 16:00') }, cal, 'R04', 'internal').status).toBe('pass')
  })

  it('R05 waits on 2027 too: reply 10 working days after handling on 2026-12-28', () => {
    const f = { ...december, receivedAt: t('2026-12-21 10:00'), handledAt: t('2026-12-28 10:00'), replyAt: t('2027-01-11 10:00') }
    expect(rule(f, cal, 'R05', 'internal').status).toBe('cannot_tell')
    expect(rule(f, with2027, 'R05', 'internal').status).toBe('pass')
  })

  it('R04 regulatory: a 15-day period ending on 2027-01-01 cannot be told until 2027 is loaded; then it moves past 元旦 and the weekend', () => {
    const f = {
      ...december, receivedAt: t('2026-12-17 10:00'), acceptedAt: t('2026-12-17 11:00'), acceptanceNotifiedAt: t('2026-12-17 11:10'), classifiedAt: t('2026-12-18 09:00'),
      handledAt: t('2026-12-31 16:00'), replyAt: t('2027-01-04 10:00'), revisitAt: t('2027-01-05 10:00'), closedAt: t('2027-01-06 10:00'), filledAt: t('2027-01-06 11:00')
    }
    const before = rule(f, cal, 'R04', 'regulatory')
    expect(before.status).toBe('cannot_tell')
    expect(before.reason).toContain('2027 年节假日安排尚未载入')
    const after = rule(f, with2027, 'R04', 'regulatory')
    expect(after.status).toBe('pass')
    expect(after.evidence.deadline).toBe('2027-01-04 23:59')
    // Told on 2027-01-05: late, whatever else happens.
    expect(rule({ ...f, replyAt: t('2027-01-05 09:00') }, with2027, 'R04', 'regulatory').status).toBe('fail')
  })

  it('R04 regulatory with the further extension (第十八条): an extension after the earliest end of the 30 days waits on 2027', () => {
    const base = {
      ...december, isComplex: true, receivedAt: t('2026-12-10 10:00'), acceptedAt: t('2026-12-10 11:00'), acceptanceNotifiedAt: t('2026-12-10 11:10'),
      classifiedAt: t('2026-12-11 09:00'), handledAt: t('2027-01-20 16:00'), replyAt: t('2027-02-01 10:00'), revisitAt: t('2027-02-02 10:00'),
      closedAt: t('2027-02-03 10:00'), filledAt: t('2027-02-03 11:00')
    }
    // 30 days after 2026-12-10 is Saturday 2027-01-09: at the earliest it ends that day.
    const ext = (at: string) => ({ approver: { key: '90', name: '赵总' }, level: 'higher_branch', approvedAt: t(at), notifiedAt: t(at) + 3_600_000 })
    const inTime = rule({ ...base, furtherExtension: ext('2027-01-08 10:00') }, cal, 'R04', 'regulatory')
    expect(inTime.status).toBe('pass') // 60 days end 2027-02-08 at the earliest
    const late = rule({ ...base, furtherExtension: ext('2027-01-11 10:00') }, cal, 'R04', 'regulatory')
    expect(late.status).toBe('cannot_tell')
    expect(late.reason).toContain('2027 年节假日安排尚未载入')
    // With 2027 loaded (only 元旦 off), the 30 days end on Monday 2027-01-11: an approval that day counts.
    expect(rule({ ...base, furtherExtension: ext('2027-01-11 10:00') }, with2027, 'R04', 'regulatory').status).toBe('pass')
    expect(rule({ ...base, furtherExtension: ext('2027-01-12 10:00') }, with2027, 'R04', 'regulatory').status).toBe('fail')
  })
})
