// The offers without stored checks are a queue kept by triggers (migration 38), read instead of an anti-join of
// every offer against every stored check; a few of them are computed from their precedent groups only. The kinds
// of fault: a queue that drifts from the anti-join after some write; a panel that computes or rewrites other
// offers' checks; a group-only computation whose results differ from reading every offer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { refreshChecks } from '../../src-main/legal/check-store'
import { offerDetail } from '../../src-main/legal/offer-detail'
import { connect, resetArchive } from './db'

let ds: DataSource

const ANTI_JOIN = 'SELECT o.id FROM remediation_offers o WHERE NOT EXISTS (SELECT 1 FROM offer_checks k WHERE k.offer_id = o.id) ORDER BY 1'
const queue = async (): Promise<number[]> => ((await ds.query('SELECT offer_id FROM offers_unchecked ORDER BY 1')) as { offer_id: number }[]).map((r) => r.offer_id)
const antiJoin = async (): Promise<number[]> => ((await ds.query(ANTI_JOIN)) as { id: number }[]).map((r) => r.id)
/** A stored row without its row version. */
const content = (r: { xmin: string } & Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'xmin'))
/** Every stored check row with its row version (xmin: changes with any rewrite, even of equal values). */
const stored = async (): Promise<Map<number, { xmin: string; results: unknown; failed: string[]; outlier: boolean; matrix_id: number | null }>> =>
  new Map(((await ds.query('SELECT offer_id, xmin::text AS xmin, results, failed, outlier, matrix_id FROM offer_checks')) as { offer_id: number; xmin: string; results: unknown; failed: string[]; outlier: boolean; matrix_id: number | null }[])
    .map((r) => [r.offer_id, r]))

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 38, cases: 1500 })
})
afterAll(async () => ds?.destroy())

describe('offers_unchecked', () => {
  it('holds exactly the offers without stored checks, after every kind of write', async () => {
    const expectSame = async (when: string): Promise<void> => expect(await queue(), when).toEqual(await antiJoin())
    await expectSame('after the seed')
    expect((await queue()).length).toBeGreaterThan(100)
    await ds.transaction((em) => refreshChecks(em))
    expect(await queue()).toEqual([])
    const offers = (await ds.query('SELECT id, case_id FROM remediation_offers ORDER BY id LIMIT 6')) as { id: number; case_id: number }[]
    await ds.query('UPDATE remediation_offers SET amount = amount + 1 WHERE id = $1', [offers[0].id])
    await expectSame('an offer changed')
    await ds.query(`UPDATE cases SET responsibility = 'external' WHERE id = $1`, [offers[1].case_id])
    await expectSame('a case changed')
    await ds.query('DELETE FROM remediation_offers WHERE id = $1', [offers[2].id])
    await expectSame('an offer with stored checks deleted')
    await ds.query('DELETE FROM remediation_offers WHERE id = $1', [offers[0].id])
    await expectSame('an offer without stored checks deleted')
    await ds.query(`INSERT INTO remediation_offers (case_id, type, amount) VALUES ($1, 'refund', 88)`, [offers[3].case_id])
    await expectSame('an offer added')
    expect((await queue()).length).toBeGreaterThanOrEqual(2)
    await ds.transaction((em) => refreshChecks(em))
    await expectSame('computed')
    expect(await queue()).toEqual([])
    await ds.query('DELETE FROM offer_checks')
    await expectSame('every stored check removed (a matrix change)')
    await ds.transaction((em) => refreshChecks(em, true))
    await expectSame('all recomputed')
  })

  it('computes a few offers from their precedent groups exactly as from every offer', async () => {
    await ds.transaction((em) => refreshChecks(em))
    const ids = ((await ds.query('SELECT id FROM remediation_offers ORDER BY id')) as { id: number }[]).map((r) => r.id).filter((_, i) => i % 9 === 0)
    const drop = (): Promise<unknown> => ds.query('DELETE FROM offer_checks WHERE offer_id = ANY ($1::int[])', [ids])
    await drop()
    expect(await ds.transaction((em) => refreshChecks(em))).toBe(ids.length)
    const groupsOnly = await stored()
    await drop()
    expect(await ds.transaction((em) => refreshChecks(em, false, undefined, 0))).toBe(ids.length)
    const everyOffer = await stored()
    for (const id of ids) {
      expect(content(groupsOnly.get(id)!), String(id)).toEqual(content(everyOffer.get(id)!))
    }
    // Some of them are outliers or have enough comparables: the precedent band was really computed.
    expect(ids.some((id) => (everyOffer.get(id)!.results as { code: string; status: string }[]).some((c) => c.code === 'precedent' && c.status !== 'cannot_tell'))).toBe(true)
  })

  it('opening an offer with stored checks reads and writes no other offer’s; one without computes only its own', async () => {
    await ds.transaction((em) => refreshChecks(em))
    const [a, b, c] = (await ds.query('SELECT id FROM remediation_offers ORDER BY id DESC LIMIT 3')) as { id: number }[]
    // b and c lose their stored checks (their offers changed); a keeps its own.
    await ds.query('UPDATE remediation_offers SET basis = coalesce(basis, \'\') || \'。\' WHERE id = ANY ($1::int[])', [[b.id, c.id]])
    expect(await queue()).toEqual([b.id, c.id].sort((x, y) => x - y))
    const before = await stored()
    const detail = await ds.transaction((em) => offerDetail(em, a.id))
    expect(detail.checks.length).toBeGreaterThan(0)
    expect(await stored()).toEqual(before)
    expect(await queue()).toEqual([b.id, c.id].sort((x, y) => x - y))
    // b opened: its checks computed, nobody else's touched (c still without).
    await ds.transaction((em) => offerDetail(em, b.id))
    const after = await stored()
    expect(await queue()).toEqual([c.id])
    expect(after.size).toBe(before.size + 1)
    for (const [id, row] of before) expect(after.get(id), String(id)).toEqual(row)
    // …and they are what computing every offer gives.
    const mine = content(after.get(b.id)!)
    await ds.query('DELETE FROM offer_checks WHERE offer_id = $1', [b.id])
    await ds.transaction((em) => refreshChecks(em, false, undefined, 0))
    expect(mine).toEqual(content((await stored()).get(b.id)!))
  })
})
