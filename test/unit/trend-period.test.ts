// The trend view's period (trends/period.ts) and its charts' CSV (shared/trend-charts.ts).
import { describe, expect, it } from 'vitest'
import { resolvePeriod } from '../../src-main/trends/period'
import { stackedOption } from '../../src-main/shared/trend-charts'
import { chartCsv } from '../../src-main/shared/chart-data'

const at = (iso: string): number => Date.parse(iso)

describe('the trend period', () => {
  it.each([
    // grain, from, to, today (China) → buckets, previous, last year
    ['month', '2026-01', '2026-03', '2026-12-01T10:00:00+08:00', ['2026-01', '2026-02', '2026-03'], ['2025-10-01', '2025-12-31'], ['2025-01-01', '2025-03-31']],
    ['quarter', '2025-02', '2025-08', '2026-01-01T00:00:00+08:00', ['2025Q1', '2025Q2', '2025Q3'], ['2024-04-01', '2024-12-31'], ['2024-01-01', '2024-09-30']],
    ['year', '2024-06', '2025-01', '2025-06-30T23:59:00+08:00', ['2024', '2025'], ['2022-01-01', '2023-12-31'], ['2023-01-01', '2024-12-31']]
  ] as const)('%s %s–%s widens to whole buckets and compares like for like', (grain, from, to, now, labels, prev, last) => {
    const p = resolvePeriod({ grain, from, to }, at(now))
    expect(p.buckets.map((b) => b.label)).toEqual(labels)
    expect([p.previous.from, p.previous.to]).toEqual(prev)
    expect([p.lastYear.from, p.lastYear.to]).toEqual(last)
  })

  it('marks the bucket holding today (China time) partial and later ones future', () => {
    // 2026-11-30 17:00 UTC is already 1 December in China.
    const p = resolvePeriod({ grain: 'month', from: '2026-10', to: '2027-01' }, at('2026-11-30T17:00:00Z'))
    expect(p.buckets.map((b) => [b.label, b.partial, b.future])).toEqual([['2026-10', false, false], ['2026-11', false, false], ['2026-12', true, false], ['2027-01', false, true]])
    expect(p.range).toMatchObject({ partial: true, asOf: '2026-12-01' })
    expect(resolvePeriod({ grain: 'month', from: '2025-01', to: '2025-12' }, at('2026-12-01T00:00:00Z')).range).toMatchObject({ partial: false, asOf: null })
  })

  it('runs over a year boundary and February of a leap year', () => {
    const p = resolvePeriod({ grain: 'month', from: '2023-12', to: '2024-02' }, at('2026-01-01T00:00:00Z'))
    expect(p.buckets.map((b) => [b.from, b.to])).toEqual([['2023-12-01', '2023-12-31'], ['2024-01-01', '2024-01-31'], ['2024-02-01', '2024-02-29']])
    expect(p.previous).toMatchObject({ from: '2023-09-01', to: '2023-11-30' })
  })
})

describe('a chart as CSV', () => {
  const p = resolvePeriod({ grain: 'month', from: '2026-11', to: '2026-12' }, at('2026-12-05T00:00:00Z'))
  const text = { unit: '件', total: '合计', share: '占比', asOf: '2026-12-05', partial: (d: string) => `截至 ${d}` }
  const option = stackedOption('按类别', p.buckets, [{ bucket: '2026-11-01', code: 'a', cases: 3 }, { bucket: '2026-12-01', code: 'b', cases: 2 }],
    [{ code: 'a', label: '服务, 质量' }, { code: 'b', label: '=HYPERLINK("x")' }], text)

  it('has one row per bucket and one column per series, readable by Excel, no formula let through', () => {
    const csv = chartCsv(option)
    expect(csv.startsWith('\ufeff')).toBe(true)
    expect(csv.slice(1).split('\r\n')).toEqual([',"服务, 质量","\'=HYPERLINK(""x"")"', '2026-11,3,0', '2026-12,0,2', ''])
  })

  it('draws the partial bucket faint and labels it', () => {
    const series = option.series as { data: { itemStyle?: { opacity: number } }[]; markArea?: { label: { formatter: string } } }[]
    expect(series[1].data[1].itemStyle?.opacity).toBeLessThan(1)
    expect(series[0].data[0].itemStyle).toBeUndefined()
    // An empty part of the partial bucket has no dashed edge (it would draw a line at zero).
    expect(series[0].data[1].itemStyle).toBeUndefined()
    expect(series[0].markArea?.label.formatter).toBe('截至 2026-12-05')
  })
})
