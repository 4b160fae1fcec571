// Issue 12: every chart and KPI of the trend view equals a plain SQL count over the same filter, for a table of
// filters (summary-covered and not: text search, root cause, dates inside a month, a branch with its
// sub-branches), before and after new cases, tags, reviews and a re-audit arrive through the real writers —
// the test never refreshes the summaries itself — and a drill-down's case count equals the chart's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import type { Pool } from 'pg'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { ensureDemoUsers } from '../../src-main/auth/users'
import { unitScope, whereOf, withText } from '../../src-main/cases/case-filter'
import { sourceFor } from '../../src-main/trends/source'
import type { CaseCountResponse, CaseFilter, PlanSummary, ReviewDetail, ReviewQueue, TrendsView, UserSummary } from '../../src-main/shared/contract'
import { connect, data, resetArchive, signedInAs, type RawCall } from './db'

let ds: DataSource
let zhou: RawCall // leadership
let branchWithSubs: number
let searchWord: string
const PERIOD = { grain: 'month' as const, from: '2024-01', to: '2025-12' }
const DAYS = { from: '2024-01-01', to: '2025-12-31' }

type Oracle = Record<string, string[]>
const line = (...xs: unknown[]): string => xs.map(String).join('|')

/** The figures by plain SQL over the archive's own tables, with the case list's conditions for the filter. */
async function oracle(f: CaseFilter): Promise<Oracle> {
  const w = withText(whereOf(f, { units: await unitScope(ds, f) }))
  const params = [...w.params, DAYS.from, DAYS.to]
  const n = w.params.length
  const where = [...w.sql, `c.received_at >= ($${n + 1}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`, `c.received_at < (($${n + 2}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`].join(' AND ')
  const month = `to_char(date_trunc('month', c.received_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD')`
  // Rows as arrays (rowMode), so columns of the same name are all kept.
  const q = async (sql: string): Promise<string[]> => ((await (ds.driver as unknown as { master: Pool }).master.query({ text: sql, values: params, rowMode: 'array' })).rows as unknown[][]).map((r) => line(...r)).sort()
  const by = (col: string): Promise<string[]> => q(`SELECT ${month}, ${col}, count(*) FROM cases c WHERE ${where} GROUP BY 1, 2`)
  const latestApproved = `(SELECT r.id, r.conclusion FROM reviews r WHERE r.case_id = c.id AND r.status = 'approved' ORDER BY r.id DESC LIMIT 1)`
  const o: Oracle = {
    category: await by('c.category'), channel: await by('c.channel'), severity: await by('c.severity'),
    cause: await by(`coalesce(c.jrt_cause, '')`),
    rootCause: await q(`SELECT ${month}, coalesce(pn.code, n.code), count(*) FROM cases c JOIN case_root_causes t ON t.case_id = c.id AND t.role = 'primary'
      JOIN rc_nodes n ON n.id = t.node_id LEFT JOIN rc_nodes pn ON pn.id = n.parent_id WHERE ${where} GROUP BY 1, 2`),
    series: await q(`SELECT ${month}, count(*), count(*) FILTER (WHERE NOT c.is_direct), count(*) FILTER (WHERE c.is_group), count(*) FILTER (WHERE c.repeat_of_id IS NOT NULL),
      count(*) FILTER (WHERE c.severity = 'major'), count(c.satisfaction), count(*) FILTER (WHERE c.satisfaction IN ('satisfied', 'basically')), count(*) FILTER (WHERE c.satisfaction = 'dissatisfied'),
      (SELECT count(*) FROM remediation_offers o JOIN cases x ON x.id = o.case_id WHERE x.id = ANY(array_agg(c.id))),
      (SELECT coalesce(sum(o.amount), 0)::float8 FROM remediation_offers o WHERE o.case_id = ANY(array_agg(c.id)))
      FROM cases c WHERE ${where} GROUP BY 1`),
    reviews: await q(`SELECT ${month}, count(rv.id), count(*) FILTER (WHERE rv.conclusion = 'compliant'), count(*) FILTER (WHERE rv.conclusion = 'basically_compliant'),
      count(*) FILTER (WHERE rv.conclusion = 'non_compliant'), (SELECT count(*) FROM findings fi WHERE fi.review_id = ANY(array_agg(rv.id)))
      FROM cases c LEFT JOIN LATERAL ${latestApproved} rv ON true WHERE ${where} GROUP BY 1`),
    rules: await q(`SELECT ${month}, p.policy, k.rule, count(*) FILTER (WHERE substr(p.letters, k.rule, 1) = 'P'), count(*) FILTER (WHERE substr(p.letters, k.rule, 1) = 'F'),
        count(*) FILTER (WHERE substr(p.letters, k.rule, 1) = 'U')
      FROM cases c JOIN audit_results a ON a.case_id = c.id CROSS JOIN LATERAL (VALUES ('internal', a.internal), ('regulatory', a.regulatory)) p(policy, letters)
      CROSS JOIN generate_series(1, 16) k(rule) WHERE ${where} GROUP BY 1, 2, 3`)
  }
  return o
}

async function view(f: CaseFilter, period: object = PERIOD): Promise<TrendsView> {
  return data<TrendsView>(await zhou('trends.view', { filter: f, period }))
}

/** The view's figures in the oracle's shape. */
function figures(v: TrendsView): Oracle {
  const cells = (xs: { bucket: string; code: string; cases: number }[]): string[] => xs.map((x) => line(x.bucket, x.code, x.cases)).sort()
  const withCases = v.series.filter((s) => s.cases > 0)
  return {
    category: cells(v.byCategory), channel: cells(v.byChannel), severity: cells(v.bySeverity), cause: cells(v.byCause), rootCause: cells(v.byRootCause),
    series: withCases.map((s) => line(s.bucket, s.cases, s.indirect, s.group, s.repeat, s.major, s.revisited, s.content, s.dissatisfied, s.offers, s.remediation)).sort(),
    reviews: withCases.map((s) => line(s.bucket, s.reviewed, s.compliant, s.basicallyCompliant, s.nonCompliant, s.findings)).sort(),
    rules: v.rules.filter((r) => v.series.find((s) => s.bucket === r.bucket)!.cases > 0 && r.passed + r.failed + r.cannotTell + 0 >= 0)
      .filter((r) => withCases.some((s) => s.bucket === r.bucket) && (v.series.find((s) => s.bucket === r.bucket)!.cases > 0))
      .map((r) => line(r.bucket, r.policy, r.rule, r.passed, r.failed, r.cannotTell)).sort()
  }
}

// `narrow`: answered from trend_month (dates, a unit, a category only); the other summary filters from trend_summary.
const FILTERS: { name: string; filter: () => CaseFilter; source: 'summary' | 'scan'; narrow?: true }[] = [
  { name: 'no filter', filter: () => ({}), source: 'summary', narrow: true },
  { name: 'one category', filter: () => ({ category: 'counter_business' }), source: 'summary', narrow: true },
  { name: 'a category in a branch, whole months', filter: () => ({ category: 'service_quality', unitId: branchWithSubs, receivedFrom: '2024-02-01', receivedTo: '2025-05-31' }), source: 'summary', narrow: true },
  { name: 'one channel', filter: () => ({ channel: 'phone' }), source: 'summary' },
  { name: 'category and severity', filter: () => ({ category: 'service_quality', severity: 'general' }), source: 'summary' },
  { name: 'a branch with its sub-branches', filter: () => ({ unitId: branchWithSubs }), source: 'summary', narrow: true },
  { name: 'group complaints', filter: () => ({ group: true }), source: 'summary' },
  { name: 'not repeat, one business line, whole months', filter: () => ({ repeat: false, businessLine: 'retail', receivedFrom: '2024-04-01', receivedTo: '2025-06-30' }), source: 'summary' },
  { name: 'text search', filter: () => ({ text: searchWord }), source: 'scan' },
  { name: 'text search in a branch', filter: () => ({ text: searchWord, unitId: branchWithSubs }), source: 'scan' },
  { name: 'dates inside months', filter: () => ({ receivedFrom: '2024-03-15', receivedTo: '2025-02-10', channel: 'online' }), source: 'scan' },
  { name: 'a root cause', filter: () => ({ rootCause: 'RC06' }), source: 'scan' }
]

async function checkAll(afterWrites = false): Promise<void> {
  for (const c of FILTERS) {
    const f = c.filter()
    const v = await view(f)
    expect(v.source, c.name).toBe(c.source)
    expect((await sourceFor(ds, f)).narrow, `${c.name}: narrow table`).toBe(c.narrow ?? false)
    const want = await oracle(f)
    // (No case has a root cause before the tagging below.)
    if (afterWrites || !f.rootCause) expect(want.category.length, `${c.name} matches some cases`).toBeGreaterThan(0)
    const got = figures(v)
    for (const k of Object.keys(want)) expect(got[k], `${c.name}: ${k}`).toEqual(want[k])
    // The cards are the period's sums.
    expect(v.kpis.current.cases).toBe(v.series.reduce((s, x) => s + x.cases, 0))
  }
}

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 12, cases: 1500, from: '2024-01-01', to: '2025-12-31' })
  await runAudit(ds, { actor: 'test' })
  await ensureDemoUsers(ds)
  zhou = await signedInAs(ds, 'zhou.qiang')
  ;[{ id: branchWithSubs }] = await ds.query(`SELECT u.id FROM units u WHERE u.kind = 'branch' AND EXISTS (SELECT 1 FROM units s WHERE s.parent_id = u.id)
    ORDER BY (SELECT count(*) FROM cases c JOIN units s ON s.id = c.unit_id WHERE s.parent_id = u.id) DESC LIMIT 1`)
  // A two-character word many summaries hold, so the text filter is not trivially empty.
  searchWord = ['扣费', '理财', '收费', '利息', '服务'].find(() => true)!
  for (const w of ['扣费', '理财', '收费', '利息', '服务', '银行']) {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM cases WHERE summary LIKE '%' || $1 || '%'`, [w])
    if (n >= 20 && n < 1000) { searchWord = w; break }
  }
}, 120_000)
afterAll(async () => ds?.destroy())

describe('the trend view', () => {
  it('answers every chart as plain SQL counts do, for each filter', async () => { await checkAll() }, 120_000)

  it('marks the current period partial and the comparison periods', async () => {
    const v = await view({}, { grain: 'quarter', from: '2025-01', to: '2025-12' })
    expect(v.buckets.map((b) => b.label)).toEqual(['2025Q1', '2025Q2', '2025Q3', '2025Q4'])
    expect(v.previous).toMatchObject({ from: '2024-01-01', to: '2024-12-31' })
    expect(v.lastYear).toMatchObject({ from: '2024-01-01', to: '2024-12-31' })
    const prior = await view({}, { grain: 'year', from: '2024-01', to: '2024-12' })
    expect(v.kpis.previous).toEqual(prior.kpis.current)
    const empty = await view({}, { grain: 'year', from: '2019-01', to: '2019-12' })
    expect(empty.kpis.current.cases).toBe(0)
    expect(empty.kpis.current.onTime.internal.rate).toBeNull()
  })

  it('leaves cannot-tell results out of the on-time rate and counts them apart', async () => {
    const v = await view({})
    const [r] = await ds.query(`SELECT count(*) FILTER (WHERE substr(internal, 4, 1) = 'P')::int AS p, count(*) FILTER (WHERE substr(internal, 4, 1) = 'F')::int AS f,
      count(*) FILTER (WHERE substr(internal, 4, 1) = 'U')::int AS u FROM audit_results a JOIN cases c ON c.id = a.case_id
      WHERE c.received_at >= '2024-01-01T00:00:00+08' AND c.received_at < '2026-01-01T00:00:00+08'`)
    expect(v.kpis.current.onTime.internal).toMatchObject({ passed: r.p, failed: r.f, cannotTell: r.u, rate: r.p / (r.p + r.f) })
  })

  it('opens to leadership and reviewers, not to legal or the records office', async () => {
    expect((await zhou('trends.view', { period: PERIOD })).ok).toBe(true)
    for (const who of ['sun.li', 'qian.yu']) expect(await (await signedInAs(ds, who))('trends.view', { period: PERIOD })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await zhou('trends.view', { period: { grain: 'week', from: '2025-01', to: '2025-02' } })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await zhou('trends.view', { period: { grain: 'month', from: '2025-05', to: '2025-02' } })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/开始月份晚于结束月份/) } })
  })

  it('drills down to exactly the cases a bar or a cell counts', async () => {
    const chen = await signedInAs(ds, 'chen.jing')
    for (const f of [{}, { channel: 'phone' as const }, { text: searchWord }]) {
      const v = await view(f)
      const cells = [...v.byCategory.slice(0, 3), ...v.bySeverity.slice(-2)]
      for (const c of cells) {
        const b = v.buckets.find((x) => x.key === c.bucket)!
        const dim = v.byCategory.includes(c) ? { category: c.code } : { severity: c.code }
        const drill = { ...f, ...dim, receivedFrom: b.from, receivedTo: b.to }
        const n = data<CaseCountResponse>(await chen('cases.count', { filter: drill }))
        expect(n, JSON.stringify(drill)).toMatchObject({ count: c.cases, capped: false })
      }
      for (const cell of v.unitCategory.filter((x) => v.units.find((u) => u.id === x.unitId)?.drillable).slice(0, 4)) {
        const n = data<CaseCountResponse>(await chen('cases.count', { filter: { ...f, unitId: cell.unitId!, category: cell.code, receivedFrom: v.period.from, receivedTo: v.period.to } }))
        expect(n.count).toBe(cell.cases)
      }
    }
  })
})

describe('after new cases, tags, reviews and a re-audit through the real writers', () => {
  it('still answers as plain SQL counts do', async () => {
    // New cases: a second seeding appends to the archive (the seeding writer, in its own transaction).
    await seedArchive(ds, { seed: 13, cases: 300, from: '2025-06-01', to: '2025-12-31' })
    // An audit of part of the archive (rows replaced in place), then tags and reviews through the handlers.
    await runAudit(ds, { actor: 'test', from: '2025-06-01', to: '2026-01-01' })
    const chen = await signedInAs(ds, 'chen.jing')
    const wang = await signedInAs(ds, 'wang.fang')
    const ids: number[] = (await ds.query(`SELECT id FROM cases WHERE received_at >= '2025-01-01T00:00:00+08' ORDER BY id LIMIT 30`)).map((r: { id: number }) => r.id)
    for (const [i, id] of ids.slice(0, 12).entries()) {
      data(await chen('rootCauses.setCase', { caseId: id, primary: { code: ['RC06.01', 'RC04', 'RC09'][i % 3] }, secondary: [] }))
    }
    data(await chen('rootCauses.bulkTag', { target: { caseIds: ids.slice(12, 20) }, code: 'RC06', role: 'primary', expectedCount: 8 }))
    // A taxonomy merge re-points tags.
    const users = data<UserSummary[]>(await wang('users.list', {}))
    const plan = data<PlanSummary>(await wang('plans.create', { name: '趋势测试', receivedFrom: '2025-01-01', receivedTo: '2025-12-31', sampleRate: 0.01, sampleSeed: 7,
      includeFlagged: false, reviewerIds: [users.find((u) => u.username === 'chen.jing')!.id] }))
    expect(plan.total).toBeGreaterThan(0)
    const queue = data<ReviewQueue>(await chen('reviews.queue', { scope: 'mine' }))
    for (const row of queue.rows.slice(0, 3)) {
      let r = data<ReviewDetail>(await chen('reviews.get', { id: row.id }))
      for (const rule of r.rules) r = data<ReviewDetail>(await chen('reviews.saveRule', { id: r.id, version: r.version, rule: rule.code, decision: 'confirmed' }))
      const failing = r.rules.filter((x) => x.finalStatus === 'fail').map((x) => x.code)
      if (failing.length) r = data<ReviewDetail>(await chen('reviews.saveFinding', { id: r.id, version: r.version, finding: { rule: failing[0], severity: 'medium', description: '时限未达标', requiredAction: '整改', ownerUnitId: null, dueOn: '2026-12-31' } }))
      r = data<ReviewDetail>(await chen('reviews.saveConclusion', { id: r.id, version: r.version, conclusion: failing.length ? 'non_compliant' : 'compliant', opinion: null }))
      r = data<ReviewDetail>(await chen('reviews.submit', { id: r.id, version: r.version }))
      data(await wang('reviews.decide', { id: r.id, version: r.version, decision: 'approve', comment: '' }))
    }
    const v = await view({})
    expect(v.kpis.current.reviewed).toBe(3)
    expect(v.kpis.current.tagged).toBeGreaterThanOrEqual(20)
    await checkAll(true)
    // The whole-archive audit again (the staging table swapped in): results that differ from the stored
    // ones (made stale here on purpose) are applied to the summaries by the swap itself.
    await ds.query(`UPDATE audit_results SET internal = repeat('U', 16), regulatory = repeat('F', 16) WHERE case_id IN (SELECT case_id FROM audit_results ORDER BY case_id LIMIT 60)`)
    const stale = await view({})
    expect(stale.kpis.current.onTime.internal.cannotTell).toBeGreaterThan(v.kpis.current.onTime.internal.cannotTell)
    await runAudit(ds, { actor: 'test' })
    expect((await view({})).kpis.current.onTime).toEqual(v.kpis.current.onTime)
    await checkAll(true)
  }, 300_000)
})
