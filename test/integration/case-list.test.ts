import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { listCases } from '../../src-main/cases/list-query'
import { countCases } from '../../src-main/cases/case-count'
import { caseListSchema, type CaseFilter, type CaseSort } from '../../src-main/shared/contract'
import { connect, resetArchive } from './db'

let ds: DataSource
const ids = async (sql: string, params: unknown[] = []): Promise<number[]> => ((await ds.query(sql, params)) as { id: number }[]).map((r) => r.id)

/** Every page of the list, following the cursors. */
async function walk(filter: CaseFilter, sort: CaseSort = 'received_at', dir: 'asc' | 'desc' = 'desc', limit = 250, walkSteps?: number[]): Promise<number[]> {
  const out: number[] = []
  let cursor: string | undefined
  for (let guard = 0; guard < 100; guard++) {
    const req = caseListSchema.parse({ filter, sort, dir, cursor, limit })
    const page = await listCases(ds, req, walkSteps ? { walkSteps } : undefined)
    out.push(...page.rows.map((r) => r.id))
    if (!page.nextCursor) return out
    cursor = page.nextCursor
  }
  throw new Error('too many pages')
}

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 11, cases: 3000 })
})
afterAll(async () => ds?.destroy())

describe('case list', () => {
  it('pages through the whole archive newest first, each case once', async () => {
    const expected = await ids('SELECT id FROM cases ORDER BY received_at DESC, id DESC')
    expect(await walk({})).toEqual(expected)
  })

  it.each<[CaseSort, 'asc' | 'desc', string]>([
    ['received_at', 'asc', 'received_at ASC, id ASC'],
    ['closed_at', 'desc', 'closed_at DESC, id DESC'],
    ['case_no', 'asc', 'case_no ASC, id ASC']
  ])('sorts by %s %s across pages', async (sort, dir, order) => {
    expect(await walk({}, sort, dir)).toEqual(await ids(`SELECT id FROM cases ORDER BY ${order}`))
  })

  it.each<[string, CaseFilter, string, unknown[]]>([
    ['channel', { channel: 'regulator' }, `channel = 'regulator'`, []],
    ['category', { category: 'product' }, `category = 'product'`, []],
    ['severity', { severity: 'major' }, `severity = 'major'`, []],
    ['business line', { businessLine: 'wealth' }, `business_line = 'wealth'`, []],
    ['group', { group: true }, `is_group`, []],
    ['repeat', { repeat: true }, `repeat_of_id IS NOT NULL`, []],
    ['received range (CST days)', { receivedFrom: '2024-03-01', receivedTo: '2024-03-31' },
      `received_at >= '2024-03-01T00:00:00+08:00' AND received_at < '2024-04-01T00:00:00+08:00'`, []],
    ['combined', { channel: 'phone', severity: 'general', receivedFrom: '2025-01-01' },
      `channel = 'phone' AND severity = 'general' AND received_at >= '2025-01-01T00:00:00+08:00'`, []]
  ])('filters by %s', async (_name, filter, where, params) => {
    const expected = await ids(`SELECT id FROM cases WHERE ${where} ORDER BY received_at DESC, id DESC`, params)
    expect(expected.length).toBeGreaterThan(0)
    expect(await walk(filter)).toEqual(expected)
    expect((await countCases(ds, filter)).count).toBe(expected.length)
  })

  it('filters by a branch including its sub-branches', async () => {
    const [{ id }] = (await ds.query(`SELECT id FROM units WHERE code = 'BR1'`)) as { id: number }[]
    const expected = await ids(`SELECT c.id FROM cases c JOIN units u ON u.id = c.unit_id WHERE u.id = $1 OR u.parent_id = $1 ORDER BY received_at DESC, c.id DESC`, [id])
    expect(expected.length).toBeGreaterThan(0)
    expect(await walk({ unitId: id })).toEqual(expected)
  })

  it.each(['理财', '扣费', '销户', '理财产品', '征信', '费', 'APP'])('finds “%s” exactly where summary or request contain it', async (term) => {
    const expected = await ids(
      `SELECT id FROM cases WHERE summary ILIKE '%' || $1 || '%' OR request ILIKE '%' || $1 || '%' ORDER BY received_at DESC, id DESC`, [term])
    const found = await walk({ text: term })
    if (term !== 'APP') expect(expected.length).toBeGreaterThan(0)
    expect(found).toEqual(expected)
  })

  it.each<[CaseSort, 'asc' | 'desc', string]>([
    ['received_at', 'asc', 'received_at ASC, id ASC'],
    ['closed_at', 'desc', 'closed_at DESC, id DESC'],
    ['case_no', 'desc', 'case_no DESC, id DESC']
  ])('pages a text search sorted by %s %s, probe then windows, in exact order', async (sort, dir, order) => {
    const plans = [[150, 300], [40], [4000], [25, 50, 100], [10, 2000]]
    for (const [k, term] of ['理财', '征信', '催收', '理财产品', '年费'].entries()) {
      const expected = await ids(`SELECT id FROM cases WHERE summary LIKE '%' || $1 || '%' OR request LIKE '%' || $1 || '%' ORDER BY ${order}`, [term])
      expect(expected.length).toBeGreaterThan(0)
      expect(await walk({ text: term }, sort, dir, 37, plans[k])).toEqual(expected)
    }
  })

  it('combines a text search with other filters in every step', async () => {
    const expected = await ids(`SELECT id FROM cases WHERE channel = 'phone' AND (summary LIKE '%扣费%' OR request LIKE '%扣费%') ORDER BY received_at DESC, id DESC`)
    expect(expected.length).toBeGreaterThan(0)
    expect(await walk({ text: '扣费', channel: 'phone' }, 'received_at', 'desc', 20, [60, 120])).toEqual(expected)
  })

  it.each<[string, CaseFilter, string]>([
    ['severity', { text: '理财', severity: 'major' }, `severity = 'major'`],
    ['category and business line', { text: '费', category: 'product', businessLine: 'retail' }, `category = 'product' AND business_line = 'retail'`],
    ['channel and severity', { text: '扣费', channel: 'counter', severity: 'general' }, `channel = 'counter' AND severity = 'general'`],
    ['a branch', { text: '费', unitId: -1 }, `(unit_id = $1 OR unit_id IN (SELECT id FROM units WHERE parent_id = $1))`]
  ])('combines a text search with %s, whichever way each page is found', async (_name, filter, where) => {
    const [{ id: branch }] = (await ds.query(`SELECT id FROM units WHERE code = 'BR1'`)) as { id: number }[]
    const f = filter.unitId ? { ...filter, unitId: branch } : filter
    const term = f.text!
    // Each sort walks a different index, which covers different filters.
    for (const [sort, order] of [['received_at', 'received_at DESC, id DESC'], ['closed_at', 'closed_at DESC, id DESC'], ['case_no', 'case_no DESC, id DESC']] as const) {
      const expected = await ids(
        `SELECT id FROM cases WHERE ${where} AND (summary LIKE '%' || $${f.unitId ? 2 : 1} || '%' OR request LIKE '%' || $${f.unitId ? 2 : 1} || '%') ORDER BY ${order}`,
        f.unitId ? [branch, term] : [term])
      expect(expected.length).toBeGreaterThan(3)
      // Short steps end in the GIN index within the first pages; long ones walk the whole archive.
      for (const steps of [[30, 60], [5000]]) expect(await walk(f, sort, 'desc', 20, steps)).toEqual(expected)
      // Fewer cases than the count's sample: the count is exact.
      expect(await countCases(ds, f)).toEqual({ count: expected.length, capped: false, estimate: expected.length })
    }
  })

  it('combines a text search with a sub-branch, and finds nothing for a unit that does not exist', async () => {
    const [{ id: sub }] = (await ds.query(`SELECT unit_id AS id FROM cases GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1`)) as { id: number }[]
    const expected = await ids(`SELECT id FROM cases WHERE unit_id = $1 AND (summary LIKE '%费%' OR request LIKE '%费%') ORDER BY received_at DESC, id DESC`, [sub])
    expect(expected.length).toBeGreaterThan(3)
    for (const steps of [[30, 60], [5000]]) expect(await walk({ text: '费', unitId: sub }, 'received_at', 'desc', 20, steps)).toEqual(expected)
    const byClosing = await ids(`SELECT id FROM cases WHERE unit_id = $1 AND (summary LIKE '%费%' OR request LIKE '%费%') ORDER BY closed_at ASC, id ASC`, [sub])
    expect(await walk({ text: '费', unitId: sub }, 'closed_at', 'asc', 20, [30, 60])).toEqual(byClosing)
    expect(await walk({ unitId: 999_999 })).toEqual([])
    expect((await countCases(ds, { unitId: sub })).count).toBe((await ids('SELECT id FROM cases WHERE unit_id = $1', [sub])).length)
  })

  it('matches nothing for a search of punctuation only', async () => {
    expect(await walk({ text: '，。' })).toEqual([])
  })

  it('caps the count and gives the planner estimate beyond the cap', async () => {
    const capped = await countCases(ds, {}, 1000)
    expect(capped.capped).toBe(true)
    expect(capped.count).toBe(1000)
    expect(capped.estimate).toBeGreaterThanOrEqual(1000)
    const exact = await countCases(ds, {})
    expect(exact).toEqual({ count: 3000, capped: false, estimate: 3000 })
  })

  it('counts a text search exactly when the other filters leave few cases, and estimates it otherwise', async () => {
    const exact = await ids(`SELECT id FROM cases WHERE channel = 'regulator' AND (summary LIKE '%理财%' OR request LIKE '%理财%')`)
    expect(await countCases(ds, { text: '理财', channel: 'regulator' })).toEqual({ count: exact.length, capped: false, estimate: exact.length })
    const all = (await ids(`SELECT id FROM cases WHERE summary LIKE '%费%' OR request LIKE '%费%'`)).length
    const small = await countCases(ds, { text: '费' }, 100, 500)
    expect(small.capped).toBe(true)
    expect(small.count).toBeGreaterThan(0)
    expect(small.count).toBeLessThanOrEqual(all)
    expect(small.estimate).toBeGreaterThan(all * 0.5)
    expect(small.estimate).toBeLessThan(all * 2)
    expect(await countCases(ds, { text: '，' })).toEqual({ count: 0, capped: false, estimate: 0 })
    // Severity and category are tested with the text within the sample, not used to choose it.
    const serious = await ids(`SELECT id FROM cases WHERE channel = 'phone' AND severity = 'serious' AND category = 'product' AND (summary LIKE '%费%' OR request LIKE '%费%')`)
    expect(serious.length).toBeGreaterThan(0)
    expect(await countCases(ds, { text: '费', channel: 'phone', severity: 'serious', category: 'product' })).toEqual({ count: serious.length, capped: false, estimate: serious.length })
    const sampled = await countCases(ds, { text: '费', severity: 'serious' }, 100, 500)
    const allSerious = (await ids(`SELECT id FROM cases WHERE severity = 'serious' AND (summary LIKE '%费%' OR request LIKE '%费%')`)).length
    expect(sampled.capped).toBe(true)
    expect(sampled.estimate).toBeGreaterThan(allSerious * 0.5)
    expect(sampled.estimate).toBeLessThan(allSerious * 2)
  })

  it('masks the complainant in list rows', async () => {
    const page = await listCases(ds, caseListSchema.parse({ limit: 50 }))
    for (const r of page.rows) expect(r.complainantName === '匿名' || r.complainantName.includes('*')).toBe(true)
  })
})
