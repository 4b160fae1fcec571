// Request schemas and responses of the 节假日 area (admin): the loaded years of the working-day calendar,
// one year's days, and loading a year's notice from a file's text (checked first, then loaded).
import { z } from 'zod'

const year = z.number().int().min(1990).max(2200)

export interface CalendarDayView { day: string; kind: 'holiday' | 'workday'; name: string }
export interface CalendarYearView {
  year: number; source: string; sha256: string | null; holidays: number; workdays: number; loadedBy: string; loadedAt: string
}

export interface CalendarOverview {
  years: CalendarYearView[]
  /** Cases with a limit that cannot be judged until that year's notice is loaded. */
  waiting: { year: number; cases: number }[]
  /** A re-audit after an import has not finished (YYYY-MM-DD: the first changed day). */
  reauditPendingFrom: string | null
}

export interface CalendarImportResponse {
  year: number; holidays: number; workdays: number; days: CalendarDayView[]
  /** Absent on a check (`dryRun`); after a load: what changed, and whether a re-audit was started. */
  result?: { replaced: boolean; changedDays: number; firstChanged: string | null; reauditStarted: boolean }
}

export const calendarRequestSchemas = {
  'calendar.overview': z.object({}).strict(),
  'calendar.days': z.object({ year }).strict(),
  'calendar.import': z.object({
    fileName: z.string().min(1).max(255),
    /** The file's text (UTF-8); a year's notice is a few dozen lines. */
    content: z.string().min(1).max(200_000),
    year: year.optional(),
    dryRun: z.boolean().default(false)
  }).strict()
} as const

export interface CalendarResponses {
  'calendar.overview': CalendarOverview
  'calendar.days': CalendarDayView[]
  'calendar.import': CalendarImportResponse
}
