// Issue 16, point 3: a killed audit run no longer stays `running` for ever. A run keeps a heartbeat lease; one
// whose process is gone (on this host) or whose lease lapsed (any host) is marked failed at start and in the
// status, and the run is offered again; a live run of another desktop is left alone.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { spawn } from 'node:child_process'
import { hostname } from 'node:os'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { expireDeadRuns, LEASE_MS } from '../../src-main/runs/lease'
import { REPO } from './cli-spawn'
import { connect, resetArchive } from './db'

let ds: DataSource
const insertRun = async (host: string, pid: number, heartbeatAgoMs: number): Promise<number> => (await ds.query(
  `INSERT INTO audit_runs (actor, reason, policy_fingerprint, engine_version, host, pid, heartbeat_at) VALUES ('t', 'on_demand', 'x', 'x', $1, $2, now() - $3 * interval '1 millisecond') RETURNING id`,
  [host, pid, heartbeatAgoMs]))[0].id
const statusOf = async (id: number): Promise<{ status: string; error: string | null }> => (await ds.query('SELECT status, error FROM audit_runs WHERE id = $1', [id]))[0]

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
})
afterAll(async () => ds?.destroy())

describe('run leases', () => {
  it.each([
    ['another desktop, heartbeat fresh', 'desk-7', 4242, 5_000, 'running'],
    ['another desktop, lease lapsed', 'desk-7', 4242, LEASE_MS + 5_000, 'failed'],
    ['this host, its process gone', hostname(), 2 ** 22 + 12345, 1_000, 'failed'],
    ['this host, this very process', hostname(), process.pid, LEASE_MS * 10, 'running']
  ] as const)('%s → %s', async (_what, host, pid, ago, expected) => {
    const id = await insertRun(host, pid, ago)
    await expireDeadRuns(ds)
    const s = await statusOf(id)
    expect(s.status).toBe(expected)
    if (expected === 'failed') expect(s.error).toMatch(/运行中断.*结果未生效/)
    await ds.query(`UPDATE audit_runs SET status = 'done' WHERE id = $1 AND status = 'running'`, [id])
  })

  it('a real audit killed with SIGKILL is failed at the next look, and its results were never swapped in', async () => {
    await seedArchive(ds, { seed: 71, cases: 20_000, workers: 0 })
    const child = spawn(process.execPath, [join(REPO, 'bin/dossier.mjs'), 'audit', '--quiet'], { env: { ...process.env, DATABASE_URL: inject('dbUrl') }, stdio: 'ignore' })
    let run: { id: number } | undefined
    for (let i = 0; i < 300 && !run; i++) {
      await new Promise((r) => setTimeout(r, 100))
      ;[run] = await ds.query(`SELECT id FROM audit_runs WHERE status = 'running' AND pid = $1`, [child.pid])
    }
    expect(run, 'the CLI started a run').toBeDefined()
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    expect((await statusOf(run!.id)).status).toBe('running')
    expect(await expireDeadRuns(ds)).toEqual([run!.id])
    expect((await statusOf(run!.id)).status).toBe('failed')
    expect(await ds.query('SELECT count(*)::int AS n FROM audit_results WHERE run_id = $1', [run!.id])).toEqual([{ n: 0 }])
  })
})
