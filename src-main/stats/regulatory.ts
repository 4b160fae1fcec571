// The regulator's statistics (issue 12 point 6): complaints of a period counted on the three JR/T 0169-2018
// axes together — A channel × B business type × C cause — for the case list's filter, as a table and as
// CSV (UTF-8 with BOM, one row per non-empty cell) or XLSX (the cells, the B × C cross table, each axis's
// totals). Codes and names from shared/jrt.ts; a case without a code on an axis counts under 未编码 there.
import '../import/exceljs-utf8'
import ExcelJS from 'exceljs'
import type { DataSource } from 'typeorm'
import type { CaseFilter, RegulatoryCell, RegulatoryFile, RegulatoryTable, TrendPeriod } from '../shared/contract'
import { JRT_BUSINESS, JRT_CAUSE, JRT_CHANNEL } from '../shared/jrt'
import { unitScope, whereOf, withText } from '../cases/case-filter'
import { resolvePeriod } from '../trends/period'

const later = (a: string | undefined, b: string): string => (a && a > b ? a : b)
const earlier = (a: string | undefined, b: string): string => (a && a < b ? a : b)

/**
 * The counts for `filter` over the period's days (intersected with the filter's own dates), by one GROUP BY
 * over the cases with the case list's own conditions (text search included), so a drill-down and the table agree.
 * @param now epoch ms (tests); decides nothing but is passed to the period's resolution
 */
export async function regulatoryTable(ds: DataSource, filter: CaseFilter, period: TrendPeriod, now?: number): Promise<RegulatoryTable> {
  const p = resolvePeriod(period, now)
  const from = later(filter.receivedFrom, p.range.from)
  const to = earlier(filter.receivedTo, p.range.to)
  const range = { from, to, label: from === p.range.from && to === p.range.to ? p.range.label : `${from}–${to}` }
  if (from > to) return { range, cells: [], total: 0, uncoded: 0 }
  const f: CaseFilter = { ...filter, receivedFrom: from, receivedTo: to }
  const w = withText(whereOf(f, { units: await unitScope(ds, f) }))
  const rows = (await ds.query(`
    SELECT coalesce(c.jrt_channel, '') AS channel, coalesce(c.jrt_business, '') AS business, coalesce(c.jrt_cause, '') AS cause, count(*)::int AS cases
    FROM cases c WHERE ${w.sql.join(' AND ')} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`, w.params)) as RegulatoryCell[]
  // Codes sort as text ('' first): 0101 < 010301 < 02, as the standard lists them.
  const total = rows.reduce((s, r) => s + r.cases, 0)
  const uncoded = rows.filter((r) => !r.channel || !r.business || !r.cause).reduce((s, r) => s + r.cases, 0)
  return { range, cells: rows, total, uncoded }
}

const name = (map: Record<string, string>, code: string): string => (code ? map[code] ?? '（标准未列明）' : '未编码')

const CELL_HEADER = ['投诉渠道代码', '投诉渠道', '业务类型代码', '业务类型', '投诉原因代码', '投诉原因', '投诉件数']

function workbook(t: RegulatoryTable): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Dossier'
  const cells = wb.addWorksheet('分类统计')
  cells.addRow(CELL_HEADER)
  // Codes as text: 0101 must not become 101.
  for (const r of t.cells) cells.addRow([r.channel, name(JRT_CHANNEL, r.channel), r.business, name(JRT_BUSINESS, r.business), r.cause, name(JRT_CAUSE, r.cause), r.cases])
  cells.addRow(['合计', '', '', '', '', '', t.total])
  cells.columns.forEach((c, i) => { c.width = i % 2 === 1 ? 24 : 14 })
  cells.getRow(1).font = { bold: true }

  const byB = [...new Set(t.cells.map((r) => r.business))].sort()
  const byC = [...new Set(t.cells.map((r) => r.cause))].sort()
  const cross = wb.addWorksheet('业务类型×投诉原因')
  cross.addRow(['业务类型 \\ 投诉原因', ...byC.map((c) => `${c || '—'} ${name(JRT_CAUSE, c)}`), '合计'])
  const sum = (pick: (r: RegulatoryCell) => boolean): number => t.cells.filter(pick).reduce((s, r) => s + r.cases, 0)
  for (const b of byB) cross.addRow([`${b || '—'} ${name(JRT_BUSINESS, b)}`, ...byC.map((c) => sum((r) => r.business === b && r.cause === c)), sum((r) => r.business === b)])
  cross.addRow(['合计', ...byC.map((c) => sum((r) => r.cause === c)), t.total])
  cross.getRow(1).font = { bold: true }
  cross.getColumn(1).width = 22

  const axes = wb.addWorksheet('各轴合计')
  axes.addRow(['分类轴', '代码', '名称', '投诉件数'])
  const axis = (label: string, key: 'channel' | 'business' | 'cause', map: Record<string, string>): void => {
    for (const code of [...new Set(t.cells.map((r) => r[key]))].sort()) axes.addRow([label, code, name(map, code), sum((r) => r[key] === code)])
  }
  axis('A 投诉渠道', 'channel', JRT_CHANNEL)
  axis('B 业务类型', 'business', JRT_BUSINESS)
  axis('C 投诉原因', 'cause', JRT_CAUSE)
  axes.getRow(1).font = { bold: true }
  axes.getColumn(3).width = 26
  return wb
}

/**
 * The table as a file: CSV (UTF-8 with BOM so Excel reads the Chinese, the cells sheet only) or XLSX.
 * File name: JR-T0169_分类统计_<from>_<to>.<ext>.
 */
export async function regulatoryFile(t: RegulatoryTable, format: 'csv' | 'xlsx'): Promise<RegulatoryFile> {
  const wb = workbook(t)
  const fileName = `JR-T0169_分类统计_${t.range.from}_${t.range.to}.${format}`
  if (format === 'xlsx') {
    const buf = Buffer.from(await wb.xlsx.writeBuffer())
    return { fileName, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', base64: buf.toString('base64') }
  }
  const buf = Buffer.from(await wb.csv.writeBuffer({ sheetName: '分类统计', formatterOptions: { writeBOM: true, rowDelimiter: '\r\n', alwaysWriteHeaders: false } } as ExcelJS.CsvWriteOptions))
  return { fileName, mime: 'text/csv;charset=utf-8', base64: buf.toString('base64') }
}
