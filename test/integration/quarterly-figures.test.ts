import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { quarterlyFigures } from '../../src-main/stats/quarterly-figures'
import { parseQuarter, previousQuarter, quarterRange } from '../../src-main/stats/quarter'
import { chartPng } from '../../src-main/charts/render'
import { monthlyTrendOption, ratesOption } from '../../src-main/shared/quarter-charts'
import { causeSection } from '../../src-main/documents/quarterly-report'
import { ensureDemoUsers } from '../../src-main/auth/users'
import { connect, data, resetArchive, signedInAs } from './db'

let ds: DataSource
beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 31, cases: 3000 })
  await runAudit(ds, { actor: 'test' })
})
afterAll(async () => ds?.destroy())

/** The same figures the long way: every case of the archive read once and counted in JavaScript. */
async function byHand(from: string, to: string) {
  const rows: { received_at: Date; severity: string; channel: string; satisfaction: string | null; internal: string | null }[] =
    await ds.query('SELECT c.received_at, c.severity, c.channel, c.satisfaction, a.internal FROM cases c LEFT JOIN audit_results a ON a.case_id = c.id')
  const day = (d: Date): string => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
  const inQ = rows.filter((r) => day(r.received_at) >= from && day(r.received_at) < to)
  const revisited = inQ.filter((r) => r.satisfaction)
  return {
    cases: inQ.length,
    major: inQ.filter((r) => r.severity === 'major').length,
    phone: inQ.filter((r) => r.channel === 'phone').length,
    handledInTime: inQ.filter((r) => r.internal?.[3] === 'P').length / inQ.length,
    satisfaction: revisited.filter((r) => r.satisfaction !== 'dissatisfied').length / revisited.length
  }
}

describe('quarterly figures', () => {
  it('quarters run from the first day to the first day of the next, in China time', () => {
    expect(quarterRange(parseQuarter('2025Q4'))).toEqual({ from: '2025-10-01', to: '2026-01-01' })
    expect(previousQuarter(parseQuarter('2025Q1'))).toEqual({ year: 2024, q: 4 })
    expect(() => parseQuarter('2025Q5')).toThrow(/2025Q3/)
  })

  it('agree with counting the archive by hand, for the quarter, the one before and the same one last year', async () => {
    const f = await quarterlyFigures(ds, parseQuarter('2025Q3'))
    const now = await byHand('2025-07-01', '2025-10-01')
    expect(f.kpis).toMatchObject({ cases: now.cases, major: now.major })
    expect(f.kpis.cases).toBeGreaterThan(100)
    expect(f.kpis.handledInTime).toBeCloseTo(now.handledInTime, 10)
    expect(f.kpis.satisfaction).toBeCloseTo(now.satisfaction, 10)
    expect(f.byChannel.find((c) => c.code === 'phone')!.count).toBe(now.phone)
    expect(f.previous.cases).toBe((await byHand('2025-04-01', '2025-07-01')).cases)
    expect(f.lastYear.cases).toBe((await byHand('2024-07-01', '2024-10-01')).cases)
    expect(f.monthly.map((m) => m.month)).toEqual(['2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09'])
    expect(f.monthly.slice(-3).reduce((a, m) => a + m.count, 0)).toBe(now.cases)
    expect(f.majorCases).toHaveLength(now.major)
    expect(f.rectification.total).toBe(f.rectification.done + f.rectification.overdue + f.rectification.open)
  })

  it('renders its charts to PNG images on the server', async () => {
    const f = await quarterlyFigures(ds, parseQuarter('2025Q3'))
    for (const option of [
      monthlyTrendOption(f.monthly, f.monthly.slice(-3).map((m) => m.month)),
      ratesOption(['受理及时率', '办结及时率'], [{ name: '本季度', values: [f.kpis.acceptedInTime, f.kpis.handledInTime] }])
    ]) {
      const png = chartPng(option, 800, 360)
      expect(png.subarray(1, 4).toString()).toBe('PNG')
      // IHDR: width and height at 2× the chart's size.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1600, 720])
      expect(png.length).toBeGreaterThan(20_000)
    }
  })

  it('counts the main causes by the root-cause taxonomy once cases are tagged, the JR/T code beside each (by the JR/T axis before)', async () => {
    const q = parseQuarter('2025Q2')
    const before = await quarterlyFigures(ds, q)
    expect(before).toMatchObject({ tagged: 0, rootCauses: [] })
    const untagged = JSON.stringify(causeSection(before))
    expect(untagged).toContain('尚未标注问题根源')
    await ensureDemoUsers(ds)
    const chen = await signedInAs(ds, 'chen.jing')
    const ids: number[] = (await ds.query(`SELECT id FROM cases WHERE received_at >= '2025-04-01T00:00:00+08' AND received_at < '2025-07-01T00:00:00+08' ORDER BY id LIMIT 9`)).map((r: { id: number }) => r.id)
    // Second-level tags roll up to their first level: RC06.01 counts as RC06.
    for (const [i, id] of ids.entries()) data(await chen('rootCauses.setCase', { caseId: id, primary: { code: ['RC06.01', 'RC06', 'RC04'][i % 3] }, secondary: [] }))
    const f = await quarterlyFigures(ds, q)
    expect(f.tagged).toBe(9)
    expect(f.rootCauses.map((c) => [c.code, c.count])).toEqual([['RC06', 6], ['RC04', 3]])
    const [rc06] = await ds.query(`SELECT name_zh, jrt_cause FROM rc_nodes WHERE code = 'RC06'`)
    expect(f.rootCauses[0]).toMatchObject({ name: rc06.name_zh, jrt: rc06.jrt_cause })
    const text = JSON.stringify(causeSection(f))
    expect(text).toContain(`${rc06.name_zh}（${rc06.jrt_cause}）`)
    expect(text).toContain('已标注问题根源9件')
    // Another quarter keeps its own (untagged) figures.
    expect((await quarterlyFigures(ds, parseQuarter('2025Q3'))).tagged).toBe(0)
  })
})
