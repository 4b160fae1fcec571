// Migration 56: a transaction touching more than dossier.trend_defer_above cases commits with its summaries left
// pending, and trend_catch_up applies them later, in chunks. Tested: what is left and what is applied at commit by
// the threshold; a reader (the trends view, the Pareto) never reads them stale; a writer changing a case while a
// catch-up applies it ends exact (the facts lock: without it both add the same change); any mix of left and applied
// transactions, caught up in any chunk size, equals a rebuild; a bulk tag through the handlers is caught up in the
// background; and the app role may catch up but not settle or read the pending ids.
import fc from 'fast-check'
import pg from 'pg'
import type { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { createDataSource } from '../../src-main/db/database'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { catchUpInBackground, catchUpTrends } from '../../src-main/db/catch-up'
import { trendsView } from '../../src-main/trends/query'
import { paretoFromCases } from '../../src-main/rootcause/pareto'
import { paretoFromSummaries } from '../../src-main/rootcause/pareto-summary'
import { ensureDemoUsers } from '../../src-main/auth/users'
import { connect, connectOwner, data, inTransaction, resetArchive, runWithThreshold, signedInAs } from './db'
import { keptSummaries, recountedSummaries } from './summary-recount'

let owner: DataSource
let app: DataSource
/** The app role with every transaction over 0 cases left to the catch-up, as a bulk tag of 10,000 is by default. */
let leaving: DataSource
let ids: number[] = []
let categories: string[] = []
let nodes: string[] = []

beforeAll(async () => {
  owner = await connectOwner()
  app = await connect()
  leaving = createDataSource(inject('dbUrl'))
  Object.assign(leaving.options.extra as object, { options: '-c jit=off -c dossier.trend_defer_above=0' })
  await leaving.initialize()
  await resetArchive()
  await seedArchive(owner, { seed: 156, cases: 200, from: '2024-06-01', to: '2025-12-31', workers: 0, rootCauses: true, bulk: false })
  await runAudit(owner, { actor: 'test' })
  await ensureDemoUsers(app)
  // From nothing pending, whatever the set-up wrote.
  await catchUpTrends(app)
  const col = async (sql: string): Promise<never[]> => ((await owner.query(sql)) as { v: never }[]).map((r) => r.v)
  ids = await col('SELECT id AS v FROM cases ORDER BY id')
  categories = await col('SELECT DISTINCT category AS v FROM cases ORDER BY 1')
  nodes = await col(`SELECT code AS v FROM rc_nodes WHERE retired_version IS NULL ORDER BY code`)
}, 300_000)
afterAll(async () => { await owner?.destroy(); await app?.destroy(); await leaving?.destroy() })

const pending = async (): Promise<number> => (await owner.query('SELECT count(*)::int AS n FROM trend_pending'))[0].n as number
const exact = async (): Promise<void> => { expect(await keptSummaries(owner)).toEqual(await recountedSummaries(owner)) }
const categoryOf = async (id: number): Promise<string> => (await owner.query('SELECT category FROM trend_case_facts WHERE case_id = $1', [id]))[0].category as string
const otherCategory = (c: string): string => categories.find((x) => x !== c)!

describe('the trend summaries caught up after a large write', () => {
  it('are applied at commit up to the threshold and left beyond it', async () => {
    const [a, b, c] = [ids[1], ids[2], ids[3]]
    const was = await categoryOf(a)
    // Three cases, the threshold 3: applied at commit.
    await inTransaction(app, async (qr) => {
      await qr.query('SET LOCAL dossier.trend_defer_above = 3')
      await qr.query('UPDATE cases SET category = $2 WHERE id = ANY ($1)', [[a, b, c], otherCategory(was)])
    })
    expect(await pending()).toBe(0)
    expect(await categoryOf(a)).toBe(otherCategory(was))
    await exact()
    // The same three, the threshold 2: left, committed, and the facts as they were until the catch-up.
    await inTransaction(app, async (qr) => {
      await qr.query('SET LOCAL dossier.trend_defer_above = 2')
      await qr.query('UPDATE cases SET category = $2 WHERE id = ANY ($1)', [[a, b, c], was])
    })
    expect(await pending()).toBeGreaterThan(0)
    expect(await categoryOf(a)).toBe(otherCategory(was))
    await catchUpTrends(app, 2)
    expect(await pending()).toBe(0)
    expect(await categoryOf(a)).toBe(was)
    await exact()
  }, 120_000)

  it('are caught up before the trends view or the Pareto reads them', async () => {
    const filter = {}
    const period = { from: '2024-06', to: '2025-12', grain: 'month' as const }
    const before = await trendsView(app, filter, period)
    const moved = ids.slice(10, 60)
    const was = await categoryOf(moved[0])
    await leaving.query('UPDATE cases SET category = $2 WHERE id = ANY ($1)', [moved, otherCategory(was)])
    expect(await pending()).toBeGreaterThan(0)
    const view = await trendsView(app, filter, period)
    expect(await pending()).toBe(0)
    expect(view).not.toEqual(before)
    await exact()
    expect({ ...await trendsView(app, filter, period), ms: 0 }).toEqual({ ...view, ms: 0 })
    // The Pareto from the summaries against the cases themselves, while a re-tag is pending.
    const version = (await owner.query('SELECT max(version)::int AS v FROM rc_taxonomy_versions'))[0].v as number
    await leaving.query(`UPDATE case_root_causes SET node_id = (SELECT id FROM rc_nodes WHERE code = $2), chosen_node_id = (SELECT id FROM rc_nodes WHERE code = $2)
      WHERE role = 'primary' AND case_id = ANY ($1) AND NOT EXISTS (SELECT 1 FROM case_root_causes u WHERE u.case_id = case_root_causes.case_id AND u.node_id = (SELECT id FROM rc_nodes WHERE code = $2))`, [ids.slice(0, 120), nodes[0]])
    expect(await pending()).toBeGreaterThan(0)
    const f = { receivedFrom: '2024-06-01', receivedTo: '2025-12-31' }
    for (const level of [1, 2] as const) {
      const fast = await paretoFromSummaries(app, f, level, version)
      expect(await pending()).toBe(0)
      expect(fast).toEqual({ version, ...await paretoFromCases(app, f, level, version) })
    }
  }, 120_000)

  it('stay exact when a case is written while a catch-up applies it', async () => {
    const id = ids[20]
    const was = await categoryOf(id)
    // Left for the catch-up: the category changed.
    await leaving.query('UPDATE cases SET category = $2 WHERE id = $1', [id, otherCategory(was)])
    const catcher = app.createQueryRunner()
    const writer = app.createQueryRunner()
    await catcher.connect()
    await writer.connect()
    try {
      // A writer flips the case's flag and reaches its commit while the catch-up's apply holds the case.
      await writer.startTransaction()
      await writer.query('UPDATE audit_results SET flagged = NOT flagged WHERE case_id = $1', [id])
      await catcher.startTransaction()
      expect((await catcher.query('SELECT trend_catch_up(100) AS more'))[0].more).toBe(false)
      const committing = writer.commitTransaction()
      const waited = await Promise.race([committing.then(() => false), new Promise((r) => setTimeout(() => r(true), 300))])
      expect(waited).toBe(true)
      await catcher.commitTransaction()
      await committing
    } finally {
      await catcher.release()
      await writer.release()
    }
    expect(await pending()).toBe(0)
    await exact()
  }, 120_000)

  it('keep what a killed catch-up was applying pending, and the next catch-up applies it', async () => {
    const moved = ids.slice(70, 90)
    const was = await categoryOf(moved[0])
    await leaving.query('UPDATE cases SET category = $2 WHERE id = ANY ($1)', [moved, otherCategory(was)])
    const catcher = app.createQueryRunner()
    await catcher.connect()
    try {
      await catcher.startTransaction()
      await catcher.query('SELECT trend_catch_up(5) AS more')
      const [{ pid }] = (await catcher.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[]
      // The process dies mid-chunk: its connection goes, and its transaction with it.
      const admin = new pg.Client({ connectionString: inject('adminUrl') })
      await admin.connect()
      try { await admin.query('SELECT pg_terminate_backend($1)', [pid]) } finally { await admin.end() }
      await expect(catcher.commitTransaction()).rejects.toThrow()
    } finally {
      await catcher.release().catch(() => {})
    }
    expect(await pending()).toBeGreaterThan(0)
    expect(await categoryOf(moved[0])).toBe(was)
    await catchUpTrends(app)
    expect(await pending()).toBe(0)
    expect(await categoryOf(moved[0])).toBe(otherCategory(was))
    await exact()
  }, 120_000)

  it('equal a rebuild after any mix of left and applied transactions, caught up in any chunks', async () => {
    const someIds = fc.array(fc.nat(), { minLength: 1, maxLength: 15 }).map((xs) => [...new Set(xs.map((x) => ids[x % ids.length]))])
    const write = fc.oneof(
      fc.tuple(someIds, fc.nat()).map(([c, i]) => ({ sql: 'UPDATE cases SET category = $2 WHERE id = ANY ($1)', params: [c, categories[i % categories.length]] as unknown[] })),
      someIds.map((c) => ({ sql: 'UPDATE audit_results SET flagged = NOT flagged WHERE case_id = ANY ($1)', params: [c] as unknown[] })),
      someIds.map((c) => ({ sql: `DELETE FROM case_root_causes WHERE case_id = ANY ($1) AND role = 'primary'`, params: [c] as unknown[] })),
      fc.tuple(someIds, fc.nat()).map(([c, i]) => ({ sql: `INSERT INTO case_root_causes (case_id, node_id, chosen_node_id, role, tagged_by)
        SELECT c.id, n.id, n.id, 'primary', 'test' FROM cases c, rc_nodes n WHERE c.id = ANY ($1) AND n.code = $2
          AND NOT EXISTS (SELECT 1 FROM case_root_causes t WHERE t.case_id = c.id AND (t.role = 'primary' OR t.node_id = n.id))`, params: [c, nodes[i % nodes.length]] as unknown[] }))
    )
    const tx = fc.record({ writes: fc.array(write, { minLength: 1, maxLength: 3 }), above: fc.constantFrom(0, 5, 1000), commit: fc.boolean() })
    await fc.assert(fc.asyncProperty(fc.array(tx, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 40 }), async (txs, chunk) => {
      await runWithThreshold(app, 'dossier.trend_defer_above', txs)
      await catchUpTrends(app, chunk)
      expect(await pending()).toBe(0)
      await exact()
    }), { numRuns: 12, seed: 56 })
  }, 600_000)

  it('are caught up in the background after a bulk tag through the handlers', async () => {
    const call = await signedInAs(leaving, 'li.ming')
    const target = ids.slice(100, 160)
    const done = data<{ cases: number }>(await call('rootCauses.bulkTag', { target: { caseIds: target }, code: nodes[1], role: 'primary', expectedCount: target.length }))
    expect(done.cases).toBe(target.length)
    // Started by the handler: a second call joins it (and runs once more after it).
    await catchUpInBackground(leaving)
    expect(await pending()).toBe(0)
    await exact()
    data(await call('rootCauses.undoBulk', {}))
    await catchUpInBackground(leaving)
    expect(await pending()).toBe(0)
    await exact()
  }, 120_000)

  it('leave the app role only the catch-up', async () => {
    await expect(app.query('SELECT trend_settle()')).rejects.toThrow(/permission denied/)
    await expect(app.query('SELECT * FROM trend_pending')).rejects.toThrow(/permission denied/)
    await expect(app.query('SELECT trend_catch_up(0)')).rejects.toThrow(/positive/)
    expect((await app.query('SELECT trend_catch_up(10) AS more'))[0].more).toBe(false)
  })
})
