// Issue 12: every chart and KPI of the trend view equals a plain SQL count over the same filter, for a table of
// filters (summary-covered and not: text search, root cause, dates inside a month, a branch with its
// sub-branches), before and after new cases, tags, reviews and a re-audit arrive through the real writers —
// the test never refreshes the summaries itself — and a drill-down's case count equals the chart's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { sourceFor, type SummaryTable } from '../../src-main/trends/source'
import { trendsView } from '../../src-main/trends/query'
import { trendExtras } from '../../src-main/trends/extras'
import type { CaseCountResponse, CaseFilter, PlanSummary, ReviewDetail, ReviewQueue, TrendsView, UserSummary } from '../../src-main/shared/contract'
import { connect, data, signedInAs, type RawCall } from './db'
import { trendArchive } from './trend-archive'
import { figures, oracleOf, type Oracle } from './trend-oracle'

let ds: DataSource
let zhou: RawCall // leadership
let branchWithSubs: number
let searchWord: string
const PERIOD = { grain: 'month' as const, from: '2024-01', to: '2025-12' }
const DAYS = { from: '2024-01-01', to: '2025-12-31' }

const oracle = (f: CaseFilter): Promise<Oracle> => oracleOf(ds, f, DAYS)

async function view(f: CaseFilter, period: object = PERIOD): Promise<TrendsView> {
  return data<TrendsView>(await zhou('trends.view', { filter: f, period }))
}

// `table`: the summary that answers (source.ts): trend_month for dates, a unit and a category only; trend_month_dim
// for one of channel, severity, business line, group, repeat besides; trend_summary for two or more of those.
const FILTERS: { name: string; filter: () => CaseFilter; source: 'summary' | 'scan'; table?: SummaryTable }[] = [
  { name: 'no filter', filter: () => ({}), source: 'summary', table: 'trend_month' },
  { name: 'one category', filter: () => ({ category: 'counter_business' }), source: 'summary', table: 'trend_month' },
  { name: 'a category in a branch, whole months', filter: () => ({ category: 'service_quality', unitId: branchWithSubs, receivedFrom: '2024-02-01', receivedTo: '2025-05-31' }), source: 'summary', table: 'trend_month' },
  { name: 'one channel', filter: () => ({ channel: 'phone' }), source: 'summary', table: 'trend_month_dim' },
  { name: 'one severity', filter: () => ({ severity: 'serious' }), source: 'summary', table: 'trend_month_dim' },
  { name: 'one business line', filter: () => ({ businessLine: 'credit_card' }), source: 'summary', table: 'trend_month_dim' },
  { name: 'not group complaints', filter: () => ({ group: false }), source: 'summary', table: 'trend_month_dim' },
  { name: 'repeat complaints', filter: () => ({ repeat: true }), source: 'summary', table: 'trend_month_dim' },
  { name: 'category and severity', filter: () => ({ category: 'service_quality', severity: 'general' }), source: 'summary', table: 'trend_month_dim' },
  { name: 'a channel and a category in a branch, whole months', filter: () => ({ channel: 'counter', category: 'service_quality', unitId: branchWithSubs, receivedFrom: '2024-03-01', receivedTo: '2025-08-31' }), source: 'summary', table: 'trend_month_dim' },
  { name: 'a branch with its sub-branches', filter: () => ({ unitId: branchWithSubs }), source: 'summary', table: 'trend_month' },
  { name: 'group complaints', filter: () => ({ group: true }), source: 'summary', table: 'trend_month_dim' },
  { name: 'not repeat, one business line, whole months', filter: () => ({ repeat: false, businessLine: 'retail', receivedFrom: '2024-04-01', receivedTo: '2025-06-30' }), source: 'summary', table: 'trend_summary' },
  { name: 'channel and severity in a branch', filter: () => ({ channel: 'phone', severity: 'general', unitId: branchWithSubs }), source: 'summary', table: 'trend_summary' },
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
    expect((await sourceFor(ds, f)).table, `${c.name}: the summary read`).toBe(c.table ?? null)
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
  ;({ zhou, branchWithSubs } = await trendArchive(ds, 12))
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

  it('searches the text once for the whole view, and reads the facts, not the wide case rows, when no search is asked', async () => {
    // The real database, its statements counted: the search (search_vec) in one statement for every panel.
    const statements: string[] = []
    const counting = { query: (sql: string, params?: unknown[]) => { statements.push(sql); return ds.query(sql, params) } }
    for (const f of [{ text: searchWord }, { text: searchWord, unitId: branchWithSubs }, { receivedFrom: '2024-03-15', receivedTo: '2025-02-10' }, { rootCause: 'RC06' }] as CaseFilter[]) {
      statements.length = 0
      const v = await trendsView(counting, f, PERIOD)
      expect(v.source).toBe('scan')
      expect(statements.filter((q) => /\bFROM cases c\b|JOIN cases c\b/.test(q)), JSON.stringify(f)).toHaveLength(1)
      expect(await view(f)).toMatchObject({ kpis: v.kpis, series: v.series })
    }
    for (const f of [{}, { unitId: branchWithSubs }, { channel: 'phone' }] as CaseFilter[]) {
      statements.length = 0
      await trendExtras(counting as unknown as DataSource, f, PERIOD)
      expect(statements.filter((q) => /\bcases c\b/.test(q)), JSON.stringify(f)).toHaveLength(0)
    }
  })

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
