// Quarters as the contract names them (`2025Q3`) and which one a report is asked for by default.
import { formatDate } from './format'

export type QuarterNo = 1 | 2 | 3 | 4
export interface Quarter { year: number; q: QuarterNo }

export const QUARTER_NOS: readonly QuarterNo[] = [1, 2, 3, 4]

export const quarterCode = (x: Quarter): string => `${x.year}Q${x.q}`

function quarterOfDay(day: string): Quarter {
  const year = Number(day.slice(0, 4))
  const month = Number(day.slice(5, 7))
  return { year, q: (Math.floor((month - 1) / 3) + 1) as QuarterNo }
}

/** The quarter that holds today (China time, as formatDate shows days): a report on it is a 截至今日 interim one. */
export const currentQuarter = (now = new Date()): Quarter => quarterOfDay(formatDate(now.toISOString()))

const previous = (x: Quarter): Quarter => (x.q === 1 ? { year: x.year - 1, q: 4 } : { year: x.year, q: (x.q - 1) as QuarterNo })

/** Day 0 of the next quarter's first month is this quarter's last day. */
function lastDayOf(x: Quarter): string {
  const end = new Date(Date.UTC(x.year, x.q * 3, 0))
  return end.toISOString().slice(0, 10)
}

/**
 * The newest quarter whose last day the archive has reached: a demo archive received up to 2026-08-31 gives
 * 2026Q2 even in November, since a report on a half-filled quarter would compare the wrong things. Without
 * a newest case (empty archive, or it could not be asked) today decides.
 */
export function lastCompleteQuarter(newestReceivedAt: string | null, now = new Date()): Quarter {
  const today = formatDate(now.toISOString())
  const newest = newestReceivedAt ? formatDate(newestReceivedAt) : today
  const upTo = newest < today ? newest : today
  const current = quarterOfDay(upTo)
  return upTo === lastDayOf(current) ? current : previous(current)
}
