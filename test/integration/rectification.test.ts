// 整改 to closure (issue 11 point 6) through the real handlers: findings of approved reviews and measures on cases
// in one queue per unit, follow-ups with evidence, closure approved by a senior reviewer who did not raise the
// finding (refused in the handler and in the database), stale versions refused, every step in the trail, and
// the quarterly report counting the same statuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { ensureDemoUsers } from '../../src-main/auth/users'
import { CHINA_TODAY, ITEMS_SQL, itemCounts } from '../../src-main/rectification/items'
import type { PlanSummary, ReviewDetail, ReviewQueue, UserSummary } from '../../src-main/shared/contract'
import type { RectificationQueue, RectificationRow, RectificationUpdateView } from '../../src-main/shared/contract-rectification'
import { connect, data, resetArchive, signedInAs, type RawCall } from './db'

let ds: DataSource
let chen: RawCall, zhao: RawCall, wang: RawCall, zhou: RawCall, sun: RawCall
type Detail = RectificationRow & { updates: RectificationUpdateView[] }
const findingIds: number[] = []

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 41, cases: 400, from: '2025-01-01', to: '2025-12-31' })
  await runAudit(ds, { actor: 'test' })
  await ensureDemoUsers(ds)
  ;[chen, zhao, wang, zhou, sun] = await Promise.all(['chen.jing', 'zhao.lei', 'wang.fang', 'zhou.qiang', 'sun.li'].map((u) => signedInAs(ds, u)))
  // zhao.lei (reviewer and senior reviewer) reviews three cases with a finding each; wang.fang approves two.
  const users = data<UserSummary[]>(await wang('users.list', {}))
  data<PlanSummary>(await wang('plans.create', { name: '整改测试', receivedFrom: '2025-01-01', receivedTo: '2025-12-31', sampleRate: 0.01, sampleSeed: 3,
    includeFlagged: false, reviewerIds: [users.find((u) => u.username === 'zhao.lei')!.id] }))
  const queue = data<ReviewQueue>(await zhao('reviews.queue', { scope: 'mine' }))
  for (const [i, row] of queue.rows.slice(0, 3).entries()) {
    let r = data<ReviewDetail>(await zhao('reviews.get', { id: row.id }))
    for (const rule of r.rules) r = data<ReviewDetail>(await zhao('reviews.saveRule', { id: r.id, version: r.version, rule: rule.code, decision: 'confirmed' }))
    r = data<ReviewDetail>(await zhao('reviews.saveFinding', { id: r.id, version: r.version, finding: { rule: null, severity: 'medium', description: `回访记录缺失 ${i}`, requiredAction: '补录回访', ownerUnitId: null, dueOn: i === 0 ? '2025-06-30' : '2099-12-31' } }))
    r = data<ReviewDetail>(await zhao('reviews.saveConclusion', { id: r.id, version: r.version, conclusion: 'basically_compliant', opinion: null }))
    r = data<ReviewDetail>(await zhao('reviews.submit', { id: r.id, version: r.version }))
    if (i < 2) data(await wang('reviews.decide', { id: r.id, version: r.version, decision: 'approve', comment: '' }))
  }
  // A measure the source has not recorded done, due last year (the demo's are mostly done).
  await ds.query(`INSERT INTO rectifications (case_id, measure, due_on) SELECT id, '修订代扣业务操作规程', '2025-09-30' FROM cases ORDER BY id LIMIT 1`)
  findingIds.push(...(await ds.query(`SELECT f.id FROM findings f JOIN reviews r ON r.id = f.review_id WHERE r.status = 'approved' ORDER BY f.id`)).map((x: { id: number }) => x.id))
}, 240_000)

afterAll(async () => { await ds?.destroy() })

/** The queue's expectations by plain SQL: measures by their own record, findings of approved reviews open. */
async function expected(): Promise<{ total: number; closed: number; overdue: number }> {
  const [m] = await ds.query(`SELECT count(*)::int AS total, count(*) FILTER (WHERE done_on IS NOT NULL)::int AS closed,
    count(*) FILTER (WHERE done_on IS NULL AND due_on < (now() AT TIME ZONE 'Asia/Shanghai')::date)::int AS overdue FROM rectifications`)
  return { total: m.total + findingIds.length, closed: m.closed, overdue: m.overdue + 1 }
}

describe('the 整改 queue', () => {
  it('pages in the one order (overdue first, due day, case number, kind, id), whatever the page size, as the items in full sort', async () => {
    // The page is read from the first items by (overdue, due day) with their ties; its kind of fault is a page
    // boundary inside a run of equal due days. Every page size walks the whole queue against the full sort.
    const [{ unit }] = await ds.query(`SELECT coalesce(r.owner_unit_id, c.unit_id) AS unit FROM rectifications r JOIN cases c ON c.id = r.case_id GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)
    for (const filter of [{}, { unitId: unit }, { status: 'closed' }, { overdue: true }, { status: 'not_closed' }]) {
      const where = [
        'unitId' in filter ? `i.unit_id IN (SELECT id FROM units WHERE id = ${Number(unit)} OR parent_id = ${Number(unit)})` : 'true',
        'status' in filter ? (filter.status === 'closed' ? `i.status = 'closed'` : `i.status <> 'closed'`) : 'true',
        'overdue' in filter ? `(i.status <> 'closed' AND i.due_on < ${CHINA_TODAY})` : 'true'
      ].join(' AND ')
      const want = ((await ds.query(`SELECT i.kind, i.id FROM (${ITEMS_SQL}) i JOIN cases c ON c.id = i.case_id WHERE ${where}
        ORDER BY (i.status <> 'closed' AND i.due_on < ${CHINA_TODAY}) DESC, i.due_on ASC NULLS LAST, c.case_no, i.kind, i.id`)) as { kind: string; id: number }[])
        .map((r) => `${r.kind}:${r.id}`)
      for (const limit of [7, 50]) {
        const got: string[] = []
        for (let offset = 0; offset < want.length + limit; offset += limit) {
          const q = data<RectificationQueue>(await chen('rectification.queue', { ...filter, offset, limit }))
          expect(q.total, JSON.stringify(filter)).toBe(want.length)
          got.push(...q.rows.map((r) => `${r.kind}:${r.id}`))
        }
        expect(got, JSON.stringify({ filter, limit })).toEqual(want)
      }
    }
  }, 240_000)

  it('lists the measures and the findings of approved reviews only, with their source statuses and overdue flags', async () => {
    expect(findingIds).toHaveLength(2)
    const q = data<RectificationQueue>(await chen('rectification.queue', { limit: 500 }))
    const want = await expected()
    expect(q.total).toBe(want.total)
    expect(q.counts.closed).toBe(want.closed)
    expect(q.counts.overdue).toBe(want.overdue)
    expect(q.counts.open + q.counts.in_progress + q.counts.submitted + q.counts.closed).toBe(want.total)
    // Overdue items first; the overdue finding is among them.
    const late = data<RectificationQueue>(await chen('rectification.queue', { overdue: true, limit: 500 }))
    expect(late.total).toBe(want.overdue)
    expect(late.rows.every((r) => r.overdue && r.status !== 'closed')).toBe(true)
    expect(late.rows.some((r) => r.kind === 'finding' && r.id === findingIds[0])).toBe(true)
    expect(q.rows.slice(0, want.overdue).every((r) => r.overdue)).toBe(true)
    // A unit's queue: its items and its sub-branches'.
    const [{ unit }] = await ds.query(`SELECT coalesce(r.owner_unit_id, c.unit_id) AS unit FROM rectifications r JOIN cases c ON c.id = r.case_id GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)
    const mine = data<RectificationQueue>(await chen('rectification.queue', { unitId: unit, limit: 500 }))
    expect(mine.total).toBeGreaterThan(0)
    expect(mine.total).toBeLessThan(want.total)
    // A case number or words of the finding.
    const [{ case_no: caseNo, n }] = await ds.query(`SELECT c.case_no, count(*)::int AS n FROM rectifications r JOIN cases c ON c.id = r.case_id GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`)
    expect(data<RectificationQueue>(await chen('rectification.queue', { text: caseNo })).total).toBe(n)
    const words = data<RectificationQueue>(await chen('rectification.queue', { text: '回访记录缺失' }))
    expect(words.rows.map((r) => r.id).sort()).toEqual(findingIds)
    expect(words.counts.open).toBe(2)
  })

  it('follows a finding to closure: updates with evidence, a stale version refused, the author may not approve, another senior reviewer does', async () => {
    const id = findingIds[1]
    let d = data<Detail>(await chen('rectification.item', { kind: 'finding', id }))
    expect(d).toMatchObject({ status: 'open', version: 0, raisedBy: '赵磊', updates: [] })
    d = data<Detail>(await chen('rectification.update', { kind: 'finding', id, version: 0, status: 'in_progress', note: '网点已安排补录' }))
    expect(d).toMatchObject({ status: 'in_progress', version: 1 })
    // The same step again on the version it read: someone else's update came first.
    expect(await chen('rectification.update', { kind: 'finding', id, version: 0, status: 'submitted', note: '重复提交' })).toMatchObject({ ok: false, error: { code: 'conflict' } })
    // Only a submitted item can be decided.
    expect(await wang('rectification.decide', { kind: 'finding', id, version: 1, approve: true, note: '验收' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(data<Detail>(await chen('rectification.update', { kind: 'finding', id, version: 1, status: 'submitted', note: '已补录回访', evidence: '回访录音 HF-2025-118' })).status).toBe('submitted')
    // A reviewer does not decide; the finding's author (a senior reviewer too) may not approve its closure.
    expect(await chen('rectification.decide', { kind: 'finding', id, version: 2, approve: true, note: '验收' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await zhao('rectification.decide', { kind: 'finding', id, version: 2, approve: true, note: '验收' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    // Sent back, then submitted again and approved by another senior reviewer.
    d = data<Detail>(await wang('rectification.decide', { kind: 'finding', id, version: 2, approve: false, note: '录音不完整' }))
    expect(d.status).toBe('in_progress')
    expect(data<Detail>(await chen('rectification.update', { kind: 'finding', id, version: 3, status: 'submitted', note: '已补全', evidence: '回访录音 HF-2025-118（完整）' })).version).toBe(4)
    d = data<Detail>(await wang('rectification.decide', { kind: 'finding', id, version: 4, approve: true, note: '验收通过' }))
    expect(d).toMatchObject({ status: 'closed', version: 5 })
    expect(d.updates.map((u) => [u.status, u.by])).toEqual([['in_progress', '陈静'], ['submitted', '陈静'], ['in_progress', '王芳'], ['submitted', '陈静'], ['closed', '王芳']])
    expect(d.updates[1].evidence).toBe('回访录音 HF-2025-118')
    // A closed item takes no more follow-ups.
    expect(await chen('rectification.update', { kind: 'finding', id, version: 5, status: 'in_progress', note: '再改' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    // Every step in the trail, who and before/after.
    const trail = await ds.query(`SELECT actor, action, before->>'status' AS b, after->>'status' AS a FROM audit_trail WHERE entity = 'rectification' AND entity_id = $1 ORDER BY id`, [`finding:${id}`])
    expect(trail.map((t: { actor: string; action: string; b: string; a: string }) => `${t.actor} ${t.action} ${t.b}→${t.a}`)).toEqual([
      'chen.jing update open→in_progress', 'chen.jing update in_progress→submitted', 'wang.fang update submitted→in_progress',
      'chen.jing update in_progress→submitted', 'wang.fang close submitted→closed'])
  })

  it('refuses in the database a closure by the finding’s author, whoever writes it', async () => {
    const [{ author }] = await ds.query(`SELECT created_by AS author FROM findings WHERE id = $1`, [findingIds[0]])
    await expect(ds.query(`INSERT INTO rectification_tracks (finding_id, status, closed_by, closed_at, updated_by) VALUES ($1, 'closed', $2, now(), $2)`, [findingIds[0], author]))
      .rejects.toThrow(/author cannot approve/)
    await expect(ds.query(`UPDATE rectification_updates SET note = 'x'`)).rejects.toThrow(/cannot be edited/)
  })

  it('is read by leadership, not by the legal department; a measure follows the same steps', async () => {
    expect((await zhou('rectification.queue', {})).ok).toBe(true)
    expect(await zhou('rectification.update', { kind: 'measure', id: 1, version: 0, status: 'in_progress', note: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await sun('rectification.queue', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const [{ id }] = await ds.query(`SELECT id FROM rectifications WHERE done_on IS NULL ORDER BY id LIMIT 1`)
    const d = data<Detail>(await chen('rectification.update', { kind: 'measure', id, version: 0, status: 'submitted', note: '整改完成', evidence: '制度修订稿' }))
    expect(data<Detail>(await wang('rectification.decide', { kind: 'measure', id, version: d.version, approve: true, note: '验收' })).status).toBe('closed')
    expect(await chen('rectification.item', { kind: 'finding', id: 2_000_000 })).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('gives the quarterly report the queue’s own statuses', async () => {
    const c = await itemCounts(ds, '2025-01-01', '2026-01-01', '2026-01-01')
    const q = data<RectificationQueue>(await chen('rectification.queue', { limit: 1 }))
    expect(c.total).toBe(q.total)
    expect(c.done).toBe(q.counts.closed)
    expect(c.total).toBe(c.done + c.overdue + c.open)
    const [{ late }] = await ds.query(`SELECT count(*)::int AS late FROM rectifications r LEFT JOIN rectification_tracks t ON t.rectification_id = r.id
      WHERE coalesce(t.status, CASE WHEN r.done_on IS NULL THEN 'open' ELSE 'closed' END) <> 'closed' AND r.due_on < '2026-01-01'`)
    // The overdue finding (due 2025-06-30) is still open.
    expect(c.overdue).toBe(late + 1)
  })
})
