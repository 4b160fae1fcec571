// Issue 14: `dossier import` and `dossier export` from the command line, and an import killed half-way
// (SIGKILL, as a crash or a closed laptop would): the archive is exactly as before, with no staging table,
// no error-file fragment and no import left `running` once its lease is looked at.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { spawn } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { createUser } from '../../src-main/auth/users'
import { expireDeadRuns } from '../../src-main/runs/lease'
import { REPO, runDossier } from './cli-spawn'
import { connect, resetArchive } from './db'

let ds: DataSource
const dir = mkdtempSync(join(tmpdir(), 'dossier-import-kill-'))
const PASSWORD = 'import-pass-1'
const env = { DOSSIER_PASSWORD: PASSWORD }
const ROWS = 60_000
/** The file run to its end (twice). */
const SMALL = 3_000

/** A CSV of `n` cases (every 997th with an impossible date), written as a stream. */
async function bigFile(file: string, n: number, unit: string): Promise<void> {
  const out = createWriteStream(file)
  out.write('投诉编号,投诉时间,办结时间,投诉渠道,机构代码,业务条线,业务类别,严重程度,客户投诉摘要,投诉请求\n')
  for (let i = 1; i <= n; i++) {
    const day = 1 + (i % 27)
    const line = `K${String(i).padStart(7, '0')},2025-04-${String(day).padStart(2, '0')} 09:${String(i % 60).padStart(2, '0')},${i % 997 === 0 ? '2025-04-31' : `2025-05-${String(day).padStart(2, '0')}`} 16:00,电话,${unit},零售,服务质量投诉,一般投诉,"客户反映网点排队时间过长，第 ${i} 号",要求改进服务\n`
    if (!out.write(line)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

const snapshot = async (): Promise<unknown> => (await ds.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS events,
  (SELECT count(*) FROM audit_trail WHERE entity <> 'session')::int AS trail, (SELECT count(*) FROM units)::int AS units, (SELECT count(*) FROM import_cases)::int AS links,
  (SELECT count(*) FROM import_errors)::int AS errors, (SELECT coalesce(sum(version), 0)::int FROM cases) AS versions`))[0]

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 9, cases: 200, workers: 0 })
  await createUser(ds, { username: 'imp.admin', displayName: '导入管理员', roles: ['admin'], password: PASSWORD })
  await createUser(ds, { username: 'imp.reviewer', displayName: '审查员', roles: ['reviewer'], password: PASSWORD })
  const unit = (await ds.query('SELECT code FROM units ORDER BY id LIMIT 1'))[0].code
  await bigFile(join(dir, 'big.csv'), ROWS, unit)
  await bigFile(join(dir, 'small.csv'), SMALL, unit)
}, 300_000)
afterAll(async () => ds?.destroy())

describe('dossier import / export', () => {
  it('an import killed half-way leaves the archive exactly as it was', async () => {
    const before = await snapshot()
    const child = spawn(process.execPath, [join(REPO, 'bin/dossier.mjs'), 'import', join(dir, 'big.csv'), '--as', 'imp.admin', '--quiet'],
      { env: { ...process.env, ...env, DATABASE_URL: inject('dbUrl') }, stdio: 'ignore' })
    let exited = false
    child.once('exit', () => { exited = true })
    let run: { id: number } | undefined
    for (let i = 0; i < 300 && !run; i++) {
      await new Promise((r) => setTimeout(r, 100))
      ;[run] = await ds.query(`SELECT id FROM imports WHERE status = 'running' AND pid = $1`, [child.pid])
    }
    expect(run, 'the CLI started an import').toBeDefined()
    // Half-way: rows are being staged in its transaction.
    await new Promise((r) => setTimeout(r, 1500))
    expect(exited, 'the import was still running when killed').toBe(false)
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    // The server drops the session (and its temporary tables) once it sees the connection gone.
    let staging = -1
    for (let i = 0; i < 100 && staging !== 0; i++) {
      staging = (await ds.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'import_stage%' AND relpersistence = 't'`))[0].n
      if (staging) await new Promise((r) => setTimeout(r, 100))
    }
    expect(staging).toBe(0)
    expect(await snapshot()).toEqual(before)
    expect(readdirSync(dir).filter((f) => !['big.csv', 'small.csv'].includes(f))).toEqual([])
    expect(await expireDeadRuns(ds, Date.now(), 'imports')).toEqual([run!.id])
    expect(await ds.query(`SELECT count(*)::int AS n FROM imports WHERE status = 'running'`)).toEqual([{ n: 0 }])
    expect((await ds.query('SELECT status, error FROM imports WHERE id = $1', [run!.id]))[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/运行中断/) })
  }, 120_000)

  it('runs to the end: counts add up, the error file holds the invalid rows; again, nothing changes', async () => {
    const first = await runDossier(['import', join(dir, 'small.csv'), '--as', 'imp.admin', '--quiet'], { databaseUrl: inject('dbUrl'), env })
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    const invalid = Math.floor(SMALL / 997)
    expect(first.stdout).toContain(`读取 ${SMALL} 行 = 新增 ${SMALL - invalid} + 变更 0 + 未变 0 + 无效 ${invalid} + 跳过 0`)
    const errorFile = readdirSync(dir).find((f) => f.startsWith('small.errors-'))!
    const lines = readFileSync(join(dir, errorFile), 'utf8').trim().split('\r\n')
    expect(lines).toHaveLength(invalid + 1)
    expect(lines[1]).toMatch(/^K0000997,2025-04-26 09:37,2025-04-31 16:00,.*,998,"第 998 行，列「办结时间」，值「2025-04-31 16:00」：2025 年 4 月只有 30 天"$/)
    const again = await runDossier(['import', join(dir, 'small.csv'), '--as', 'imp.admin', '--quiet'], { databaseUrl: inject('dbUrl'), env })
    expect(again.stdout).toContain(`新增 0 + 变更 0 + 未变 ${SMALL - invalid} + 无效 ${invalid}`)
  }, 300_000)

  it('export needs the permission and is logged; a reviewer is refused', async () => {
    const refused = await runDossier(['export', join(dir, 'out.csv'), '--as', 'imp.reviewer'], { databaseUrl: inject('dbUrl'), env })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/只限档案管理员或管理员/)
    expect(existsSync(join(dir, 'out.csv'))).toBe(false)
    const ok = await runDossier(['export', join(dir, 'out.csv'), '--as', 'imp.admin', '--from', '2025-04-02', '--to', '2025-04-03'], { databaseUrl: inject('dbUrl'), env })
    expect(ok.code).toBe(0)
    const n = Number(/已导出 (\d+) 件/.exec(ok.stdout)?.[1])
    expect(n).toBeGreaterThan(50)
    expect(readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\r\n')).toHaveLength(n + 1)
    const [t] = await ds.query(`SELECT actor, after FROM audit_trail WHERE action = 'export_personal_data' ORDER BY id DESC LIMIT 1`)
    expect(t).toMatchObject({ actor: 'imp.admin', after: { from: '2025-04-02', to: '2025-04-03', cases: n } })
  }, 120_000)
})
