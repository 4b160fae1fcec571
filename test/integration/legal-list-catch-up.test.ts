// Migration 59: a tag statement over the cases of more than dossier.legal_defer_above offers leaves their rows of the
// offers list to a catch-up after its commit. Tested: what is left and what is applied at once, by the threshold; the
// list, the precedent band and the checks' refresh never read a left row stale; any mix of left and applied tag
// writes, committed or rolled back, caught up in any chunk size, leaves the list equal to a recomputation; a writer of
// an offer waits while a catch-up holds its row; and the app role may catch up but not read what is pending.
import fc from 'fast-check'
import type { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedArchive } from '../../src-main/demo/loader'
import { ensureDemoUsers } from '../../src-main/auth/users'
import { refreshChecks } from '../../src-main/legal/check-store'
import { listOffers } from '../../src-main/legal/offer-list'
import { legalRequestSchemas } from '../../src-main/shared/contract-legal'
import { catchUpLegalList } from '../../src-main/db/catch-up'
import { connect, connectOwner, inTransaction, resetArchive, runWithThreshold } from './db'
import { referenceIds } from './legal-reference'

let owner: DataSource
let app: DataSource
let heId: number
let caseIds: number[] = []
let firstLevel: string[] = []

beforeAll(async () => {
  owner = await connectOwner()
  app = await connect()
  await resetArchive()
  await seedArchive(owner, { seed: 159, cases: 500, from: '2024-06-01', to: '2025-12-31', workers: 0, rootCauses: true, bulk: false })
  await ensureDemoUsers(app)
  await app.transaction((em) => refreshChecks(em))
  await catchUpLegalList(app)
  ;[{ id: heId }] = (await app.query(`SELECT id FROM users WHERE username = 'he.jun'`)) as { id: number }[]
  // Cases with offers and a primary cause: a re-tag of them changes their offers' rows.
  caseIds = ((await owner.query(`SELECT DISTINCT o.case_id AS id FROM remediation_offers o JOIN case_root_causes t ON t.case_id = o.case_id AND t.role = 'primary' ORDER BY 1`)) as { id: number }[]).map((r) => r.id)
  firstLevel = ((await owner.query(`SELECT code FROM rc_nodes WHERE parent_id IS NULL AND retired_version IS NULL ORDER BY code`)) as { code: string }[]).map((r) => r.code)
}, 300_000)
afterAll(async () => { await owner?.destroy(); await app?.destroy() })

const pending = async (): Promise<number> => (await owner.query('SELECT count(*)::int AS n FROM legal_pending'))[0].n as number
const LIST = `SELECT coalesce(jsonb_agg(to_jsonb(l) ORDER BY l.offer_id), '[]') AS rows FROM legal_offer_list l`
/** The list as kept, against the list recomputed from the archive (by the owner, in a transaction rolled back). */
async function expectExact(): Promise<void> {
  const kept = (await owner.query(LIST))[0].rows
  const qr = owner.createQueryRunner()
  await qr.connect()
  await qr.startTransaction()
  try {
    await qr.query('SELECT legal_offer_list_compute(NULL)')
    expect(kept).toEqual((await qr.query(LIST))[0].rows)
  } finally {
    await qr.rollbackTransaction()
    await qr.release()
  }
}

/** Every primary cause of `cases` re-pointed to `code` (a case already carrying it as a secondary is left). */
const retag = (cases: number[], code: string): { sql: string; params: unknown[] } => ({
  sql: `UPDATE case_root_causes t SET node_id = n.id, chosen_node_id = n.id FROM rc_nodes n WHERE n.code = $2 AND t.role = 'primary' AND t.case_id = ANY ($1)
    AND NOT EXISTS (SELECT 1 FROM case_root_causes u WHERE u.case_id = t.case_id AND u.node_id = n.id)`, params: [cases, code] })

describe('the offers list caught up after a large tag change', () => {
  it('applies the rows at once up to the threshold and leaves them beyond it', async () => {
    expect(caseIds.length).toBeGreaterThan(50)
    await expectExact()
    const cases = caseIds.slice(0, 15)
    const offers = (await owner.query('SELECT count(*)::int AS n FROM remediation_offers WHERE case_id = ANY ($1)', [cases]))[0].n as number
    await inTransaction(app, async (qr) => {
      await qr.query(`SET LOCAL dossier.legal_defer_above = ${offers}`)
      const w = retag(cases, firstLevel[0])
      await qr.query(w.sql, w.params)
    })
    expect(await pending()).toBe(0)
    await expectExact()
    await inTransaction(app, async (qr) => {
      await qr.query(`SET LOCAL dossier.legal_defer_above = ${offers - 1}`)
      const w = retag(cases, firstLevel[1])
      await qr.query(w.sql, w.params)
    })
    expect(await pending()).toBe(1)
    await catchUpLegalList(app, 7)
    expect(await pending()).toBe(0)
    await expectExact()
  }, 120_000)

  it('is caught up before the list, filtered by a root cause, or the checks’ refresh reads it', async () => {
    const cases = caseIds.slice(15, 45)
    await inTransaction(app, async (qr) => {
      await qr.query('SET LOCAL dossier.legal_defer_above = 0')
      const w = retag(cases, firstLevel[2])
      await qr.query(w.sql, w.params)
    })
    expect(await pending()).toBe(1)
    const filter = { rootCause: firstLevel[2] }
    const req = legalRequestSchemas['legal.offers'].parse({ filter, sort: 'amount', limit: 500 })
    const page = await listOffers(app, heId, req)
    expect(await pending()).toBe(0)
    expect(page.rows.map((r) => r.id)).toEqual(await referenceIds(app, filter, 'all', heId, 'amount', req.dir))
    await expectExact()
    // A refresh of stale checks catches up first too (the precedent peers are read from the list by root cause).
    await inTransaction(app, async (qr) => {
      await qr.query('SET LOCAL dossier.legal_defer_above = 0')
      const w = retag(cases, firstLevel[3])
      await qr.query(w.sql, w.params)
    })
    expect(await pending()).toBe(1)
    await app.transaction((em) => refreshChecks(em))
    expect(await pending()).toBe(0)
    await expectExact()
  }, 120_000)

  it('equals a recomputation after any mix of left and applied tag writes, caught up in any chunks', async () => {
    const someCases = fc.array(fc.nat(), { minLength: 1, maxLength: 30 }).map((xs) => [...new Set(xs.map((x) => caseIds[x % caseIds.length]))])
    const write = fc.oneof(
      fc.tuple(someCases, fc.nat()).map(([c, i]) => retag(c, firstLevel[i % firstLevel.length])),
      someCases.map((c) => ({ sql: `DELETE FROM case_root_causes WHERE role = 'primary' AND case_id = ANY ($1)`, params: [c] as unknown[] })),
      fc.tuple(someCases, fc.nat()).map(([c, i]) => ({ sql: `INSERT INTO case_root_causes (case_id, node_id, chosen_node_id, role, tagged_by)
        SELECT x.id, n.id, n.id, 'primary', 'test' FROM unnest($1::int[]) x(id), rc_nodes n WHERE n.code = $2
          AND NOT EXISTS (SELECT 1 FROM case_root_causes t WHERE t.case_id = x.id AND (t.role = 'primary' OR t.node_id = n.id))`, params: [c, firstLevel[i % firstLevel.length]] as unknown[] }))
    )
    const tx = fc.record({ writes: fc.array(write, { minLength: 1, maxLength: 3 }), above: fc.constantFrom(0, 4, 1000), commit: fc.boolean() })
    await fc.assert(fc.asyncProperty(fc.array(tx, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 25 }), async (txs, chunk) => {
      await runWithThreshold(app, 'dossier.legal_defer_above', txs)
      await catchUpLegalList(app, chunk)
      expect(await pending()).toBe(0)
      await expectExact()
    }), { numRuns: 15, seed: 59 })
  }, 600_000)

  it('makes a writer of an offer wait while a catch-up holds its row', async () => {
    const [{ id: offer, case_id: c }] = (await owner.query('SELECT id, case_id FROM remediation_offers WHERE case_id = $1 ORDER BY id LIMIT 1', [caseIds[50]])) as { id: number; case_id: number }[]
    await inTransaction(app, async (qr) => {
      await qr.query('SET LOCAL dossier.legal_defer_above = 0')
      const w = retag([c], firstLevel[4])
      await qr.query(w.sql, w.params)
    })
    const catcher = app.createQueryRunner()
    await catcher.connect()
    try {
      await catcher.startTransaction()
      expect((await catcher.query('SELECT legal_catch_up(100) AS more'))[0].more).toBe(false)
      const writing = owner.query('UPDATE remediation_offers SET basis = coalesce(basis, \'\') || \'。\' WHERE id = $1', [offer])
      const waited = await Promise.race([writing.then(() => false), new Promise((r) => setTimeout(() => r(true), 300))])
      expect(waited).toBe(true)
      await catcher.commitTransaction()
      await writing
    } finally {
      await catcher.release()
    }
    await expectExact()
  }, 120_000)

  it('leaves the app role only the catch-up', async () => {
    await expect(app.query('SELECT * FROM legal_pending')).rejects.toThrow(/permission denied/)
    await expect(app.query('SELECT legal_offer_list_compute(NULL)')).rejects.toThrow(/permission denied/)
    await expect(app.query('SELECT legal_catch_up(0)')).rejects.toThrow(/positive/)
    expect((await app.query('SELECT legal_catch_up(10) AS more'))[0].more).toBe(false)
  })
})
