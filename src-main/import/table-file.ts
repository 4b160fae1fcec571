// A table written to a file a row at a time: CSV (UTF-8 with a BOM, so Excel reads the Chinese; RFC 4180
// quoting, formula-like text neutralised) or XLSX (exceljs's streamed WorkbookWriter, every row committed as
// written, so memory stays flat at any size). Written under a temporary name and renamed when complete: a
// failed export leaves no partial file. An XLSX sheet holds at most 1,048,576 rows (Excel's limit, header
// included): a longer table goes on into a new sheet, its header repeated. The archive's export (export.ts),
// the offers export (legal/offer-export.ts) and the case list's export (cases/case-export.ts) write through it.
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { once } from 'node:events'
import './exceljs-utf8'
import ExcelJS from 'exceljs'
import { csvField, neutraliseFormula, quoteCsv } from '../shared/spreadsheet-cell'

/** Rows in one worksheet of Excel 2007 and later (ECMA-376; Excel's "worksheet size" limit), header included. */
export const XLSX_SHEET_ROWS = 1_048_576

export interface TableFileOptions {
  xlsx: boolean
  /** The first sheet's name; further sheets are `name 2`, `name 3`… */
  sheetName: string
  /** Text starting like a formula gets a leading ' (off for the archive's own export, which must import back as written). */
  neutralise: boolean
  /** Written first, and again at the top of every further sheet; counted in `sheetRows`. */
  header?: string[]
  /** Rows per XLSX sheet, header included (default XLSX_SHEET_ROWS; tests pass a small one). */
  sheetRows?: number
}

export interface TableFile {
  /** Writes one row (strings as text, numbers as numbers in XLSX); waits when the file stream is full. */
  row(cells: (string | number)[]): Promise<void>
  /** Finishes the file and gives it its name. */
  close(): Promise<void>
  /** Removes the temporary file (after a failure). */
  abort(): Promise<void>
}

/**
 * Opens `file` for writing as XLSX (`xlsx`) or CSV (UTF-8 with a BOM); the header, when given, is written at once.
 * @throws RangeError when `sheetRows` leaves no room for a row below the header
 */
export function openTableFile(file: string, opts: TableFileOptions): TableFile {
  const perSheet = opts.sheetRows ?? XLSX_SHEET_ROWS
  if (perSheet < (opts.header ? 2 : 1) || perSheet > XLSX_SHEET_ROWS) throw new RangeError(`sheetRows ${perSheet} out of range`)
  const temp = `${file}.part-${process.pid}${opts.xlsx ? '.xlsx' : ''}`
  const csv = opts.xlsx ? null : createWriteStream(temp, { encoding: 'utf8' })
  const book = opts.xlsx ? new ExcelJS.stream.xlsx.WorkbookWriter({ filename: temp, useSharedStrings: false, useStyles: false }) : null
  const text = (s: string): string => (opts.neutralise ? neutraliseFormula(s) : s)
  const field = (c: string | number): string => (opts.neutralise ? csvField(c) : quoteCsv(String(c)))
  let sheet: ExcelJS.Worksheet | undefined
  let sheets = 0
  let inSheet = 0
  const add = (cells: (string | number)[]): void => {
    sheet!.addRow(cells.map((c) => (typeof c === 'string' ? text(c) : c))).commit()
    inSheet++
  }
  const nextSheet = (): void => {
    sheet?.commit()
    sheets++
    sheet = book!.addWorksheet(sheets === 1 ? opts.sheetName : `${opts.sheetName} ${sheets}`)
    inSheet = 0
    if (opts.header) add(opts.header)
  }
  if (book) nextSheet()
  if (csv) csv.write('\uFEFF' + (opts.header ? opts.header.map(field).join(',') + '\r\n' : ''))
  return {
    async row(cells) {
      if (book) {
        if (inSheet >= perSheet) nextSheet()
        add(cells)
        return
      }
      if (!csv!.write(cells.map(field).join(',') + '\r\n')) await once(csv!, 'drain')
    },
    async close() {
      if (sheet) { sheet.commit(); await book!.commit() } else { csv!.end(); await once(csv!, 'finish') }
      await rename(temp, file)
    },
    async abort() {
      csv?.destroy()
      // The workbook's own file stream (exceljs keeps it as `stream`), so a cancelled export leaves no open file.
      const bookFile = (book as unknown as { stream?: { destroy?: () => void } } | null)?.stream
      bookFile?.destroy?.()
      await rm(temp, { force: true })
    }
  }
}

