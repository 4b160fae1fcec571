// Quarters as the briefing speaks of them: 2025Q3 = received 2025-07-01 00:00 to 2025-10-01 00:00 China time.
export interface Quarter { year: number; q: 1 | 2 | 3 | 4 }

export function parseQuarter(s: string): Quarter {
  const m = /^(\d{4})\s*[Qq]([1-4])$/.exec(s.trim())
  if (!m) throw new Error(`季度格式应为 2025Q3：${s}`)
  return { year: Number(m[1]), q: Number(m[2]) as Quarter['q'] }
}

export const quarterLabel = (x: Quarter): string => `${x.year}Q${x.q}`
export const quarterZh = (x: Quarter): string => `${x.year}年第${'一二三四'[x.q - 1]}季度`

/** First day (inclusive) and the day after the last (exclusive), as YYYY-MM-DD. */
export function quarterRange(x: Quarter): { from: string; to: string } {
  const month = (x.q - 1) * 3 + 1
  const next = x.q === 4 ? { y: x.year + 1, m: 1 } : { y: x.year, m: month + 3 }
  return { from: `${x.year}-${String(month).padStart(2, '0')}-01`, to: `${next.y}-${String(next.m).padStart(2, '0')}-01` }
}

export const previousQuarter = (x: Quarter): Quarter => (x.q === 1 ? { year: x.year - 1, q: 4 } : { year: x.year, q: (x.q - 1) as Quarter['q'] })
export const sameQuarterLastYear = (x: Quarter): Quarter => ({ year: x.year - 1, q: x.q })
