// The 整改 queue over its narrow item table (migration 1764000000036): every filter and page gives what a
// straightforward query over the base tables (items.ts ITEMS_SQL joined to the cases) gives, and random writes to
// every source table leave the item table and its counts equal to a fresh rebuild.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { ensureDemoUsers } from '../../src-main/auth/users'
import { CHINA_TODAY, ITEMS_SQL } from '../../src-main/rectification/items'
import { rectificationQueue } from '../../src-main/rectification/queue'
import { WORD_SEARCH, type WordSearchTuning } from '../../src-main/rectification/word-search'
import { WORD_PATHS } from './rectification-word-paths'
import { rectificationRequestSchemas, RECTIFICATION_STATUSES } from '../../src-main/shared/contract-rectification'
import { connect, connectOwner, resetArchive } from './db'

let ds: DataSource
let owner: DataSource
let units: { id: number; parent_id: number | null }[]
let caseIds: number[]
let userIds: number[]
let planId: number

beforeAll(async () => {
  ds = await connect()
  owner = await connectOwner()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 36, cases: 160, from: '2025-01-01', to: '2025-12-31' })
  await ensureDemoUsers(ds)
  units = await ds.query('SELECT id, parent_id FROM units ORDER BY id')
  caseIds = (await ds.query('SELECT id FROM cases ORDER BY id')).map((r: { id: number }) => r.id)
  userIds = (await ds.query(`SELECT id FROM users ORDER BY id`)).map((r: { id: number }) => r.id)
  ;[{ id: planId }] = await ds.query(`INSERT INTO review_plans (name, received_from, received_to, sample_rate, sample_seed, include_flagged, created_by)
    VALUES ('items', '2025-01-01', '2025-12-31', 0, 1, false, $1) RETURNING id`, [userIds[0]])
  // Reviews with findings (some approved: their findings are items), measures open and overdue, without a due day,
  // owned by another unit, and tracks in every status: the shapes the queue sorts and counts.
  for (let k = 0; k < 24; k++) {
    const [{ id }] = await ds.query(`INSERT INTO reviews (plan_id, case_id, reasons, reviewer_id, engine) VALUES ($1, $2, '{sample}', $3, '{}') RETURNING id`,
      [planId, caseIds[k * 5], userIds[k % userIds.length]])
    for (let j = 0; j < 1 + (k % 3); j++) {
      await ds.query(`INSERT INTO findings (review_id, severity, description, required_action, owner_unit_id, due_on, created_by) VALUES ($1, 'medium', $2, '补录', $3, $4, $5)`,
        [id, `回访记录缺失 第${k}-${j}项`, j === 1 ? units[(k * 7) % units.length].id : null, k % 4 === 0 ? null : `2025-${String(1 + (k % 12)).padStart(2, '0')}-15`, userIds[0]])
    }
    if (k % 3 !== 2) await ds.query(`UPDATE reviews SET status = 'approved' WHERE id = $1`, [id])
  }
  await ds.query(`INSERT INTO rectifications (case_id, measure, owner_unit_id, due_on, done_on)
    SELECT id, CASE WHEN id % 2 = 0 THEN '修订代扣业务操作规程' ELSE '加强回访管理' END, CASE WHEN id % 5 = 0 THEN $1::int END,
      CASE WHEN id % 7 = 0 THEN NULL WHEN id % 3 = 0 THEN DATE '2099-01-01' ELSE DATE '2025-03-01' + id END, NULL
      FROM cases WHERE id % 4 = 1`, [units[3].id])
  // A run of equal due days whose measure ids go against their case numbers, beside findings of the same day:
  // only the full order (case number, kind, id) splits it the same way on every page.
  for (const id of [...caseIds.slice(0, 60)].reverse()) await ds.query(`INSERT INTO rectifications (case_id, measure, due_on) VALUES ($1, '整改回访流程', '2099-06-01')`, [id])
  await ds.query(`INSERT INTO findings (review_id, severity, description, due_on, created_by) SELECT id, 'low', '同日到期', '2099-06-01', $1 FROM reviews WHERE status <> 'approved'`, [userIds[0]])
  await ds.query(`UPDATE reviews SET status = 'approved' WHERE status <> 'approved' AND id % 2 = 0`)
  await ds.query(`INSERT INTO rectification_tracks (rectification_id, status, updated_by)
    SELECT id, (ARRAY['open','in_progress','submitted'])[1 + id % 3], $1 FROM rectifications WHERE done_on IS NULL AND id % 2 = 0`, [userIds[1]])
}, 240_000)

afterAll(async () => { await ds?.destroy(); await owner?.destroy() })

type Req = Parameters<typeof rectificationQueue>[1]
const parse = (r: Record<string, unknown>): Req => rectificationRequestSchemas['rectification.queue'].parse(r)

/** The queue as a plain query over the base tables: filter, total, tab counts and page. */
async function reference(req: Req): Promise<{ keys: string[]; total: number; counts: Record<string, number> }> {
  const params: unknown[] = []
  const base: string[] = []
  if (req.unitId) { params.push(req.unitId); base.push(`i.unit_id IN (SELECT id FROM units WHERE id = $${params.length} OR parent_id = $${params.length})`) }
  if (req.text) { params.push(req.text); base.push(`(c.case_no = $${params.length} OR strpos(i.text, $${params.length}) > 0)`) }
  const late = `(i.status <> 'closed' AND coalesce(i.due_on < ${CHINA_TODAY}, false))`
  const rows = (await ds.query(`SELECT i.kind, i.id, i.status, ${late} AS late FROM (${ITEMS_SQL}) i JOIN cases c ON c.id = i.case_id
      ${base.length ? `WHERE ${base.join(' AND ')}` : ''} ORDER BY ${late} DESC, i.due_on ASC NULLS LAST, c.case_no, i.kind, i.id`, params)) as { kind: string; id: number; status: string; late: boolean }[]
  const counts: Record<string, number> = Object.fromEntries([...RECTIFICATION_STATUSES, 'overdue'].map((k) => [k, 0]))
  for (const r of rows) { counts[r.status]++; if (r.late) counts.overdue++ }
  const hit = rows.filter((r) => (req.status === 'not_closed' ? r.status !== 'closed' : !req.status || r.status === req.status) && (!req.overdue || r.late))
  return { keys: hit.slice(req.offset, req.offset + req.limit).map((r) => `${r.kind}:${r.id}`), total: hit.length, counts }
}

describe('the queue over rectification_items', () => {
  it('answers as the base tables do, for a table of filters, pages and texts', async () => {
    const branch = units.find((u) => units.some((c) => c.parent_id === u.id && u.parent_id !== null))!.id
    const head = units.find((u) => u.parent_id === null)!.id
    const leaf = units.find((u) => !units.some((c) => c.parent_id === u.id))!.id
    const [{ case_no: caseNo }] = await ds.query(`SELECT c.case_no FROM rectifications m JOIN cases c ON c.id = m.case_id ORDER BY m.id LIMIT 1`)
    const filters: Record<string, unknown>[] = [{}, { status: 'not_closed' }, { overdue: true }, { status: 'closed', overdue: true }, { unitId: branch }, { unitId: head },
      { unitId: leaf }, { unitId: branch, status: 'not_closed', overdue: true }, { unitId: units[3].id }, { text: caseNo }, { text: '回访' }, { text: '访' },
      { text: '第3-1项' }, { text: '回访', status: 'open' }, { text: '回访', overdue: true }, { text: 'no such words' }, { text: caseNo, unitId: head },
      // A common word (in most items), a word in about half, a rare one (a few findings), and a common one by branch.
      { text: '回访', status: 'not_closed' }, { text: '代扣' }, { text: '同日到期' }, { text: '回访', unitId: branch, status: 'closed' },
      ...RECTIFICATION_STATUSES.map((status) => ({ status })), ...RECTIFICATION_STATUSES.map((status) => ({ status, unitId: branch }))]
    let compared = 0
    for (const f of filters) {
      for (const [path, tuning] of Object.entries(f.text ? WORD_PATHS : { default: WORD_SEARCH })) {
        for (const [offset, limit] of [[0, 500], [0, 7], [3, 7], [40, 25]]) {
          const req = parse({ ...f, offset, limit })
          const [got, want] = await Promise.all([rectificationQueue(ds, req, tuning), reference(req)])
          const label = `${path} ${JSON.stringify(req)}`
          expect(got.rows.map((r) => `${r.kind}:${r.id}`), label).toEqual(want.keys)
          expect(got.total, label).toBe(want.total)
          expect(got.counts, label).toEqual(want.counts)
          expect(got.estimated, label).toBe(false)
          expect(got.estimatedCounts, label).toEqual([])
          expect(got.more, label).toBe(offset + limit < want.total)
          compared += want.keys.length
        }
      }
    }
    expect(compared).toBeGreaterThan(2000)
    // Every page of 7 through whole queues: a page boundary inside a run of equal due days (the 2099 measures).
    for (const f of [{}, { status: 'open' }, { unitId: head }, { text: '回访' }]) {
      const want = await reference(parse({ ...f, limit: 500 }))
      const got: string[] = []
      for (let offset = 0; offset < want.total; offset += 7) got.push(...(await rectificationQueue(ds, parse({ ...f, offset, limit: 7 }))).rows.map((r) => `${r.kind}:${r.id}`))
      expect(got, JSON.stringify(f)).toEqual(want.keys)
    }
    // The overdue ones come first, and an item without a due day is never overdue (it comes last among its status).
    const all = await rectificationQueue(ds, parse({ limit: 500 }))
    expect(all.counts.overdue).toBeGreaterThan(0)
    expect(all.rows.some((r) => r.dueOn === null && r.status !== 'closed' && r.overdue === false)).toBe(true)
  })

  it('estimates the counts of a common word from a sample, labelled so, with the rows still exact', async () => {
    const sampled: WordSearchTuning = { ...WORD_SEARCH, force: 'walk', smallStatus: 0, sampleRows: 5 }
    const plain = await rectificationQueue(ds, parse({ limit: 1 }))
    for (const f of [{ text: '回访' }, { text: '回访', status: 'not_closed' }, { text: '代扣', offset: 7, limit: 7 }]) {
      const req = parse({ limit: 20, ...f })
      const [got, want] = await Promise.all([rectificationQueue(ds, req, sampled), reference(req)])
      const label = JSON.stringify(req)
      expect(got.estimated, label).toBe(true)
      expect(got.estimatedCounts.length, label).toBeGreaterThan(0)
      expect(got.rows.map((r) => `${r.kind}:${r.id}`), label).toEqual(want.keys)
      expect(got.more, label).toBe(req.offset + req.limit < want.total)
      // An estimate stays between what the walk proved and the items the session sees without the word.
      for (const s of RECTIFICATION_STATUSES) expect(got.counts[s], `${label} ${s}`).toBeLessThanOrEqual(plain.counts[s])
      expect(got.total, label).toBeGreaterThanOrEqual(Math.min(want.total, req.offset + got.rows.length))
    }
    // Paging does not move the estimate (the same sample of pages).
    const [p1, p2] = [await rectificationQueue(ds, parse({ text: '回访', limit: 7 }), sampled), await rectificationQueue(ds, parse({ text: '回访', offset: 7, limit: 7 }), sampled)]
    expect(p2.counts).toEqual(p1.counts)
  })

  it('is kept equal to a fresh rebuild by random writes to every source table', async () => {
    const measureIds = async (): Promise<number[]> => (await ds.query('SELECT id FROM rectifications ORDER BY id')).map((r: { id: number }) => r.id)
    const pick = <T>(xs: T[], n: number): T => xs[n % xs.length]
    const day = fc.option(fc.integer({ min: -400, max: 400 }).map((d) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)), { nil: null })
    const write = fc.oneof(
      fc.record({ t: fc.constant('insert measure'), c: fc.nat(), due: day, done: fc.boolean(), unit: fc.option(fc.nat(), { nil: null }) }),
      fc.record({ t: fc.constant('update measure'), m: fc.nat(), due: day, done: fc.boolean(), unit: fc.option(fc.nat(), { nil: null }) }),
      fc.record({ t: fc.constant('delete measure'), m: fc.nat() }),
      fc.record({ t: fc.constant('track'), m: fc.nat(), status: fc.constantFrom('open', 'in_progress', 'submitted', 'closed') }),
      fc.record({ t: fc.constant('review'), c: fc.nat(), due: day, approve: fc.boolean(), unit: fc.option(fc.nat(), { nil: null }) }),
      fc.record({ t: fc.constant('case'), c: fc.nat(), unit: fc.nat(), renumber: fc.boolean() })
    )
    await fc.assert(fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 6 }), async (writes) => {
      for (const w of writes) {
        const ms = await measureIds()
        if (w.t === 'insert measure') {
          await ds.query(`INSERT INTO rectifications (case_id, measure, owner_unit_id, due_on, done_on) VALUES ($1, '随机整改措施', $2, $3, CASE WHEN $4 THEN DATE '2025-06-01' END)`,
            [pick(caseIds, w.c), w.unit === null ? null : pick(units, w.unit).id, w.due, w.done])
        } else if (w.t === 'update measure') {
          await ds.query(`UPDATE rectifications SET due_on = $2, done_on = CASE WHEN $3 THEN DATE '2025-06-01' END, owner_unit_id = $4 WHERE id = $1`,
            [pick(ms, w.m), w.due, w.done, w.unit === null ? null : pick(units, w.unit).id])
        } else if (w.t === 'delete measure') {
          await ds.query('DELETE FROM rectifications WHERE id = $1', [pick(ms, w.m)])
        } else if (w.t === 'track') {
          // A follow-up step, as follow-up.ts writes it (closed by someone who raised no finding).
          const closed = w.status === 'closed'
          await ds.query(`INSERT INTO rectification_tracks (rectification_id, status, closed_by, closed_at, updated_by) VALUES ($1, $2, $3, CASE WHEN $4 THEN now() END, $5)
            ON CONFLICT (rectification_id) DO UPDATE SET status = EXCLUDED.status, closed_by = EXCLUDED.closed_by, closed_at = EXCLUDED.closed_at,
              version = rectification_tracks.version + 1, updated_at = now()`, [pick(ms, w.m), w.status, closed ? userIds[1] : null, closed, userIds[1]])
        } else if (w.t === 'review') {
          const [{ id }] = await ds.query(`INSERT INTO reviews (plan_id, case_id, reasons, reviewer_id, engine) VALUES ($1, $2, '{sample}', $3, '{}')
            ON CONFLICT (plan_id, case_id) DO NOTHING RETURNING id`, [planId, pick(caseIds, w.c), userIds[0]]).then((r) => r.length ? r : [{ id: null }])
          if (id === null) continue
          await ds.query(`INSERT INTO findings (review_id, severity, description, owner_unit_id, due_on, created_by) VALUES ($1, 'low', '随机问题', $2, $3, $4)`,
            [id, w.unit === null ? null : pick(units, w.unit).id, w.due, userIds[0]])
          if (w.approve) await ds.query(`UPDATE reviews SET status = 'approved' WHERE id = $1`, [id])
          else await ds.query('DELETE FROM findings WHERE review_id = $1', [id])
        } else {
          await ds.query(`UPDATE cases SET unit_id = $2, case_no = CASE WHEN $3 THEN case_no || 'R' ELSE case_no END WHERE id = $1`,
            [pick(caseIds, w.c), pick(units, w.unit).id, w.renumber])
        }
      }
      // As the owner (every row): the table as the triggers kept it, then a rebuild in a transaction rolled back.
      const qr = owner.createQueryRunner()
      const read = (): Promise<unknown[]> => Promise.all([
        qr.query('SELECT * FROM rectification_items ORDER BY kind, id'),
        qr.query('SELECT * FROM rectification_item_counts ORDER BY unit_id, case_unit_id, status, due_key')
      ])
      let kept: unknown[], rebuilt: unknown[]
      try {
        kept = await read()
        await qr.startTransaction()
        await qr.query('SELECT dossier_rectification_items_rebuild()')
        rebuilt = await read()
        await qr.rollbackTransaction()
      } finally {
        await qr.release()
      }
      expect(kept).toEqual(rebuilt)
    }), { numRuns: 25 })
    // The writes reached every kind of row: tracks, findings of approved reviews, measures without a due day.
    const [n] = await ds.query(`SELECT count(*) FILTER (WHERE kind = 'finding')::int AS findings, count(track_id)::int AS tracked, count(*) FILTER (WHERE due_on IS NULL)::int AS undated FROM rectification_items`)
    expect(n.findings).toBeGreaterThan(10)
    expect(n.tracked).toBeGreaterThan(10)
    expect(n.undated).toBeGreaterThan(0)
  }, 240_000)
})
