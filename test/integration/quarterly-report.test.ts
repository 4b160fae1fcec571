// The 季度投诉分析报告, opened as a records office would: layout, the summary written from the figures, the KPI
// table against the previous quarter and last year, the chart images, the 重大 case list, no personal data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unzipSync } from 'fflate'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { issueQuarterlyReport } from '../../src-main/documents/quarterly-report'
import { quarterlyFigures } from '../../src-main/stats/quarterly-figures'
import { parseQuarter } from '../../src-main/stats/quarter'
import { documentsOf, sha256 } from '../../src-main/documents/registry'
import { assertLayout, assertTables, parts, text } from './docx-reading'
import { connect, resetArchive } from './db'

let ds: DataSource
const out = mkdtempSync(join(tmpdir(), 'dossier-quarterly-'))
beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 41, cases: 3000 })
  await runAudit(ds, { actor: 'test' })
})
afterAll(async () => ds?.destroy())

describe('季度投诉分析报告', () => {
  it('is a GB/T 9704 document with the figures, the comparison table, five charts and the JR/T appendix, and no personal data', async () => {
    const q = parseQuarter('2025Q3')
    const issued = await issueQuarterlyReport(ds, q, { outDir: out, actor: 'test', now: new Date('2025-10-15T02:00:00Z') })
    const bytes = readFileSync(issued.path)
    expect(issued.sha256).toBe(sha256(bytes))
    const p = parts(bytes)
    assertLayout(p)
    expect(assertTables(p['word/document.xml'])).toBeGreaterThanOrEqual(7)
    const all = text(p['word/document.xml'])
    const f = await quarterlyFigures(ds, q)
    expect(all).toContain('2025年第三季度投诉分析报告')
    expect(all).toMatch(/〔2025〕投诉分析第[1-9]\d*号/) // a serial in the year of issue, not the quarter again (document-numbers.test.ts)
    expect(all).toContain(`全行共受理客户投诉${f.kpis.cases.toLocaleString('zh-CN')}件`)
    for (const heading of ['一、总体情况', '二、趋势与分布', '三、主要投诉原因', '四、重大投诉情况', '五、补偿/赔偿情况', '六、整改落实情况', '投诉分类统计表（JR/T 0169—2018）']) expect(all).toContain(heading)
    for (const m of f.majorCases.slice(0, 5)) expect(all).toContain(m.caseNo)
    expect(all).toContain('2025年10月15日')
    // The five charts of the trend view (quarterly-charts.ts), embedded as PNG.
    const media = Object.keys(unzipSync(bytes)).filter((k) => k.startsWith('word/media/'))
    expect(media).toHaveLength(5)
    for (const m of media) expect(Buffer.from(unzipSync(bytes)[m].subarray(1, 4)).toString()).toBe('PNG')
    // Masked rule: no complainant's name, phone or ID number appears anywhere in the report.
    const people: { complainant_name: string; complainant_phone: string }[] = await ds.query(`SELECT complainant_name, complainant_phone FROM cases
      WHERE received_at >= '2025-07-01T00:00:00+08:00' AND received_at < '2025-10-01T00:00:00+08:00' AND complainant_name IS NOT NULL`)
    expect(people.length).toBeGreaterThan(50)
    for (const x of people) {
      expect(all.includes(x.complainant_phone)).toBe(false)
      if (x.complainant_name.length >= 3) expect(all.includes(x.complainant_name), x.complainant_name).toBe(false)
    }
  })

  it('makes a new version when generated again', async () => {
    const q = parseQuarter('2025Q3')
    const again = await issueQuarterlyReport(ds, q, { outDir: out, actor: 'test' })
    expect(again.version).toBe(2)
    expect((await documentsOf(ds, { period: '2025-Q3' })).map((d) => d.version)).toEqual([1, 2])
  })

  it('reads well at any count: a quarter with no case, the archive\'s first quarter, and every quarter in between', async () => {
    const { summaryText } = await import('../../src-main/documents/quarterly-report')
    const [{ first }] = await ds.query(`SELECT to_char(min(received_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY') AS first FROM cases`)
    const start = Number(first)
    const quarters: string[] = []
    for (let y = start - 1; y <= 2026; y++) for (let q = 1; q <= 4; q++) quarters.push(`${y}Q${q}`)
    for (const label of quarters) {
      const q = parseQuarter(label)
      const f = await quarterlyFigures(ds, q)
      const said = summaryText(f, q).join('')
      for (const bad of ['。。', '，。', '；。', '—的', '占—', '100.0%的案件', '下降100.0%', '新增', '−100', 'NaN', 'undefined', 'null']) expect(said, `${label}: ${said}`).not.toContain(bad)
      if (f.kpis.cases === 0) expect(said).toMatch(/全行未受理客户投诉（上季度(\d+件|无数据)，去年同期(\d+件|无数据)），本报告无时效、审查与补偿数据。$/)
      else if (f.previous.cases === 0) expect(said).toContain('上季度无数据')
      else expect(said).toMatch(/环比(增长|下降|持平)/)
    }
    // The quarter before the archive starts, and the archive's first quarter.
    const empty = summaryText(await quarterlyFigures(ds, parseQuarter(`${start - 1}Q1`)), parseQuarter(`${start - 1}Q1`)).join('')
    expect(empty).toBe(`${start - 1}年第一季度，全行未受理客户投诉（上季度无数据，去年同期无数据），本报告无时效、审查与补偿数据。`)
    // The empty quarter's document: its sections say so in a sentence, not 「0笔，合计0.00元」 or 「共0项：已完成0项…」.
    const none = parseQuarter(`${start - 1}Q1`)
    const noneIssued = await issueQuarterlyReport(ds, none, { outDir: out, actor: 'test', now: new Date('2026-11-30T02:00:00Z') })
    const noneDoc = text(parts(readFileSync(noneIssued.path))['word/document.xml'])
    expect(noneDoc).toContain('本季度无补偿/赔偿。')
    expect(noneDoc).toContain('本季度投诉未涉及整改措施。')
    expect(noneDoc).toContain('本季度无重大投诉。')
    expect(noneDoc).toContain('本季度无投诉，无投诉原因可统计。')
    expect(noneDoc).not.toContain('排名前五')
    // No chart of bare axes and no appendix table without rows: a sentence each.
    expect(parts(readFileSync(noneIssued.path))['word/document.xml']).not.toContain('<pic:pic')
    expect(noneDoc).toContain('趋势与分布图从略。')
    expect(noneDoc).toContain('本季度无投诉，各分类均无案件。')
    expect(noneDoc).not.toContain('（一）A 投诉渠道')
    // Its last sentence keeps with the seal block (it stood alone on page 4 of the rendered report otherwise).
    const noneXml = parts(readFileSync(noneIssued.path))['word/document.xml']
    const last = (noneXml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []).find((para) => para.includes('本季度投诉未涉及整改措施。'))
    expect(last).toContain('<w:keepNext/>')
    expect(last).toContain('<w:keepLines/>')
    expect(noneDoc).not.toMatch(/(?<![\d.,])0(件|笔|项|\.00元)/)
    // The archive's first quarter in the document: the previous quarter's column says 无数据, with no change.
    const firstQ = parseQuarter(`${start}Q1`)
    const doc = text(parts(readFileSync((await issueQuarterlyReport(ds, firstQ, { outDir: out, actor: 'test', now: new Date('2026-11-30T02:00:00Z') })).path))['word/document.xml'])
    expect(doc).toContain('上季度无数据')
    expect(doc).toContain('无数据')
    expect(doc).not.toMatch(/−100|新增|NaN/)
  })

  it('refuses a quarter that has not ended unless asked for a 截至某日 interim report, which says so and compares with nothing', async () => {
    const before = (await ds.query('SELECT count(*)::int AS n FROM documents'))[0].n
    // The boundary is midnight China time: 2026Q4 ends at 2027-01-01 00:00 +08:00 = 2026-12-31T16:00Z.
    const cases: [string, string, 'refused' | 'interim' | 'final', string][] = [
      ['2026Q4', '2026-12-01T02:00:00Z', 'refused', '尚未结束'],
      ['2026Q4', '2026-12-31T15:59:59Z', 'refused', '尚未结束'],
      ['2027Q1', '2026-12-31T15:59:59Z', 'refused', '尚未开始'],
      ['2027Q2', '2026-12-01T02:00:00Z', 'refused', '尚未开始']
    ]
    for (const [label, now, , message] of cases) {
      for (const interim of [false, true]) {
        if (message === '尚未结束' && interim) continue
        await expect(issueQuarterlyReport(ds, parseQuarter(label), { outDir: out, actor: 'test', now: new Date(now), interim }), `${label} at ${now}`)
          .rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining(message) })
      }
    }
    expect((await ds.query('SELECT count(*)::int AS n FROM documents'))[0].n).toBe(before)
    // Asked for, a running quarter gives a report that says on its cover it is an interim one, with no comparison.
    const [{ month }] = await ds.query(`SELECT to_char(max(received_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month FROM cases`)
    const [y, m] = (month as string).split('-').map(Number)
    const label = `${y}Q${Math.floor((m - 1) / 3) + 1}`
    const now = new Date(Date.UTC(y, m - 1, 20, 2))
    const issued = await issueQuarterlyReport(ds, parseQuarter(label), { outDir: out, actor: 'test', now, interim: true })
    const doc = text(parts(readFileSync(issued.path))['word/document.xml'])
    expect(issued.fileName).toContain(`_interim-${y}-${String(m).padStart(2, '0')}-20_`)
    expect(doc).toContain('投诉分析报告（中期）')
    expect(doc).toContain(`截至${y}年${m}月20日的中期报告`)
    expect(doc).toContain('季度未结束，不作环比、同比')
    expect(doc).not.toMatch(/环比(增长|下降|持平)|同比(增长|下降|持平)|新增|−100/)
    // No comparison in words either: the previous quarter has data, it is only not comparable with part of one.
    const { summaryText } = await import('../../src-main/documents/quarterly-report')
    const said = summaryText(await quarterlyFigures(ds, parseQuarter(label)), parseQuarter(label), now.toISOString()).join('')
    expect(said.replace('不作环比、同比', '')).not.toMatch(/环比|同比|上季度|去年同期|。。|，。/)
    // The same quarter once ended is a final report again.
    const final = await issueQuarterlyReport(ds, parseQuarter(label), { outDir: out, actor: 'test', now: new Date(Date.UTC(y + 1, 2, 1)) })
    expect(text(parts(readFileSync(final.path))['word/document.xml'])).not.toContain('中期')
  })
})
