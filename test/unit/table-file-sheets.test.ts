// The shared table writer's XLSX sheets (issue 10, point 11): Excel holds 1,048,576 rows per worksheet,
// header included, so a longer table goes on in a new sheet with the header repeated; CSV is one table.
// A property over table and sheet sizes, with small sheets (a million rows per case would be slow).
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { openTableFile, XLSX_SHEET_ROWS } from '../../src-main/import/table-file'

const dir = mkdtempSync(join(tmpdir(), 'dossier-sheets-'))
const HEADER = ['编号', '摘要']

async function write(file: string, rows: number, opts: { xlsx: boolean; sheetRows?: number }): Promise<void> {
  const out = openTableFile(file, { ...opts, sheetName: '投诉案件', neutralise: true, header: HEADER })
  for (let i = 1; i <= rows; i++) await out.row([i, i % 2 ? `=cmd${i}` : `文本${i}`])
  await out.close()
}

describe('openTableFile sheets', () => {
  it('splits at Excel\'s limit by default', () => expect(XLSX_SHEET_ROWS).toBe(1_048_576))

  it('refuses a sheet size that leaves no room below the header, or exceeds Excel\'s', () => {
    expect(() => openTableFile(join(dir, 'x.xlsx'), { xlsx: true, sheetName: 's', neutralise: true, header: HEADER, sheetRows: 1 })).toThrow(RangeError)
    expect(() => openTableFile(join(dir, 'x.xlsx'), { xlsx: true, sheetName: 's', neutralise: true, sheetRows: XLSX_SHEET_ROWS + 1 })).toThrow(RangeError)
  })

  it('fills each sheet to the size, header included, every row once and in order', async () => {
    let n = 0
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 2, max: 12 }), async (rows, per) => {
      const file = join(dir, `t${n++}.xlsx`)
      await write(file, rows, { xlsx: true, sheetRows: per })
      const book = new ExcelJS.Workbook()
      await book.xlsx.readFile(file)
      expect(book.worksheets.length).toBe(Math.max(1, Math.ceil(rows / (per - 1))))
      const ids: number[] = []
      book.worksheets.forEach((s, k) => {
        expect(s.name).toBe(k === 0 ? '投诉案件' : `投诉案件 ${k + 1}`)
        expect((s.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER)
        expect(s.actualRowCount).toBeLessThanOrEqual(per)
        s.eachRow((r, i) => { if (i > 1) ids.push(Number(r.getCell(1).value)) })
      })
      expect(ids).toEqual(Array.from({ length: rows }, (_, i) => i + 1))
    }), { numRuns: 25 })
  })

  it('writes CSV as one table after a BOM, whatever the sheet size', async () => {
    const file = join(dir, 't.csv')
    await write(file, 7, { xlsx: false, sheetRows: 3 })
    const text = readFileSync(file, 'utf8')
    expect(text.charCodeAt(0)).toBe(0xfeff)
    const lines = text.slice(1).trimEnd().split('\r\n')
    expect(lines[0]).toBe('编号,摘要')
    expect(lines).toHaveLength(8)
    expect(lines[1]).toBe("1,'=cmd1")
  })
})
