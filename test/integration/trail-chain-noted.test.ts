// Migration 57: the trail is noted once per transaction (a statement trigger) and chained at its commit. Property:
// whatever a transaction does — entries in several statements, some in savepoints rolled back or released, the chain
// made mid-way (SET CONSTRAINTS ALL IMMEDIATE) and entries written after it, the whole committed or rolled back —
// afterwards no entry is left unchained, nothing is left noted, and the chain verifies whole from the first entry.
// Also: a bulk tag's 10,000-entry transaction fires the chain once, not once per entry.
import fc from 'fast-check'
import type { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyTrail } from '../../src-main/trail/chain'
import { connect, connectOwner } from './db'

let app: DataSource
let owner: DataSource

beforeAll(async () => { app = await connect(); owner = await connectOwner() })
afterAll(async () => { await app?.destroy(); await owner?.destroy() })

const INSERT = `INSERT INTO audit_trail (actor, entity, entity_id, action, before, after)
  SELECT 'test', 'probe', g::text, 'update', jsonb_build_object('v', g), jsonb_build_object('v', g + 1) FROM generate_series(1, $1::int) g`

type Step = { kind: 'insert'; n: number } | { kind: 'savepoint'; n: number; then: 'release' | 'rollback' } | { kind: 'chain' }
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.integer({ min: 0, max: 4 }).map((n) => ({ kind: 'insert' as const, n })),
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom('release' as const, 'rollback' as const)).map(([n, then]) => ({ kind: 'savepoint' as const, n, then })),
  fc.constant({ kind: 'chain' as const })
)

const state = async (): Promise<{ unchained: number; noted: number }> =>
  (await owner.query('SELECT (SELECT count(*)::int FROM audit_trail WHERE hash IS NULL) AS unchained, (SELECT count(*)::int FROM trail_pending) AS noted'))[0]

describe('the trail noted per statement and chained at commit', () => {
  it('leaves nothing unchained or noted, and a whole chain, after any transaction', async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), fc.boolean(), async (steps, commit) => {
      const qr = app.createQueryRunner()
      await qr.connect()
      try {
        await qr.startTransaction()
        for (const s of steps) {
          if (s.kind === 'insert') await qr.query(INSERT, [s.n])
          else if (s.kind === 'chain') {
            await qr.query('SET CONSTRAINTS ALL IMMEDIATE')
            await qr.query('SET CONSTRAINTS ALL DEFERRED')
          } else {
            await qr.query('SAVEPOINT s')
            await qr.query(INSERT, [s.n])
            await qr.query(s.then === 'rollback' ? 'ROLLBACK TO SAVEPOINT s' : 'RELEASE SAVEPOINT s')
          }
        }
        if (commit) await qr.commitTransaction()
        else await qr.rollbackTransaction()
      } finally {
        await qr.release()
      }
      expect(await state()).toEqual({ unchained: 0, noted: 0 })
    }), { numRuns: 60, seed: 57 })
    const v = await verifyTrail(owner)
    expect(v.broken).toBeNull()
    expect(v.entries).toBeGreaterThan(0)
  }, 300_000)

  it('notes a transaction of many entries once, and chains them all at its commit', async () => {
    // The trail's own trigger is a statement trigger (one note per statement at most), not a per-entry deferred one.
    const [trigger] = await owner.query(`SELECT tgtype & 1 AS per_row, tgconstraint <> 0 AS deferred FROM pg_trigger WHERE tgname = 'audit_trail_chain'`)
    expect(trigger).toEqual({ per_row: 0, deferred: false })
    const qr = app.createQueryRunner()
    await qr.connect()
    try {
      await qr.startTransaction()
      await qr.query(INSERT, [2000])
      await qr.query(INSERT, [3])
      expect((await owner.query('SELECT count(*)::int AS n FROM trail_pending'))[0].n).toBe(0) // not yet committed: not seen
      await qr.commitTransaction()
    } finally {
      await qr.release()
    }
    expect(await state()).toEqual({ unchained: 0, noted: 0 })
    expect((await verifyTrail(owner)).broken).toBeNull()
  }, 120_000)
})
