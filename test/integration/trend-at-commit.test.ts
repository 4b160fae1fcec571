// Migration 55: the statement triggers note the cases they touched and the summaries move once, when the
// transaction commits. Property: after any transaction of writes to the cases, the tags and the audit results —
// some in savepoints rolled back, the whole transaction committed or rolled back — the facts and every summary
// hold exactly what a rebuild makes of the archive, and nothing is left pending. Inside the transaction the
// summaries read as before it until trend_flush() (the app role may call it; it may not touch the pending ids).
import fc from 'fast-check'
import type { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { connect, connectOwner, resetArchive } from './db'
import { keptSummaries, recountedSummaries } from './summary-recount'

let owner: DataSource
let app: DataSource
let ids: number[] = []
let nodes: number[] = []
let categories: string[] = []
let channels: string[] = []

beforeAll(async () => {
  owner = await connectOwner()
  app = await connect()
  await resetArchive()
  await seedArchive(owner, { seed: 155, cases: 240, from: '2024-06-01', to: '2025-12-31', workers: 0, rootCauses: true, bulk: false })
  await runAudit(owner, { actor: 'test' })
  const col = async (sql: string): Promise<never[]> => ((await owner.query(sql)) as { v: never }[]).map((r) => r.v)
  ids = await col('SELECT id AS v FROM cases ORDER BY id')
  nodes = await col('SELECT id AS v FROM rc_nodes WHERE retired_version IS NULL ORDER BY id')
  categories = await col('SELECT DISTINCT category AS v FROM cases ORDER BY 1')
  channels = await col('SELECT DISTINCT channel AS v FROM cases ORDER BY 1')
}, 300_000)
afterAll(async () => { await owner?.destroy(); await app?.destroy() })

const pending = async (): Promise<number> => (await owner.query('SELECT count(*)::int AS n FROM trend_pending'))[0].n as number
const factsOf = async (q: Pick<DataSource, 'query'>, id: number): Promise<{ category: string; flagged: boolean }> =>
  (await q.query('SELECT category, flagged FROM trend_case_facts WHERE case_id = $1', [id]))[0]

const pick = <T>(xs: () => T[]): fc.Arbitrary<T> => fc.nat().map((i) => xs()[i % xs().length])
const someIds = fc.array(fc.nat(), { minLength: 1, maxLength: 12 }).map((xs) => [...new Set(xs.map((x) => ids[x % ids.length]))])
type Write = { sql: string; params: unknown[] }
const write: fc.Arbitrary<Write> = fc.oneof(
  fc.tuple(someIds, pick(() => categories)).map(([c, v]) => ({ sql: 'UPDATE cases SET category = $2 WHERE id = ANY ($1)', params: [c, v] })),
  fc.tuple(someIds, pick(() => channels)).map(([c, v]) => ({ sql: 'UPDATE cases SET channel = $2 WHERE id = ANY ($1)', params: [c, v] })),
  someIds.map((c) => ({ sql: 'UPDATE audit_results SET flagged = NOT flagged WHERE case_id = ANY ($1)', params: [c] })),
  someIds.map((c) => ({ sql: `DELETE FROM case_root_causes WHERE case_id = ANY ($1) AND role = 'primary'`, params: [c] })),
  fc.tuple(someIds, pick(() => nodes)).map(([c, n]) => ({ sql: `INSERT INTO case_root_causes (case_id, node_id, chosen_node_id, role, tagged_by)
    SELECT id, $2, $2, 'primary', 'test' FROM cases c WHERE id = ANY ($1) AND NOT EXISTS (SELECT 1 FROM case_root_causes t WHERE t.case_id = c.id AND (t.role = 'primary' OR t.node_id = $2))`, params: [c, n] })),
  fc.tuple(someIds, pick(() => nodes)).map(([c, n]) => ({ sql: `UPDATE case_root_causes t SET node_id = $2, chosen_node_id = $2 WHERE t.case_id = ANY ($1) AND t.role = 'primary'
    AND NOT EXISTS (SELECT 1 FROM case_root_causes u WHERE u.case_id = t.case_id AND u.node_id = $2)`, params: [c, n] }))
)
// A step: a write, or writes in a savepoint that is then released or rolled back.
type Step = { writes: Write[]; savepoint?: 'release' | 'rollback' }
const step: fc.Arbitrary<Step> = fc.oneof(
  write.map((w) => ({ writes: [w] })),
  fc.tuple(fc.array(write, { minLength: 1, maxLength: 3 }), fc.constantFrom('release' as const, 'rollback' as const)).map(([writes, savepoint]) => ({ writes, savepoint }))
)

describe('the trend summaries applied at commit', () => {
  it('start equal to a rebuild, with nothing pending', async () => {
    expect(await keptSummaries(owner)).toEqual(await recountedSummaries(owner))
    expect(await pending()).toBe(0)
    // A bulk tag's grouping of ~100,000 dimension rows fits in memory rather than spilling to disk.
    const config = (await owner.query(`SELECT proname, proconfig FROM pg_proc WHERE proname IN ('trend_apply', 'dossier_trends_rebuild') ORDER BY 1`)) as { proname: string; proconfig: string[] }[]
    for (const f of config) expect(f.proconfig, f.proname).toContain('work_mem=64MB')
  }, 120_000)

  it('wait inside the transaction, move on trend_flush() and at commit', async () => {
    const id = ids[3]
    const was = await factsOf(owner, id)
    const other = categories.find((c) => c !== was.category)!
    const qr = app.createQueryRunner()
    await qr.connect()
    try {
      await qr.startTransaction()
      await qr.query('UPDATE cases SET category = $2 WHERE id = $1', [id, other])
      await qr.query('UPDATE audit_results SET flagged = NOT flagged WHERE case_id = $1', [id])
      expect(await factsOf(qr, id)).toEqual(was)
      await qr.query('SELECT trend_flush()')
      expect(await factsOf(qr, id)).toEqual({ category: other, flagged: !was.flagged })
      // Written again after the flush: applied at commit all the same.
      await qr.query('UPDATE cases SET category = $2 WHERE id = $1', [id, was.category])
      await qr.commitTransaction()
    } finally {
      await qr.release()
    }
    expect(await factsOf(owner, id)).toEqual({ category: was.category, flagged: !was.flagged })
    expect(await pending()).toBe(0)
    expect(await keptSummaries(owner)).toEqual(await recountedSummaries(owner))
  }, 120_000)

  it('leave the pending ids to the owner: the app may flush, not read, note or apply', async () => {
    for (const sql of ['SELECT * FROM trend_pending', 'INSERT INTO trend_pending (ids) VALUES (ARRAY[1])', 'SELECT trend_defer(ARRAY[1])', 'SELECT trend_apply(ARRAY[1])']) {
      await expect(app.query(sql), sql).rejects.toThrow(/permission denied/)
    }
    await expect(app.query('SELECT trend_flush()')).resolves.toBeDefined()
  })

  it('equal a rebuild after any transaction of writes, savepoints and rollbacks, with nothing left pending', async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), fc.boolean(), async (steps, commit) => {
      const qr = owner.createQueryRunner()
      await qr.connect()
      try {
        await qr.startTransaction()
        for (const s of steps) {
          if (s.savepoint) await qr.query('SAVEPOINT s')
          for (const w of s.writes) await qr.query(w.sql, w.params)
          if (s.savepoint === 'rollback') await qr.query('ROLLBACK TO SAVEPOINT s')
          else if (s.savepoint) await qr.query('RELEASE SAVEPOINT s')
        }
        if (commit) await qr.commitTransaction()
        else await qr.rollbackTransaction()
      } finally {
        await qr.release()
      }
      expect(await pending()).toBe(0)
      expect(await keptSummaries(owner)).toEqual(await recountedSummaries(owner))
    }), { numRuns: 15, seed: 55 })
  }, 600_000)
})
