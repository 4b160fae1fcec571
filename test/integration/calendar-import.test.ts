// Loading a year's 节假日安排: cases of December 2026 wait on 2027 until it is loaded, then are re-audited;
// the load is validated, admin-only, recorded in the audit trail, replaceable, and reachable from the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { auditCase, statusLetters } from '../../src-main/audit/engine'
import { loadCaseFacts } from '../../src-main/audit/archive-reader'
import { loadReference } from '../../src-main/audit/policies'
import { auditFreshness } from '../../src-main/audit/freshness'
import { isAuditRunning, startAuditRun } from '../../src-main/audit/handlers'
import { ensureDemoUsers } from '../../src-main/auth/users'
import type { AuditStatus, CalendarImportResponse, CalendarOverview, Envelope, PlanSummary, ReviewDetail, UserSummary } from '../../src-main/shared/contract'
import { quarterlyFigures } from '../../src-main/stats/quarterly-figures'
import { summaryText } from '../../src-main/documents/quarterly-report'
import { connect, data, resetArchive, signedInAs, type RawCall } from './db'

const run = promisify(execFile)
let ds: DataSource
const FIXTURE = 'test/fixtures/calendar-2027-test.csv'

const as = (username: string): Promise<RawCall> => signedInAs(ds, username)

async function untilIdle(call: (c: string, r?: unknown) => Promise<Envelope<unknown>>): Promise<AuditStatus> {
  for (let i = 0; i < 600; i++) {
    const s = data<AuditStatus>(await call('audit.status'))
    if (!s.running && s.calendarPendingFrom === null) return s
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('re-audit did not finish')
}

const waiting2027 = async (): Promise<number> => (await ds.query('SELECT count(*)::int AS n FROM audit_results WHERE calendar_missing_year = 2027'))[0].n

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await ds.query(`DELETE FROM calendar_days WHERE notice_year >= 2027; DELETE FROM calendar_years WHERE year >= 2027`)
  await seedArchive(ds, { seed: 9, cases: 600, from: '2026-10-01', to: '2026-12-31' })
  await runAudit(ds, { actor: 'test' })
  await ensureDemoUsers(ds)
})
afterAll(async () => {
  await ds?.query(`DELETE FROM calendar_days WHERE notice_year >= 2027; DELETE FROM calendar_years WHERE year >= 2027`)
  await ds?.destroy()
})

describe('cases received in December 2026, before the 2027 calendar is loaded', () => {
  let reviewId: number
  it('wait on 2027: some limits cannot be told, and the status says how many cases wait', async () => {
    const n = await waiting2027()
    expect(n).toBeGreaterThan(0)
    const admin = await as('admin')
    const status = data<AuditStatus>(await admin('audit.status'))
    expect(status.calendarWaiting).toEqual([{ year: 2027, cases: n }])
    const overview = data<CalendarOverview>(await admin('calendar.overview'))
    expect(overview.years.map((y) => y.year)).toEqual([2026, 2025, 2024, 2023, 2022, 2021, 2020])
    expect(overview.waiting).toEqual([{ year: 2027, cases: n }])
  })

  it('the quarterly report says how many cases wait, and leaves them out of the timeliness shares', async () => {
    const n = await waiting2027()
    const f = await quarterlyFigures(ds, { year: 2026, q: 4 })
    expect(f.kpis.calendarWaiting).toEqual([{ year: 2027, cases: n }])
    expect(summaryText(f, { year: 2026, q: 4 }).join('')).toContain(`另有${n}件案件的时限须待2027年节假日安排载入后判定，未计入上述及时率。`)
    const [k] = await ds.query(`SELECT count(*) FILTER (WHERE substr(internal, 4, 1) = 'P')::int AS p, count(*) FILTER (WHERE substr(internal, 4, 1) <> 'U' OR calendar_missing_year IS NULL)::int AS judged
      FROM audit_results a JOIN cases c ON c.id = a.case_id WHERE c.received_at >= '2026-09-30T16:00:00Z'`)
    expect(f.kpis.handledInTime).toBeCloseTo(k.p / k.judged, 10)
  })

  it('a review made now freezes the cannot_tell', async () => {
    const wang = await as('wang.fang')
    const users = data<UserSummary[]>(await wang('users.list'))
    data<PlanSummary>(await wang('plans.create', {
      name: '2026年12月 全量', receivedFrom: '2026-12-01', receivedTo: '2027-01-01', sampleRate: 1, sampleSeed: 1, includeFlagged: true,
      reviewerIds: [users.find((u) => u.username === 'chen.jing')!.id]
    }))
    const [row] = await ds.query(`SELECT r.id FROM reviews r JOIN audit_results a ON a.case_id = r.case_id WHERE a.calendar_missing_year = 2027 ORDER BY r.id LIMIT 1`)
    reviewId = row.id
    const review = data<ReviewDetail>(await wang('reviews.get', { id: reviewId }))
    expect(review.rules.some((r) => r.internal.status === 'cannot_tell' && r.internal.reason.includes('2027 年节假日安排尚未载入'))
      || review.rules.some((r) => r.regulatory.status === 'cannot_tell' && r.regulatory.reason.includes('2027 年节假日安排尚未载入'))).toBe(true)
    expect(review.engineChanges).toEqual([])
  })

  it('refuses a bad file with every problem named, and changes nothing', async () => {
    const admin = await as('admin')
    const bad = 'date,kind,name\n2027-02-30,holiday,春节\n2027-01-01,holiday,元旦\n2027-01-01,holiday,元旦\n2027-01-04,workday,调休\n2025-05-01,holiday,劳动节\n2027-03-01,maybe,\n'
    const env = await admin('calendar.import', { fileName: 'bad.csv', content: bad })
    expect(env.ok).toBe(false)
    const message = env.ok ? '' : env.error.message
    expect(env.ok ? null : env.error.code).toBe('invalid_request')
    for (const part of ['第 2 行', '2027-02-30', '第 4 行：2027-01-01 与第 3 行重复', '2027-01-04 是星期一', '2025-05-01 不属于 2027 年', '无法识别', '缺少名称']) expect(message).toContain(part)
    expect(await ds.query('SELECT * FROM calendar_years WHERE year = 2027')).toEqual([])
  })

  it('only an administrator may load a year', async () => {
    const wang = await as('wang.fang')
    const content = await readFile(FIXTURE, 'utf8')
    expect(await wang('calendar.import', { fileName: 'x.csv', content })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('after the 2027 notice is loaded: re-audited, nothing waits, results agree with the engine, the trail has it, the review says the engine now differs', async () => {
    const admin = await as('admin')
    const content = await readFile(FIXTURE, 'utf8')
    const check = data<CalendarImportResponse>(await admin('calendar.import', { fileName: 'calendar-2027.csv', content, dryRun: true }))
    expect(check).toMatchObject({ year: 2027, holidays: 3, workdays: 0 })
    expect(check.result).toBeUndefined()
    expect(await ds.query('SELECT * FROM calendar_years WHERE year = 2027')).toEqual([])

    const loaded = data<CalendarImportResponse>(await admin('calendar.import', { fileName: 'calendar-2027.csv', content }))
    expect(loaded.result).toMatchObject({ replaced: false, firstChanged: '2027-01-01', reauditStarted: true })
    expect(loaded.result!.changedDays).toBe(365)
    await untilIdle(admin)
    expect(await waiting2027()).toBe(0)
    expect((await auditFreshness(ds)).calendarPendingFrom).toBeNull()
    expect((await quarterlyFigures(ds, { year: 2026, q: 4 })).kpis.calendarWaiting).toEqual([])
    const [lastRun] = await ds.query(`SELECT reason, scope_from::text AS scope_from, status FROM audit_runs ORDER BY id DESC LIMIT 1`)
    expect(lastRun).toMatchObject({ reason: 'calendar_changed', status: 'done' })
    // The status says the last run covered part of the archive, and counts the flagged cases of all of it.
    const status = data<AuditStatus>(await admin('audit.status'))
    expect(status.lastRun).toMatchObject({ reason: 'calendar_changed', scopeFrom: lastRun.scope_from })
    expect(status.lastRun!.scopeFrom).not.toBeNull()
    expect(status.flaggedNow).toBe((await ds.query('SELECT count(*)::int AS n FROM audit_results WHERE flagged'))[0].n)

    const { book, calendar } = await loadReference(ds)
    const sample: { case_id: number; internal: string; regulatory: string }[] = await ds.query(
      `SELECT a.case_id, a.internal, a.regulatory FROM audit_results a JOIN cases c ON c.id = a.case_id WHERE c.received_at >= '2026-12-15' ORDER BY a.case_id LIMIT 30`)
    for (const row of sample) expect(statusLetters(auditCase((await loadCaseFacts(ds, row.case_id))!, book, calendar))).toEqual({ internal: row.internal, regulatory: row.regulatory })

    const [trail] = await ds.query(`SELECT actor, action, before, after FROM audit_trail WHERE entity = 'calendar_year' AND entity_id = '2027'`)
    expect(trail).toMatchObject({ actor: 'admin', action: 'create', before: null })
    expect(trail.after.days).toHaveLength(3)

    const review = data<ReviewDetail>(await admin('reviews.get', { id: reviewId }))
    expect(review.engineChanges.length).toBeGreaterThan(0)
    expect(review.engineChanges.every((c) => c.frozen === 'cannot_tell' && c.now !== 'cannot_tell')).toBe(true)
    expect(review.rules.some((r) => r.internal.status === 'cannot_tell' || r.regulatory.status === 'cannot_tell')).toBe(true)
  })

  it('re-importing a year replaces its days (a smaller notice leaves no stale day) and is recorded with the days before', async () => {
    const admin = await as('admin')
    const json = JSON.stringify({ year: 2027, days: [{ date: '2026-12-31', kind: 'holiday', name: '元旦' }, { date: '2027-01-01', kind: 'holiday', name: '元旦' }] })
    // A whole-archive run is going when the notice arrives: the re-audit follows it instead of being lost.
    const going = startAuditRun(ds, 'test')
    expect(isAuditRunning(ds)).toBe(true)
    const res = data<CalendarImportResponse>(await admin('calendar.import', { fileName: 'calendar-2027.json', content: json }))
    expect(res.result).toMatchObject({ replaced: true, firstChanged: '2026-12-31' })
    expect(res.result!.changedDays).toBe(1) // 12-31 becomes a holiday; 01-02 and 01-03 were and stay weekend rest days
    await going
    await untilIdle(admin)
    const runs = await ds.query(`SELECT reason, status FROM audit_runs ORDER BY id DESC LIMIT 2`)
    expect(runs[0]).toEqual({ reason: 'calendar_changed', status: 'done' })
    expect(data<{ day: string }[]>(await admin('calendar.days', { year: 2027 })).map((d) => d.day)).toEqual(['2026-12-31', '2027-01-01'])
    const trail = await ds.query(`SELECT action, before FROM audit_trail WHERE entity = 'calendar_year' AND entity_id = '2027' ORDER BY id`)
    expect(trail.map((t: { action: string }) => t.action)).toEqual(['create', 'replace'])
    expect(trail[1].before.days).toHaveLength(3)
  })

  it('the CLI loads and lists a year', async () => {
    const env = { ...process.env, DATABASE_URL: inject('dbUrl') }
    const { stdout } = await run('node', ['bin/dossier.mjs', 'calendar', 'import', FIXTURE], { env })
    expect(stdout).toContain('已替换 2027 年节假日安排：3 天')
    const list = await run('node', ['bin/dossier.mjs', 'calendar', 'list', '--year', '2027'], { env })
    expect(list.stdout.trim().split('\n')).toEqual(['2027-01-01  星期五  休  元旦', '2027-01-02  星期六  休  元旦', '2027-01-03  星期日  休  元旦'])
    const again = await run('node', ['bin/dossier.mjs', 'calendar', 'import', '--dry-run', FIXTURE], { env })
    expect(again.stdout).toContain('载入将替换已载入的 2027 年安排：现有 3 天')
    const years = await run('node', ['bin/dossier.mjs', 'calendar', 'list'], { env })
    expect(years.stdout.split('\n')[0]).toMatch(/^2027 {2}放假 {2}3 天 {2}调休上班 0 天 {2}calendar-2027-test\.csv/)
    const bad = await run('node', ['bin/dossier.mjs', 'calendar', 'import', 'package.json'], { env }).catch((e: { code: number; stderr: string }) => e)
    expect((bad as { code: number }).code).toBe(1)
    expect((bad as { stderr: string }).stderr).toContain('节假日文件有')
    expect((bad as { stderr: string }).stderr).not.toContain('内部错误')
    // A file that lists problems prints every one of them with its line, not only the first.
    const badCsv = join(mkdtempSync(join(tmpdir(), 'dossier-cal-')), 'bad.csv')
    writeFileSync(badCsv, 'date,kind,name\n2027-02-30,holiday,春节\n2027-01-04,workday,调休\n')
    const listed = await run('node', ['bin/dossier.mjs', 'calendar', 'import', '--dry-run', badCsv], { env }).catch((e: { code: number; stderr: string }) => e)
    expect((listed as { stderr: string }).stderr).toContain('第 2 行：日期「2027-02-30」不是有效日期')
    expect((listed as { stderr: string }).stderr).toContain('第 3 行：2027-01-04 是星期一')
    // A GBK file is named as such.
    const gbk = join(mkdtempSync(join(tmpdir(), 'dossier-cal-')), 'gbk.csv')
    writeFileSync(gbk, Buffer.from([0xc8, 0xd5, 0xc6, 0xda, 0x2c, 0x0a]))
    const enc = await run('node', ['bin/dossier.mjs', 'calendar', 'import', gbk], { env }).catch((e: { code: number; stderr: string }) => e)
    expect((enc as { stderr: string }).stderr).toContain('不是 UTF-8 编码')
  }, 400_000)
})
