// A table written to a file a row at a time: CSV (UTF-8 with a BOM, so Excel reads the Chinese; RFC 4180
// quoting, formula-like text neutralised) or XLSX (exceljs's streamed WorkbookWriter, every row committed as
// written, so memory stays flat at any size). Written under a temporary name and renamed when complete: a
// failed export leaves no partial file. The archive's export (export.ts) and the offers export
// (legal/offer-export.ts) both write through it.
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { once } from 'node:events'
import './exceljs-utf8'
import ExcelJS from 'exceljs'
import { csvField, neutraliseFormula, quoteCsv } from '../shared/spreadsheet-cell'

export interface TableFile {
  /** Writes one row (strings as text, numbers as numbers in XLSX); waits when the file stream is full. */
  row(cells: (string | number)[]): Promise<void>
  /** Finishes the file and gives it its name. */
  close(): Promise<void>
  /** Removes the temporary file (after a failure). */
  abort(): Promise<void>
}

/**
 * Opens `file` for writing as XLSX (`xlsx`, one sheet named `sheetName`) or CSV.
 * `neutralise`: text starting like a formula gets a leading ' (off for the archive's own export, which must
 * import back as written).
 */
export function openTableFile(file: string, opts: { xlsx: boolean; sheetName: string; neutralise: boolean }): TableFile {
  const temp = `${file}.part-${process.pid}${opts.xlsx ? '.xlsx' : ''}`
  const csv = opts.xlsx ? null : createWriteStream(temp, { encoding: 'utf8' })
  const book = opts.xlsx ? new ExcelJS.stream.xlsx.WorkbookWriter({ filename: temp, useSharedStrings: false, useStyles: false }) : null
  const sheet = book?.addWorksheet(opts.sheetName)
  const text = (s: string): string => (opts.neutralise ? neutraliseFormula(s) : s)
  const field = (c: string | number): string => (opts.neutralise ? csvField(c) : quoteCsv(String(c)))
  if (csv) csv.write('\uFEFF')
  return {
    async row(cells) {
      if (sheet) { sheet.addRow(cells.map((c) => (typeof c === 'string' ? text(c) : c))).commit(); return }
      if (!csv!.write(cells.map(field).join(',') + '\r\n')) await once(csv!, 'drain')
    },
    async close() {
      if (sheet) { sheet.commit(); await book!.commit() } else { csv!.end(); await once(csv!, 'finish') }
      await rename(temp, file)
    },
    async abort() {
      csv?.destroy()
      await rm(temp, { force: true })
    }
  }
}

