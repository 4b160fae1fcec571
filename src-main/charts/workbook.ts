// A chart's data as an XLSX workbook (exceljs): the same rows as its CSV (shared/chart-data.ts), numbers kept
// as numbers, a bold frozen header, and a second sheet saying what the figures are (chart, period, filter,
// where they came from). No personal data: the rows are the chart's own figures.
import ExcelJS from 'exceljs'
import type { EChartsOption } from 'echarts'
import { chartRows } from '../shared/chart-data'

/** Excel's sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export const sheetName = (title: string): string => [...title.replace(/[:\\/?*[\]]/g, '_')].slice(0, 31).join('') || 'chart'

/**
 * @param about label → value lines for the second sheet (图表, 期间, 筛选…), in the caller's language
 * @returns the .xlsx file's bytes
 */
export async function chartWorkbook(title: string, option: EChartsOption, about: [string, string][], aboutSheet: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Dossier'
  const ws = wb.addWorksheet(sheetName(title), { views: [{ state: 'frozen', ySplit: 1 }] })
  const rows = chartRows(option)
  for (const r of rows) ws.addRow(r)
  ws.getRow(1).font = { bold: true }
  ws.columns.forEach((c, i) => {
    const widest = Math.max(...rows.map((r) => [...String(r[i] ?? '')].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)))
    c.width = Math.min(48, Math.max(8, widest + 2))
  })
  const info = wb.addWorksheet(sheetName(aboutSheet))
  for (const line of about) info.addRow(line)
  info.getColumn(1).width = 14
  info.getColumn(2).width = 60
  return Buffer.from(await wb.xlsx.writeBuffer())
}
