// Issue 10 point 13: a second plan over the same period must not silently hand the same cases to a second
// reviewer. The preview says how many reviews a plan creates and how many of its cases are already in an open
// plan; creating leaves those out unless asked to include them; two plans made at once still see each other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { ensureDemoUsers, listUsers } from '../../src-main/auth/users'
import type { Envelope, PlanPreview, PlanSummary } from '../../src-main/shared/contract'
import { asOwner, connect, resetArchive, signedInAs, type RawCall } from './db'

let ds: DataSource
let wang: RawCall
let reviewerIds: number[]
const data = <T>(env: Envelope<unknown>): T => {
  if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`)
  return env.data as T
}
const spec = (receivedFrom: string, receivedTo: string, seed = 5) => ({ receivedFrom, receivedTo, sampleRate: 0.2, sampleSeed: seed, includeFlagged: true })
const casesOf = async (planId: number): Promise<number[]> =>
  ((await ds.query('SELECT case_id FROM reviews WHERE plan_id = $1 ORDER BY case_id', [planId])) as { case_id: number }[]).map((r) => r.case_id)

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 13, cases: 600 })
  await runAudit(ds, { actor: 'test' })
  await ensureDemoUsers(ds)
  wang = await signedInAs(ds, 'wang.fang')
  reviewerIds = (await listUsers(ds)).filter((u) => u.username === 'chen.jing' || u.username === 'li.ming').map((u) => u.id)
})
afterAll(async () => ds?.destroy())

describe('a review plan over a period another open plan covers', () => {
  const first = spec('2025-01-01', '2025-07-01')
  let planA: PlanSummary

  it('is previewed before it is made: how many reviews, none overlapping yet', async () => {
    expect(await (await signedInAs(ds, 'chen.jing'))('plans.preview', first)).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const p = data<PlanPreview>(await wang('plans.preview', first))
    expect(p.selected).toBeGreaterThan(10)
    expect(p).toMatchObject({ alreadyOpen: 0, createSkipping: p.selected, createIncluding: p.selected, openPlans: [] })
    planA = data<PlanSummary>(await wang('plans.create', { name: '上半年', ...first, reviewerIds }))
    expect(planA.total).toBe(p.selected)
  })

  it.each([
    ['the same period and sample', first],
    ['an overlapping period', spec('2025-04-01', '2025-10-01')],
    ['another sample of the same period', spec('2025-01-01', '2025-07-01', 99)]
  ])('%s: shows the overlap, leaves it out by default, includes it when asked', async (_name, s) => {
    const p = data<PlanPreview>(await wang('plans.preview', s))
    const inA = new Set(await casesOf(planA.id))
    const [{ expected }] = await ds.query(`SELECT count(*)::int AS expected FROM unnest($1::int[]) c WHERE c = ANY($2::int[])`,
      [[...inA], (await previewIds(s))])
    expect(p.alreadyOpen).toBe(expected)
    expect(p.alreadyOpen).toBeGreaterThan(0)
    expect(p.createSkipping).toBe(p.selected - p.alreadyOpen)
    expect(p.openPlans).toEqual([{ id: planA.id, name: '上半年', cases: p.alreadyOpen }])
    const skip = await wang('plans.create', { name: '第二个', ...s, reviewerIds })
    if (p.createSkipping === 0) {
      expect(skip).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('都已在未完成的审查计划中') } })
    } else {
      const b = data<PlanSummary>(skip)
      expect(b.total).toBe(p.createSkipping)
      expect((await casesOf(b.id)).filter((c) => inA.has(c))).toEqual([])
      await dropPlan(b.id)
    }
    const inc = data<PlanSummary>(await wang('plans.create', { name: '再审一次', ...s, reviewerIds, overlap: 'include' }))
    expect(inc.total).toBe(p.createIncluding)
    const [trail] = await ds.query(`SELECT after FROM audit_trail WHERE entity = 'review_plan' AND entity_id = $1::text`, [String(inc.id)])
    expect(trail.after).toMatchObject({ cases: p.createIncluding, skippedInOpenPlans: 0, overlap: 'include' })
    await dropPlan(inc.id)
  })

  it('made twice at once, still gives each case to one plan', async () => {
    const s = spec('2025-07-01', '2026-01-01')
    const [x, y] = await Promise.all([wang('plans.create', { name: '并发甲', ...s, reviewerIds }), wang('plans.create', { name: '并发乙', ...s, reviewerIds })])
    const made = [x, y].filter((e) => e.ok).map((e) => data<PlanSummary>(e))
    expect(made).toHaveLength(1)
    expect([x, y].find((e) => !e.ok)).toMatchObject({ ok: false, error: { message: expect.stringContaining('都已在未完成的审查计划中') } })
  })

  it('does not count a plan whose reviews are all approved as open', async () => {
    await asOwner((o) => o.query(`UPDATE reviews SET status = 'approved' WHERE plan_id = $1`, [planA.id]))
    const p = data<PlanPreview>(await wang('plans.preview', first))
    expect(p.alreadyOpen).toBe(0)
  })
})

/** The case ids a plan of this spec selects, as the preview counts them (the plan's own query, without the overlap). */
async function previewIds(s: ReturnType<typeof spec>): Promise<number[]> {
  const { selectCases } = await import('../../src-main/reviews/plan-overlap')
  return (await selectCases(ds, s)).map((c) => c.id)
}

async function dropPlan(id: number): Promise<void> {
  await ds.query('DELETE FROM review_rules WHERE review_id IN (SELECT id FROM reviews WHERE plan_id = $1)', [id])
  await ds.query('DELETE FROM reviews WHERE plan_id = $1', [id])
  await ds.query('DELETE FROM review_plans WHERE id = $1', [id])
}
