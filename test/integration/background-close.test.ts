// Closing the archive's data source while background work runs on it (db/background.ts). CI found the fault:
// start-up's catch-up was still running `trend_catch_up` on the server when the app closed, the pool ended under
// it, the server went on holding its locks, and the next TRUNCATE deadlocked with it. Tested: the close waits for
// the chunk under way (held here behind a lock) and leaves no statement of it on the server, the summaries exact;
// an audit run and the start-up's own catch-up are stopped and waited for the same way.
import { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { createDataSource } from '../../src-main/db/database'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { startAuditRun } from '../../src-main/audit/handlers'
import { catchUpInBackground, catchUpTrends } from '../../src-main/db/catch-up'
import { startBackend } from '../../src-main/app/startup'
import { connectOwner, inTransaction, resetArchive } from './db'
import { keptSummaries, recountedSummaries } from './summary-recount'

let owner: DataSource
/** A superuser's view of pg_stat_activity: the owner does not see the app role's statements. */
let admin: DataSource
beforeAll(async () => {
  owner = await connectOwner()
  admin = await new DataSource({ type: 'postgres', url: inject('adminUrl') }).initialize()
  await resetArchive()
  await seedArchive(owner, { seed: 157, cases: 200, from: '2024-06-01', to: '2025-12-31', workers: 0, rootCauses: true, bulk: false })
  await runAudit(owner, { actor: 'test' })
  await catchUpTrends(owner)
}, 300_000)
afterAll(async () => { await owner?.destroy(); await admin?.destroy() })

/** The app's data source, as the app opens it. */
async function open(): Promise<DataSource> {
  return createDataSource(inject('dbUrl')).initialize()
}

/** Statements of the app's pools still on the server (its application_name), not the test's owner connection. */
async function onServer(): Promise<string[]> {
  const [{ db, me }] = await owner.query('SELECT current_database() AS db, current_user AS me')
  const rows = (await admin.query(`SELECT query FROM pg_stat_activity
    WHERE datname = $1 AND application_name = 'dossier' AND state <> 'idle' AND usename <> $2`, [db, me])) as { query: string }[]
  return rows.map((r) => r.query)
}

/** Leaves every case's summaries to the catch-up: one transaction over all of them with the threshold at 0. */
async function leaveAllPending(ds: DataSource): Promise<void> {
  await inTransaction(ds, async (qr) => {
    await qr.query('SET LOCAL dossier.trend_defer_above = 0')
    await qr.query(`UPDATE cases SET category = (SELECT min(category) FROM cases) WHERE id % 3 = 0`)
  })
}

describe('closing the archive with background work running', () => {
  it('waits for the catch-up chunk under way and leaves nothing of it on the server', async () => {
    const app = await open()
    await leaveAllPending(app)
    expect((await owner.query('SELECT count(*)::int AS n FROM trend_pending'))[0].n).toBeGreaterThan(0)
    // A lock on the pending rows holds the catch-up's chunk on the server.
    const holder = owner.createQueryRunner()
    await holder.connect()
    await holder.startTransaction()
    await holder.query('SELECT * FROM trend_pending FOR UPDATE')
    const background = catchUpInBackground(app, () => {})
    for (let i = 0; i < 100 && !(await onServer()).some((q) => q.includes('trend_catch_up')); i++) await new Promise((r) => setTimeout(r, 50))
    expect((await onServer()).some((q) => q.includes('trend_catch_up'))).toBe(true)
    let closed = false
    const closing = app.destroy().then(() => { closed = true })
    await new Promise((r) => setTimeout(r, 400))
    // The pool did not end under the statement: the close is still waiting for it.
    expect(closed).toBe(false)
    await holder.commitTransaction()
    await holder.release()
    await closing
    await background
    expect(await onServer()).toEqual([])
    // The chunk committed whole; what it did not take stays pending, and the catch-up makes the summaries exact.
    await catchUpTrends(owner)
    expect(await keptSummaries(owner)).toEqual(await recountedSummaries(owner))
    // The next TRUNCATE (a test file's reset) finds nothing in its way.
    await resetArchive()
    await seedArchive(owner, { seed: 157, cases: 200, from: '2024-06-01', to: '2025-12-31', workers: 0, rootCauses: true, bulk: false })
  }, 120_000)

  it('stops an audit run between batches and waits for it: the run is not left running', async () => {
    const app = await open()
    const run = startAuditRun(app, 'test')
    await app.destroy()
    await run
    expect(await onServer()).toEqual([])
    const [last] = await owner.query(`SELECT status FROM audit_runs ORDER BY id DESC LIMIT 1`)
    expect(['done', 'cancelled']).toContain(last.status)
  }, 120_000)

  it('closes the app (start-up catch-up running) with nothing left on the server, so a reset right after succeeds', async () => {
    const quiet = { version: 't', log: () => {} }
    for (let i = 0; i < 3; i++) {
      const conn = await open()
      await leaveAllPending(conn)
      await conn.destroy()
      const started = await startBackend({ ...quiet, url: inject('dbUrl') })
      await started.close()
      expect(await onServer()).toEqual([])
    }
    await resetArchive()
  }, 300_000)
})
