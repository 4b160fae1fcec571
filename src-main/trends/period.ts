// The period of the trend view: its buckets (months, quarters or years), the comparison periods and whether
// it has ended. Months are China-time calendar months; all days are YYYY-MM-DD, both ends inclusive.
import { DateTime } from 'luxon'
import { CHINA_ZONE } from '../shared/china-time'
import type { DayRange, TrendBucket, TrendGrain, TrendPeriod } from '../shared/contract-trends'

/** Months since year 0: 2026-03 → 2026 * 12 + 2. */
const index = (ym: string): number => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1
const monthOf = (i: number): string => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
const firstDay = (i: number): string => `${monthOf(i)}-01`
const lastDay = (i: number): string => DateTime.fromISO(firstDay(i), { zone: 'utc' }).endOf('month').toISODate()!
const span = (grain: TrendGrain): number => (grain === 'month' ? 1 : grain === 'quarter' ? 3 : 12)

function bucketLabel(grain: TrendGrain, start: number): string {
  const ym = monthOf(start)
  if (grain === 'month') return ym
  if (grain === 'quarter') return `${ym.slice(0, 4)}Q${Math.floor((start % 12) / 3) + 1}`
  return ym.slice(0, 4)
}

function rangeLabel(grain: TrendGrain, first: number, last: number): string {
  const a = bucketLabel(grain, first)
  const b = bucketLabel(grain, last - span(grain) + 1)
  return a === b ? a : `${a}–${b}`
}

export interface ResolvedPeriod {
  grain: TrendGrain
  /** Month indexes, first and last (inclusive), aligned to the grain. */
  first: number
  last: number
  range: DayRange & { partial: boolean; asOf: string | null }
  previous: DayRange & { first: number; last: number }
  lastYear: DayRange & { first: number; last: number }
  buckets: TrendBucket[]
  /** Today, China time. */
  today: string
}

/**
 * Widens the request to whole buckets; the previous period is as long and ends the month before, the same
 * period last year is twelve months earlier. A bucket holding today is partial (「截至」 today), one after
 * today is future (no figures yet, never a drop).
 * @param now epoch ms, for tests; the clock otherwise
 */
export function resolvePeriod(p: TrendPeriod, now: number = Date.now()): ResolvedPeriod {
  const size = span(p.grain)
  const first = Math.floor(index(p.from) / size) * size
  const last = Math.floor(index(p.to) / size) * size + size - 1
  const today = DateTime.fromMillis(now, { zone: CHINA_ZONE }).toISODate()!
  const buckets: TrendBucket[] = []
  for (let s = first; s <= last; s += size) {
    const from = firstDay(s)
    const to = lastDay(s + size - 1)
    buckets.push({ key: from, from, to, label: bucketLabel(p.grain, s), partial: from <= today && today <= to, future: from > today })
  }
  const n = last - first + 1
  const range = (a: number, b: number): DayRange & { first: number; last: number } => ({ first: a, last: b, from: firstDay(a), to: lastDay(b), label: rangeLabel(p.grain, a, b) })
  const from = firstDay(first)
  const to = lastDay(last)
  const partial = from <= today && today <= to
  return {
    grain: p.grain, first, last,
    range: { from, to, label: rangeLabel(p.grain, first, last), partial, asOf: partial ? today : null },
    previous: range(first - n, first - 1),
    lastYear: range(first - 12, last - 12),
    buckets,
    today
  }
}

/** The first day of the month index, for SQL month bounds. */
export const monthStart = firstDay
/** 「截至 11月30日」 */
export const asOfZh = (day: string): string => `截至 ${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`
