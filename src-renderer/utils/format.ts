// Display formatting. Times are shown in Asia/Shanghai whatever the machine's zone, as YYYY-MM-DD HH:mm.

const SHANGHAI = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23'
})

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
/** A timestamp without zone (`2024-03-05 10:12[:00]`): taken as already in Asia/Shanghai. */
const LOCAL_STAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d+)?)?$/

/** `2024-03-05T02:13:00Z` → `2024-03-05 10:13`; date-only values pass through; empty → ''. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return ''
  if (DATE_ONLY.test(value)) return value
  const local = LOCAL_STAMP.exec(value)
  if (local) return `${local[1]} ${local[2]}`
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return value
  const p: Record<string, string> = {}
  for (const part of SHANGHAI.formatToParts(d)) p[part.type] = part.value
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}

/** The calendar day in Asia/Shanghai: `YYYY-MM-DD`. */
export function formatDate(value: string | null | undefined): string {
  return formatDateTime(value).slice(0, 10)
}

const MONEY = /^(-?)(\d+)(?:\.(\d+))?$/

/** A decimal string (`"12345.6"`) → `¥12,345.60`, without going through floating point. */
export function formatMoney(amount: string | number | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return ''
  const m = MONEY.exec(String(amount).trim())
  if (!m) return String(amount)
  const int = m[2].replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const frac = (m[3] ?? '').padEnd(2, '0')
  return `${m[1]}¥${int}.${frac}`
}

export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n)
}

/** An estimate to three significant digits (约 1,000,000 rather than 约 1,000,643): no false precision. */
export function formatApproxCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumSignificantDigits: 3 }).format(n)
}

/** File sizes as a records office reads them: `812 B`, `12.4 KB`, `1.8 MB` (binary units, one decimal). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} B`
  const kb = bytes / 1024
  if (kb < 1024) return `${kb.toFixed(1)} KB`
  return `${(kb / 1024).toFixed(1)} MB`
}
