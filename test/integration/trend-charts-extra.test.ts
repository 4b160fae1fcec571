// Issue 12 points 2 and 7: the unit ranking per 10,000 customers (raw counts where a count is missing, said on
// the chart), the remediation amounts' box plot and the root-cause Pareto against the comparison period each
// equal a plain SQL count over the same filter (a table of filters: none, a channel, a branch with its
// sub-branches, a text search); quartiles are exact on a constructed set; the customer counts are kept by
// administrators only, through the audit trail; the server draws each chart from the view's own panel (SVG
// holding the figures, PNG, XLSX holding the CSV's rows) and the quarterly report embeds those very images.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import ExcelJS from 'exceljs'
import { unzipSync } from 'fflate'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unitScope, whereOf, withText } from '../../src-main/cases/case-filter'
import type { AmountBox, CaseFilter, ChartFile, CustomerRow, TrendExtras, TrendsView } from '../../src-main/shared/contract'
import { CHART_WORDS } from '../../src-main/shared/chart-text'
import { unitRanking } from '../../src-main/shared/ranking-charts'
import { paretoBars, trendPanels } from '../../src-main/shared/trend-panels'
import { chartRows } from '../../src-main/shared/chart-data'
import { trailOf } from '../../src-main/trail/record'
import { issueQuarterlyReport } from '../../src-main/documents/quarterly-report'
import { quarterChartData, quarterChartImages } from '../../src-main/documents/quarterly-charts'
import { parseQuarter } from '../../src-main/stats/quarter'
import { connect, data, signedInAs, type RawCall } from './db'
import { trendArchive } from './trend-archive'

let ds: DataSource
let zhou: RawCall // leadership
let admin: RawCall
let branchWithSubs: number
let searchWord = '服务'
const PERIOD = { grain: 'month' as const, from: '2025-01', to: '2025-06' }
const DAYS = { from: '2025-01-01', to: '2025-06-30' }
const PREVIOUS = { from: '2024-07-01', to: '2024-12-31' }
const words = CHART_WORDS['zh-CN']

const FILTERS: { name: string; filter: () => CaseFilter }[] = [
  { name: 'no filter', filter: () => ({}) },
  { name: 'one channel', filter: () => ({ channel: 'phone' }) },
  { name: 'a branch with its sub-branches', filter: () => ({ unitId: branchWithSubs }) },
  { name: 'text search', filter: () => ({ text: searchWord }) },
  { name: 'category inside months', filter: () => ({ category: 'service_quality', receivedFrom: '2025-02-10', receivedTo: '2025-05-20' }) }
]

/** The case list's conditions for `f` and received in [from, to] (China days), as SQL over `cases c`. */
async function where(f: CaseFilter, days: { from: string; to: string }): Promise<{ sql: string; params: unknown[] }> {
  const w = withText(whereOf(f, { units: await unitScope(ds, f) }))
  const n = w.params.length
  return {
    sql: [...w.sql, `c.received_at >= ($${n + 1}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`, `c.received_at < (($${n + 2}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`].join(' AND '),
    params: [...w.params, days.from, days.to]
  }
}

async function both(f: CaseFilter, period: object = PERIOD): Promise<{ view: TrendsView; extras: TrendExtras }> {
  const [view, extras] = await Promise.all([zhou('trends.view', { filter: f, period }), zhou('trends.extras', { filter: f, period })])
  return { view: data<TrendsView>(view), extras: data<TrendExtras>(extras) }
}

/** Type-7 quantile (linear between closest ranks) of sorted numbers: the definition the box plot promises. */
function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo])
}

beforeAll(async () => {
  ds = await connect()
  ;({ zhou, branchWithSubs } = await trendArchive(ds, 21))
  admin = await signedInAs(ds, 'admin')
  for (const w of ['扣费', '理财', '收费', '利息', '服务', '银行']) {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM cases WHERE summary LIKE '%' || $1 || '%' AND received_at >= '2025-01-01T00:00:00+08'`, [w])
    if (n >= 20 && n < 600) { searchWord = w; break }
  }
  // Primary root causes in both periods, through the real bulk-tagging handler.
  const chen = await signedInAs(ds, 'chen.jing')
  for (const [days, codes] of [[DAYS, ['RC06', 'RC04', 'RC06', 'RC09']], [PREVIOUS, ['RC04', 'RC02', 'RC04']]] as const) {
    const ids: number[] = (await ds.query(`SELECT id FROM cases WHERE received_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')
      AND received_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') ORDER BY id LIMIT 80`, [days.from, days.to])).map((r: { id: number }) => r.id)
    for (const [i, code] of codes.entries()) {
      const slice = ids.slice(i * 20, i * 20 + 20 - i * 3)
      data(await chen('rootCauses.bulkTag', { target: { caseIds: slice }, code, role: 'primary', expectedCount: slice.length }))
    }
  }
}, 180_000)
afterAll(async () => ds?.destroy())

describe('customer counts per unit and year', () => {
  it('are kept by administrators through the audit trail; a sub-branch, a bad figure and other roles are refused', async () => {
    const [hq] = await ds.query(`SELECT id FROM units WHERE kind = 'head_office' LIMIT 1`)
    const [sub] = await ds.query(`SELECT id, name FROM units WHERE kind = 'sub_branch' LIMIT 1`)
    const saved = data<{ row: CustomerRow }>(await admin('trends.saveCustomers', { unitId: hq.id, year: 2025, customers: 250_000 }))
    expect(saved.row).toMatchObject({ unitId: hq.id, year: 2025, customers: 250_000, updatedBy: 'admin' })
    data(await admin('trends.saveCustomers', { unitId: hq.id, year: 2025, customers: 260_000 }))
    expect(data<CustomerRow[]>(await zhou('trends.customers', {})).find((r) => r.unitId === hq.id)?.customers).toBe(260_000)
    expect(data<{ row: null }>(await admin('trends.saveCustomers', { unitId: hq.id, year: 2025, customers: null })).row).toBeNull()
    const trail = await trailOf(ds.manager, 'unit_customers', `${hq.id}:2025`)
    expect(trail.map((t) => [t.action, (t.before as { customers?: number } | null)?.customers ?? null, (t.after as { customers?: number } | null)?.customers ?? null]))
      .toEqual([['create', null, 250_000], ['update', 250_000, 260_000], ['delete', 260_000, null]])
    expect(trail.every((t) => t.actor === 'admin')).toBe(true)
    expect(await admin('trends.saveCustomers', { unitId: sub.id, year: 2025, customers: 10 })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('支行') } })
    expect(await admin('trends.saveCustomers', { unitId: 999_999, year: 2025, customers: 10 })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    for (const bad of [{ customers: 0 }, { customers: -5 }, { customers: 1.5 }, { customers: '1000' }, { year: 1999 }]) {
      expect(await admin('trends.saveCustomers', { unitId: hq.id, year: 2025, customers: 10, ...bad }), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    }
    expect(await zhou('trends.saveCustomers', { unitId: hq.id, year: 2025, customers: 10 })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await (await signedInAs(ds, 'sun.li'))('trends.customers', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })
})

describe('the unit ranking', () => {
  /** Cases per unit as the heat map rolls them up (a sub-branch with its branch), by plain SQL. */
  async function casesPerUnit(f: CaseFilter): Promise<Map<number, number>> {
    const w = await where(f, DAYS)
    const rows: { unit: number; n: number }[] = await ds.query(`SELECT CASE WHEN u.kind = 'sub_branch' THEN u.parent_id ELSE u.id END AS unit, count(*)::int AS n
      FROM cases c JOIN units u ON u.id = c.unit_id WHERE ${w.sql} GROUP BY 1`, w.params)
    return new Map(rows.map((r) => [r.unit, r.n]))
  }

  it('ranks by raw counts while a unit has no customer count, and says which', async () => {
    await ds.query('DELETE FROM unit_customers')
    const units: { id: number; name: string }[] = await ds.query(`SELECT id, name FROM units WHERE kind = 'branch' ORDER BY id LIMIT 2`)
    for (const u of units) data(await admin('trends.saveCustomers', { unitId: u.id, year: 2025, customers: 40_000 + u.id }))
    for (const c of FILTERS) {
      const f = c.filter()
      const { view, extras } = await both(f)
      const r = unitRanking(view, extras.customers, words)
      const want = await casesPerUnit(f)
      expect(new Map(r.rows.map((x) => [x.unitId, x.cases])), c.name).toEqual(want)
      if (r.rows.some((x) => x.customers === null)) {
        expect(r.mode, c.name).toBe('raw')
        expect(r.rows.map((x) => x.cases)).toEqual([...r.rows.map((x) => x.cases)].sort((a, b) => b - a))
        const panel = trendPanels(view, extras, 'zh-CN').find((p) => p.key === 'units')!
        expect((panel.option.title as { subtext: string }).subtext, c.name).toMatch(/^按投诉件数排列：.+未维护客户数$/)
      }
    }
  })

  it('ranks per 10,000 customers once every ranked unit has a count (the latest year up to the period\'s)', async () => {
    await ds.query('DELETE FROM unit_customers')
    const units: { id: number; kind: string }[] = await ds.query(`SELECT id, kind FROM units WHERE kind <> 'sub_branch' ORDER BY id`)
    // Every unit a figure for 2024; one unit a newer one for 2025 (used for a period ending in 2025), one for 2026 (not used).
    for (const u of units) data(await admin('trends.saveCustomers', { unitId: u.id, year: 2024, customers: 10_000 + 137 * u.id }))
    data(await admin('trends.saveCustomers', { unitId: branchWithSubs, year: 2025, customers: 77_777 }))
    const other = units.find((u) => u.id !== branchWithSubs)!.id
    data(await admin('trends.saveCustomers', { unitId: other, year: 2026, customers: 5 }))
    const known = new Map<number, number>(units.map((u) => [u.id, 10_000 + 137 * u.id]))
    known.set(branchWithSubs, 77_777)
    for (const c of FILTERS) {
      const f = c.filter()
      const { view, extras } = await both(f)
      expect(extras.customerYear).toBe(2025)
      const r = unitRanking(view, extras.customers, words)
      const want = await casesPerUnit(f)
      expect(r.mode, c.name).toBe('per10k')
      expect(r.rows.map((x) => [x.unitId, x.cases, x.per10k]).sort(), c.name).toEqual([...want].map(([u, n]) => [u, n, (n * 10_000) / known.get(u)!]).sort())
      expect(r.rows.map((x) => x.per10k)).toEqual([...r.rows.map((x) => x.per10k)].sort((a, b) => b! - a!))
      expect(r.years).toEqual(r.rows.some((x) => x.unitId === branchWithSubs) ? (r.rows.length > 1 ? [2024, 2025] : [2025]) : [2024])
    }
    const { view, extras } = await both({})
    const panel = trendPanels(view, extras, 'zh-CN').find((p) => p.key === 'units')!
    expect((panel.option.title as { subtext: string }).subtext).toBe('按每万名客户投诉件数排列（客户数：2024–2025年）')
  })
})

describe('the remediation amounts per category', () => {
  it('are each category\'s five-number summary, as the offers of the filter\'s cases give them', async () => {
    for (const c of FILTERS) {
      const f = c.filter()
      const { extras } = await both(f)
      const w = await where(f, DAYS)
      const rows: { code: string; amounts: string[] }[] = await ds.query(`SELECT c.category AS code, array_agg(o.amount::text ORDER BY o.amount) AS amounts
        FROM remediation_offers o JOIN cases c ON c.id = o.case_id WHERE ${w.sql} GROUP BY 1 ORDER BY 1`, w.params)
      const want: AmountBox[] = rows.map((r) => {
        const xs = r.amounts.map(Number)
        return { code: r.code, offers: xs.length, min: xs[0], q1: quantile(xs, 0.25), median: quantile(xs, 0.5), q3: quantile(xs, 0.75), max: xs[xs.length - 1] }
      })
      expect(extras.remediationBoxes.length, `${c.name} has offers`).toBeGreaterThan(0)
      expect(extras.remediationBoxes.map((b) => b.code)).toEqual(want.map((b) => b.code))
      for (const [i, b] of extras.remediationBoxes.entries()) for (const k of ['offers', 'min', 'q1', 'median', 'q3', 'max'] as const) expect(b[k], `${c.name} ${b.code} ${k}`).toBeCloseTo(want[i][k], 6)
    }
  })

  it('are exact on a constructed set', async () => {
    // One branch's offers in one category, given the amounts 100, 200, … 100·n: quantile p is 100·(1 + (n−1)·p).
    const f: CaseFilter = { unitId: branchWithSubs, category: 'service_quality' }
    const w = await where(f, DAYS)
    const ids: number[] = (await ds.query(`SELECT o.id FROM remediation_offers o JOIN cases c ON c.id = o.case_id WHERE ${w.sql} ORDER BY o.id`, w.params)).map((r: { id: number }) => r.id)
    expect(ids.length).toBeGreaterThanOrEqual(2)
    await ds.query(`UPDATE remediation_offers o SET amount = 100 * x.k FROM unnest($1::int[]) WITH ORDINALITY x(id, k) WHERE o.id = x.id`, [ids])
    const n = ids.length
    const [box] = (await both(f)).extras.remediationBoxes
    expect(box).toEqual({ code: 'service_quality', offers: n, min: 100, q1: 100 * (1 + (n - 1) * 0.25), median: 100 * (1 + (n - 1) * 0.5), q3: 100 * (1 + (n - 1) * 0.75), max: 100 * n })
    // And a set with a gap: 100, 200, 300, 10 000 (only the first four offers kept in the filter's days).
    if (n >= 4) {
      await ds.query(`UPDATE remediation_offers SET amount = 10000 WHERE id = $1`, [ids[3]])
      await ds.query(`UPDATE cases SET received_at = '2023-01-05T10:00:00+08' WHERE id IN (SELECT case_id FROM remediation_offers WHERE id = ANY($1::int[]))`, [ids.slice(4)])
      const [gap] = (await both(f)).extras.remediationBoxes
      expect(gap).toEqual({ code: 'service_quality', offers: 4, min: 100, q1: 175, median: 250, q3: 2725, max: 10000 })
    }
  })
})

describe('the root-cause Pareto against the comparison period', () => {
  it('counts each first-level cause now and in the previous period as plain SQL does', async () => {
    const count = async (f: CaseFilter, days: { from: string; to: string }): Promise<Map<string, number>> => {
      const w = await where(f, days)
      const rows: { code: string; n: number }[] = await ds.query(`SELECT coalesce(pn.code, n.code) AS code, count(*)::int AS n FROM cases c
        JOIN case_root_causes t ON t.case_id = c.id AND t.role = 'primary' JOIN rc_nodes n ON n.id = t.node_id LEFT JOIN rc_nodes pn ON pn.id = n.parent_id
        WHERE ${w.sql} GROUP BY 1`, w.params)
      return new Map(rows.map((r) => [r.code, r.n]))
    }
    for (const c of FILTERS) {
      const f = c.filter()
      const { view, extras } = await both(f)
      const bars = paretoBars(view, extras.previousRootCauses)
      const now = await count(f, DAYS)
      const before = await count(f, PREVIOUS)
      expect(new Map(bars.filter((b) => b.cases).map((b) => [b.code, b.cases])), c.name).toEqual(now)
      expect(new Map(bars.filter((b) => b.previous).map((b) => [b.code, b.previous])), c.name).toEqual(before)
      expect(bars.map((b) => b.cases)).toEqual([...bars.map((b) => b.cases)].sort((a, b) => b - a))
      if (bars.length) expect(bars[bars.length - 1].cumulative).toBeCloseTo(now.size ? 1 : 0, 9)
    }
    // The unfiltered period has both kinds: a cause only now (RC06, RC09) and one only before (RC02).
    const { view, extras } = await both({})
    const codes = paretoBars(view, extras.previousRootCauses).map((b) => b.code)
    expect(codes).toEqual(expect.arrayContaining(['RC06', 'RC04', 'RC09', 'RC02']))
  })
})

describe('charts drawn on the server', () => {
  const file = async (chart: string, format: string, extra: object = {}): Promise<ChartFile> =>
    data<ChartFile>(await zhou('trends.chartFile', { filter: {}, period: PERIOD, chart, format, ...extra }))

  it('writes SVG holding the series\' figures, from the very panel the view draws', async () => {
    const { view, extras } = await both({})
    const panels = trendPanels(view, extras, 'zh-CN')
    const units = await file('units', 'svg')
    expect(units.mime).toBe('image/svg+xml')
    expect(units.fileName).toBe('各机构投诉排名-2025-01–2025-06.svg')
    const svg = Buffer.from(units.base64, 'base64').toString()
    expect(svg.startsWith('<svg')).toBe(true)
    const ranking = unitRanking(view, extras.customers, words)
    for (const r of ranking.rows) {
      expect(svg).toContain(`>${r.per10k!.toFixed(2)}<`)
      expect(svg).toContain(r.label)
    }
    const pareto = Buffer.from((await file('pareto', 'svg')).base64, 'base64').toString()
    for (const b of paretoBars(view, extras.previousRootCauses)) {
      if (b.cases) expect(pareto).toContain(`>${b.cases}<`)
      if (b.previous) expect(pareto).toContain(`>${b.previous}<`)
    }
    // English labels when asked.
    const en = Buffer.from((await file('units', 'svg', { locale: 'en' })).base64, 'base64').toString()
    expect(en).toContain('Ranked per 10,000 customers')
    // Every chart of the view renders (no panel the server cannot draw).
    for (const p of panels) expect(Buffer.from((await file(p.key, 'svg')).base64, 'base64').toString(), p.key).toMatch(/^<svg[\s\S]*<\/svg>$/)
  }, 120_000)

  it('writes PNG at twice the size and XLSX with the rows of the chart\'s CSV', async () => {
    const png = Buffer.from((await file('remediationBox', 'png', { width: 800 })).base64, 'base64')
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect(png.readUInt32BE(16)).toBe(1600)
    const { view, extras } = await both({})
    for (const key of ['remediationBox', 'units', 'pareto', 'heatmap', 'category'] as const) {
      const x = await file(key, 'xlsx')
      expect(x.fileName.endsWith('.xlsx')).toBe(true)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(Buffer.from(x.base64, 'base64') as unknown as ArrayBuffer)
      const sheet = wb.worksheets[0]
      const got: unknown[][] = []
      sheet.eachRow({ includeEmpty: true }, (row) => { got.push((row.values as unknown[]).slice(1).map((v) => v ?? null)) })
      const want = chartRows(trendPanels(view, extras, 'zh-CN').find((p) => p.key === key)!.option).map((r) => {
        const out = [...r]
        while (out.length && out[out.length - 1] === null) out.pop()
        return out
      })
      expect(got.map((r) => { const out = [...r]; while (out.length && out[out.length - 1] === null) out.pop(); return out }), key).toEqual(want)
      expect(wb.worksheets[1].getCell('A1').value).toBe('图表')
    }
    // The box plot's rows are the five figures and the number of offers.
    const rows = chartRows(trendPanels(view, extras, 'zh-CN').find((p) => p.key === 'remediationBox')!.option)
    const b = extras.remediationBoxes[0]
    expect(rows.slice(1).some((r) => r.slice(1).join() === [b.min, b.q1, b.median, b.q3, b.max, b.offers].join())).toBe(true)
  })

  it('refuses what it cannot draw with a 4xx', async () => {
    for (const bad of [{ chart: 'nope' }, { format: 'pdf' }, { width: 10 }, { locale: 'fr' }]) {
      expect(await zhou('trends.chartFile', { filter: {}, period: PERIOD, chart: 'units', format: 'svg', ...bad }), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    }
  })

  it('embeds the very same images in the quarterly report', async () => {
    const q = parseQuarter('2025Q2')
    const out = mkdtempSync(join(tmpdir(), 'dossier-charts-'))
    const issued = await issueQuarterlyReport(ds, q, { outDir: out, actor: 'test' })
    const files = unzipSync(readFileSync(issued.path))
    const media = Object.keys(files).filter((k) => k.startsWith('word/media/')).map((k) => Buffer.from(files[k]).toString('base64')).sort()
    const images = quarterChartImages(await quarterChartData(ds, q)).map((i) => i.png.toString('base64')).sort()
    expect(media).toHaveLength(5)
    expect(media).toEqual(images)
  }, 120_000)
})
