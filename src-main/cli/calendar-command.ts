// `dossier calendar import|list`: load a year's 节假日安排 without an app update, and see what is loaded.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { userInfo } from 'node:os'
import { parseArgs } from 'node:util'
import { openDatabase } from '../db/database'
import { importNotice, listCalendarYears, listNoticeDays } from '../calendar/calendar-store'
import { parseNoticeFile } from '../calendar/notice-file'
import { runCalendarReaudit } from '../audit/freshness'
import { chinaWallTime } from '../shared/china-time'
import { CALENDAR_USAGE } from './usage'


const WEEKDAY = '日一二三四五六'
/** An instant (ISO) as China time to the minute: 2026-12-01 03:53. */
const chinaTime = (iso: string): string => chinaWallTime(Date.parse(iso))

/** The file as UTF-8 text (BOM allowed); any other encoding is refused rather than read as mojibake. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try { return new TextDecoder('utf-8', { fatal: true }).decode(bytes) } catch { throw new Error(`${file} 不是 UTF-8 编码的文本：请以 UTF-8 保存后再导入`) }
}

export async function calendarCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { year: { type: 'string' }, 'dry-run': { type: 'boolean' } } })
  const year = values.year === undefined ? undefined : Number(values.year)
  if (year !== undefined && !(Number.isInteger(year) && year >= 1990 && year <= 2200)) throw new Error(`--year 应为年份，如 2027：${values.year}`)
  if (sub === 'list') {
    const db = await openDatabase()
    try {
      if (year !== undefined) {
        const days = await listNoticeDays(db.ds, year)
        if (!days.length) { console.log(`${year} 年节假日安排尚未载入`); return (await listCalendarYears(db.ds)).some((y) => y.year === year) ? 0 : 1 }
        for (const d of days) console.log(`${d.day}  星期${WEEKDAY[new Date(`${d.day}T00:00:00Z`).getUTCDay()]}  ${d.kind === 'holiday' ? '休' : '班'}  ${d.name}`)
      } else {
        for (const y of await listCalendarYears(db.ds)) console.log(`${y.year}  放假 ${String(y.holidays).padStart(2)} 天  调休上班 ${y.workdays} 天  ${y.source}  （${y.loadedBy}，${chinaTime(y.loadedAt)}）`)
      }
    } finally { await db.close() }
    return 0
  }
  if (sub !== 'import') throw new Error(`calendar: unknown subcommand ${sub ?? ''}\n${CALENDAR_USAGE}`)
  const file = positionals[0]
  if (!file) throw new Error(`calendar import needs a FILE\n${CALENDAR_USAGE}`)
  const bytes = await readFile(file)
  const notice = parseNoticeFile(decodeUtf8(bytes, file), { year, fileName: file })
  const holidays = notice.days.filter((d) => d.kind === 'holiday').length
  console.log(`${basename(file)}：${notice.year} 年，放假 ${holidays} 天，调休上班 ${notice.days.length - holidays} 天`)
  const db = await openDatabase()
  try {
    const loaded = (await listCalendarYears(db.ds)).find((y) => y.year === notice.year)
    if (loaded) console.log(`${values['dry-run'] ? '载入将替换' : '替换'}已载入的 ${notice.year} 年安排：现有 ${loaded.holidays + loaded.workdays} 天（${loaded.source}，${chinaTime(loaded.loadedAt)} 由 ${loaded.loadedBy} 载入）`)
    if (values['dry-run']) return 0
    const actor = `cli:${userInfo().username}`
    const res = await importNotice(db.ds, notice, { actor, source: basename(file), sha256: createHash('sha256').update(bytes).digest('hex') })
    console.log(`${res.replaced ? '已替换' : '已载入'} ${res.year} 年节假日安排：${res.days} 天；工作日/休息日有变化的日期 ${res.changedDays} 天${res.firstChanged ? `（自 ${res.firstChanged}）` : ''}`)
    let last = -1
    const { from, run } = await runCalendarReaudit(db.ds, {
      actor,
      onProgress: (done, total) => {
        const pct = total ? Math.floor((done / total) * 100) : 100
        if (pct >= last + 5) { last = pct; process.stderr.write(`\r重新审查 ${done.toLocaleString()} / ${total.toLocaleString()} 件（${pct}%）`) }
      }
    })
    if (run) process.stderr.write('\n')
    console.log(run ? `已重新审查 ${from} 起收到的 ${run.cases.toLocaleString()} 件案件（运行 #${run.runId}）` : '没有案件受此变化影响，无需重新审查')
  } finally { await db.close() }
  return 0
}
