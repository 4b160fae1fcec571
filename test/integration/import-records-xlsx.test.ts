// Issue 14: the other record kinds (units, staff, offers, rectification measures, events) from XLSX as Excel
// writes them — written here with exceljs, the library the import reads them with. The kinds of cell a
// spreadsheet produces, per kind: a date cell, an Excel serial day number (with and without a time of day), a
// number where the source had a code, and an identifier Excel turned into scientific notation (an error with
// its row, column and value, never a code that happens not to exist). Each file is imported again and
// nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runRecordImport } from '../../src-main/import/records/run'
import type { RecordKind } from '../../src-main/shared/import-record-fields'
import { connect, resetArchive } from './db'

let ds: DataSource
const dir = mkdtempSync(join(tmpdir(), 'dossier-import-rec-xlsx-'))
type Cell = string | number | Date | null

/** A workbook of one sheet, cells as given (a number stays a number cell, a Date a date cell). */
async function xlsx(name: string, rows: Cell[][]): Promise<string> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Sheet1')
  for (const r of rows) ws.addRow(r)
  const file = join(dir, name)
  await wb.xlsx.writeFile(file)
  return file
}

/** Excel's serial day number of a China wall-clock time (day 1 = 1900-01-01, origin 1899-12-30). */
const serial = (y: number, m: number, d: number, hh = 0, mm = 0): number => (Date.UTC(y, m - 1, d, hh, mm) - Date.UTC(1899, 11, 30)) / 86_400_000
/** A date cell as exceljs writes one: the wall clock, stored as UTC. */
const dateCell = (y: number, m: number, d: number, hh = 0, mm = 0): Date => new Date(Date.UTC(y, m - 1, d, hh, mm))
const chinaIso = (y: number, m: number, d: number, hh = 0, mm = 0): string => new Date(Date.UTC(y, m - 1, d, hh - 8, mm)).toISOString()

// An 18-digit number as Excel keeps it (a double), and the text the import reads from that cell.
const LONG = Number('350102199001011238')
const SCI = /值「3\.50102\d*E\+17」：是科学计数法/

let cases: { id: number; case_no: string }[]

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 27, cases: 40, workers: 0 })
  cases = await ds.query(`SELECT id, case_no FROM cases c WHERE NOT EXISTS (SELECT 1 FROM remediation_offers o WHERE o.case_id = c.id)
    AND NOT EXISTS (SELECT 1 FROM rectifications r WHERE r.case_id = c.id) ORDER BY id LIMIT 3`)
  expect(cases.length).toBe(3)
})
afterAll(async () => ds?.destroy())

interface Case {
  kind: RecordKind
  name: string
  rows: () => Cell[][]
  /** Rows written (new, or changed: a step of an event file replaces the archive's times of that step) and invalid. */
  counts: { written: number; invalid: number }
  /** The invalid rows' messages, in line order. */
  errors: (string | RegExp)[]
  /** What the archive holds afterwards. */
  check: () => Promise<void>
}

const CASES: Case[] = [
  {
    kind: 'units', name: 'units: a code stored as a number reads as its digits; an 18-digit one is refused',
    rows: () => [['机构代码', '机构名称', '机构类型', '上级机构代码'], [880001, '数字分行', '分行', null], ['XL0101', '数字支行', '支行', 880001], [LONG, '长代码支行', '支行', 880001]],
    counts: { written: 2, invalid: 1 },
    errors: [SCI],
    check: async () => {
      const rows = await ds.query(`SELECT u.code, p.code AS parent FROM units u LEFT JOIN units p ON p.id = u.parent_id WHERE u.code IN ('880001', 'XL0101') ORDER BY u.code`)
      expect(rows).toEqual([{ code: '880001', parent: null }, { code: 'XL0101', parent: '880001' }])
    }
  },
  {
    kind: 'staff', name: 'staff: numeric staff and unit codes; an 18-digit staff code is refused',
    rows: () => [['工号', '姓名', '所属机构代码', '职务'], [10086, '林数', 880001, '柜员'], [LONG, '林长', 'XL0101', '柜员']],
    counts: { written: 1, invalid: 1 },
    errors: [SCI],
    check: async () => {
      const [s] = await ds.query(`SELECT s.name, u.code AS unit FROM staff s JOIN units u ON u.id = s.unit_id WHERE s.code = '10086'`)
      expect(s).toEqual({ name: '林数', unit: '880001' })
    }
  },
  {
    kind: 'offers', name: 'offers: serial and date-cell times, a numeric amount and number; an E-notation case number or offer number is refused',
    rows: () => [
      ['投诉编号', '方案编号', '方案类型', '补偿金额', '审批人工号', '审批时间', '客户接受时间', '支付时间'],
      [cases[0].case_no, 1, '经济补偿', 1200.5, 10086, serial(2025, 3, 9, 14, 5), dateCell(2025, 3, 10, 9, 30), serial(2025, 3, 12)],
      [LONG, 2, '退还费用', 100, null, null, null, null],
      [cases[0].case_no, LONG, '退还费用', 100, null, null, null, null]
    ],
    counts: { written: 1, invalid: 2 },
    errors: [SCI, SCI],
    check: async () => {
      const rows = await ds.query(`SELECT o.source_ref, o.type, o.amount, s.code AS approver, o.approved_at, o.accepted_at, o.paid_at
        FROM remediation_offers o LEFT JOIN staff s ON s.id = o.approver_id WHERE o.case_id = $1`, [cases[0].id])
      expect(rows.map((o: Record<string, unknown>) => ({ ...o, approved_at: (o.approved_at as Date).toISOString(), accepted_at: (o.accepted_at as Date).toISOString(), paid_at: (o.paid_at as Date).toISOString() })))
        .toEqual([{ source_ref: '1', type: 'compensation', amount: '1200.50', approver: '10086', approved_at: chinaIso(2025, 3, 9, 14, 5), accepted_at: chinaIso(2025, 3, 10, 9, 30), paid_at: chinaIso(2025, 3, 12) }])
    }
  },
  {
    kind: 'rectifications', name: 'measures: due and done days as a serial and a date cell stay those days in China time',
    rows: () => [
      ['投诉编号', '整改编号', '整改措施', '责任单位代码', '整改期限', '完成日期'],
      [cases[1].case_no, 'R-1', '修订流程', 880001, serial(2025, 6, 30), dateCell(2025, 6, 1)],
      [cases[1].case_no, 'R-2', '培训', null, 12345, null]
    ],
    counts: { written: 1, invalid: 1 },
    errors: [/^第 3 行，列「整改期限」，值「12345」：数字 12345 不像 Excel 日期序号/],
    check: async () => {
      const rows = await ds.query(`SELECT r.source_ref, u.code AS unit, r.due_on, r.done_on FROM rectifications r LEFT JOIN units u ON u.id = r.owner_unit_id WHERE r.case_id = $1`, [cases[1].id])
      expect(rows).toEqual([{ source_ref: 'R-1', unit: '880001', due_on: '2025-06-30', done_on: '2025-06-01' }])
    }
  },
  {
    kind: 'events', name: 'events: a serial with a time of day and a date cell; an E-notation case number is refused',
    rows: () => [
      ['投诉编号', '环节', '时间'],
      [cases[2].case_no, '补偿支付', serial(2025, 3, 9, 14, 5)],
      [cases[2].case_no, '回访', dateCell(2025, 3, 20, 10, 0)],
      [LONG, '回访', dateCell(2025, 3, 20, 10, 0)]
    ],
    counts: { written: 2, invalid: 1 },
    errors: [SCI],
    check: async () => {
      const rows = await ds.query(`SELECT kind, at FROM case_events WHERE case_id = $1 AND kind IN ('offer_paid', 'revisited') AND at >= '2025-03-09' AND at < '2025-03-21' ORDER BY at`, [cases[2].id])
      expect(rows.map((e: { kind: string; at: Date }) => [e.kind, e.at.toISOString()])).toEqual([['offer_paid', chinaIso(2025, 3, 9, 14, 5)], ['revisited', chinaIso(2025, 3, 20, 10, 0)]])
    }
  }
]

describe('record kinds from XLSX', () => {
  // In order: the staff refer to the units, the offers to the staff.
  for (const c of CASES) {
    it(c.name, async () => {
      const file = await xlsx(`${c.kind}.xlsx`, c.rows())
      const dry = await runRecordImport(ds, file, { kind: c.kind, actor: 'tester', dryRun: true })
      expect(dry.kind).toBe('xlsx')
      const read = c.counts.written + c.counts.invalid
      expect(dry.counts).toMatchObject({ read, invalid: c.counts.invalid, unchanged: 0, skipped: 0 })
      expect(dry.counts.new + dry.counts.changed).toBe(c.counts.written)
      const r = await runRecordImport(ds, file, { kind: c.kind, actor: 'tester' })
      expect(r.counts).toMatchObject({ read, invalid: c.counts.invalid, unchanged: 0, skipped: 0 })
      expect(r.counts.new + r.counts.changed).toBe(c.counts.written)
      if (c.kind !== 'events') expect(r.counts.changed).toBe(0)
      expect(r.errors.map((e) => e.message)).toEqual(c.errors.map((e) => (typeof e === 'string' ? e : expect.stringMatching(e))))
      await c.check()
      // The same workbook again changes nothing.
      const again = await runRecordImport(ds, file, { kind: c.kind, actor: 'tester' })
      expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: c.counts.written, invalid: c.counts.invalid })
    })
  }
})
