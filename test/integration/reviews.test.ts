import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { reviewQueue } from '../../src-main/reviews/review-read'
import { ensureDemoUsers, DEMO_PASSWORD } from '../../src-main/auth/users'
import { buildHandlers, createDispatch } from '../../src-main/transport/dispatch'
import type { CaseListResponse, Envelope, PlanSummary, ReviewDetail, ReviewQueue, SessionUser, UserSummary } from '../../src-main/shared/contract'
import { connect, resetArchive, testContext } from './db'

let ds: DataSource
type Call = <T = unknown>(channel: string, request?: unknown) => Promise<T>
type Raw = (channel: string, request?: unknown) => Promise<Envelope<unknown>>

/** A person at their own window: signs in through the real handler and calls with their session. */
async function as(username: string, ctx = testContext(ds)): Promise<{ call: Call; raw: Raw }> {
  const dispatch = createDispatch(buildHandlers(ctx), ctx.sessions, () => {})
  const raw: Raw = (channel, request = {}) => dispatch(channel, request, `win:${username}`)
  const call: Call = async (channel, request) => {
    const env = await raw(channel, request)
    if (!env.ok) throw Object.assign(new Error(env.error.message), { code: env.error.code })
    return env.data as never
  }
  await call('auth.signIn', { username, password: DEMO_PASSWORD })
  return { call, raw }
}

let plan: PlanSummary
let users: UserSummary[]
const PERIOD = { receivedFrom: '2025-01-01', receivedTo: '2025-07-01' }

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 21, cases: 2000 })
  await runAudit(ds, { actor: 'test' })
  await ensureDemoUsers(ds)
})
afterAll(async () => ds?.destroy())

describe('review plans', () => {
  it('are made by senior reviewers only', async () => {
    const chen = await as('chen.jing')
    const wang = await as('wang.fang')
    users = await wang.call<UserSummary[]>('users.list')
    const ids = (...names: string[]): number[] => names.map((n) => users.find((u) => u.username === n)!.id)
    const spec = { name: '2025年上半年 审查', ...PERIOD, sampleRate: 0.1, sampleSeed: 42, includeFlagged: true, reviewerIds: ids('chen.jing', 'zhao.lei') }
    expect(await chen.raw('plans.create', spec)).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await wang.raw('plans.create', { ...spec, reviewerIds: ids('sun.li') })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    plan = await wang.call<PlanSummary>('plans.create', spec)
    expect(plan.total).toBeGreaterThan(20)
    expect(plan.byStatus.pending).toBe(plan.total)
  })

  it('take every 重大, group and flagged case of the period and a reproducible sample of the rest', async () => {
    const inPeriod = `received_at >= '${PERIOD.receivedFrom}T00:00:00+08:00' AND received_at < '${PERIOD.receivedTo}T00:00:00+08:00'`
    const [must] = await ds.query(`SELECT count(*)::int AS n FROM cases c LEFT JOIN audit_results a ON a.case_id = c.id
      WHERE ${inPeriod} AND (severity = 'major' OR is_group OR group_size >= 5 OR a.flagged)`)
    const [missing] = await ds.query(`SELECT count(*)::int AS n FROM cases c LEFT JOIN audit_results a ON a.case_id = c.id
      WHERE ${inPeriod} AND (severity = 'major' OR is_group OR a.flagged) AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.case_id = c.id AND r.plan_id = $1)`, [plan.id])
    expect(missing.n).toBe(0)
    const [others] = await ds.query(`SELECT count(*)::int AS n FROM cases c WHERE ${inPeriod}`)
    const sampled = plan.byReason.sample
    const rest = others.n - must.n
    expect(sampled).toBeGreaterThan(rest * 0.04)
    expect(sampled).toBeLessThan(rest * 0.2)
    const wang = await as('wang.fang')
    const again = await wang.call<PlanSummary>('plans.create', { name: '同一抽样再做一次', ...PERIOD, sampleRate: 0.1, sampleSeed: 42, includeFlagged: true, overlap: 'include', reviewerIds: [users.find((u) => u.username === 'li.ming')!.id] })
    const caseSet = async (planId: number): Promise<number[]> => (await ds.query('SELECT case_id FROM reviews WHERE plan_id = $1 ORDER BY case_id', [planId])).map((r: { case_id: number }) => r.case_id)
    expect(await caseSet(again.id)).toEqual(await caseSet(plan.id))
    const planQueue = await wang.call<ReviewQueue>('reviews.queue', { scope: 'plan', planId: plan.id })
    expect(planQueue.rows.length).toBe(plan.total)
    expect(planQueue.total).toBe(plan.total)
    // A queue longer than a screen loads says how many it holds beyond the rows it shows, in the same order.
    const wangUser: SessionUser = { id: users.find((u) => u.username === 'wang.fang')!.id, username: 'wang.fang', displayName: '王芳', roles: ['senior_reviewer'] }
    const capped = await reviewQueue(ds, wangUser, 'plan', plan.id, 5)
    expect(capped.total).toBe(plan.total)
    expect(capped.rows.map((r) => r.id)).toEqual(planQueue.rows.slice(0, 5).map((r) => r.id))
    // The case list shows a case's latest review: drop the duplicate plan so the first plan's reviews are it.
    await ds.query('DELETE FROM reviews WHERE plan_id = $1', [again.id])
    await ds.query('DELETE FROM review_plans WHERE id = $1', [again.id])
    // Assigned round-robin: the two reviewers' shares differ by at most one.
    const shares: { n: number }[] = await ds.query('SELECT count(*)::int AS n FROM reviews WHERE plan_id = $1 GROUP BY reviewer_id', [plan.id])
    expect(shares).toHaveLength(2)
    expect(Math.abs(shares[0].n - shares[1].n)).toBeLessThanOrEqual(1)
  })
})

describe('the review workflow', () => {
  let review: ReviewDetail

  it('gives each reviewer a queue of their own reviews, with the engine results frozen in', async () => {
    const chen = await as('chen.jing')
    const mine = (await chen.call<ReviewQueue>('reviews.queue', { scope: 'mine' })).rows
    expect(mine.length).toBeGreaterThan(5)
    expect(new Set(mine.map((r) => r.reviewer))).toEqual(new Set(['陈静']))
    const flagged = mine.find((r) => r.reasons.includes('flagged') && r.planId === plan.id)!
    review = await chen.call<ReviewDetail>('reviews.get', { id: flagged.id })
    expect(review.rules).toHaveLength(16)
    expect(review.rules.some((r) => r.internal.status === 'fail')).toBe(true)
    expect(review.rules[0].internal.evidence).toHaveProperty('receivedAt')
    expect(review.can).toEqual({ edit: true, submit: true, decide: false })
  })

  it('saves each decision with the version it was made against, and refuses a stale one', async () => {
    const chen = await as('chen.jing')
    const v1 = review.version
    const after = await chen.call<ReviewDetail>('reviews.saveRule', { id: review.id, version: v1, rule: 'R01', decision: 'confirmed' })
    expect(after.version).toBe(v1 + 1)
    expect(after.status).toBe('in_progress')
    expect(after.rules[0]).toMatchObject({ decision: 'confirmed', finalStatus: review.rules[0].internal.status })
    const stale = await chen.raw('reviews.saveRule', { id: review.id, version: v1, rule: 'R02', decision: 'confirmed' })
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect((stale as { error: { message: string } }).error.message).toMatch(/陈静.*修改.*没有保存/)
    expect(await chen.raw('reviews.saveRule', { id: review.id, version: after.version, rule: 'R02', decision: 'overridden', finalStatus: 'fail' }))
      .toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    review = after
  })

  it('lets only the assigned reviewer edit, and nobody who is read-only', async () => {
    const li = await as('li.ming')
    expect(await li.raw('reviews.saveRule', { id: review.id, version: review.version, rule: 'R02', decision: 'confirmed' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const zhou = await as('zhou.qiang')
    expect((await zhou.call<ReviewDetail>('reviews.get', { id: review.id })).can).toEqual({ edit: false, submit: false, decide: false })
    expect(await zhou.raw('reviews.saveConclusion', { id: review.id, version: review.version, conclusion: 'compliant', opinion: null })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('keeps a draft across an app restart and refuses to submit an unfinished review', async () => {
    // A new context is what a restart gives: no sessions, the same database.
    const chen = await as('chen.jing', testContext(ds))
    const reopened = await chen.call<ReviewDetail>('reviews.get', { id: review.id })
    expect(reopened.rules[0].decision).toBe('confirmed')
    expect(reopened.version).toBe(review.version)
    const res = await chen.raw('reviews.submit', { id: review.id, version: review.version })
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect((res as { error: { message: string } }).error.message).toMatch(/15 条规则未确认/)
  })

  it('goes reviewer → senior (returned) → reviewer → senior (approved), with four eyes and the trail', async () => {
    const chen = await as('chen.jing')
    let r = review
    const failing = r.rules.filter((x) => x.internal.status === 'fail').map((x) => x.code)
    for (const rule of r.rules.filter((x) => !x.decision)) {
      r = rule.code === 'R07' && rule.internal.status !== 'fail'
        ? await chen.call<ReviewDetail>('reviews.saveRule', { id: r.id, version: r.version, rule: rule.code, decision: 'overridden', finalStatus: 'fail', note: '首问人未签字确认' })
        : await chen.call<ReviewDetail>('reviews.saveRule', { id: r.id, version: r.version, rule: rule.code, decision: 'confirmed' })
    }
    r = await chen.call<ReviewDetail>('reviews.saveFinding', { id: r.id, version: r.version, finding: { rule: failing[0], severity: 'medium', description: '超过时限未说明原因', requiredAction: '补充说明并培训', ownerUnitId: null, dueOn: '2026-12-31' } })
    expect(r.findings).toHaveLength(1)
    expect(await chen.raw('reviews.saveConclusion', { id: r.id, version: r.version, conclusion: 'compliant', opinion: null })).toMatchObject({ ok: true })
    r = await chen.call<ReviewDetail>('reviews.get', { id: r.id })
    expect(await chen.raw('reviews.submit', { id: r.id, version: r.version })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/不能为「合规」/) } })
    r = await chen.call<ReviewDetail>('reviews.saveConclusion', { id: r.id, version: r.version, conclusion: 'basically_compliant', opinion: '总体合规，时限管理需加强' })
    r = await chen.call<ReviewDetail>('reviews.submit', { id: r.id, version: r.version })
    expect(r.status).toBe('submitted')
    expect(r.can.edit).toBe(false)

    expect(await chen.raw('reviews.decide', { id: r.id, version: r.version, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const wang = await as('wang.fang')
    expect((await wang.call<ReviewQueue>('reviews.queue', { scope: 'to_decide' })).rows.map((x) => x.id)).toContain(r.id)
    expect(await wang.raw('reviews.decide', { id: r.id, version: r.version, decision: 'return', comment: '' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    r = await wang.call<ReviewDetail>('reviews.decide', { id: r.id, version: r.version, decision: 'return', comment: '请补充整改期限依据' })
    expect(r).toMatchObject({ status: 'returned', returnComment: '请补充整改期限依据', senior: { name: '王芳' } })

    r = await chen.call<ReviewDetail>('reviews.get', { id: r.id })
    expect(r.can.edit).toBe(true)
    r = await chen.call<ReviewDetail>('reviews.saveFinding', { id: r.id, version: r.version, finding: { id: r.findings[0].id, rule: failing[0], severity: 'medium', description: '超过时限未说明原因', requiredAction: '补充说明并培训（依据制度第五条）', ownerUnitId: null, dueOn: '2026-12-31' } })
    r = await chen.call<ReviewDetail>('reviews.submit', { id: r.id, version: r.version })
    r = await wang.call<ReviewDetail>('reviews.decide', { id: r.id, version: r.version, decision: 'approve', comment: '' })
    expect(r.status).toBe('approved')
    expect(r.can).toEqual({ edit: false, submit: false, decide: false })

    // Approved is locked: the handlers say so, and so does the database itself.
    expect(await chen.raw('reviews.saveConclusion', { id: r.id, version: r.version, conclusion: 'non_compliant', opinion: null })).toMatchObject({ ok: false, error: { code: 'conflict' } })
    await expect(ds.query(`UPDATE reviews SET opinion = 'x' WHERE id = $1`, [r.id])).rejects.toThrow(/审查已批准/)
    await expect(ds.query(`DELETE FROM findings WHERE review_id = $1`, [r.id])).rejects.toThrow(/审查已批准/)

    const actions = r.trail.map((t) => `${t.actor}:${t.action}`)
    expect(actions).toEqual(expect.arrayContaining(['chen.jing:rule.R01', 'chen.jing:finding.create', 'chen.jing:finding.update', 'chen.jing:submit', 'wang.fang:return', 'wang.fang:approve']))
    const override = r.trail.find((t) => t.action === 'rule.R07')
    if (override) expect(override.after).toMatchObject({ decision: 'overridden', note: '首问人未签字确认' })
    const conclusion = r.trail.filter((t) => t.action === 'conclusion').at(-1)!
    expect(conclusion.before).toMatchObject({ conclusion: 'compliant' })
    expect(conclusion.after).toMatchObject({ conclusion: 'basically_compliant' })

    const [{ status }] = await ds.query('SELECT status FROM reviews WHERE id = $1', [r.id])
    expect(status).toBe('approved')
  })

  it('does not let a reviewer who is also a senior approve their own review', async () => {
    const zhao = await as('zhao.lei')
    let r = await zhao.call<ReviewDetail>('reviews.get', { id: (await zhao.call<ReviewQueue>('reviews.queue', { scope: 'mine' })).rows[0].id })
    for (const rule of r.rules) r = await zhao.call<ReviewDetail>('reviews.saveRule', { id: r.id, version: r.version, rule: rule.code, decision: 'confirmed' })
    const fails = r.rules.some((x) => x.finalStatus === 'fail')
    r = await zhao.call<ReviewDetail>('reviews.saveConclusion', { id: r.id, version: r.version, conclusion: fails ? 'non_compliant' : 'compliant', opinion: null })
    r = await zhao.call<ReviewDetail>('reviews.submit', { id: r.id, version: r.version })
    expect(r.can.decide).toBe(false)
    const own = await zhao.raw('reviews.decide', { id: r.id, version: r.version, decision: 'approve', comment: '' })
    expect(own).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/四眼/) } })
    expect((await zhao.call<ReviewQueue>('reviews.queue', { scope: 'to_decide' })).rows.map((x) => x.id)).not.toContain(r.id)
  })

  it('shows the review status on the case list', async () => {
    const chen = await as('chen.jing')
    const [{ case_id: caseId, received_at: at }] = await ds.query(`SELECT r.case_id, c.received_at FROM reviews r JOIN cases c ON c.id = r.case_id WHERE r.status = 'approved' LIMIT 1`)
    const day = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
    const next = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10)
    const page = await chen.call<CaseListResponse>('cases.list', { filter: { receivedFrom: day, receivedTo: next }, limit: 100 })
    expect(page.rows.find((x) => x.id === caseId)).toMatchObject({ reviewStatus: 'approved', auditFlagged: true })
  })
})
