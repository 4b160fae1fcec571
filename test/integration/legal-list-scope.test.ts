// The offers list as one statement over indexes a row policy can use (migration 46): the amount compared in fen,
// each check by its partial index's predicate, 我已审 by the signed offers' index, every path chosen inside the
// statement by its counts. The kinds of fault: a page in another order or window than the plain SQL's (a sort key
// or a path that drifts), an amount bound rounded the wrong way, a branch that runs when its gate says no, a page
// that shows what the caller's scope hides. Each case is compared with the filter written over the archive's own
// tables, in the sort's order, for several sorts and pages, on every path, as a legal user and as a reviewer of
// one branch (row security applies to both queries alike).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { ensureDemoUsers } from '../../src-main/auth/users'
import { setUserUnits } from '../../src-main/auth/user-units'
import { inUserScope } from '../../src-main/db/session-scope'
import { listOffers, type ListBounds } from '../../src-main/legal/offer-list'
import { loadOfferRows, refreshChecks } from '../../src-main/legal/check-store'
import { precedentFor } from '../../src-main/legal/precedent'
import { legalRequestSchemas } from '../../src-main/shared/contract-legal'
import type { LegalOfferFilter, LegalQueue } from '../../src-main/shared/contract'
import { asOwner, connect, data, resetArchive, signedInTogether } from './db'
import { referenceIds } from './legal-reference'

let ds: DataSource
let heId: number
let chenId: number
const tokens: Record<'he' | 'chen', string> = { he: '', chen: '' }

const FILTERS: LegalOfferFilter[] = [
  {}, { from: '2025-01-01', to: '2025-06-30' }, { from: '2025-07-01' }, { to: '2024-06-30' }, { businessLine: 'wealth' }, { category: 'product' },
  { product: '理财' }, { rootCause: 'RC06' }, { amountMin: 5000 }, { amountMax: 300 }, { amountMin: 100, amountMax: 500 },
  { amountMin: 0.29, amountMax: 0.29 }, { amountMin: 100.005 }, { amountMax: 100.005 },
  { check: 'authority' }, { check: 'basis' }, { check: 'acceptance' }, { check: 'payment' }, { check: 'caveat_emptor' }, { check: 'precedent' },
  { check: 'any' }, { check: 'none' }, { reviewStatus: 'final' }, { reviewStatus: 'none' }, { businessLine: 'wealth', check: 'any', amountMin: 1000 }
]
const QUEUES: LegalQueue[] = ['mine', 'todo', 'cosign', 'final']
/** The default bounds, and lowered ones that send the same requests down the walk and the period's range read. */
const PATHS: (ListBounds | undefined)[] = [undefined, { few: 20, months: 1_000, sorted: 1_000_000 }, { few: 20, months: 1_000 }, { few: 20, months: 0 }, { few: 0, months: 1_000 }, { few: 0, months: 0 }]
const SORTS = ['approved_at', 'amount', 'case_no'] as const

/**
 * Pages of 25 at offsets 0 and 25 in each sort and direction, on every path, as `who`'s database session sees
 * them: equal to the reference's ids in the same order and window, and the total its count (to the cap).
 */
async function expectPagesMatch(who: 'he' | 'chen', userId: number, filter: LegalOfferFilter, queue: LegalQueue): Promise<number> {
  const scoped = <T>(fn: () => Promise<T>): Promise<T> => inUserScope(tokens[who], fn)
  let matched = 0
  for (const sort of SORTS) {
    for (const [dir, offset] of [['asc', 0], ['desc', 25]] as const) {
      const want = await scoped(() => referenceIds(ds, filter, queue, userId, sort, dir))
      matched = want.length
      const req = legalRequestSchemas['legal.offers'].parse({ filter, queue, sort, dir, limit: 25, offset })
      for (const bounds of PATHS) {
        const got = await scoped(() => listOffers(ds, userId, req, bounds))
        const label = JSON.stringify({ who, filter, queue, sort, dir, offset, bounds })
        expect(got.rows.map((r) => r.id), label).toEqual(want.slice(offset, offset + 25))
        const few = bounds?.few ?? 10_000
        expect({ total: got.total, capped: got.capped }, label).toEqual({ total: Math.min(want.length, few), capped: want.length > few })
      }
    }
  }
  return matched
}

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 46, cases: 1000 })
  await ensureDemoUsers(ds)
  await ds.transaction((em) => refreshChecks(em))
  // Amounts at the fen's edges, for the bounds in fen: 0.29 (0.29 × 100 is 28.999… in binary floating point), 100.00, 100.01.
  const some = (await ds.query('SELECT id FROM remediation_offers ORDER BY id LIMIT 6')) as { id: number }[]
  for (const [i, amount] of [0.29, 100, 100.01].entries()) await ds.query('UPDATE remediation_offers SET amount = $2 WHERE id = $1', [some[i].id, amount])
  await ds.transaction((em) => refreshChecks(em))
  // Opinions, so that he.jun's 我已审, 需第二签 and 已定稿 are not empty: he.jun signs one; sun.li one above the co-sign amount.
  const { calls: [he, sun] } = await signedInTogether(ds, ['he.jun', 'sun.li'])
  await ds.query('UPDATE remediation_offers SET amount = 9000000 WHERE id = $1', [some[4].id])
  const sign = (offerId: number): Record<string, unknown> => ({ offerId, decision: 'agree', reasoning: '审批合规。', basisCodes: ['LAW-CC-577'] })
  data(await he('legal.sign', sign(some[3].id)))
  data(await sun('legal.sign', sign(some[4].id)))
  const ids = (await ds.query(`SELECT id, username FROM users WHERE username IN ('he.jun', 'chen.jing')`)) as { id: number; username: string }[]
  heId = ids.find((u) => u.username === 'he.jun')!.id
  chenId = ids.find((u) => u.username === 'chen.jing')!.id
  // chen.jing (审查员) sees one branch's offers; he.jun (法务) sees every offer.
  const [branch] = (await ds.query(`SELECT code FROM units WHERE kind = 'branch' ORDER BY code LIMIT 1`)) as { code: string }[]
  await setUserUnits(ds, 'test', 'chen.jing', [branch.code])
  for (const [who, id] of [['he', heId], ['chen', chenId]] as const) [{ t: tokens[who] }] = (await ds.query('SELECT dossier_session_open($1) AS t', [id])) as { t: string }[]
})
afterAll(async () => ds?.destroy())

describe('the offers list in one statement, under row security', () => {
  it('gives a legal user every filter’s pages in each sort’s order, on every path, as the plain SQL does', async () => {
    const edges = await Promise.all([{ amountMin: 0.29, amountMax: 0.29 }, { amountMin: 100.005 }, { amountMax: 100.005 }]
      .map((f) => inUserScope(tokens.he, () => referenceIds(ds, f, 'all', heId))))
    expect(edges[0].length).toBeGreaterThan(0)
    for (const filter of FILTERS) await expectPagesMatch('he', heId, filter, 'all')
    for (const queue of QUEUES) expect(await expectPagesMatch('he', heId, {}, queue), queue).toBeGreaterThan(0)
  }, 600_000)

  it('gives a reviewer of one branch only that branch’s offers, in the same pages as the plain SQL under the same scope', async () => {
    const all = await inUserScope(tokens.he, () => referenceIds(ds, {}, 'all', heId))
    const mine = await inUserScope(tokens.chen, () => referenceIds(ds, {}, 'all', chenId))
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.length).toBeLessThan(all.length)
    for (const filter of [{}, { amountMin: 100, amountMax: 500 }, { check: 'any' }, { check: 'caveat_emptor' }, { from: '2025-01-01', to: '2025-06-30' }] as LegalOfferFilter[]) {
      await expectPagesMatch('chen', chenId, filter, 'all')
    }
  }, 600_000)

  it('reads legal_offer_list only by index-only scans under the policy: amount, check and 我已审 filters, and precedent', async () => {
    // The kind of fault: a condition the policy keeps from the index (a numeric or array operator is not leakproof)
    // or a column an index lacks (the policy's case_id): the scan goes to every row. Sequential scans are priced
    // out, so that a plan that still takes one has no other way; the visibility map is set, as autovacuum keeps it.
    await asOwner((o) => o.query('VACUUM ANALYZE legal_offer_list'))
    const scans: { of: string; scan: string }[] = []
    let of = ''
    const explaining = (em: { query: (sql: string, params?: unknown[]) => Promise<unknown> }) => ({
      query: async <T = unknown>(sql: string, params?: unknown[]): Promise<T> => {
        const [{ 'QUERY PLAN': [plan] }] = (await em.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)) as { 'QUERY PLAN': { Plan: Plan }[] }[]
        const walk = (n: Plan): void => {
          // A bitmap read names the index that gave it its rows.
          const via = n['Node Type'] === 'Bitmap Heap Scan' ? ` via ${(n.Plans ?? []).map((k) => k['Index Name']).join(' ')}` : ''
          if (n['Relation Name'] === 'legal_offer_list') scans.push({ of, scan: `${n['Node Type']} ${n['Index Name'] ?? ''}`.trim() + via })
          for (const k of n.Plans ?? []) walk(k)
        }
        walk(plan.Plan)
        return (/^\s*WITH RECURSIVE/.test(sql) ? await em.query(sql, params) : /AS amounts/.test(sql) ? [{ amounts: [], near: [] }] : [{ total_matches: 0, id: null }]) as T
      }
    })
    const [subject] = await loadOfferRows(ds)
    await inUserScope(tokens.he, () => ds.transaction(async (em) => {
      await em.query('SET LOCAL enable_seqscan = off')
      for (const filter of [{ amountMin: 5000 }, { amountMax: 300 }, { check: 'authority' }, { check: 'precedent' }, { check: 'any' }, { businessLine: 'wealth' }, { product: '理财' }] as LegalOfferFilter[]) {
        of = JSON.stringify(filter)
        for (const sort of SORTS) await listOffers(explaining(em), heId, legalRequestSchemas['legal.offers'].parse({ filter, sort }))
      }
      of = 'mine'
      await listOffers(explaining(em), heId, legalRequestSchemas['legal.offers'].parse({ queue: 'mine' }))
      of = 'precedent'
      await precedentFor(explaining(em), { offerId: subject.offerId, amount: subject.amount, type: subject.type, businessLine: subject.businessLine, category: subject.category,
        rootNodeId: subject.rootNodeId, rootCode: null, at: subject.approvedAt ?? subject.receivedAt })
    }))
    expect(scans.length).toBeGreaterThan(40)
    // Allowed beside index-only scans: the join back to a page's (or the nearest comparables') own rows by key; and
    // the walk of a sort's index under a filter on a column it does not carry (the checks' array, the signers, the
    // product: the walk passes a few entries per match, and only with 10,000 matches or more) — by approval time
    // the narrow count index (migration 58) too, as it must go to the table either way.
    // And an amount range's few matches fetched by the narrow amount index (migration 61): its bound is the index's
    // own condition, so the policy kept nothing from it; in a small archive the table is cheaper than the wide index,
    // at 1,000,000 cases the planner reads them index-only from the wide one (legal-explain.ts, amountMin 50,000).
    const walks = /^Index Scan legal_offer_list_(at|amount|case_no|count)_idx$/
    const other = scans.filter(({ of, scan }) => !scan.startsWith('Index Only Scan') && scan !== 'Index Scan legal_offer_list_pkey'
      && !(/check|mine|product/.test(of) && walks.test(scan)) && !(/^\{"amountM(in|ax)":\d+(,"amountMax":\d+)?\}$/.test(of) && scan === 'Bitmap Heap Scan via legal_offer_list_amount_count_idx'))
    expect(other).toEqual([])
    expect(scans.map((s) => s.scan)).toContain('Index Only Scan legal_offer_list_precedent_idx')
  }, 300_000)
})

type Plan = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: Plan[] }
