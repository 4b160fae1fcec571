// Issue 14: hand-made broken files, each with its expected message and the archive checked afterwards.
// The files are generated here, into a temporary folder.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runImport, type ImportOptions } from '../../src-main/import/run'
import { writeErrorFile } from '../../src-main/import/error-file'
import { SourceFileError } from '../../src-main/import/reader'
import { asOwner, connect, resetArchive } from './db'

let ds: DataSource
let unit: string
const dir = mkdtempSync(join(tmpdir(), 'dossier-import-files-'))
const HEADER = ['投诉编号', '投诉时间', '办结时间', '投诉渠道', '机构代码', '业务条线', '业务类别', '严重程度', '客户投诉摘要', '投诉请求', '证件号码', '受理时间']
const q = (c: string): string => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)
const line = (cells: string[]): string => cells.map(q).join(',')
/** A good row: case `no`, received on 2025-03-<day> at 09:00, closed five days later. */
const row = (no: string, over: Partial<Record<string, string>> = {}, day = 3): string[] => {
  const base: Record<string, string> = {
    投诉编号: no, 投诉时间: `2025-03-${String(day).padStart(2, '0')} 09:00`, 办结时间: `2025-03-${String(day + 5).padStart(2, '0')} 17:00`, 投诉渠道: '电话',
    机构代码: unit, 业务条线: '零售', 业务类别: '服务质量投诉', 严重程度: '一般投诉', 客户投诉摘要: '网点排队时间过长', 投诉请求: '要求改进', 证件号码: '', 受理时间: ''
  }
  return HEADER.map((h) => over[h] ?? base[h])
}
const csv = (name: string, rows: string[][], opts: { bom?: boolean; encoding?: string; header?: string[] } = {}): string => {
  const text = [line(opts.header ?? HEADER), ...rows.map(line)].join('\r\n') + '\r\n'
  const file = join(dir, name)
  writeFileSync(file, opts.encoding ? iconv.encode(text, opts.encoding) : (opts.bom ? '\uFEFF' : '') + text)
  return file
}
const caseCount = async (): Promise<number> => (await ds.query('SELECT count(*)::int AS n FROM cases'))[0].n
const imp = (file: string, opts: Partial<ImportOptions> = {}): ReturnType<typeof runImport> => runImport(ds, file, { actor: 'tester', ...opts })

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 5, cases: 10, workers: 0 })
  unit = (await ds.query('SELECT code FROM units ORDER BY id LIMIT 1'))[0].code
})
beforeEach(async () => { await asOwner((o) => o.query('TRUNCATE cases RESTART IDENTITY CASCADE')) })
afterAll(async () => ds?.destroy())

describe('hand-made files', () => {
  it('GBK without BOM is guessed as GB18030 and read as written', async () => {
    const r = await imp(csv('gbk.csv', [row('G1', { 客户投诉摘要: '理财产品收益不达预期，客户要求赔偿损失' }), row('G2')], { encoding: 'gbk' }))
    expect(r.encoding).toBe('gb18030')
    expect(r.counts).toMatchObject({ read: 2, new: 2, invalid: 0 })
    expect((await ds.query(`SELECT summary FROM cases WHERE case_no = 'G1'`))[0].summary).toBe('理财产品收益不达预期，客户要求赔偿损失')
  })

  it('UTF-8 with BOM: the BOM is not part of the first header', async () => {
    const r = await imp(csv('bom.csv', [row('B1')], { bom: true }))
    expect(r.encoding).toBe('utf-8')
    expect(r.counts).toMatchObject({ read: 1, new: 1 })
  })

  it('a wrong encoding: a header it cannot decode refuses the file, a row it cannot decode is invalid', async () => {
    const gbk = csv('gbk2.csv', [row('W1')], { encoding: 'gbk' })
    await expect(imp(gbk, { encoding: 'utf-8' })).rejects.toThrow('表头含无法解码的字符：文件可能不是 utf-8 编码（指定的编码）')
    const utf8Header = Buffer.from(line(HEADER) + '\n', 'utf8')
    const gbkRow = iconv.encode(line(row('W2', { 客户投诉摘要: '理财产品' })) + '\n', 'gbk')
    writeFileSync(join(dir, 'mixed.csv'), Buffer.concat([utf8Header, gbkRow]))
    const r = await imp(join(dir, 'mixed.csv'), { encoding: 'utf-8', dryRun: true })
    expect(r.counts.invalid).toBe(1)
    expect(r.errors[0].message).toMatch(/^第 2 行，列「投诉渠道」，值「[^」]*\uFFFD[^」]*」：含无法解码的字符/)
  })

  it('ragged rows are invalid, the others imported; the error file keeps the original row', async () => {
    const file = join(dir, 'ragged.csv')
    writeFileSync(file, [line(HEADER), line(row('R1')), line(row('R2')) + ',多出一列', line(row('R3').slice(0, 5)), line(row('R4'))].join('\n'))
    const r = await imp(file)
    expect(r.counts).toEqual({ read: 4, new: 2, changed: 0, unchanged: 0, invalid: 2, skipped: 0 })
    expect(r.errors.map((e) => e.message)).toEqual([
      '第 3 行有 13 列，表头有 12 列（列数不齐，可能是引号未闭合或多了分隔符）',
      '第 4 行有 5 列，表头有 12 列（列数不齐，可能是引号未闭合或多了分隔符）'
    ])
    const errFile = join(dir, 'ragged.errors.csv')
    expect(await writeErrorFile(ds, r.importId!, errFile)).toBe(2)
    const text = readFileSync(errFile, 'utf8')
    expect(text).toContain(`${line(row('R2'))},多出一列,3,"第 3 行有 13 列`)
    expect(readdirSync(dir).filter((f) => f.includes('.part-'))).toEqual([])
    expect(await caseCount()).toBe(2)
  })

  it('quotes and line breaks inside fields are kept (CRLF stored as LF); the line number is where the row starts', async () => {
    const r = await imp(csv('quotes.csv', [row('Q1', { 客户投诉摘要: '客户称"理财经理"承诺保本，\r\n实际亏损 12%' }), row('Q2', { 投诉时间: '2025-02-30 09:00' })]))
    expect(r.counts).toMatchObject({ new: 1, invalid: 1 })
    expect((await ds.query(`SELECT summary FROM cases WHERE case_no = 'Q1'`))[0].summary).toBe('客户称"理财经理"承诺保本，\n实际亏损 12%')
    expect(r.errors[0].message).toBe('第 4 行，列「投诉时间」，值「2025-02-30 09:00」：2025 年 2 月只有 28 天')
  })

  it('Excel serial dates: a date without time stays that day in China time', async () => {
    const r = await imp(csv('serial.csv', [row('S1', { 投诉时间: '45725', 办结时间: '45730.75' })]))
    expect(r.counts.new).toBe(1)
    const [c] = await ds.query(`SELECT to_char(received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS r, to_char(closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS c FROM cases WHERE case_no = 'S1'`)
    expect(c).toEqual({ r: '2025-03-09 00:00', c: '2025-03-14 18:00' })
  })

  it('a scientific-notation ID is an error, not an ID', async () => {
    const r = await imp(csv('sci.csv', [row('E1', { 证件号码: '3.50102E+17' }), row('E2', { 证件号码: '350102199001011238' })]))
    expect(r.counts).toMatchObject({ new: 1, invalid: 1 })
    expect(r.errors[0].message).toMatch(/^第 2 行，列「证件号码」，值「3\.50102E\+17」：是科学计数法/)
  })

  it('an empty file is refused; a header-only file imports nothing', async () => {
    writeFileSync(join(dir, 'empty.csv'), '')
    await expect(imp(join(dir, 'empty.csv'))).rejects.toThrow(SourceFileError)
    await expect(imp(join(dir, 'empty.csv'))).rejects.toThrow('文件为空')
    const r = await imp(csv('header-only.csv', []))
    expect(r.counts).toEqual({ read: 0, new: 0, changed: 0, unchanged: 0, invalid: 0, skipped: 0 })
    expect(r.status).toBe('done')
  })

  it('duplicate case numbers in the file: the later ones are invalid', async () => {
    const r = await imp(csv('dup.csv', [row('D1'), row('D2'), row('D1', { 客户投诉摘要: '另一件' })]))
    expect(r.counts).toMatchObject({ read: 3, new: 2, invalid: 1 })
    expect(r.errors[0].message).toBe('第 4 行，列「投诉编号」，值「D1」：投诉编号与第 2 行重复（文件内每件案件只能出现一次）')
    expect((await ds.query(`SELECT summary FROM cases WHERE case_no = 'D1'`))[0].summary).toBe('网点排队时间过长')
  })

  it('a row with no case number is invalid and in the error file, never dropped', async () => {
    const r = await imp(csv('nocase.csv', [row('N1'), row('')]))
    expect(r.counts).toMatchObject({ read: 2, new: 1, invalid: 1 })
    expect(r.errors[0].message).toBe('第 3 行，列「投诉编号」：必填，不能为空')
  })

  it('a bad date among good rows: only that row is refused; all-or-nothing writes nothing', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => row(`A${i}`, i === 7 ? { 办结时间: '2025/13/01' } : {}))
    const all = await imp(csv('bad-date.csv', rows), { allOrNothing: true })
    expect(all.status).toBe('rejected')
    expect(await caseCount()).toBe(0)
    const [rec] = await ds.query('SELECT status, rows_invalid, error FROM imports WHERE id = $1', [all.importId])
    expect(rec).toMatchObject({ status: 'rejected', rows_invalid: 1 })
    const r = await imp(join(dir, 'bad-date.csv'))
    expect(r.counts).toMatchObject({ read: 20, new: 19, invalid: 1 })
    expect(r.errors[0].message).toBe('第 9 行，列「办结时间」，值「2025/13/01」：月份 13 不存在，应为 01–12')
  })

  it('a backwards timeline is imported as it is, with a warning; unknown codes are listed', async () => {
    const r = await imp(csv('backwards.csv', [row('T1', { 受理时间: '2025-03-02 08:00' }), row('T2', { 投诉渠道: '飞鸽传书' })]))
    expect(r.counts).toMatchObject({ new: 1, invalid: 1 })
    expect(r.warnings[0]).toMatch(/^第 2 行：时间线倒置.*受理时间.*早于.*收到投诉时间/)
    expect(r.unknownValues).toEqual({ channel: { 飞鸽传书: 1 } })
    const [imp1] = await ds.query('SELECT warnings FROM imports WHERE id = $1', [r.importId])
    expect(imp1.warnings).toHaveLength(1)
  })

  it('a mapping without a required field is refused before anything is read', async () => {
    const header = HEADER.filter((h) => h !== '办结时间')
    const file = csv('no-closed.csv', [], { header })
    await expect(imp(file)).rejects.toThrow(/映射缺少必填字段：办结时间（closed_at）/)
    expect(await ds.query(`SELECT count(*)::int AS n FROM imports WHERE file_name = 'no-closed.csv'`)).toEqual([{ n: 0 }])
  })

  it('the dry run writes nothing and leaves no import record', async () => {
    const before = (await ds.query('SELECT count(*)::int AS n FROM imports'))[0].n
    const r = await imp(csv('dry.csv', [row('Y1'), row('Y2')]), { dryRun: true })
    expect(r.counts).toMatchObject({ new: 2 })
    expect(r.samples.new.map((s) => s.caseNo)).toEqual(['Y1', 'Y2'])
    expect(await caseCount()).toBe(0)
    expect((await ds.query('SELECT count(*)::int AS n FROM imports'))[0].n).toBe(before)
  })

  it('an XLSX file: the first sheet or a chosen one', async () => {
    const { default: ExcelJS } = await import('exceljs')
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('说明').addRow(['这不是数据'])
    const ws = wb.addWorksheet('案件')
    ws.addRow(HEADER)
    ws.addRow(row('X1', { 投诉时间: '' })).getCell(2).value = new Date(Date.UTC(2025, 2, 9, 14, 5))
    ws.addRow(row('X2', { 证件号码: '' })).getCell(11).value = Number('350102199001011238') // as Excel stores an ID typed as a number
    const file = join(dir, 'book.xlsx')
    await wb.xlsx.writeFile(file)
    await expect(imp(file, { dryRun: true })).rejects.toThrow(/映射缺少必填字段/)
    const r = await imp(file, { sheet: '案件' })
    expect(r.counts).toMatchObject({ read: 2, new: 1, invalid: 1 })
    expect(r.errors[0].message).toMatch(/第 3 行，列「证件号码」，值「3\.50102\d*E\+17」：是科学计数法/)
    const [c] = await ds.query(`SELECT to_char(received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS r FROM cases WHERE case_no = 'X1'`)
    expect(c.r).toBe('2025-03-09 14:05')
  })

  it('no error-file fragment is left next to the error file', () => {
    expect(readdirSync(dir).filter((f) => f.includes('.part-'))).toEqual([])
    expect(existsSync(join(dir, 'ragged.errors.csv'))).toBe(true)
  })
})
