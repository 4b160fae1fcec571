// The whole-archive audit's swap as a deadlock's victim (issue 16; the e2e suite once saw a policy change's
// re-audit fail with "deadlock detected"). The swap drops the old audit_results (ACCESS EXCLUSIVE) and then
// keys the new one to cases (SHARE ROW EXCLUSIVE): a session that writes cases and then reads audit_results
// in one transaction closes the cycle. Here such a session is made to do exactly that at the right moment, so
// PostgreSQL must pick the swap and the run must still end well, with every result, after trying again.
//
// Who is the victim: the session whose deadlock check finds the cycle, and each session checks once,
// deadlock_timeout after it began to wait. The swap waits first; the app's login is given 5 s (the other
// session, a superuser's, 60 s), so the other is surely waiting when the swap checks, however busy the machine.
import { afterAll, beforeAll, expect, it, inject } from 'vitest'
import { DataSource, type QueryRunner } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { createDataSource } from '../../src-main/db/database'
import { connect, connectOwner, resetArchive } from './db'

let ds: DataSource
let owner: DataSource
let admin: DataSource
let appRole: string

beforeAll(async () => {
  admin = new DataSource({ type: 'postgres', url: inject('adminUrl') })
  await admin.initialize()
  const probe = await connect()
  ;[{ appRole }] = await probe.query('SELECT current_user AS "appRole"')
  await probe.destroy()
  await admin.query(`ALTER ROLE "${appRole}" SET deadlock_timeout = '5s'`)
  ds = createDataSource(inject('dbUrl'))
  await ds.initialize()
  owner = await connectOwner()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 16, cases: 300 })
  await runAudit(ds, { actor: 'test' })
}, 180_000)
afterAll(async () => {
  await admin?.query(`ALTER ROLE "${appRole}" RESET deadlock_timeout`)
  await admin?.destroy()
  await owner?.destroy()
  await ds?.destroy()
})

/** Waits until some other session waits for a lock on `table` (the swap, blocked by the holder). */
async function someoneWaitsOn(table: string, holder: number): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    const [{ n }] = await owner.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'relation' AND relation = $1::regclass AND NOT granted AND pid <> $2`, [table, holder])
    if (n > 0) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`nobody waited on ${table}`)
}

it('a swap picked as a deadlock victim is tried again and the run keeps every result', async () => {
  const before = (await ds.query('SELECT count(*)::int AS n FROM audit_results'))[0].n as number
  const [{ deadlocks: deadlocksBefore }] = await owner.query(`SELECT deadlocks::int FROM pg_stat_database WHERE datname = current_database()`)
  const other: QueryRunner = admin.createQueryRunner()
  await other.connect()
  try {
    await other.query(`SET deadlock_timeout = '60s'`)
    expect((await ds.query('SHOW deadlock_timeout'))[0].deadlock_timeout).toBe('5s')
    // The other session writes cases (a lock that the swap's new foreign key waits for) …
    await other.query('BEGIN')
    await other.query('LOCK TABLE cases IN ROW EXCLUSIVE MODE')
    const [{ pid }] = await other.query('SELECT pg_backend_pid() AS pid')
    const run = runAudit(ds, { actor: 'test' })
    await someoneWaitsOn('cases', pid)
    // … then reads the results the swap has just dropped: each waits for the other.
    const read = other.query('SELECT count(*)::int AS n FROM audit_results')
    const [{ n: seenByOther }] = await read
    // The swap was the victim and rolled back to its savepoint: the other session read the old results whole.
    expect(seenByOther).toBe(before)
    await other.query('COMMIT')
    const res = await run
    expect(res.phases.swapRetries).toBeGreaterThanOrEqual(1)
    expect(res.cases).toBe(before)
  } finally {
    await other.query('ROLLBACK').catch(() => {})
    await other.release()
  }
  expect((await ds.query('SELECT count(*)::int AS n FROM audit_results'))[0].n).toBe(before)
  const [last] = await ds.query(`SELECT status, cases FROM audit_runs ORDER BY id DESC LIMIT 1`)
  expect(last).toEqual({ status: 'done', cases: before })
  // PostgreSQL counted the deadlock (its statistics may lag a moment behind the commit).
  for (let i = 0; i < 50; i++) {
    const [{ deadlocks }] = await owner.query(`SELECT pg_stat_clear_snapshot(), deadlocks::int FROM pg_stat_database WHERE datname = current_database()`)
    if (deadlocks > deadlocksBefore) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('no deadlock was counted')
}, 120_000)
