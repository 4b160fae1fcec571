// The unit ranking's modes and order, the Pareto's change wording, axis labels that never run together, and a
// chart's rows as CSV/XLSX read them (shared/ranking-charts.ts, pareto-chart.ts, chart-data.ts).
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { CHART_WORDS } from '../../src-main/shared/chart-text'
import { amountBoxOption, unitRankOption, unitRanking } from '../../src-main/shared/ranking-charts'
import { changeText, wrapLabel } from '../../src-main/shared/pareto-chart'
import { chartRows } from '../../src-main/shared/chart-data'

const zh = CHART_WORDS['zh-CN']
const units = [{ id: 1, name: '总行', drillable: false }, { id: 2, name: '北京分行', drillable: true }, { id: 3, name: '上海分行', drillable: true }, { id: 4, name: '广州分行', drillable: true }]
const cells = (xs: [number, number][]): { unitId: number; code: string; cases: number }[] => xs.flatMap(([unitId, n]) => [{ unitId, code: 'a', cases: n - 1 }, { unitId, code: 'b', cases: 1 }])

describe('the unit ranking', () => {
  it('ranks per 10,000 customers only when every ranked unit has a count, else by count and names the others', () => {
    const view = { units, unitCategory: cells([[1, 5], [2, 40], [3, 30], [4, 20]]) }
    const raw = unitRanking(view, [{ unitId: 2, year: 2025, customers: 100_000 }], zh)
    expect(raw.mode).toBe('raw')
    expect(raw.rows.map((r) => [r.label, r.cases])).toEqual([['北京分行', 40], ['上海分行', 30], ['广州分行', 20], ['总行（总行本部）', 5]])
    expect(raw.missing).toEqual(['上海分行', '广州分行', '总行（总行本部）'])
    expect((unitRankOption('排名', raw, zh).title as { subtext: string }).subtext).toBe('按投诉件数排列：上海分行、广州分行、总行（总行本部）未维护客户数')
    const all = unitRanking(view, [1, 2, 3, 4].map((unitId) => ({ unitId, year: unitId === 4 ? 2024 : 2025, customers: unitId * 10_000 })), zh)
    expect(all.mode).toBe('per10k')
    expect(all.rows.map((r) => [r.unitId, r.per10k])).toEqual([[2, 20], [3, 10], [1, 5], [4, 5]])
    expect(all.years).toEqual([2024, 2025])
    expect((unitRankOption('排名', all, zh).title as { subtext: string }).subtext).toBe('按每万名客户投诉件数排列（客户数：2024–2025年）')
  })

  it('keeps every unit\'s count and orders by the rate (property)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5_000_000 })), { minLength: 1, maxLength: 12 }), (xs) => {
      const us = xs.map((_, i) => ({ id: i + 1, name: `U${i + 1}`, drillable: true }))
      const r = unitRanking({ units: us, unitCategory: xs.map(([n], i) => ({ unitId: i + 1, code: 'a', cases: n })) }, xs.map(([, c], i) => ({ unitId: i + 1, year: 2025, customers: c })), zh)
      expect(r.mode).toBe('per10k')
      expect(r.rows.reduce((s, x) => s + x.cases, 0)).toBe(xs.reduce((s, [n]) => s + n, 0))
      for (const x of r.rows) expect(x.per10k).toBe((x.cases * 10_000) / x.customers!)
      for (let i = 1; i < r.rows.length; i++) expect(r.rows[i - 1].per10k!).toBeGreaterThanOrEqual(r.rows[i].per10k!)
    }))
  })
})

describe('the Pareto\'s change against the previous period', () => {
  it.each([
    [12, 10, '+2（+20.0%）'], [8, 10, '−2（−20.0%）'], [10, 10, '0'], [4, 0, '+4（上期无数据）'], [0, 3, '−3（−100.0%）']
  ])('%i now, %i before → %s', (now, before, text) => expect(changeText(now, before, '上期无数据')).toBe(text))
})

describe('axis labels', () => {
  it.each([
    ['服务质量投诉', 5, '服务质量投\n诉'], ['Clearing', 5, 'Clearing'], ['Service quality', 5, 'Service\nquality'],
    ['Counter business', 4, 'Counter\nbusiness'], ['Informationtechnology', 4, 'Informa…']
  ])('%s at %i characters a line → %j', (text, width, want) => expect(wrapLabel(text, width)).toBe(want))
})

describe('a chart\'s rows', () => {
  it('reads a horizontal bar chart top (largest) first, and a box plot as its five figures and the offers', () => {
    const ranking = unitRanking({ units, unitCategory: cells([[2, 40], [3, 30]]) }, [], zh)
    expect(chartRows(unitRankOption('排名', ranking, zh))).toEqual([['', '投诉件数'], ['北京分行', 40], ['上海分行', 30]])
    const box = amountBoxOption('分布', [{ code: 'a', label: '甲', offers: 4, min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4 }], zh)
    expect(chartRows(box)).toEqual([['', '最小值', '下四分位', '中位数', '上四分位', '最大值', '笔数'], ['甲', 1, 1.75, 2.5, 3.25, 4, 4]])
  })
})
