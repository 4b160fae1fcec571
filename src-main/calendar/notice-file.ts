// Reading a year's 节假日安排 from a file an administrator prepared from the State Council's notice
// (国务院办公厅关于YYYY年部分节假日安排的通知): CSV (UTF-8, with or without BOM) or JSON. Every problem
// is reported at once, with its line, so a file is fixed in one pass; nothing is loaded from a bad file.
import { parse as parseCsv } from 'csv-parse/sync'
import { readDay, type Read } from '../shared/china-time'

export type DayKind = 'holiday' | 'workday'
export interface NoticeDay { day: string; kind: DayKind; name: string }
/** One notice: the year it arranges, and its days (which may include the previous December's). */
export interface CalendarNotice { year: number; days: NoticeDay[] }

/** A file that cannot be loaded, with every problem found (line 1 is the CSV header; JSON items count from 1). */
export class NoticeFileError extends Error {
  /** The message is written for the person who made the file (the CLI prints it as it is). */
  readonly userFacing = true
  constructor(readonly problems: string[]) {
    super(`节假日文件有 ${problems.length} 处问题：\n${problems.join('\n')}`)
    this.name = 'NoticeFileError'
  }
}

const KIND_WORDS: Record<string, DayKind> = {
  holiday: 'holiday', rest: 'holiday', off: 'holiday', 休: 'holiday', 假: 'holiday', 放假: 'holiday', 节假日: 'holiday', 休息: 'holiday',
  workday: 'workday', work: 'workday', 班: 'workday', 上班: 'workday', 调休: 'workday', 调休上班: 'workday', 补班: 'workday', 工作日: 'workday'
}
const DATE_KEYS = ['date', 'day', '日期']
const KIND_KEYS = ['kind', 'type', '类型', '安排']
const NAME_KEYS = ['name', 'holiday', '名称', '节日', '说明']

const pick = (row: Record<string, unknown>, keys: string[]): unknown => {
  for (const k of Object.keys(row)) if (keys.includes(k.trim().toLowerCase())) return row[k]
  return undefined
}

/**
 * A day as written, 2027-01-01 or 2027/1/1 (as a spreadsheet writes it), read by the one strict day reader
 * (shared/china-time.ts): the day, or why it is not one (「2027 年 2 月只有 28 天」).
 */
function readNoticeDay(s: string): Read<string> {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s.trim())
  return readDay(m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : s.trim())
}

/**
 * Parses and validates a notice file.
 * @param content the file's text (a leading BOM is ignored)
 * @param opts.year the notice's year; otherwise the JSON's `year`, otherwise the latest year the dates fall in
 * @throws NoticeFileError listing every problem: unreadable rows, impossible dates, unknown kinds, a missing
 *   name, a date listed twice, a 调休 working day that is not a Saturday or Sunday, a date outside the notice's
 *   year and the December before it (the 2023 notice named 2022-12-31), a file with no day of its year.
 */
export function parseNoticeFile(content: string, opts: { year?: number; fileName?: string } = {}): CalendarNotice {
  const text = content.replace(/^\uFEFF/, '')
  if (text.includes('\uFFFD')) throw new NoticeFileError(['文件不是 UTF-8 编码的文本（含无法识别的字符，可能是 GBK）：请以 UTF-8 保存后再导入'])
  const trimmed = text.trimStart()
  let rows: { line: number; raw: Record<string, unknown> }[]
  let fileYear: number | undefined
  const problems: string[] = []
  const isJson = opts.fileName?.toLowerCase().endsWith('.json') || trimmed.startsWith('[') || trimmed.startsWith('{')
  if (isJson) {
    let json: unknown
    try { json = JSON.parse(text) } catch (err) { throw new NoticeFileError([`不是有效的 JSON：${(err as Error).message}`]) }
    const list = Array.isArray(json) ? json : (json as { days?: unknown })?.days
    if (!Array.isArray(list)) throw new NoticeFileError(['JSON 应为日期数组，或 { "year": 2027, "days": [...] }'])
    const y = (json as { year?: unknown }).year
    if (!Array.isArray(json) && y !== undefined) {
      if (!Number.isInteger(y)) throw new NoticeFileError([`year 应为年份数字：${JSON.stringify(y)}`])
      fileYear = y as number
    }
    rows = list.map((raw, i) => ({ line: i + 1, raw: raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {} }))
  } else {
    try {
      const records = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: false }) as { record: Record<string, string>; info: { lines: number } }[]
      rows = records.map((r) => ({ line: r.info.lines, raw: r.record }))
    } catch (err) {
      throw new NoticeFileError([`CSV 无法读取：${(err as Error).message}（第一行应为表头：date,kind,name 或 日期,类型,名称）`])
    }
  }
  if (!rows.length) throw new NoticeFileError(['文件中没有任何日期'])

  const where = (line: number): string => `第 ${line} ${isJson ? '项' : '行'}`
  const days: (NoticeDay & { line: number })[] = []
  for (const { line, raw } of rows) {
    const dateText = pick(raw, DATE_KEYS)
    const kindText = pick(raw, KIND_KEYS)
    const nameText = pick(raw, NAME_KEYS)
    const read = typeof dateText === 'string' ? readNoticeDay(dateText) : null
    const day = read?.ok ? read.value : null
    const kind = typeof kindText === 'string' ? KIND_WORDS[kindText.trim().toLowerCase()] : undefined
    const name = typeof nameText === 'string' ? nameText.trim() : ''
    if (!day) problems.push(`${where(line)}：日期「${String(dateText ?? '')}」不是有效日期（${read && !read.ok ? read.problem : '缺少日期'}）`)
    if (!kind) problems.push(`${where(line)}：类型「${String(kindText ?? '')}」无法识别（holiday/休 或 workday/班）`)
    if (!name) problems.push(`${where(line)}：缺少名称（如 元旦、春节调休）`)
    if (day && kind && name) days.push({ day, kind, name, line })
  }

  const seen = new Map<string, number>()
  for (const d of days) {
    const first = seen.get(d.day)
    if (first !== undefined) problems.push(`${where(d.line)}：${d.day} 与${where(first)}重复`)
    else seen.set(d.day, d.line)
    const dow = new Date(`${d.day}T00:00:00Z`).getUTCDay() // 0 Sunday … 6 Saturday
    if (d.kind === 'workday' && dow !== 0 && dow !== 6) problems.push(`${where(d.line)}：${d.day} 是星期${'一二三四五'[dow - 1]}，调休上班日只能是周六或周日`)
  }

  const year = opts.year ?? fileYear ?? (days.length ? Math.max(...days.map((d) => Number(d.day.slice(0, 4)))) : null)
  if (year === null) { /* no readable day: the lines above say why */ } else if (!Number.isInteger(year) || year < 1990 || year > 2200) problems.push(`年份无效：${year}`)
  else {
    const from = `${year - 1}-12-01`
    const to = `${year}-12-31`
    for (const d of days) if (d.day < from || d.day > to) problems.push(`${where(d.line)}：${d.day} 不属于 ${year} 年的节假日安排（只可包含 ${year} 年及 ${year - 1} 年 12 月的日期）`)
    if (!days.some((d) => d.day.startsWith(`${year}-`))) problems.push(`文件中没有 ${year} 年的日期`)
  }
  if (problems.length || year === null) throw new NoticeFileError(problems.length ? problems : ['文件中没有可读的日期'])
  return { year, days: days.map(({ day, kind, name }) => ({ day, kind, name })).sort((a, b) => a.day.localeCompare(b.day)) }
}
