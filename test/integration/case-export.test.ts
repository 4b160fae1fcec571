// The case list's export (issue 10, point 11) against a real database and real files: for a table of
// filters the file holds exactly the list's cases in the list's order (and its count); CSV with a BOM;
// every formula prefix neutralised in CSV and XLSX; personal data masked, in full only for the records
// office with a reason, and every export in the trail; a cancelled export leaves no file; XLSX split
// into sheets with the header repeated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import { seedArchive } from '../../src-main/demo/loader'
import { ensureDemoUsers } from '../../src-main/auth/users'
import type { AppContext } from '../../src-main/app/context'
import { listCases } from '../../src-main/cases/list-query'
import { countCases } from '../../src-main/cases/case-count'
import { CASE_EXPORT_COLUMNS, exportCaseList, type CaseExportRequest } from '../../src-main/cases/case-export'
import { redeemExport } from '../../src-main/documents/download-tickets'
import { trailOf } from '../../src-main/trail/record'
import { caseListSchema, type CaseExportStatus, type CaseFilter, type CaseSort } from '../../src-main/shared/contract'
import { connect, data, resetArchive, signedInTogether, type RawCall } from './db'

let ds: DataSource
let ctx: AppContext
let qian: RawCall
let chen: RawCall
const dir = mkdtempSync(join(tmpdir(), 'dossier-case-export-'))
const HEADER = CASE_EXPORT_COLUMNS.map(([h]) => h)
const col = (h: string): number => HEADER.indexOf(h)

/** Every page of the list (the screen's own query), as case numbers in its order. */
async function listed(filter: CaseFilter, sort: CaseSort, dir: 'asc' | 'desc'): Promise<string[]> {
  const out: string[] = []
  let cursor: string | undefined
  for (;;) {
    const page = await listCases(ds, caseListSchema.parse({ filter, sort, dir, cursor, limit: 500 }))
    out.push(...page.rows.map((r) => r.caseNo))
    if (!page.nextCursor) return out
    cursor = page.nextCursor
  }
}

/** A CSV file's rows without the BOM (which it must start with). */
function csvRows(file: string): string[][] {
  const text = readFileSync(file, 'utf8')
  expect(text.charCodeAt(0)).toBe(0xfeff)
  return parse(text.slice(1), { relax_column_count: false }) as string[][]
}

async function exported(req: Partial<CaseExportRequest>, name: string, unmasked = false): Promise<{ rows: number; file: string }> {
  const file = join(dir, name)
  const rows = await exportCaseList(ds, { filter: {}, sort: 'received_at', dir: 'desc', format: 'csv', ...req }, file, { unmasked })
  return { rows, file }
}

/** Polls the caller's export until it stops. */
async function finished(call: RawCall): Promise<CaseExportStatus> {
  for (let i = 0; i < 400; i++) {
    const s = data<CaseExportStatus>(await call('cases.exportStatus', {}))
    if (!s.running) return s
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('export did not finish')
}

let hostile: { id: number; case_no: string; phone: string; id_no: string; name: string }

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 41, cases: 1500 })
  await ensureDemoUsers(ds)
  ;({ ctx, calls: [qian, chen] } = await signedInTogether(ds, ['qian.yu', 'chen.jing']))
  ;[hostile] = (await ds.query(`SELECT id, case_no, complainant_phone AS phone, complainant_id_no AS id_no, complainant_name AS name
    FROM cases WHERE complainant_phone IS NOT NULL AND complainant_id_no IS NOT NULL AND complainant_name IS NOT NULL ORDER BY id LIMIT 1`)) as typeof hostile[]
}, 240_000)
afterAll(async () => ds?.destroy())

describe('the case list export', () => {
  it.each<[string, CaseFilter, CaseSort, 'asc' | 'desc']>([
    ['no filter', {}, 'received_at', 'desc'],
    ['a channel', { channel: 'phone' }, 'received_at', 'desc'],
    ['severity and business line', { severity: 'general', businessLine: 'retail' }, 'closed_at', 'asc'],
    ['a received range', { receivedFrom: '2024-03-01', receivedTo: '2024-09-30' }, 'case_no', 'asc'],
    ['group cases', { group: true }, 'received_at', 'asc'],
    ['repeat cases', { repeat: true }, 'case_no', 'desc'],
    ['cases not yet tagged', { rootCause: 'none', category: 'service_quality' }, 'received_at', 'desc'],
    ['a text search', { text: '理财' }, 'received_at', 'desc'],
    ['a text search with a channel', { text: '银行', channel: 'phone' }, 'closed_at', 'desc'],
    ['nothing searchable', { text: '。。' }, 'received_at', 'desc']
  ])('holds exactly the list\'s cases in its order: %s', async (_name, filter, sort, dir) => {
    const { rows, file } = await exported({ filter, sort, dir }, `eq-${_name}.csv`)
    const lines = csvRows(file)
    expect(lines[0]).toEqual(HEADER)
    const caseNos = lines.slice(1).map((l) => l[col('投诉编号')])
    expect(caseNos).toEqual(await listed(filter, sort, dir))
    expect(rows).toBe(caseNos.length)
    const count = await countCases(ds, filter, 100_000)
    if (!count.capped) expect(rows).toBe(count.count)
  })

  it('holds exactly the list\'s cases for a branch with its sub-branches', async () => {
    const [{ id }] = (await ds.query(`SELECT s.parent_id AS id FROM cases c JOIN units s ON s.id = c.unit_id
      WHERE s.parent_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)) as { id: number }[]
    const filter: CaseFilter = { unitId: id, severity: 'general' }
    const { rows, file } = await exported({ filter }, 'branch.csv')
    expect(rows).toBeGreaterThan(0)
    expect(csvRows(file).slice(1).map((l) => l[0])).toEqual(await listed(filter, 'received_at', 'desc'))
  })

  it.each([
    ['=', '=HYPERLINK("http://evil.example","点我")'], ['+', '+1+cmd|" /C calc"!A0'], ['-', '-2+3+cmd|" /C calc"!A0'],
    ['@', '@SUM(1+1)*cmd|" /C calc"!A0'], ['tab', '\t=1+1'], ['carriage return', '\r=1+1']
  ])('neutralises a cell starting with %s in CSV and XLSX', async (_name, text) => {
    await ds.query('UPDATE cases SET summary = $2 WHERE id = $1', [hostile.id, text])
    const filter: CaseFilter = {}
    const csv = csvRows((await exported({ filter }, 'inj.csv')).file)
    const row = csv.find((l) => l[col('投诉编号')] === hostile.case_no)!
    expect(row[col('投诉摘要')]).toBe(`'${text}`)
    const xlsx = (await exported({ filter, format: 'xlsx' }, 'inj.xlsx')).file
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(xlsx)
    let cell: ExcelJS.Cell | undefined
    book.worksheets[0].eachRow((r) => { if (r.getCell(1).value === hostile.case_no) cell = r.getCell(col('投诉摘要') + 1) })
    expect(cell?.formula).toBeUndefined()
    // (XML reads a carriage return in text as a line feed: the cell still starts with the apostrophe.)
    expect(cell?.value).toBe(`'${text}`.replace(/\r/g, '\n'))
  })

  it('masks personal data unless asked in full', async () => {
    const masked = csvRows((await exported({}, 'masked.csv')).file).find((l) => l[0] === hostile.case_no)!
    const text = masked.join(',')
    for (const v of [hostile.phone, hostile.id_no, hostile.name]) expect(text).not.toContain(v)
    expect(masked[col('联系电话')]).toMatch(/\*/)
    const full = csvRows((await exported({}, 'full.csv', true)).file).find((l) => l[0] === hostile.case_no)!
    expect([full[col('投诉人')], full[col('联系电话')], full[col('证件号码')]]).toEqual([hostile.name, hostile.phone, hostile.id_no])
  })

  it.each(['csv', 'xlsx'] as const)('stops when cancelled and leaves no %s file, partial or whole', async (format) => {
    const abort = new AbortController()
    const file = join(dir, `cancelled.${format}`)
    // Cancelled once the header is written and the cases counted, before the rows are fetched.
    await expect(exportCaseList(ds, { filter: {}, sort: 'received_at', dir: 'desc', format }, file, {
      signal: abort.signal, onProgress: () => abort.abort()
    })).rejects.toMatchObject({ name: 'AbortError' })
    await new Promise((r) => setTimeout(r, 200))
    expect(readdirSync(dir).filter((f) => f.startsWith('cancelled'))).toEqual([])
  })

  it('splits XLSX into sheets of the given size, the header on each', async () => {
    const file = join(dir, 'split.xlsx')
    const filter: CaseFilter = { channel: 'phone' }
    const rows = await exportCaseList(ds, { filter, sort: 'case_no', dir: 'asc', format: 'xlsx' }, file, { sheetRows: 100 })
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(file)
    expect(book.worksheets.length).toBe(Math.ceil(rows / 99))
    expect(book.worksheets.map((s) => s.name).slice(0, 2)).toEqual(['投诉案件', '投诉案件 2'])
    const nos: string[] = []
    for (const s of book.worksheets) {
      expect(s.actualRowCount).toBeLessThanOrEqual(100)
      expect((s.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER)
      s.eachRow((r, i) => { if (i > 1) nos.push(String(r.getCell(1).value)) })
    }
    expect(nos).toEqual(await listed(filter, 'case_no', 'asc'))
  })
})

describe('cases.exportStart', () => {
  it('runs as a job with progress, gives a one-use download, and is in the trail', async () => {
    const filter: CaseFilter = { channel: 'regulator' }
    const started = data<CaseExportStatus>(await chen('cases.exportStart', { filter, format: 'csv' }))
    expect(started).toMatchObject({ running: true, format: 'csv', unmasked: false })
    const done = await finished(chen)
    expect(done).toMatchObject({ running: false, cancelled: false, error: null })
    expect(done.done).toBe(done.total)
    expect(done.total).toBe((await listed(filter, 'received_at', 'desc')).length)
    const ticket = new URL(done.downloadUrl!, 'http://x').searchParams.get('ticket')
    const got = redeemExport(ctx, ticket)
    if (!got || 'refused' in got) throw new Error('no file')
    expect(csvRows(got.path).length - 1).toBe(done.total)
    expect(redeemExport(ctx, ticket)).toMatchObject({ refused: expect.any(String) })
    const trail = (await trailOf(ds, 'export', 'cases')).filter((t) => t.actor === 'chen.jing')
    expect(trail.map((t) => t.action)).toEqual(['export', 'export_done'])
    expect(trail[0].after).toMatchObject({ format: 'csv', filter, unmasked: false, reason: null })
    expect(trail[1].after).toMatchObject({ rows: done.total })
  })

  it('gives personal data in full only to the records office, with a reason it records', async () => {
    expect(await chen('cases.exportStart', { format: 'csv', unmasked: true, reason: '监管检查' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await qian('cases.exportStart', { format: 'csv', unmasked: true })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await qian('cases.exportStart', { format: 'pdf' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    data(await qian('cases.exportStart', { filter: { group: true }, format: 'xlsx', unmasked: true, reason: '监管检查' }))
    expect(await finished(qian)).toMatchObject({ running: false, unmasked: true, error: null })
    const trail = (await trailOf(ds, 'export', 'cases')).filter((t) => t.actor === 'qian.yu')
    expect(trail[0]).toMatchObject({ action: 'export', after: { unmasked: true, reason: '监管检查', format: 'xlsx' } })
  })

  it('leaves the exports folder free of partial files', () => {
    expect(readdirSync(join(ctx.documentsDir, 'exports')).filter((f) => f.includes('.part'))).toEqual([])
  })
})
