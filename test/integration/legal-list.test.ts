// The offers list reads legal_offer_list (migration 23), a narrow copy kept current by triggers. Its kind of
// fault is a copy that drifts from the archive: every filter, queue and sort is compared, after each kind of
// write the triggers must follow (offer, case, root cause, stored checks, opinions, deletion), with the same
// filter written over the archive's own tables (the query the list used before). Precedent reads it too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { ensureDemoUsers } from '../../src-main/auth/users'
import { listOffers, OFFER_COLUMNS, OFFER_FROM, offerRowOf, type OfferSqlRow } from '../../src-main/legal/offer-list'
import { loadOfferRows, refreshChecks } from '../../src-main/legal/check-store'
import { bandOf, precedentFor } from '../../src-main/legal/precedent'
import { legalRequestSchemas } from '../../src-main/shared/contract-legal'
import type { LegalOfferFilter, LegalQueue } from '../../src-main/shared/contract'
import { connect, data, resetArchive, signedInTogether, type RawCall } from './db'
import { referenceIds } from './legal-reference'

let ds: DataSource
let he: RawCall
let sun: RawCall
let heId: number

/** The filter over the archive's own tables: what the list answered before migration 23, kept as the reference. */
const reference = (filter: LegalOfferFilter, queue: LegalQueue, userId: number): Promise<number[]> => referenceIds(ds, filter, queue, userId)

const FILTERS: LegalOfferFilter[] = [
  {}, { from: '2025-01-01', to: '2025-06-30' }, { unitId: 3 }, { category: 'product' }, { businessLine: 'wealth' }, { type: 'compensation' },
  { product: '理财' }, { product: '卡' }, { product: '理财测试' }, { rootCause: 'RC06' }, { rootCause: 'RC06.01' }, { amountMin: 5000 }, { amountMin: 100, amountMax: 500 },
  { check: 'authority' }, { check: 'caveat_emptor' }, { check: 'any' }, { check: 'none' }, { reviewStatus: 'none' }, { reviewStatus: 'final' },
  { reviewStatus: 'stale' }, { reviewStatus: 'awaiting_cosign' }, { businessLine: 'wealth', check: 'any', amountMin: 1000 },
  { check: 'basis' }, { check: 'acceptance' }, { check: 'payment' }, { check: 'precedent' }, { amountMax: 300 }, { from: '2025-07-01' }
]
const QUEUES: LegalQueue[] = ['all', 'todo', 'mine', 'cosign', 'final']

/** Every filter × queue: the list's ids (all pages) and total equal the reference's; the first page is in sort order. */
async function expectListMatches(): Promise<void> {
  for (const filter of FILTERS) {
    for (const queue of QUEUES) {
      const want = await reference(filter, queue, heId)
      const req = legalRequestSchemas['legal.offers'].parse({ filter, queue, sort: 'amount', dir: 'asc', limit: 500 })
      const got: number[] = []
      let amounts: number[] = []
      for (let offset = 0; ; offset += 500) {
        const page = await listOffers(ds, heId, { ...req, offset })
        if (offset === 0) { expect(page.total, JSON.stringify({ filter, queue })).toBe(Math.min(want.length, 10_000)); amounts = page.rows.map((r) => r.amount) }
        got.push(...page.rows.map((r) => r.id))
        if (page.rows.length < 500) break
      }
      expect(got.sort((a, b) => a - b), JSON.stringify({ filter, queue })).toEqual(want)
      expect(amounts).toEqual([...amounts].sort((a, b) => a - b))
    }
  }
}

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 23, cases: 1200 })
  await ensureDemoUsers(ds)
  await ds.transaction((em) => refreshChecks(em))
  ;({ calls: [he, sun] } = await signedInTogether(ds, ['he.jun', 'sun.li']))
  ;[{ id: heId }] = (await ds.query(`SELECT id FROM users WHERE username = 'he.jun'`)) as { id: number }[]
})
afterAll(async () => ds?.destroy())

describe('legal_offer_list', () => {
  it('answers every filter, queue and sort as the archive’s own tables do, after every kind of write', async () => {
    const offers = (await ds.query('SELECT id, case_id FROM remediation_offers ORDER BY id LIMIT 8')) as { id: number; case_id: number }[]
    // Opinions: a final one, one waiting for a co-signer (above the co-sign amount), one made stale.
    const sign = (offerId: number): Record<string, unknown> => ({ offerId, decision: 'agree', reasoning: '审批合规。', basisCodes: ['LAW-CC-577'] })
    await ds.query('UPDATE remediation_offers SET amount = 100 WHERE id = $1', [offers[0].id])
    data(await he('legal.sign', sign(offers[0].id)))
    await ds.query('UPDATE remediation_offers SET amount = 9000000 WHERE id = $1', [offers[1].id])
    data(await sun('legal.sign', sign(offers[1].id)))
    data(await he('legal.sign', sign(offers[2].id)))
    await ds.query('UPDATE remediation_offers SET basis = NULL WHERE id = $1', [offers[2].id])
    // A case's facts, its primary root cause, an offer deleted; some checks not yet recomputed.
    await ds.query(`UPDATE cases SET unit_id = 3, product = '理财测试产品', business_line = 'wealth' WHERE id = $1`, [offers[3].case_id])
    const [node] = (await ds.query(`SELECT id FROM rc_nodes WHERE code = 'RC06.01'`)) as { id: number }[]
    await ds.query(`DELETE FROM case_root_causes WHERE case_id = $1`, [offers[4].case_id])
    await ds.query(`INSERT INTO case_root_causes (case_id, node_id, chosen_node_id, role, tagged_by) VALUES ($1, $2, $2, 'primary', 'test')`, [offers[4].case_id, node.id])
    await ds.query('DELETE FROM remediation_offers WHERE id = $1', [offers[5].id])
    for (const status of ['final', 'awaiting_cosign', 'stale'] as const) expect((await reference({ reviewStatus: status }, 'all', heId)).length, status).toBeGreaterThan(0)
    expect(await reference({ product: '理财测试' }, 'all', heId)).toEqual([offers[3].id])
    expect(await reference({ rootCause: 'RC06.01' }, 'all', heId)).toContain(offers[4].id)
    await expectListMatches()
    await ds.transaction((em) => refreshChecks(em))
    await expectListMatches()
  })

  it('gives the same pages on every path: matches read and sorted, the sort’s index walked, a period merged month by month', async () => {
    // At 1,200 cases every filter takes the first path; lowered bounds send the same requests down the others
    // (the walk with the other conditions unindexable, a period sorted by case number merged month by month or walked;
    // and more matches than the count's cap read and sorted, the count saying “more than”).
    const paths = [{ few: 20, months: 1_000, sorted: 1_000_000 }, { few: 20, months: 1_000 }, { few: 20, months: 0 }, { few: 0, months: 1_000 }, { few: 0, months: 0 }]
    const extra: LegalOfferFilter[] = [{ from: '2024-01-01', to: '2025-12-31' }, { from: '2025-01-01', to: '2025-06-30', businessLine: 'retail' }, { amountMin: 200, amountMax: 3000, type: 'refund' }]
    const cases = [...[...FILTERS, ...extra].map((filter) => ({ filter, queue: 'all' as LegalQueue })), { filter: { businessLine: 'retail' }, queue: 'todo' as LegalQueue }]
    for (const { filter, queue } of cases) {
      for (const sort of ['approved_at', 'amount', 'case_no'] as const) {
        for (const [dir, offset] of [['asc', 0], ['desc', 30]] as const) {
          const req = legalRequestSchemas['legal.offers'].parse({ filter, queue, sort, dir, limit: 30, offset })
          const want = await listOffers(ds, heId, req)
          for (const bounds of paths) {
            const got = await listOffers(ds, heId, req, bounds)
            expect(got.rows.map((r) => r.id), JSON.stringify({ filter, queue, sort, dir, bounds })).toEqual(want.rows.map((r) => r.id))
            expect(got.capped).toBe(want.total > bounds.few)
          }
        }
      }
    }
  }, 300_000)

  it('shows each row as the archive’s own tables give it, though a page reads the case’s columns, checks and status from the list', async () => {
    // The kind of fault: a column the page now takes from legal_offer_list (case number, category, line, product,
    // failed checks, outlier, review status) that differs from what the offer's panel reads from the archive.
    for (const reviewStatus of ['final', 'awaiting_cosign', 'stale', 'none'] as const) {
      const page = await listOffers(ds, heId, legalRequestSchemas['legal.offers'].parse({ filter: { reviewStatus }, sort: 'amount', dir: 'asc', limit: 500 }))
      expect(page.rows.length, reviewStatus).toBeGreaterThan(0)
      const want = (await ds.query(`SELECT ${OFFER_COLUMNS} ${OFFER_FROM} WHERE o.id = ANY ($1)`, [page.rows.map((r) => r.id)])) as OfferSqlRow[]
      const byId = new Map(want.map((r) => [r.id, offerRowOf(r)]))
      for (const row of page.rows) expect(row, `${reviewStatus} ${row.id}`).toEqual(byId.get(row.id))
    }
  })

  it('keeps one row per offer, the same as a rebuild would write', async () => {
    const [{ offers, listed }] = (await ds.query('SELECT (SELECT count(*) FROM remediation_offers)::int AS offers, (SELECT count(*) FROM legal_offer_list)::int AS listed')) as { offers: number; listed: number }[]
    expect(listed).toBe(offers)
    const drift = (await ds.query(`SELECT l.offer_id FROM legal_offer_list l JOIN remediation_offers o ON o.id = l.offer_id JOIN cases c ON c.id = o.case_id
      LEFT JOIN offer_checks k ON k.offer_id = o.id
      WHERE (l.amount, l.type, l.unit_id, l.category, l.business_line, l.product, l.case_no, l.approved_at, l.failed, l.settled)
        IS DISTINCT FROM (o.amount, o.type, c.unit_id, c.category, c.business_line, c.product, c.case_no, o.approved_at, coalesce(k.failed, '{}'),
                          o.customer_accepted IS TRUE OR o.paid_at IS NOT NULL)`)) as unknown[]
    expect(drift).toEqual([])
  })

  it('refuses the app role any write of its own (only the triggers write it)', async () => {
    await expect(ds.query('DELETE FROM legal_offer_list')).rejects.toThrow(/permission denied/)
  })
})

describe('precedent from legal_offer_list', () => {
  it('matches the archive’s own tables for sampled offers, by business line and by product, over several windows', async () => {
    const rows = await loadOfferRows(ds)
    const sample = rows.filter((_, i) => i % Math.max(1, Math.floor(rows.length / 25)) === 0)
    let productNarrower = 0
    for (const r of sample) {
      const [{ product }] = (await ds.query('SELECT product FROM cases WHERE id = $1', [r.caseId])) as { product: string | null }[]
      for (const by of ['business_line', 'product'] as const) {
        for (const months of [0, 24]) {
          const at = new Date(r.approvedAt ?? r.receivedAt).toISOString()
          const want = (await ds.query(`SELECT o.amount::float8 AS amount FROM remediation_offers o JOIN cases c ON c.id = o.case_id
            WHERE o.id <> $1 AND o.type = $2 AND c.business_line = $3 AND c.category = $4 AND (o.customer_accepted IS TRUE OR o.paid_at IS NOT NULL)
              AND coalesce(o.approved_at, c.received_at) <= $5::timestamptz
              AND ($6::int = 0 OR coalesce(o.approved_at, c.received_at) > $5::timestamptz - make_interval(months => $6::int))
              AND ($7::int IS NULL OR EXISTS (SELECT 1 FROM case_root_causes t WHERE t.case_id = c.id AND t.role = 'primary' AND t.node_id = $7::int))
              AND (NOT $8::boolean OR c.product IS NOT DISTINCT FROM $9::text)`,
          [r.offerId, r.type, r.businessLine, r.category, at, months, r.rootNodeId, by === 'product', product])) as { amount: number }[]
          const band = await precedentFor(ds, { offerId: r.offerId, amount: r.amount, type: r.type, businessLine: r.businessLine, category: r.category, product,
            rootNodeId: r.rootNodeId, rootCode: r.rootCause?.code ?? null, at: r.approvedAt ?? r.receivedAt }, months, by)
          const ref = bandOf(want.map((w) => w.amount), r.amount)
          expect({ count: band.count, median: band.median, p10: band.p10, p90: band.p90, outlier: band.outlier }, `${r.offerId} ${by} ${months}`)
            .toEqual({ count: ref.count, median: ref.median, p10: ref.p10, p90: ref.p90, outlier: ref.outlier })
          expect(band.criteria).toMatchObject({ by, product })
          expect(band.nearest.every((n) => n.offerId !== r.offerId)).toBe(true)
          if (by === 'product' && months === 0) {
            const line = await precedentFor(ds, { offerId: r.offerId, amount: r.amount, type: r.type, businessLine: r.businessLine, category: r.category, product,
              rootNodeId: r.rootNodeId, rootCode: r.rootCause?.code ?? null, at: r.approvedAt ?? r.receivedAt }, 0, 'business_line')
            expect(band.count).toBeLessThanOrEqual(line.count)
            if (band.count < line.count) productNarrower++
          }
        }
      }
    }
    expect(productNarrower).toBeGreaterThan(0)
  })
})
