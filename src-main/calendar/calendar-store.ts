// The working-day calendar as the database holds it: which years are loaded, their days, and loading a
// year's notice (replacing it when loaded before) in one transaction with its audit-trail record.
import type { DataSource } from 'typeorm'
import { recordChange } from '../trail/record'
import type { CalendarNotice, NoticeDay } from './notice-file'
import { WorkingCalendar, dayNumber, dayString, type CalendarEntry } from './working-days'

export interface CalendarYearInfo {
  year: number; source: string; sha256: string | null; holidays: number; workdays: number; loadedBy: string; loadedAt: string
}

/** The calendar the audit uses: the loaded years and their exceptions to Monday–Friday. */
export async function loadCalendar(ds: Pick<DataSource, 'query'>): Promise<WorkingCalendar> {
  const days: CalendarEntry[] = await ds.query('SELECT day::text AS day, kind FROM calendar_days ORDER BY day')
  const years: { year: number }[] = await ds.query('SELECT year FROM calendar_years ORDER BY year')
  return new WorkingCalendar(days, years.map((y) => y.year))
}

/** Every loaded year, newest first, with its source and who loaded it. */
export async function listCalendarYears(ds: Pick<DataSource, 'query'>): Promise<CalendarYearInfo[]> {
  const rows: { year: number; source: string; sha256: string | null; holidays: number; workdays: number; loaded_by: string; loaded_at: Date }[] = await ds.query(`
    SELECT y.year, y.source, y.sha256, y.loaded_by, y.loaded_at,
      count(d.day) FILTER (WHERE d.kind = 'holiday')::int AS holidays, count(d.day) FILTER (WHERE d.kind = 'workday')::int AS workdays
    FROM calendar_years y LEFT JOIN calendar_days d ON d.notice_year = y.year GROUP BY y.year ORDER BY y.year DESC`)
  return rows.map((r) => ({ year: r.year, source: r.source, sha256: r.sha256, holidays: r.holidays, workdays: r.workdays, loadedBy: r.loaded_by, loadedAt: r.loaded_at.toISOString() }))
}

/** The days a year's notice lists (holidays and 调休 working days), in date order. */
export async function listNoticeDays(ds: Pick<DataSource, 'query'>, year: number): Promise<NoticeDay[]> {
  return ds.query(`SELECT day::text AS day, kind, name FROM calendar_days WHERE notice_year = $1 ORDER BY day`, [year])
}

export interface NoticeImportResult {
  year: number
  /** True when the year was loaded before and this notice replaced it. */
  replaced: boolean
  days: number
  /** Days whose working/rest status differs from before (every day of the year when it was not loaded). */
  changedDays: number
  /** The first such day (YYYY-MM-DD), from which audit results may change; null when nothing changed. */
  firstChanged: string | null
}

/**
 * Loads a year's notice: its days replace the days of any earlier load of the same year's notice (a day the
 * notice shares with another year's notice takes this notice's value), the year is marked loaded, and the
 * change is recorded in the audit trail (before/after lists of days) — all in one transaction. It also
 * marks the audit results from `firstChanged` on as waiting for a re-audit (app_meta
 * `audit.calendar_pending_from`), so a crash before the re-audit ends is caught up at the next start.
 * @param source where the days came from (file name, notice title), shown on the 节假日 screen
 */
export async function importNotice(ds: DataSource, notice: CalendarNotice, meta: { actor: string; source: string; sha256: string | null }): Promise<NoticeImportResult> {
  return ds.transaction(async (em) => {
    // One import at a time: the comparison of before and after must see a calendar nobody else is changing.
    await em.query('LOCK TABLE calendar_days, calendar_years IN SHARE ROW EXCLUSIVE MODE')
    const before = await loadCalendar(em)
    const [prior] = await em.query('SELECT year, source, sha256 FROM calendar_years WHERE year = $1', [notice.year])
    const priorDays = await listNoticeDays(em, notice.year)
    await em.query('DELETE FROM calendar_days WHERE notice_year = $1', [notice.year])
    await em.query(
      `INSERT INTO calendar_days (day, kind, name, notice_year) SELECT d, k, n, $4 FROM unnest($1::date[], $2::text[], $3::text[]) AS t(d, k, n)
       ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name, notice_year = excluded.notice_year`,
      [notice.days.map((d) => d.day), notice.days.map((d) => d.kind), notice.days.map((d) => d.name), notice.year])
    await em.query(
      `INSERT INTO calendar_years (year, source, sha256, days, loaded_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (year) DO UPDATE SET source = excluded.source, sha256 = excluded.sha256, days = excluded.days, loaded_by = excluded.loaded_by, loaded_at = now()`,
      [notice.year, meta.source, meta.sha256, notice.days.length, meta.actor])
    const after = await loadCalendar(em)
    const { count, first } = diff(before, after, notice.year)
    await recordChange(em, {
      actor: meta.actor, entity: 'calendar_year', entityId: notice.year, action: prior ? 'replace' : 'create',
      before: prior ? { source: prior.source, sha256: prior.sha256, days: priorDays } : null,
      after: { source: meta.source, sha256: meta.sha256, days: notice.days, changedDays: count }
    })
    if (first) {
      await em.query(
        `INSERT INTO app_meta (key, value) VALUES ('audit.calendar_pending_from', to_jsonb($1::text))
         ON CONFLICT (key) DO UPDATE SET value = to_jsonb(least(app_meta.value #>> '{}', $1::text)), updated_at = now()`, [first])
    }
    return { year: notice.year, replaced: !!prior, days: notice.days.length, changedDays: count, firstChanged: first }
  })
}

/** Days of the notice's span (the December before through its year) whose status differs between two calendars. */
function diff(before: WorkingCalendar, after: WorkingCalendar, year: number): { count: number; first: string | null } {
  let count = 0
  let first: string | null = null
  for (let n = dayNumber(`${year - 1}-12-01`), end = dayNumber(`${year}-12-31`); n <= end; n++) {
    const day = dayString(n)
    if (before.isWorkday(day) !== after.isWorkday(day)) {
      count++
      first ??= day
    }
  }
  return { count, first }
}
