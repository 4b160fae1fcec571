// Row security on the tables added after its first policies (issue 15 point 11; migration 1764000000033): the
// legal list, the narrow trend summaries, the 整改 follow-up, the quarter's change list, the imports. Through
// the real handlers as a reviewer of one branch: what they read is their branch's, and what they write still
// keeps every summary whole (the triggers' owner functions see every row under FORCE ROW LEVEL SECURITY).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TrendsView } from '../../src-main/shared/contract-trends'
import type { RectificationQueue, RectificationRow } from '../../src-main/shared/contract-rectification'
import type { PostCloseChange } from '../../src-main/shared/contract-quarters'
import { asOwner, data, signedInDispatch, testContext, type RawCall } from './db'
import { asSession, closeTwoBranches, count, ownerCount, setUpTwoBranches, type TwoBranches, type Who } from './rls-fixture'

let f: TwoBranches
const call = {} as Record<Who, RawCall>
/** A case of A's branch with an offer, and an open measure (rectification) on it and on B's caseY. */
let caseX: number
let measureX: number
let measureY: number
let period: { grain: 'month'; from: string; to: string }
/** The ids of the cases A's session sees. */
let visibleA: Set<number>

beforeAll(async () => {
  f = await setUpTwoBranches(33, 600)
  const ctx = testContext(f.ds)
  for (const k of Object.keys(f.users) as Who[]) call[k] = signedInDispatch(ctx, f.users[k], `win:${k}`)
  ;[{ id: caseX }] = (await f.ds.query(`SELECT c.id FROM cases c WHERE c.unit_id = ANY ($1::int[]) AND EXISTS (SELECT 1 FROM remediation_offers o WHERE o.case_id = c.id) ORDER BY c.id LIMIT 1`, [f.unitsX])) as { id: number }[]
  // An open measure on each branch's case (the seed's are mostly done).
  ;[measureX, measureY] = await asOwner(async (o) => Promise.all([caseX, f.caseY].map(async (id) =>
    ((await o.query(`INSERT INTO rectifications (case_id, measure, due_on) VALUES ($1, '补充回访', '2030-01-01') RETURNING id`, [id])) as { id: number }[])[0].id)))
  const [m] = (await f.ds.query(`SELECT to_char(min(received_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS "from", to_char(max(received_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS "to" FROM cases`)) as { from: string; to: string }[]
  period = { grain: 'month', ...m }
  visibleA = new Set(await asSession(f.app, f.tokens.a, async (c) => (await c.query('SELECT id FROM cases')).rows.map((r) => r.id as number)))
  // The quarters of caseX and caseY are closed: a later change to either is listed (quarter_changes, by the owner's trigger).
  await asOwner((o) => o.query(`INSERT INTO quarter_closes (quarter, from_at, to_at, from_month, to_month, figures, closed_by)
    SELECT DISTINCT to_char(q, 'YYYY"Q"Q'), q AT TIME ZONE 'Asia/Shanghai', (q + interval '3 months') AT TIME ZONE 'Asia/Shanghai', q::date, (q + interval '2 months')::date, '{}'::jsonb, 'test'
      FROM (SELECT date_trunc('quarter', received_at AT TIME ZONE 'Asia/Shanghai') AS q FROM cases WHERE id IN ($1, $2)) x`, [caseX, f.caseY]))
})
afterAll(async () => {
  await closeTwoBranches(f)
})

describe('writes through the handlers as a reviewer of one branch keep the summaries whole', () => {
  it("A's and B's root-cause tags update the trend facts, the narrow trends and the legal list of every unit", async () => {
    data(await call.a('rootCauses.setCase', { caseId: caseX, primary: { code: 'RC06.01', note: '重复扣费' }, secondary: [] }))
    data(await call.b('rootCauses.setCase', { caseId: f.caseY, primary: { code: 'RC07' }, secondary: [] }))
    // Refused to A on B's case, as if it did not exist.
    const refused = await call.a('rootCauses.setCase', { caseId: f.caseY, primary: { code: 'RC14' }, secondary: [] })
    expect(refused.ok).toBe(false)
    await asOwner(async (o) => {
      const [facts] = (await o.query('SELECT root_cause FROM trend_case_facts WHERE case_id = $1', [caseX])) as { root_cause: string }[]
      expect(facts.root_cause).toMatch(/^RC06/)
      expect(((await o.query('SELECT DISTINCT root_code FROM legal_offer_list WHERE case_id = $1', [caseX])) as { root_code: string }[]).map((r) => r.root_code)).toEqual(['RC06.01'])
      // The narrow tables agree with the facts, whole archive: nothing was left out because a reviewer wrote.
      const [sums] = (await o.query(`SELECT (SELECT sum(cases) FROM trend_month)::int AS month, (SELECT count(*) FROM trend_case_facts)::int AS facts,
        (SELECT sum(cases) FROM trend_month_axis WHERE axis = 'rc')::int AS rc, (SELECT count(*) FROM trend_case_facts WHERE root_cause IS NOT NULL)::int AS tagged,
        (SELECT array_agg(n ORDER BY dim) FROM (SELECT dim, sum(cases)::int AS n FROM trend_month_dim GROUP BY dim) x) AS dims,
        (SELECT array_agg(n ORDER BY dim) FROM (SELECT dim, sum(cases)::int AS n FROM trend_month_dim_axis WHERE axis = 'rc' GROUP BY dim) x) AS dim_rc`)) as Record<string, number & number[]>[]
      expect(sums.month).toBe(sums.facts)
      expect(sums.rc).toBe(sums.tagged)
      // Each single dimension's table (migration 41) counts every case once.
      expect(sums.dims).toEqual(Array(5).fill(sums.facts))
      expect(sums.dim_rc).toEqual(Array(5).fill(sums.tagged))
      expect(sums.tagged).toBeGreaterThanOrEqual(2)
    })
  })

  it("lists each change after a quarter's close for the branch it belongs to; leadership sees both", async () => {
    const ofQuarter = 'SELECT count(*) AS n FROM quarter_changes WHERE case_id = $1'
    expect(await ownerCount(ofQuarter, [caseX])).toBeGreaterThan(0)
    expect(await ownerCount(ofQuarter, [f.caseY])).toBeGreaterThan(0)
    await asSession(f.app, f.tokens.a, async (c) => {
      expect(await count(c, ofQuarter, [caseX])).toBeGreaterThan(0)
      expect(await count(c, ofQuarter, [f.caseY])).toBe(0)
    })
    await asSession(f.app, f.tokens.b, async (c) => expect(await count(c, ofQuarter, [caseX])).toBe(0))
    const closes = (await f.ds.query('SELECT id FROM quarter_closes')) as { id: number }[]
    const changes = async (who: Who): Promise<PostCloseChange[]> =>
      (await Promise.all(closes.map(async (q) => data<{ rows: PostCloseChange[] }>(await call[who]('quarters.changes', { closeId: q.id, limit: 500 })).rows))).flat()
    const ofA = await changes('a')
    expect(ofA.some((r) => r.caseId === caseX)).toBe(true)
    expect(ofA.every((r) => visibleA.has(r.caseId))).toBe(true)
    const ofLead = await changes('lead')
    expect(ofLead.some((r) => r.caseId === f.caseY) && ofLead.some((r) => r.caseId === caseX)).toBe(true)
  })

  it("A follows up a measure of A's branch (the track and its update are A's and B cannot see them); B's measure is not found for A", async () => {
    const done = data<RectificationRow>(await call.a('rectification.update', { kind: 'measure', id: measureX, version: 0, status: 'in_progress', note: '网点已安排整改' }))
    expect(done.status).toBe('in_progress')
    const other = await call.a('rectification.update', { kind: 'measure', id: measureY, version: 0, status: 'in_progress', note: '越权' })
    expect(other.ok ? 'ok' : other.error.code).toBe('not_found')
    const tracks = 'SELECT count(*) AS n FROM rectification_tracks WHERE rectification_id = $1'
    const updates = 'SELECT count(*) AS n FROM rectification_updates u JOIN rectification_tracks t ON t.id = u.track_id WHERE t.rectification_id = $1'
    expect(await ownerCount(tracks, [measureX])).toBe(1)
    expect(await ownerCount(tracks, [measureY])).toBe(0)
    await asSession(f.app, f.tokens.a, async (c) => {
      expect(await count(c, tracks, [measureX])).toBe(1)
      expect(await count(c, updates, [measureX])).toBe(1)
    })
    await asSession(f.app, f.tokens.b, async (c) => {
      expect(await count(c, 'SELECT count(*) AS n FROM rectification_tracks')).toBe(0)
      expect(await count(c, 'SELECT count(*) AS n FROM rectification_updates')).toBe(0)
    })
  })
})

describe('reads through the handlers', () => {
  it("the 整改 queue shows A only A's branch and A's review; B none of them; leadership and the senior reviewer all", async () => {
    const q = async (who: Who): Promise<RectificationQueue> => data<RectificationQueue>(await call[who]('rectification.queue', { limit: 500 }))
    const [a, b, lead, senior] = await Promise.all([q('a'), q('b'), q('lead'), q('senior')])
    expect(a.total).toBeGreaterThan(0)
    expect(a.rows.every((r) => visibleA.has(r.caseId))).toBe(true)
    expect(a.rows.some((r) => r.kind === 'measure' && r.id === measureX)).toBe(true)
    expect(b.total).toBeGreaterThan(0)
    expect(b.rows.some((r) => visibleA.has(r.caseId))).toBe(false)
    expect(lead.total).toBe(senior.total)
    expect(lead.total).toBeGreaterThanOrEqual(a.total + b.total)
  })

  it("the trend view gives A the units of A's branch only, from the narrow tables; leadership every unit", async () => {
    const view = async (who: Who): Promise<TrendsView> => data<TrendsView>(await call[who]('trends.view', { period }))
    const [a, lead] = await Promise.all([view('a'), view('lead')])
    const units = new Set(a.unitCategory.map((r) => r.unitId))
    expect(units.size).toBeGreaterThan(0)
    for (const u of units) expect(f.unitsX).toContain(u)
    const sum = (v: TrendsView): number => v.unitCategory.reduce((s, r) => s + r.cases, 0)
    expect(sum(a)).toBe(await ownerCount('SELECT count(*) AS n FROM cases WHERE unit_id = ANY ($1::int[])', [f.unitsX]))
    expect(sum(lead)).toBe(await ownerCount('SELECT count(*) AS n FROM cases'))
    expect(new Set(lead.unitCategory.map((r) => r.unitId)).size).toBeGreaterThan(units.size)
    // A single-dimension filter reads trend_month_dim, under the same row security.
    const phone = data<TrendsView>(await call.a('trends.view', { period, filter: { channel: 'phone' } }))
    expect(phone.unitCategory.reduce((s, r) => s + r.cases, 0))
      .toBe(await ownerCount(`SELECT count(*) AS n FROM cases WHERE unit_id = ANY ($1::int[]) AND channel = 'phone'`, [f.unitsX]))
  })

  it('the legal list: legal sees every offer, A only those of A’s branch and review, B only B’s; the handler refuses reviewers', async () => {
    const all = await ownerCount('SELECT count(*) AS n FROM legal_offer_list')
    expect(all).toBeGreaterThan(0)
    const ofA = await ownerCount('SELECT count(*) AS n FROM legal_offer_list WHERE unit_id = ANY ($1::int[]) OR case_id = $2', [f.unitsX, f.reviewedCase])
    await asSession(f.app, f.tokens.legal, async (c) => expect(await count(c, 'SELECT count(*) AS n FROM legal_offer_list')).toBe(all))
    await asSession(f.app, f.tokens.a, async (c) => expect(await count(c, 'SELECT count(*) AS n FROM legal_offer_list')).toBe(ofA))
    await asSession(f.app, f.tokens.b, async (c) => expect(await count(c, 'SELECT count(*) AS n FROM legal_offer_list WHERE unit_id <> $1', [f.unitY])).toBe(0))
    expect(data<{ total: number }>(await call.legal('legal.offers', { limit: 10 })).total).toBe(all)
    expect(await call.a('legal.offers', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('imports and their error lines are seen only by those who see every case', async () => {
    const [{ id }] = (await asOwner((o) => o.query(`WITH i AS (INSERT INTO imports (file_name, sha256, file_kind, actor, preset, mapping) VALUES ('x.csv', repeat('a', 64), 'csv', 'test', 'p', '{}') RETURNING id)
      INSERT INTO import_errors (import_id, line, raw, message) SELECT id, 2, '张三,13800000000', '缺少受理日期' FROM i RETURNING import_id AS id`))) as { id: number }[]
    for (const who of ['a', 'b', 'none'] as const) {
      await asSession(f.app, f.tokens[who], async (c) => {
        expect(await count(c, 'SELECT count(*) AS n FROM imports')).toBe(0)
        expect(await count(c, 'SELECT count(*) AS n FROM import_errors')).toBe(0)
      })
    }
    // Other suites' imports share this database: this import's own line.
    await asSession(f.app, f.tokens.senior, async (c) => expect(await count(c, `SELECT count(*) AS n FROM import_errors WHERE import_id = ${Number(id)}`)).toBe(1))
  })
})
