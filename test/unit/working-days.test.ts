import { describe, expect, it } from 'vitest'
import { PRC_CALENDAR } from '../../src-main/calendar/prc-holidays'
import { WorkingCalendar, cstDay, endOfCstDay } from '../../src-main/calendar/working-days'
import { calendarDayDeadline, workdayDeadline } from '../../src-main/audit/time'

const cal = new WorkingCalendar(PRC_CALENDAR)
const at = (s: string): Date => new Date(s)

describe('PRC working-day calendar', () => {
  it('covers 2020 to 2026 with adjusted working days only on weekends', () => {
    expect(cal.firstYear).toBe(2020)
    expect(cal.lastYear).toBe(2026)
    for (const d of PRC_CALENDAR.filter((e) => e.kind === 'workday')) {
      expect([0, 6]).toContain(new Date(`${d.day}T00:00:00Z`).getUTCDay())
    }
  })

  it('knows holidays, adjusted working Saturdays and ordinary days', () => {
    expect(cal.isWorkday('2025-10-01')).toBe(false) // 国庆节
    expect(cal.isWorkday('2025-09-28')).toBe(true) // Sunday, adjusted working day
    expect(cal.isWorkday('2025-10-11')).toBe(true) // Saturday, adjusted working day
    expect(cal.isWorkday('2025-10-12')).toBe(false) // ordinary Sunday
    expect(cal.isWorkday('2025-10-13')).toBe(true) // ordinary Monday
    expect(cal.isWorkday('2026-02-14')).toBe(true) // Saturday before 春节 2026
  })

  it('does not count the day of receipt (民法典 第二百零一条)', () => {
    // Received Monday 2025-06-09: the 7th working day after is Wednesday 2025-06-18.
    expect(cal.addWorkdays('2025-06-09', 7)).toBe('2025-06-18')
  })

  it('skips a holiday inside the window and counts an adjusted working Saturday', () => {
    // Received Friday 2025-09-26. Working: Sun 9/28 (调休), Mon 9/29, Tue 9/30; holiday 10/1–10/8; Sat 10/11 (调休).
    expect(cal.addWorkdays('2025-09-26', 1)).toBe('2025-09-28')
    expect(cal.addWorkdays('2025-09-26', 3)).toBe('2025-09-30')
    expect(cal.addWorkdays('2025-09-26', 4)).toBe('2025-10-09')
    expect(cal.addWorkdays('2025-09-26', 6)).toBe('2025-10-11')
  })

  it('puts a working-day deadline at the end of the last day, China time', () => {
    const received = at('2025-06-09T10:00:00+08:00')
    expect(workdayDeadline(cal, received.getTime(), 7)).toEqual({ at: at('2025-06-19T00:00:00+08:00').getTime(), missingYear: null })
    expect(cstDay(at('2025-06-09T23:30:00Z'))).toBe('2025-06-10')
    expect(endOfCstDay('2025-06-10').toISOString()).toBe('2025-06-10T16:00:00.000Z')
  })

  it('moves a calendar-day deadline that ends on a rest day to the next working day (第二百零三条)', () => {
    // 15 days after 2025-09-20 is 2025-10-05, inside the National Day holiday; it ends on 2025-10-09.
    expect(calendarDayDeadline(cal, at('2025-09-20T09:00:00+08:00').getTime(), 15).at).toBe(at('2025-10-10T00:00:00+08:00').getTime())
    // 15 days after 2025-06-02 is Tuesday 2025-06-17, a working day.
    expect(calendarDayDeadline(cal, at('2025-06-02T09:00:00+08:00').getTime(), 15).at).toBe(at('2025-06-18T00:00:00+08:00').getTime())
  })

})
