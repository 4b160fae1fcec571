// Reading a day typed into a date field, the same way whatever the browser's or the screen's locale: the ISO
// form yyyy-MM-dd, and the forms people type in China (2025/7/1, 2025.7.1, 20250701, 2025年7月1日), each
// read as year, month, day — never month-first as en-US would. What is not a real day says why.

export type DayReading =
  | { ok: true; day: string }
  /** format: not a date's shape; month: no such month; dayCount: the month is shorter; dayZero: day 00. */
  | { ok: false; why: 'format' } | { ok: false; why: 'month'; month: number } | { ok: false; why: 'dayZero' }
  | { ok: false; why: 'dayCount'; year: number; month: number; last: number }

const SHAPES = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})(\d{2})(\d{2})$/,
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/
]

/** Full-width digits and separators (typed with a Chinese input method) as their ASCII forms. */
const halfWidth = (s: string): string => s.replace(/[\uFF10-\uFF19\uFF0D\uFF0F\uFF0E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))

/** The day `text` names, as yyyy-MM-dd, or why it names none. Leading and trailing spaces do not count. */
export function readDayText(text: string): DayReading {
  const s = halfWidth(text.trim())
  const m = SHAPES.map((r) => r.exec(s)).find(Boolean)
  if (!m) return { ok: false, why: 'format' }
  const [year, month, day] = [m[1], m[2], m[3]].map(Number)
  if (month < 1 || month > 12) return { ok: false, why: 'month', month }
  if (day < 1) return { ok: false, why: 'dayZero' }
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const last = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31
  if (day > last) return { ok: false, why: 'dayCount', year, month, last }
  return { ok: true, day: `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` }
}
