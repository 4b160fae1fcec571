// The offers export (legal.export) against a real database: every offer matching the filter (the list's own
// count), CSV with a BOM and XLSX alike, personal data in free text masked, formula-like text neutralised,
// the one-use download ticket, and the export in the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { seedArchive } from '../../src-main/demo/loader'
import { ensureDemoUsers } from '../../src-main/auth/users'
import type { AppContext } from '../../src-main/app/context'
import { redeemExport } from '../../src-main/documents/download-tickets'
import { trailOf } from '../../src-main/trail/record'
import { EXPORT_COLUMNS } from '../../src-main/legal/offer-export'
import { connect, data, resetArchive, signedInTogether, type RawCall } from './db'

let ds: DataSource
let ctx: AppContext
let he: RawCall
let chen: RawCall
let hostileId: number

type Exported = { rows: number; fileName: string; savedTo: string | null; downloadUrl: string | null }

/** The file behind a browser-mode answer, through its one-use ticket. */
function fileOf(res: Exported): string {
  const ticket = new URL(res.downloadUrl!, 'http://x').searchParams.get('ticket')
  const got = redeemExport(ctx, ticket)
  if (!got || 'refused' in got) throw new Error('no file')
  expect(redeemExport(ctx, ticket)).toMatchObject({ refused: expect.any(String) })
  return got.path
}

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 31, cases: 900 })
  await ensureDemoUsers(ds)
  ;({ ctx, calls: [he, chen] } = await signedInTogether(ds, ['he.jun', 'chen.jing']))
  ;[{ id: hostileId }] = (await ds.query('SELECT id FROM remediation_offers ORDER BY id LIMIT 1')) as { id: number }[]
  await ds.query(`UPDATE remediation_offers SET basis = $2, terms = $3 WHERE id = $1`,
    [hostileId, '=HYPERLINK("http://evil.example","点我") 客户电话13812345678', '@SUM(1+1) 身份证110101199003076578'])
})
afterAll(async () => ds?.destroy())

describe('legal.export', () => {
  it('writes every offer matching the filter as CSV with a BOM, masked and formula-neutralised, and records it', async () => {
    const filter = { businessLine: 'wealth' }
    const listed = data<{ total: number }>(await he('legal.offers', { filter, limit: 1 }))
    const res = data<Exported>(await he('legal.export', { filter, format: 'csv' }))
    expect(res.rows).toBe(listed.total)
    const text = readFileSync(fileOf(res), 'utf8')
    expect(text.charCodeAt(0)).toBe(0xfeff)
    const lines = text.slice(1).trimEnd().split('\r\n')
    expect(lines[0]).toBe(EXPORT_COLUMNS.map(([h]) => h).join(','))
    expect(lines.length - 1).toBe(res.rows)

    const all = data<Exported>(await he('legal.export', { format: 'csv' }))
    const body = readFileSync(fileOf(all), 'utf8')
    const [{ n }] = (await ds.query('SELECT count(*)::int AS n FROM remediation_offers')) as { n: number }[]
    expect(all.rows).toBe(n)
    const hostile = body.split('\r\n').find((l) => l.startsWith(`${hostileId},`))!
    expect(hostile).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"") 客户电话`)
    expect(hostile).toContain(`'@SUM(1+1)`)
    expect(hostile).not.toContain('13812345678')
    expect(hostile).not.toContain('110101199003076578')

    const trail = await trailOf(ds, 'export', 'legal_offers')
    expect(trail.at(-1)).toMatchObject({ actor: 'he.jun', action: 'export', after: { format: 'csv', filter: {}, queue: 'all', rows: n } })
    expect(trail.find((t) => (t.after as { filter: unknown }).filter && JSON.stringify((t.after as { filter: unknown }).filter) === JSON.stringify(filter))).toBeTruthy()
  })

  it('writes XLSX with numbers as numbers and text neutralised', async () => {
    const res = data<Exported>(await he('legal.export', { filter: { amountMin: 0 }, queue: 'todo', format: 'xlsx' }))
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(fileOf(res))
    const sheet = book.worksheets[0]
    expect(sheet.actualRowCount - 1).toBe(res.rows)
    const amountCol = EXPORT_COLUMNS.findIndex(([h]) => h === '金额（元）') + 1
    expect(typeof sheet.getRow(2).getCell(amountCol).value).toBe('number')
    let found = false
    sheet.eachRow((row) => {
      if (row.getCell(1).value !== hostileId) return
      found = true
      expect(String(row.getCell(EXPORT_COLUMNS.findIndex(([h]) => h === '核定依据') + 1).value)).toMatch(/^'=HYPERLINK/)
      expect(row.getCell(EXPORT_COLUMNS.findIndex(([h]) => h === '核定依据') + 1).formula).toBeUndefined()
    })
    expect(found).toBe(true)
  })

  it('is refused to roles without the legal workbench, and for a bad request', async () => {
    expect(await chen('legal.export', { format: 'csv' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await he('legal.export', { format: 'pdf' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await he('legal.export', { format: 'csv', filter: { amountMin: 10, amountMax: 1 } })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
  })

  it('leaves the export folder free of partial files', () => {
    const dir = join(ctx.documentsDir, 'exports')
    expect(readdirSync(dir).filter((f) => f.includes('.part'))).toEqual([])
  })
})
