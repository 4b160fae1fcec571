// The 整改 item table under row security (migrations 33 and 1764000000036): a reviewer of one branch gets, through
// the real handler, the queue the base tables give over the cases they see — their branch's and the case they review
// elsewhere (counted from the items, not the unit counts) — and their follow-up keeps every unit's rows whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RectificationQueue, RectificationRow } from '../../src-main/shared/contract-rectification'
import { RECTIFICATION_STATUSES } from '../../src-main/shared/contract-rectification'
import { CHINA_TODAY, ITEMS_SQL } from '../../src-main/rectification/items'
import { rectificationQueue } from '../../src-main/rectification/queue'
import { rectificationRequestSchemas } from '../../src-main/shared/contract-rectification'
import { inUserScope } from '../../src-main/db/session-scope'
import { asOwner, data, signedInDispatch, testContext, type RawCall } from './db'
import { WORD_PATHS } from './rectification-word-paths'
import { asSession, closeTwoBranches, setUpTwoBranches, type TwoBranches, type Who } from './rls-fixture'

let f: TwoBranches
const call = {} as Record<Who, RawCall>
let visibleA: number[]
let closedKeys: Set<string>

beforeAll(async () => {
  f = await setUpTwoBranches(36, 500)
  const ctx = testContext(f.ds)
  for (const k of Object.keys(f.users) as Who[]) call[k] = signedInDispatch(ctx, f.users[k], `win:${k}`)
  // Open measures on A's reviewed case (outside A's units), on B's case and on a case of A's branch.
  await asOwner((o) => o.query(`INSERT INTO rectifications (case_id, measure, due_on) VALUES ($1, '补充回访', '2020-01-01'), ($1, '补充回访', NULL), ($2, '补充回访', '2099-01-01'),
    ((SELECT id FROM cases WHERE unit_id = ANY ($3::int[]) ORDER BY id LIMIT 1), '补充回访', '2021-01-01')`, [f.reviewedCase, f.caseY, f.unitsX]))
  visibleA = await asSession(f.app, f.tokens.a, async (c) => (await c.query('SELECT id FROM cases')).rows.map((r) => r.id as number))
  closedKeys = new Set(await asOwner(async (o) => (await o.query(`SELECT i.kind || ':' || i.id AS k FROM (${ITEMS_SQL}) i WHERE i.status = 'closed'`)).map((r: { k: string }) => r.k)))
})
afterAll(async () => { await closeTwoBranches(f) })

/** The queue over the base tables, as the owner, of the cases `visible`. */
async function reference(visible: number[], filter: { status?: string; text?: string }): Promise<{ keys: string[]; counts: Record<string, number> }> {
  const late = `(i.status <> 'closed' AND coalesce(i.due_on < ${CHINA_TODAY}, false))`
  const rows = (await asOwner((o) => o.query(`SELECT i.kind, i.id, i.status, ${late} AS late FROM (${ITEMS_SQL}) i JOIN cases c ON c.id = i.case_id
      WHERE c.id = ANY ($1::int[]) AND ($2::text IS NULL OR c.case_no = $2 OR strpos(i.text, $2) > 0)
      ORDER BY ${late} DESC, i.due_on ASC NULLS LAST, c.case_no, i.kind, i.id`, [visible, filter.text ?? null]))) as { kind: string; id: number; status: string; late: boolean }[]
  const counts: Record<string, number> = Object.fromEntries([...RECTIFICATION_STATUSES, 'overdue'].map((k) => [k, 0]))
  for (const r of rows) { counts[r.status]++; if (r.late) counts.overdue++ }
  return { keys: rows.filter((r) => !filter.status || r.status === filter.status).map((r) => `${r.kind}:${r.id}`), counts }
}

describe('the 整改 queue under row security', () => {
  it("gives a reviewer of one branch exactly their cases' items, with the case they review elsewhere", async () => {
    expect(visibleA).toContain(f.reviewedCase)
    for (const filter of [{}, { status: 'open' }, { text: '补充回访' }, { text: '回访', status: 'closed' }]) {
      const got = data<RectificationQueue>(await call.a('rectification.queue', { ...filter, limit: 500 }))
      const want = await reference(visibleA, filter)
      expect(got.rows.map((r) => `${r.kind}:${r.id}`), JSON.stringify(filter)).toEqual(want.keys)
      expect(got.counts, JSON.stringify(filter)).toEqual(want.counts)
    }
    const mine = data<RectificationQueue>(await call.a('rectification.queue', { limit: 500 }))
    expect(mine.rows.filter((r) => r.caseId === f.reviewedCase)).toHaveLength(2)
    expect(mine.rows.some((r) => r.caseId === f.caseY)).toBe(false)
    // Senior reviewers see every case.
    const all = data<RectificationQueue>(await call.senior('rectification.queue', { limit: 1 }))
    const [{ n }] = await asOwner((o) => o.query(`SELECT count(*)::int AS n FROM (${ITEMS_SQL}) i`))
    expect(all.total).toBe(n)
    expect(mine.total).toBeLessThan(n)
  })

  it("searches words along every path within the reviewer's scope only", async () => {
    // 补充回访 is on A's cases, on B's case and on A's reviewed case elsewhere; 补 and 回访 also in other measures.
    for (const [path, tuning] of Object.entries(WORD_PATHS)) {
      for (const filter of [{ text: '补充回访' }, { text: '补' }, { text: '回访', status: 'open' }, { text: '补充回访', status: 'not_closed', offset: 1, limit: 2 }]) {
        const req = rectificationRequestSchemas['rectification.queue'].parse({ limit: 500, ...filter })
        const got = await inUserScope(f.tokens.a, () => rectificationQueue(f.ds, req, tuning))
        const want = await reference(visibleA, { text: filter.text, status: filter.status === 'not_closed' ? undefined : filter.status })
        const keys = filter.status === 'not_closed'
          ? want.keys.filter((k) => !closedKeys.has(k)) : want.keys
        const label = `${path} ${JSON.stringify(filter)}`
        expect(got.rows.map((r) => `${r.kind}:${r.id}`), label).toEqual(keys.slice(req.offset, req.offset + req.limit))
        expect(got.counts, label).toEqual(want.counts)
        expect(got.rows.some((r) => r.caseId === f.caseY), label).toBe(false)
      }
    }
    // The reviewed case elsewhere is found by its words too, and B's case is not.
    const hits = await inUserScope(f.tokens.a, () => rectificationQueue(f.ds, rectificationRequestSchemas['rectification.queue'].parse({ text: '补充回访', limit: 500 }), WORD_PATHS['walk, statuses read whole']))
    expect(hits.rows.filter((r) => r.caseId === f.reviewedCase)).toHaveLength(2)
  })

  it("keeps every unit's items and counts whole when the reviewer follows up", async () => {
    const mine = data<RectificationQueue>(await call.a('rectification.queue', { status: 'open', limit: 500 }))
    const item = mine.rows.find((r) => r.caseId === f.reviewedCase)!
    const after = data<RectificationRow>(await call.a('rectification.update', { kind: item.kind, id: item.id, version: item.version, status: 'in_progress', note: '已安排补充回访' }))
    expect(after.status).toBe('in_progress')
    await asOwner(async (o) => {
      const qr = o.createQueryRunner()
      try {
        const read = (): Promise<unknown[]> => Promise.all([qr.query('SELECT * FROM rectification_items ORDER BY kind, id'),
          qr.query('SELECT * FROM rectification_item_counts ORDER BY unit_id, case_unit_id, status, due_key')])
        const kept = await read()
        await qr.startTransaction()
        await qr.query('SELECT dossier_rectification_items_rebuild()')
        expect(kept).toEqual(await read())
        await qr.rollbackTransaction()
      } finally {
        await qr.release()
      }
      const [row] = await o.query(`SELECT status, version, followed_at FROM rectification_items WHERE kind = $1 AND id = $2`, [item.kind, item.id])
      expect(row).toMatchObject({ status: 'in_progress', version: 1 })
      expect(row.followed_at).not.toBeNull()
    })
    // B sees none of it; a forged session nothing at all (row-security.test.ts covers every forced table).
    await asSession(f.app, f.tokens.b, async (c) => {
      expect((await c.query('SELECT count(*)::int AS n FROM rectification_items WHERE case_id = $1', [f.reviewedCase])).rows[0].n).toBe(0)
      expect((await c.query('SELECT count(*)::int AS n FROM rectification_items WHERE case_unit_id = ANY ($1::int[])', [f.unitsX])).rows[0].n).toBe(0)
      expect((await c.query('SELECT count(*)::int AS n FROM rectification_item_counts WHERE case_unit_id = ANY ($1::int[])', [f.unitsX])).rows[0].n).toBe(0)
    })
  })
})
