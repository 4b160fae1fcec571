// Readers for the values an export file holds: dates and times as complaint systems and spreadsheets write
// them, amounts in 元 or 万元, identity numbers, yes/no. Every reader returns the value or why it is not one
// (a sentence for the error file); dates go through the one strict reader (shared/china-time.ts), so an
// impossible day is refused the same way everywhere.
import { CHINA_ZONE, readDay, readInstant, type Read } from '../shared/china-time'
import { DateTime } from 'luxon'
import { idCheckCharacter } from '../text/identity'

/** An instant (epoch ms) and whether the source gave only a day (then it is 00:00 China time of that day). */
export interface ReadTime { ms: number; dateOnly: boolean }

const pad = (s: string): string => s.padStart(2, '0')
const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?$/
const ZH = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号](?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*(?:分)?(?:\s*[:：]?\s*(\d{1,2})\s*秒?)?)?$/
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/
const SERIAL = /^\d{4,6}(?:\.\d+)?$/
/** Excel's day 0 (serial 1 is 1900-01-01; Excel's phantom 1900-02-29 makes 1899-12-30 the working origin after it). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30)
const DAY_MS = 86_400_000
const CHINA_OFFSET_MS = 8 * 3_600_000
const FORMATS = '支持 2025-03-09 14:05、2025/3/9 14:05、2025年3月9日、Excel 日期序号、美式 9/24/19'

function fromParts(y: string, mo: string, d: string, h?: string, mi?: string, s?: string, frac?: string): Read<ReadTime> {
  const day = `${y}-${pad(mo)}-${pad(d)}`
  if (h === undefined) {
    const r = readDay(day)
    if (!r.ok) return r
    // China time has been UTC+8 all year since 1992 (midnight as UTC minus 8 hours, without luxon's zone
    // arithmetic, which was most of reading a date); the summer-time years before go through the zone rules.
    const year = Number(y)
    const ms = year >= 1992 ? Date.UTC(year, Number(mo) - 1, Number(d)) - CHINA_OFFSET_MS : DateTime.fromISO(day, { zone: CHINA_ZONE }).toMillis()
    return { ok: true, value: { ms, dateOnly: true } }
  }
  const r = readInstant(`${day} ${pad(h)}:${mi}${s !== undefined ? `:${pad(s)}${frac ?? ''}` : ''}`)
  return r.ok ? { ok: true, value: { ms: r.value, dateOnly: false } } : r
}

/**
 * Reads a date or a date and time, as exports write them. Without an offset the time is China time; a day
 * without a time is 00:00 China time of that very day (never shifted by a zone). Accepted:
 * ISO 8601 (with or without offset), `2025/3/9 14:05[:ss]`, `2025.3.9`, `2025年3月9日[ 14:05|14时05分]`,
 * an Excel serial day number (`45725` or `45725.5868`, 1954–2119), US `9/24/19` or `09/24/2019 2:05 PM`
 * (month first; a two-digit year 00–69 is 20xx, 70–99 19xx).
 */
export function readTime(raw: string): Read<ReadTime> {
  const text = raw.trim()
  if (!text) return { ok: false, problem: '为空' }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return fromParts(text.slice(0, 4), text.slice(5, 7), text.slice(8, 10))
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*(Z|[+-]\d{2}(:?\d{2})?)$/.test(text)) {
    const r = readInstant(text)
    return r.ok ? { ok: true, value: { ms: r.value, dateOnly: false } } : r
  }
  let m = YMD.exec(text)
  if (m) return fromParts(m[1], m[2], m[3], m[4], m[5], m[6], m[7])
  m = ZH.exec(text)
  if (m) return fromParts(m[1], m[2], m[3], m[4], m[5] === undefined ? undefined : pad(m[5]), m[6])
  m = US.exec(text)
  if (m) {
    const yy = Number(m[3])
    const year = m[3].length === 4 ? m[3] : String(yy < 70 ? 2000 + yy : 1900 + yy)
    let hour = m[4]
    if (hour !== undefined && m[7]) {
      const h = Number(hour)
      if (h < 1 || h > 12) return { ok: false, problem: `12 小时制的小时 ${hour} 不存在` }
      hour = String((h % 12) + (/p/i.test(m[7]) ? 12 : 0))
    }
    return fromParts(year, m[1], m[2], hour, m[5], m[6])
  }
  if (SERIAL.test(text)) {
    const serial = Number(text)
    if (serial < 20000 || serial > 80000) return { ok: false, problem: `数字 ${text} 不像 Excel 日期序号（应在 20000–80000 之间，即 1954–2119 年）` }
    // The serial's wall clock, rounded to the second (a spreadsheet keeps times as a binary fraction of a day).
    const wall = EXCEL_EPOCH + Math.round(serial * 86_400) * 1000
    const d = new Date(wall)
    const dateOnly = wall % DAY_MS === 0
    const parts = [String(d.getUTCFullYear()), String(d.getUTCMonth() + 1), String(d.getUTCDate())] as const
    return dateOnly ? fromParts(...parts) : fromParts(...parts, String(d.getUTCHours()), pad(String(d.getUTCMinutes())), String(d.getUTCSeconds()))
  }
  const iso = readInstant(text)
  if (iso.ok) return { ok: true, value: { ms: iso.value, dateOnly: false } }
  return { ok: false, problem: `无法识别的日期格式（${FORMATS}）` }
}

/** A spreadsheet date cell (exceljs gives the wall clock as a UTC Date) as the text readTime reads. */
export function wallClockText(d: Date): string {
  const iso = d.toISOString()
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`
}

const SCIENTIFIC = /^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$/

/**
 * Reads an amount in 元 as numeric text with two decimals ("12345.60"), exactly (no binary fractions).
 * Accepts thousands separators (1,234.5), a currency sign or word before (¥ ￥ RMB CNY) and 元 or 万元/万
 * after (1.5万元 = 15000.00); full-width digits. Refuses negative amounts, more than two decimals of a 元,
 * scientific notation (a spreadsheet's rounding), and malformed groups (1,23,4).
 */
export function readAmount(raw: string): Read<string> {
  let text = raw.normalize('NFKC').replace(/\s+/g, '')
  if (!text) return { ok: false, problem: '为空' }
  if (SCIENTIFIC.test(text)) return { ok: false, problem: '是科学计数法（表格软件已把金额舍入），请把该列设为文本或数值后重新导出' }
  text = text.replace(/^(?:¥|RMB|CNY|人民币)/i, '')
  let shift = 0
  const unit = /(万元|万|元)$/.exec(text)
  if (unit) { shift = unit[1].startsWith('万') ? 4 : 0; text = text.slice(0, -unit[1].length) }
  if (text.startsWith('-')) return { ok: false, problem: '金额不能为负数' }
  if (!/^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/.test(text)) return { ok: false, problem: '不是金额（应为数字，可带千位分隔符及“元”“万元”）' }
  const [int, frac = ''] = text.replace(/,/g, '').split('.')
  // Move the decimal point `shift` places right, then keep whole 分.
  const digits = int + frac.padEnd(shift, '0')
  const point = int.length + shift
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0'
  const cents = digits.slice(point)
  if (cents.replace(/0+$/, '').length > 2) return { ok: false, problem: '金额最多精确到分（两位小数）' }
  if (whole.length > 12) return { ok: false, problem: '金额过大（超过 999,999,999,999.99 元）' }
  return { ok: true, value: `${whole}.${cents.padEnd(2, '0').slice(0, 2)}` }
}

/**
 * Reads an identity number as written (trimmed). An 18-digit number that a spreadsheet turned into
 * scientific notation (3.50102E+17) has lost its last digits: an error, never an ID. A mainland ID whose
 * check character is wrong is kept with a warning (GB 11643-1999 MOD 11-2, text/identity.ts).
 */
export function readIdNumber(raw: string): Read<{ value: string; warning?: string }> {
  const text = raw.trim()
  if (SCIENTIFIC.test(text)) return { ok: false, problem: '是科学计数法，表格软件已把证件号码截断（后几位已丢失），请把该列设为文本后从源系统重新导出' }
  if (/^\d{17}[\dXx]$/.test(text) && idCheckCharacter(text.slice(0, 17)) !== text[17].toUpperCase()) {
    return { ok: true, value: { value: text, warning: `身份证号校验位应为 ${idCheckCharacter(text.slice(0, 17))}，按原样导入` } }
  }
  return { ok: true, value: { value: text } }
}

/**
 * A key as written (a case number, a unit's or staff member's code, an offer's or measure's number), trimmed.
 * A long number a spreadsheet turned into scientific notation (3.50102E+17) has lost its last digits: an
 * error, never a key (it would otherwise be reported as a code the archive does not hold).
 */
export function readKey(raw: string): Read<string> {
  const text = raw.trim()
  if (SCIENTIFIC.test(text)) return { ok: false, problem: '是科学计数法，表格软件已把编号截断（后几位已丢失），请把该列设为文本后从源系统重新导出' }
  return { ok: true, value: text }
}

/** A phone number as written; scientific notation (a spreadsheet's) is an error. */
export function readPhone(raw: string): Read<string> {
  const text = raw.trim()
  if (SCIENTIFIC.test(text)) return { ok: false, problem: '是科学计数法，表格软件已把号码截断，请把该列设为文本后重新导出' }
  return { ok: true, value: text }
}

const YES = new Set(['是', '有', 'y', 'yes', 'true', 't', '1', '√', '✓'])
const NO = new Set(['否', '无', 'n', 'no', 'false', 'f', '0', '×'])

/** Yes/no as written: 是/否, Y/N, Yes/No, true/false, 1/0. */
export function readBool(raw: string): Read<boolean> {
  const t = raw.trim().toLowerCase()
  if (YES.has(t)) return { ok: true, value: true }
  if (NO.has(t)) return { ok: true, value: false }
  return { ok: false, problem: '应为 是/否（或 Y/N、Yes/No、1/0）' }
}

/** A whole number ≥ 1 (a head count). */
export function readCount(raw: string): Read<number> {
  const t = raw.normalize('NFKC').trim().replace(/人$/, '')
  if (!/^\d{1,9}$/.test(t) || Number(t) < 1) return { ok: false, problem: '应为正整数' }
  return { ok: true, value: Number(t) }
}

/** An instant as China wall time for the export: `YYYY-MM-DD HH:mm:ss`, with `.SSS` only when it has milliseconds. */
export function exportTime(ms: number): string {
  const dt = DateTime.fromMillis(ms, { zone: CHINA_ZONE })
  return dt.toFormat(ms % 1000 === 0 ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm:ss.SSS')
}
