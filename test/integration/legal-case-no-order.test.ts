// The offers list sorted by case number, in byte order (migration 50): the list orders by `case_no COLLATE "C"`
// and walks an index keyed the same way. The kinds of fault: the order under the server locale's collation
// instead (another order on a server initialised under zh_CN or en_US, and strcoll's cost on every server), an
// ORDER BY whose collation differs from the index's (the walk becomes a sort of every match), and paths or pages
// that disagree (an offer skipped or shown twice across pages). Case numbers of other lengths, prefixes and
// scripts stand beside the generator's `TS<year><id>`, as an import may write them (it only trims them). And a
// period sorted by case number is read month by month, merged (migration 53), and few matches are read once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { ensureDemoUsers } from '../../src-main/auth/users'
import { inUserScope } from '../../src-main/db/session-scope'
import { listOffers, type ListBounds } from '../../src-main/legal/offer-list'
import { refreshChecks } from '../../src-main/legal/check-store'
import { legalRequestSchemas } from '../../src-main/shared/contract-legal'
import type { LegalOfferFilter, LegalQueue } from '../../src-main/shared/contract'
import { asOwner, connect, data, resetArchive, signedInTogether } from './db'

let ds: DataSource
let heId: number
let token = ''

/** Imported-looking case numbers: shorter and longer than the generator's, other prefixes, case, '-', a space, Chinese. */
const ODD = ['TS2025001', 'TS20250000000012', 'TS2025-00017', 'ts2026000001', 'HB2024-0031', 'A-1', 'TS 2025 07', 'TS2025_3', '粤TS2026000002', 'Z9', 'TS2026']
const QUEUES: LegalQueue[] = ['all', 'todo', 'mine', 'cosign', 'final']
/** The default bounds, then lowered ones that send the same request down the walk of the case-number index and the period's months. */
const PATHS: (ListBounds | undefined)[] = [undefined, { few: 20, months: 1_000 }, { few: 0, months: 1_000 }, { few: 0, months: 0 }]

/** The plain SQL: the offers `queue` holds for he.jun, ORDER BY case_no COLLATE "C" (ties by offer, the same way). */
async function plainOrder(queue: LegalQueue, filter: LegalOfferFilter, dir: 'asc' | 'desc'): Promise<{ id: number; caseNo: string }[]> {
  const w = queue === 'todo' ? `l.review_status IN ('none', 'stale')` : queue === 'mine' ? `${heId} = ANY (l.reviewers)`
    : queue === 'cosign' ? `l.review_status = 'awaiting_cosign' AND l.signer_id <> ${heId}` : queue === 'final' ? `l.review_status = 'final'` : 'true'
  const from = filter.from ? `AND l.at >= '${filter.from}'::date::timestamp AT TIME ZONE 'Asia/Shanghai'` : ''
  const rows = (await ds.query(`SELECT l.offer_id AS id, c.case_no FROM legal_offer_list l JOIN cases c ON c.id = l.case_id
    WHERE ${w} ${from} ORDER BY c.case_no COLLATE "C" ${dir}, l.offer_id ${dir}`)) as { id: number; case_no: string }[]
  return rows.map((r) => ({ id: r.id, caseNo: r.case_no }))
}

/** Every page of 40 from offset 0 until a short page, as the workbench pages. */
async function pageThrough(queue: LegalQueue, filter: LegalOfferFilter, dir: 'asc' | 'desc', bounds: ListBounds | undefined): Promise<{ id: number; caseNo: string }[]> {
  const got: { id: number; caseNo: string }[] = []
  for (let offset = 0; ; offset += 40) {
    const req = legalRequestSchemas['legal.offers'].parse({ filter, queue, sort: 'case_no', dir, limit: 40, offset })
    const page = await listOffers(ds, heId, req, bounds)
    got.push(...page.rows.map((r) => ({ id: r.id, caseNo: r.caseNo })))
    if (page.rows.length < 40) return got
  }
}

const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 50, cases: 700 })
  await ensureDemoUsers(ds)
  const withOffers = (await ds.query('SELECT DISTINCT case_id FROM remediation_offers ORDER BY case_id LIMIT $1', [ODD.length])) as { case_id: number }[]
  for (const [i, no] of ODD.entries()) await ds.query('UPDATE cases SET case_no = $2 WHERE id = $1', [withOffers[i].case_id, no])
  await ds.transaction((em) => refreshChecks(em))
  // Opinions, so that 我已审, 需第二签 and 已定稿 are not empty: he.jun signs two (one on an odd case number); sun.li one above the co-sign amount.
  const { calls: [he, sun] } = await signedInTogether(ds, ['he.jun', 'sun.li'])
  const some = (await ds.query('SELECT o.id FROM remediation_offers o WHERE o.case_id = ANY ($1) ORDER BY o.id LIMIT 3', [withOffers.map((c) => c.case_id)])) as { id: number }[]
  await ds.query('UPDATE remediation_offers SET amount = 100 WHERE id = ANY ($1)', [[some[0].id, some[1].id]])
  await ds.query('UPDATE remediation_offers SET amount = 9000000 WHERE id = $1', [some[2].id])
  const sign = (offerId: number): Record<string, unknown> => ({ offerId, decision: 'agree', reasoning: '审批合规。', basisCodes: ['LAW-CC-577'] })
  data(await he('legal.sign', sign(some[0].id)))
  data(await he('legal.sign', sign(some[1].id)))
  data(await sun('legal.sign', sign(some[2].id)))
  ;[{ id: heId }] = (await ds.query(`SELECT id FROM users WHERE username = 'he.jun'`)) as { id: number }[]
  ;[{ t: token }] = (await ds.query('SELECT dossier_session_open($1) AS t', [heId])) as { t: string }[]
})
afterAll(async () => ds?.destroy())

describe('the offers list by case number', () => {
  it('pages through every offer once, in byte order, under each queue, both directions and every path, as ORDER BY case_no COLLATE "C"', async () => {
    const all = await plainOrder('all', {}, 'asc')
    for (const no of ODD) expect(all.map((r) => r.caseNo), no).toContain(no)
    for (const queue of QUEUES) {
      for (const filter of [{}, { from: '2025-01-01' }] as LegalOfferFilter[]) {
        for (const dir of ['asc', 'desc'] as const) {
          const want = await plainOrder(queue, filter, dir)
          if (!filter.from) expect(want.length, queue).toBeGreaterThan(0)
          for (const bounds of PATHS) {
            const label = JSON.stringify({ queue, filter, dir, bounds })
            const got = await pageThrough(queue, filter, dir, bounds)
            expect(got, label).toEqual(want)
            // Byte order as JavaScript computes it, independent of any server collation.
            const nos = got.map((r) => r.caseNo)
            expect(nos, label).toEqual([...nos].sort((a, b) => (dir === 'asc' ? byBytes(a, b) : byBytes(b, a))))
          }
        }
      }
    }
    // The odd numbers sit where bytes put them: 'A-1' first, '粤…' (UTF-8 lead byte 0xE7) after every ASCII one.
    const nos = all.map((r) => r.caseNo)
    expect(nos[0]).toBe('A-1')
    expect(nos[nos.length - 1]).toBe('粤TS2026000002')
    expect(nos.indexOf('TS 2025 07')).toBeLessThan(nos.indexOf('TS2025-00017'))
    expect(nos.indexOf('TS2026')).toBeLessThan(nos.findIndex((n) => /^TS2026\d{8}$/.test(n)))
  }, 300_000)

  it('walks the case-number index, keyed in "C", without a sort, and sorts a few matches in "C"', async () => {
    await asOwner((o) => o.query('VACUUM ANALYZE legal_offer_list'))
    const [{ collations }] = (await ds.query(`SELECT array_agg(coalesce(k.collname::text, '-') ORDER BY n) AS collations
      FROM pg_index i, unnest(i.indcollation) WITH ORDINALITY u(coll, n) LEFT JOIN pg_collation k ON k.oid = u.coll
      WHERE i.indexrelid = 'legal_offer_list_case_no_idx'::regclass AND n <= i.indnkeyatts`)) as { collations: string[] }[]
    expect(collations).toEqual(['C', '-'])
    const plans: Plan[] = []
    const queues: LegalQueue[] = []
    const explaining = (em: { query: (sql: string, params?: unknown[]) => Promise<unknown> }) => ({
      query: async <T = unknown>(sql: string, params?: unknown[]): Promise<T> => {
        // Only the list's statement (not the catch-up asked first, migration 59).
        if (!/^\s*WITH (m|counts) AS/.test(sql)) return (await em.query(sql, params)) as T
        const [{ 'QUERY PLAN': [plan] }] = (await em.query(`EXPLAIN (VERBOSE, FORMAT JSON) ${sql}`, params)) as { 'QUERY PLAN': { Plan: Plan }[] }[]
        plans.push(plan.Plan)
        return [{ total_matches: 0, id: null }] as T
      }
    })
    await inUserScope(token, () => ds.transaction(async (em) => {
      await em.query('SET LOCAL enable_seqscan = off')
      for (const queue of QUEUES) {
        for (const dir of ['asc', 'desc'] as const) {
          queues.push(queue)
          await listOffers(explaining(em), heId, legalRequestSchemas['legal.offers'].parse({ queue, sort: 'case_no', dir }), { few: 0, months: 0 })
        }
      }
    }))
    for (const plan of plans) {
      // The walk (the page's last branch) for the queues with many matches (the planner sorts a queue it expects
      // one match in, here 已定稿, rightly): the case-number index in its order, index only, under a Limit, no Sort.
      const queue = queues[plans.indexOf(plan)]
      if (queue === 'all' || queue === 'todo') {
        const append = allNodes(plan).find((n) => n['Node Type'] === 'Append')!
        const walk = allNodes(append.Plans!.at(-1)!)
        expect(walk.filter((n) => n['Index Name'] !== undefined).map((n) => `${n['Node Type']} ${n['Index Name']}`), queue).toEqual(['Index Only Scan legal_offer_list_case_no_idx'])
        expect(walk.map((n) => n['Node Type'])).toContain('Limit')
        expect(walk.map((n) => n['Node Type'])).not.toContain('Sort')
      }
      // Every sort by the case number (the few matches read and sorted; the page joined back) sorts in "C".
      const keys = allNodes(plan).flatMap((n) => n['Sort Key'] ?? []).filter((k) => k.includes('case_no') || k.includes('sort_key'))
      expect(keys.length).toBeGreaterThan(0)
      for (const k of keys) expect(k, queue).toContain('COLLATE "C"')
    }
  }, 120_000)

  it('reads few matches once (counted and sorted from one read), and a period with many month by month, each in its index’s order', async () => {
    // The kinds of fault: the few path reading its matches a second time after counting them; a period sorted by
    // case number walking the whole case-number index, or reading and sorting the whole period, for each page;
    // a branch per month (planned each time: 13–59 ms for 30 months at 1,000,000 cases).
    const plans: Plan[] = []
    const analysing = {
      query: async <T = unknown>(sql: string, params?: unknown[]): Promise<T> => {
        if (!/^\s*WITH (m|counts) AS/.test(sql)) return (await ds.query(sql, params)) as T
        const [{ 'QUERY PLAN': [plan] }] = (await ds.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params)) as { 'QUERY PLAN': { Plan: Plan }[] }[]
        plans.push(plan.Plan)
        return (await ds.query(sql, params)) as T
      }
    }
    const read = (plan: Plan): Plan[] => allNodes(plan).filter((n) => n['Relation Name'] === 'legal_offer_list' && (n['Actual Loops'] ?? 0) > 0)
    const filter: LegalOfferFilter = { from: '2025-01-01', to: '2025-06-30', businessLine: 'wealth' }
    const req = legalRequestSchemas['legal.offers'].parse({ filter, sort: 'case_no' })
    expect((await listOffers(ds, heId, req)).total).toBeLessThan(10_000)
    await listOffers(analysing, heId, req)
    // Few: legal_offer_list read once, for the matches (CTE m); the page is sorted from them, reading no table.
    const cte = (plan: Plan, name: string): Plan => allNodes(plan).find((n) => n['Subplan Name'] === `CTE ${name}`)!
    expect(read(cte(plans[0], 'm')).length).toBe(1)
    expect(read(cte(plans[0], 'page'))).toEqual([])
    // Many: the same request as if the matches were many; each of the period's six months read once, in
    // case-number order on the month's index up to the page's end (a Limit over the index, no Sort below it).
    for (const dir of ['asc', 'desc'] as const) {
      plans.length = 0
      await listOffers(analysing, heId, { ...req, dir }, { few: 0, months: 1_000 })
      const perMonth = allNodes(plans[0]).find((n) => n['Node Type'] === 'Nested Loop' && allNodes(n).some((k) => k['Node Type'] === 'Function Scan'))
      expect(perMonth, dir).toBeDefined()
      const scans = allNodes(perMonth!).filter((n) => n['Relation Name'] === 'legal_offer_list')
      expect(scans.map((n) => `${n['Node Type']} ${n['Index Name']} ${n['Actual Loops']}`), dir).toEqual(['Index Only Scan legal_offer_list_month_case_no_idx 6'])
      const month = perMonth!.Plans!.find((n) => n['Node Type'] === 'Limit')!
      expect(allNodes(month).map((n) => n['Node Type']), dir).not.toContain('Sort')
    }
  }, 60_000)
})

type Plan = { 'Node Type': string; 'Index Name'?: string; 'Relation Name'?: string; 'Subplan Name'?: string; 'Actual Loops'?: number; 'Sort Key'?: string[]; Plans?: Plan[] }
const allNodes = (n: Plan): Plan[] => [n, ...(n.Plans ?? []).flatMap(allNodes)]
