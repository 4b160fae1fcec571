// Issue 12 point 6: the regulator's table (JR/T 0169 A channel × B business × C cause) equals a plain SQL count
// for a table of filters, and its CSV (UTF-8 BOM) and XLSX carry the same figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { ensureDemoUsers } from '../../src-main/auth/users'
import type { CaseFilter, RegulatoryFile, RegulatoryTable } from '../../src-main/shared/contract'
import { connect, data, resetArchive, signedInAs, type RawCall } from './db'

let ds: DataSource
let zhou: RawCall
let branch: number
const PERIOD = { grain: 'quarter' as const, from: '2025-01', to: '2025-06' }

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 6, cases: 800, from: '2024-10-01', to: '2025-09-30' })
  await ensureDemoUsers(ds)
  zhou = await signedInAs(ds, 'zhou.qiang')
  ;[{ id: branch }] = await ds.query(`SELECT u.id FROM units u WHERE u.kind = 'branch' AND EXISTS (SELECT 1 FROM units s WHERE s.parent_id = u.id) ORDER BY u.id LIMIT 1`)
  // Some cases without codes: they count under 未编码 on that axis.
  await ds.query(`UPDATE cases SET jrt_business = NULL WHERE id IN (SELECT id FROM cases WHERE received_at >= '2025-02-01T00:00:00+08' ORDER BY received_at LIMIT 25)`)
}, 120_000)
afterAll(async () => ds?.destroy())

/** The plain count: days and conditions written out by hand. */
async function oracle(where: string, params: unknown[], from: string, to: string): Promise<string[]> {
  const rows = (await ds.query(`SELECT coalesce(jrt_channel, '') || '|' || coalesce(jrt_business, '') || '|' || coalesce(jrt_cause, '') || '|' || count(*) AS l FROM cases c
    WHERE c.received_at >= '${from}T00:00:00+08' AND c.received_at < ('${to}'::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' ${where ? `AND ${where}` : ''}
    GROUP BY jrt_channel, jrt_business, jrt_cause`, params)) as { l: string }[]
  return rows.map((r) => r.l).sort()
}

const CASES: { name: string; filter: () => CaseFilter; where: () => [string, unknown[]]; from: string; to: string }[] = [
  { name: 'no filter', filter: () => ({}), where: () => ['', []], from: '2025-01-01', to: '2025-06-30' },
  { name: 'one channel', filter: () => ({ channel: 'phone' }), where: () => [`c.channel = 'phone'`, []], from: '2025-01-01', to: '2025-06-30' },
  { name: 'severity and category', filter: () => ({ severity: 'general', category: 'service_quality' }), where: () => [`c.severity = 'general' AND c.category = 'service_quality'`, []], from: '2025-01-01', to: '2025-06-30' },
  { name: 'a branch with its sub-branches', filter: () => ({ unitId: branch }), where: () => [`c.unit_id IN (SELECT id FROM units WHERE id = $1 OR parent_id = $1)`, [branch]], from: '2025-01-01', to: '2025-06-30' },
  { name: 'the filter\'s own dates inside the period', filter: () => ({ receivedFrom: '2025-02-10', receivedTo: '2025-08-31' }), where: () => ['', []], from: '2025-02-10', to: '2025-06-30' },
  { name: 'group complaints', filter: () => ({ group: true }), where: () => ['c.is_group', []], from: '2025-01-01', to: '2025-06-30' }
]

describe('regulatory statistics (JR/T 0169)', () => {
  it.each(CASES)('equal a plain count: $name', async (c) => {
    const t = data<RegulatoryTable>(await zhou('stats.regulatory', { filter: c.filter(), period: PERIOD }))
    const [where, params] = c.where()
    const want = await oracle(where, params, c.from, c.to)
    expect(want.length).toBeGreaterThan(0)
    expect(t.cells.map((r) => `${r.channel}|${r.business}|${r.cause}|${r.cases}`).sort()).toEqual(want)
    expect(t.total).toBe(t.cells.reduce((s, r) => s + r.cases, 0))
    expect(t.range).toMatchObject({ from: c.from, to: c.to })
  })

  it('a text search counts the cases the case list finds', async () => {
    const filter = { text: '银行' }
    const t = data<RegulatoryTable>(await zhou('stats.regulatory', { filter, period: PERIOD }))
    const count = data<{ count: number }>(await zhou('cases.count', { filter: { ...filter, receivedFrom: '2025-01-01', receivedTo: '2025-06-30' } }))
    expect(t.total).toBe(count.count)
  })

  it('exports CSV with a BOM and XLSX with the same cells, codes kept as text', async () => {
    const t = data<RegulatoryTable>(await zhou('stats.regulatory', { filter: {}, period: PERIOD }))
    expect(t.uncoded).toBeGreaterThan(0)
    const csv = data<RegulatoryFile>(await zhou('stats.regulatoryExport', { filter: {}, period: PERIOD, format: 'csv' }))
    expect(csv.fileName).toBe('JR-T0169_分类统计_2025-01-01_2025-06-30.csv')
    const bytes = Buffer.from(csv.base64, 'base64')
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = parse(bytes.toString('utf8'), { bom: true }) as string[][]
    expect(rows[0]).toEqual(['投诉渠道代码', '投诉渠道', '业务类型代码', '业务类型', '投诉原因代码', '投诉原因', '投诉件数'])
    const body = rows.slice(1, -1)
    expect(body.map((r) => `${r[0]}|${r[2]}|${r[4]}|${r[6]}`).sort()).toEqual(t.cells.map((r) => `${r.channel}|${r.business}|${r.cause}|${r.cases}`).sort())
    expect(body.some((r) => r[3] === '未编码')).toBe(true)
    expect(rows.at(-1)).toEqual(['合计', '', '', '', '', '', String(t.total)])

    const xlsx = data<RegulatoryFile>(await zhou('stats.regulatoryExport', { filter: {}, period: PERIOD, format: 'xlsx' }))
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['分类统计', '业务类型×投诉原因', '各轴合计'])
    const sheet = wb.getWorksheet('分类统计')!
    const cells: string[] = []
    sheet.eachRow((row, n) => { if (n > 1 && row.getCell(1).value !== '合计') cells.push(`${row.getCell(1).value}|${row.getCell(3).value}|${row.getCell(5).value}|${row.getCell(7).value}`) })
    expect(cells.sort()).toEqual(t.cells.map((r) => `${r.channel}|${r.business}|${r.cause}|${r.cases}`).sort())
    const cross = wb.getWorksheet('业务类型×投诉原因')!
    const last = cross.getRow(cross.rowCount)
    expect(last.getCell(last.cellCount).value).toBe(t.total)
  })

  it('is refused to roles without trend access and for a bad period', async () => {
    const legal = await signedInAs(ds, 'sun.li')
    expect(await legal('stats.regulatory', { filter: {}, period: PERIOD })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await zhou('stats.regulatoryExport', { filter: {}, period: PERIOD, format: 'pdf' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await zhou('stats.regulatory', { filter: {}, period: { grain: 'month', from: '2025-06', to: '2025-01' } })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
  })
})
