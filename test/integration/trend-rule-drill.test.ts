// Issue 12, point 2 "audit outcome: failures per rule (each of the 16, under each policy set) by unit and product
// over time, drilling down to the failing cases with their evidence": the rule figures of trends.view equal plain
// SQL over audit_results for a table of filters (unit, business line, channel, text search…), before and after
// new cases and an audit re-run arrive through the real writers; a drill-down (the case list's failedRule filter)
// counts exactly the chart's figure, per period and per bucket; and the drilled page's evidence says fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import type { CaseCountResponse, CaseFilter, CaseListResponse, RuleEvidenceResponse, TrendsView } from '../../src-main/shared/contract'
import { connect, data, signedInAs, type RawCall } from './db'
import { trendArchive } from './trend-archive'

let ds: DataSource
let zhou: RawCall // leadership
let chen: RawCall // a reviewer
let branchWithSubs: number
const PERIOD = { grain: 'quarter' as const, from: '2024-01', to: '2025-12' }
const POLICIES = ['internal', 'regulatory'] as const

/** Failed cases per quarter × policy × rule by plain SQL: the cases the filter's own count takes, joined to audit_results. */
async function oracle(f: CaseFilter): Promise<Map<string, number>> {
  const ids = await matching(f)
  const rows: { bucket: string; policy: string; rule: number; n: number }[] = await ds.query(`
    SELECT to_char(date_trunc('quarter', c.received_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD') AS bucket, p.policy, k.rule, count(*)::int AS n
    FROM cases c JOIN audit_results a ON a.case_id = c.id
    CROSS JOIN LATERAL (VALUES ('internal', a.internal), ('regulatory', a.regulatory)) p(policy, letters) CROSS JOIN generate_series(1, 16) k(rule)
    WHERE c.id = ANY($1::int[]) AND substr(p.letters, k.rule, 1) = 'F'
      AND c.received_at >= '2024-01-01T00:00:00+08' AND c.received_at < '2026-01-01T00:00:00+08'
    GROUP BY 1, 2, 3`, [ids])
  return new Map(rows.map((r) => [`${r.bucket}|${r.policy}|${r.rule}`, r.n]))
}

/** The filter's cases, by the plain conditions each filter names (not the app's SQL). */
async function matching(f: CaseFilter): Promise<number[]> {
  const where: string[] = ['true']
  const params: unknown[] = []
  const p = (v: unknown): string => { params.push(v); return `$${params.length}` }
  if (f.unitId) where.push(`(c.unit_id = ${p(f.unitId)} OR c.unit_id IN (SELECT id FROM units WHERE parent_id = $${params.length}))`)
  if (f.businessLine) where.push(`c.business_line = ${p(f.businessLine)}`)
  if (f.channel) where.push(`c.channel = ${p(f.channel)}`)
  if (f.severity) where.push(`c.severity = ${p(f.severity)}`)
  if (f.receivedFrom) where.push(`c.received_at >= (${p(f.receivedFrom)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`)
  if (f.receivedTo) where.push(`c.received_at < ((${p(f.receivedTo)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`)
  if (f.text) where.push(`(c.summary LIKE '%' || ${p(f.text)} || '%' OR c.search_vec @@ plainto_tsquery('simple', $${params.length}))`)
  return ((await ds.query(`SELECT c.id FROM cases c WHERE ${where.join(' AND ')}`, params)) as { id: number }[]).map((r) => r.id)
}

const view = async (f: CaseFilter): Promise<TrendsView> => data<TrendsView>(await zhou('trends.view', { filter: f, period: PERIOD }))
const count = async (f: CaseFilter): Promise<number> => {
  const n = data<CaseCountResponse>(await chen('cases.count', { filter: f }))
  expect(n.capped).toBe(false)
  return n.count
}

// Unit and product (business line) are the filter bar's; the text search is answered by a scan.
const FILTERS: { name: string; filter: () => CaseFilter }[] = [
  { name: 'no filter', filter: () => ({}) },
  { name: 'a branch with its sub-branches', filter: () => ({ unitId: branchWithSubs }) },
  { name: 'one business line', filter: () => ({ businessLine: 'retail' }) },
  { name: 'a business line in a branch', filter: () => ({ businessLine: 'retail', unitId: branchWithSubs }) },
  { name: 'one channel, dates inside months', filter: () => ({ channel: 'phone', receivedFrom: '2024-02-10', receivedTo: '2025-10-20' }) }
]

/** Every rule cell of the view equals the oracle; a few failed bars and cells drill to exactly their count. */
async function checkAll(): Promise<void> {
  for (const c of FILTERS) {
    const f = c.filter()
    const v = await view(f)
    const want = await oracle(f)
    const got = new Map(v.rules.filter((r) => r.failed > 0).map((r) => [`${r.bucket}|${r.policy}|${r.rule}`, r.failed]))
    expect(got, c.name).toEqual(want)
    expect(want.size, `${c.name}: some rule fails`).toBeGreaterThan(0)
    // The period's bar per rule and policy set (the rules chart) drills to its cases.
    const bars = POLICIES.flatMap((policy) => Array.from({ length: 16 }, (_, i) => ({ policy, rule: i + 1,
      failed: v.rules.filter((r) => r.policy === policy && r.rule === i + 1).reduce((s, r) => s + r.failed, 0) })))
    const drilled = (rule: number, policy: typeof POLICIES[number], from: string, to: string): CaseFilter => ({
      ...f, failedRule: rule, failedRulePolicy: policy,
      receivedFrom: f.receivedFrom && f.receivedFrom > from ? f.receivedFrom : from, receivedTo: f.receivedTo && f.receivedTo < to ? f.receivedTo : to })
    for (const b of [...bars.filter((x) => x.failed > 0).slice(0, 4), ...bars.filter((x) => x.policy === 'regulatory' && x.failed > 0).slice(0, 2), bars.find((x) => x.failed === 0)].filter((x) => x !== undefined)) {
      expect(await count(drilled(b.rule, b.policy, v.period.from, v.period.to)), `${c.name}: R${b.rule} ${b.policy}`).toBe(b.failed)
    }
    // A rule × bucket cell (the ruleMonths chart) drills to its bucket's cases.
    for (const cell of v.rules.filter((r) => r.failed > 0).slice(0, 3)) {
      const b = v.buckets.find((x) => x.key === cell.bucket)!
      expect(await count(drilled(cell.rule, cell.policy, b.from, b.to)), `${c.name}: ${cell.bucket} R${cell.rule} ${cell.policy}`).toBe(cell.failed)
    }
  }
}

beforeAll(async () => {
  ds = await connect()
  ;({ zhou, branchWithSubs } = await trendArchive(ds, 21))
  chen = await signedInAs(ds, 'chen.jing')
}, 120_000)
afterAll(async () => ds?.destroy())

describe('the audit outcome per rule', () => {
  it('equals plain SQL over audit_results and drills to exactly the chart count, for each filter', async () => { await checkAll() }, 180_000)

  it('answers a trend view filtered to a failed rule from the cases, with the bar as its case count', async () => {
    const v = await view({})
    const bar = v.rules.filter((r) => r.policy === 'internal' && r.rule === 4).reduce((s, r) => s + r.failed, 0)
    const drilled = await view({ failedRule: 4 })
    expect(drilled.source).toBe('scan')
    expect(drilled.scanReason).toMatch(/审查规则/)
    expect(drilled.kpis.current.cases).toBe(bar)
    expect(drilled.kpis.current.onTime.internal).toMatchObject({ passed: 0, failed: bar, cannotTell: 0 })
  })

  it('shows the rule\'s evidence for the drilled page: every case fails it, stored and recomputed', async () => {
    for (const policy of POLICIES) {
      const v = await view({})
      const rule = v.rules.find((r) => r.policy === policy && r.failed > 0)!.rule
      const page = data<CaseListResponse>(await chen('cases.list', { filter: { failedRule: rule, failedRulePolicy: policy }, limit: 50 }))
      expect(page.rows.length).toBeGreaterThan(0)
      const ev = data<RuleEvidenceResponse>(await zhou('trends.ruleEvidence', { caseIds: [...page.rows.map((r) => r.id), 999_999], rule, policy }))
      expect(ev.rule).toBe(`R${String(rule).padStart(2, '0')}`)
      expect(ev.rows.map((r) => r.caseId)).toEqual(page.rows.map((r) => r.id))
      for (const r of ev.rows) {
        expect(r, r.caseNo).toMatchObject({ stored: 'fail', status: 'fail' })
        expect(r.reason.length).toBeGreaterThan(0)
        expect(Object.keys(r.evidence).length).toBeGreaterThan(0)
      }
    }
  })

  it('refuses a rule outside R01–R16 with a clear message, and callers outside the trend readers', async () => {
    expect(await chen('cases.count', { filter: { failedRule: 17 } })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/R01–R16/) } })
    expect(await zhou('trends.ruleEvidence', { caseIds: [1], rule: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/R01–R16/) } })
    expect(await chen('cases.count', { filter: { failedRule: 4, failedRulePolicy: 'both' } })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await (await signedInAs(ds, 'sun.li'))('trends.ruleEvidence', { caseIds: [1], rule: 4 })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })
})

describe('after new cases and an audit re-run through the real writers', () => {
  it('still equals plain SQL and drills to the chart count', async () => {
    await seedArchive(ds, { seed: 22, cases: 300, from: '2025-03-01', to: '2025-12-31' })
    await runAudit(ds, { actor: 'test', from: '2025-03-01', to: '2026-01-01' })
    await checkAll()
    // Stored results made stale on purpose, then the whole-archive audit puts them right (the swap applies the change).
    await ds.query(`UPDATE audit_results SET internal = repeat('F', 16), regulatory = repeat('F', 16) WHERE case_id IN (SELECT case_id FROM audit_results ORDER BY case_id DESC LIMIT 40)`)
    await checkAll()
    await runAudit(ds, { actor: 'test' })
    await checkAll()
  }, 400_000)
})
