// Reading an export file as a stream of rows: CSV in UTF-8 (with or without BOM), UTF-16 with BOM, or
// GB18030/GBK without BOM as Chinese Excel writes it (guessed, and the guess can be overridden); XLSX, the
// first sheet or a chosen one, read as a stream with exceljs's WorkbookReader (memory bounded by the
// shared-strings table). Each row keeps its original text for the error file.
import { createReadStream } from 'node:fs'
import { Transform } from 'node:stream'
import { open } from 'node:fs/promises'
import { extname } from 'node:path'
import { parse } from 'csv-parse'
import chardet from 'chardet'
import iconv from 'iconv-lite'
import './exceljs-utf8'
import ExcelJS from 'exceljs'
import { wallClockText } from './values'

export interface SourceRow {
  /** The file line where the row starts (CSV; the header is line 1) or the sheet row number (XLSX). */
  line: number
  cells: string[]
  /** The row as it stood in the file (CSV: its text, without the line break; XLSX: the cells as CSV). */
  raw: string
}

export interface EncodingGuess { encoding: string; bom: boolean; confidence: 'bom' | 'valid_utf8' | 'guessed' }

export interface SourceTable {
  kind: 'csv' | 'xlsx'
  encoding: EncodingGuess | null
  sheet: string | null
  header: string[]
  rawHeader: string
  rows: AsyncGenerator<SourceRow>
  /** Bytes of the file read so far (CSV; XLSX: null — its parts are unzipped inside exceljs). */
  bytesRead: () => number | null
}

export interface ReadOptions {
  /** Override the encoding guess (CSV): utf-8, gb18030, gbk, utf-16le… (any iconv-lite name). */
  encoding?: string
  /** XLSX: the sheet's name or 1-based position; default the first. */
  sheet?: string
  /** CSV delimiter; default `,` (`\t` for .tsv). */
  delimiter?: string
}

/** A problem with the file as a whole (not one row): unreadable, empty, unknown encoding. */
export class SourceFileError extends Error {
  readonly userFacing = true
  constructor(message: string) { super(message); this.name = 'SourceFileError' }
}

const SAMPLE = 256 * 1024

/** Decodes without replacement characters, allowing a character cut off at the end of the sample. */
function isUtf8(bytes: Uint8Array): boolean {
  let end = bytes.length
  // Step back over an incomplete multi-byte sequence at the end (at most 3 bytes).
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = bytes[end - i]
    if ((b & 0xc0) === 0x80) continue
    if (b >= 0xc0) { const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2; if (need > i) end -= i }
    break
  }
  try { new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end)); return true } catch { return false }
}

/**
 * Guesses a CSV file's encoding from its first 256 KB: a BOM decides; text that is valid UTF-8 is UTF-8;
 * otherwise chardet's guess when it names a Chinese or Unicode encoding iconv-lite knows, else GB18030
 * (a superset of GBK and GB2312, what Chinese Excel writes as “CSV”).
 */
export async function guessEncoding(file: string): Promise<EncodingGuess> {
  const fh = await open(file, 'r')
  try {
    const buf = Buffer.alloc(SAMPLE)
    const { bytesRead } = await fh.read(buf, 0, SAMPLE, 0)
    const sample = buf.subarray(0, bytesRead)
    if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: true, confidence: 'bom' }
    if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bom: true, confidence: 'bom' }
    if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bom: true, confidence: 'bom' }
    if (isUtf8(sample)) return { encoding: 'utf-8', bom: false, confidence: 'valid_utf8' }
    const guess = (chardet.detect(sample) ?? '').toLowerCase()
    const chinese = /gb|big5|euc-tw/.test(guess) && iconv.encodingExists(guess)
    return { encoding: chinese ? (guess === 'gb2312' || guess === 'gbk' ? 'gb18030' : guess) : 'gb18030', bom: false, confidence: 'guessed' }
  } finally { await fh.close() }
}

/** The CSV text of cells (for an XLSX row's original form in the error file). */
export function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')
}

/**
 * Line endings to \n (CRLF and a lone CR), also inside quoted fields: the text is stored with \n, and csv-parse
 * (7.0) miscounts lines and drops the \n of CRLF from a record's raw text.
 */
function lineFeeds(): Transform {
  let heldCr = false
  return new Transform({
    decodeStrings: false,
    transform(chunk: string, _enc, done) {
      let text = (heldCr ? '\r' : '') + chunk
      heldCr = text.endsWith('\r')
      if (heldCr) text = text.slice(0, -1)
      done(null, text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text)
    },
    flush(done) { done(null, heldCr ? '\n' : '') }
  })
}

async function openCsv(file: string, opts: ReadOptions): Promise<SourceTable> {
  const guess = await guessEncoding(file)
  const encoding = opts.encoding ? { encoding: opts.encoding, bom: guess.bom, confidence: guess.confidence } : guess
  if (!iconv.encodingExists(encoding.encoding)) throw new SourceFileError(`不支持的编码「${encoding.encoding}」（可用 utf-8、gb18030、gbk、utf-16le 等）`)
  const parser = parse({
    relax_column_count: true, relax_quotes: false, info: true, raw: true, skip_empty_lines: true, bom: true,
    delimiter: opts.delimiter ?? (extname(file).toLowerCase() === '.tsv' ? '\t' : ',')
  })
  // iconv-lite strips a BOM; csv-parse would too.
  const raw = createReadStream(file, { highWaterMark: 1 << 20 })
  const source = raw.pipe(iconv.decodeStream(encoding.encoding)).pipe(lineFeeds())
  source.on('error', (err) => parser.destroy(err))
  source.pipe(parser)
  const it = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number }; raw: string }>
  const toRow = (r: { record: string[]; info: { lines: number }; raw: string }): SourceRow => {
    const body = r.raw.replace(/\n$/, '').replace(/^\n+/, '')
    let breaks = 0
    for (let i = 0; i < body.length; i++) if (body.charCodeAt(i) === 10) breaks++
    return { line: r.info.lines - breaks, cells: r.record, raw: body }
  }
  let first: IteratorResult<{ record: string[]; info: { lines: number }; raw: string }>
  try { first = await it.next() } catch (err) { throw new SourceFileError(`CSV 无法读取：${(err as Error).message}`) }
  if (first.done) throw new SourceFileError('文件为空：没有表头，也没有数据行')
  const head = toRow(first.value)
  if (head.cells.some((c) => c.includes('\uFFFD'))) {
    throw new SourceFileError(`表头含无法解码的字符：文件可能不是 ${encoding.encoding} 编码（${opts.encoding ? '指定' : '猜测'}的编码），请指定正确的编码（如 --encoding gb18030 或 utf-8）`)
  }
  async function* rows(): AsyncGenerator<SourceRow> {
    for (;;) {
      let next: IteratorResult<{ record: string[]; info: { lines: number }; raw: string }>
      try { next = await it.next() } catch (err) { throw new SourceFileError(`CSV 第 ${(err as { lines?: number }).lines ?? '?'} 行附近无法读取：${(err as Error).message}`) }
      if (next.done) return
      yield toRow(next.value)
    }
  }
  return { kind: 'csv', encoding, sheet: null, header: head.cells.map((h) => h.trim()), rawHeader: head.raw, rows: rows(), bytesRead: () => raw.bytesRead }
}

type CellValue = ExcelJS.CellValue
/** A cell as text: dates as their wall clock, long integers (IDs Excel stored as numbers) in Excel's E-notation. */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return ''
  if (v instanceof Date) return wallClockText(v)
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) >= 1e15 ? v.toExponential().toUpperCase().replace('E+', 'E+') : String(v)
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('')
    if ('result' in v) return cellText((v as { result?: CellValue }).result ?? null)
    if ('text' in v) return String((v as { text: unknown }).text)
    if ('error' in v) return String((v as { error: unknown }).error)
  }
  return String(v)
}

async function openXlsx(file: string, opts: ReadOptions): Promise<SourceTable> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit' })
  const sheets = reader[Symbol.asyncIterator]() as AsyncIterator<ExcelJS.stream.xlsx.WorksheetReader & { name: string; id: number }>
  let position = 0
  let sheet: (ExcelJS.stream.xlsx.WorksheetReader & { name: string }) | null = null
  for (;;) {
    let next: IteratorResult<ExcelJS.stream.xlsx.WorksheetReader & { name: string; id: number }>
    try { next = await sheets.next() } catch (err) { throw new SourceFileError(`XLSX 无法读取：${(err as Error).message}`) }
    if (next.done) break
    position++
    const ws = next.value
    if (opts.sheet === undefined || opts.sheet === ws.name || opts.sheet === String(position)) { sheet = ws; break }
    // Skip the sheets before the chosen one.
    const skip = (ws as unknown as AsyncIterable<unknown>)[Symbol.asyncIterator]()
    while (!(await skip.next()).done) { /* next row */ }
  }
  if (!sheet) throw new SourceFileError(opts.sheet === undefined ? 'XLSX 中没有工作表' : `XLSX 中没有名为或序号为「${opts.sheet}」的工作表`)
  const rowsIt = (sheet as unknown as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]()
  const toCells = (r: ExcelJS.Row): string[] => {
    const values = Array.isArray(r.values) ? r.values : []
    const cells: string[] = []
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i] as CellValue))
    while (cells.length && cells[cells.length - 1] === '') cells.pop()
    return cells
  }
  let head: ExcelJS.Row | undefined
  for (;;) {
    const n = await rowsIt.next()
    if (n.done) break
    if (toCells(n.value).length) { head = n.value; break }
  }
  if (!head) throw new SourceFileError(`工作表「${sheet.name}」为空：没有表头，也没有数据行`)
  const header = toCells(head)
  async function* rows(): AsyncGenerator<SourceRow> {
    for (;;) {
      const n = await rowsIt.next()
      if (n.done) return
      const cells = toCells(n.value)
      if (!cells.length) continue
      // A sheet row ends at its last filled cell: the empty cells after it are the header's columns all the same.
      while (cells.length < header.length) cells.push('')
      yield { line: n.value.number, cells, raw: csvLine(cells) }
    }
  }
  return { kind: 'xlsx', encoding: null, sheet: sheet.name, header: header.map((h) => h.trim()), rawHeader: csvLine(header), rows: rows(), bytesRead: () => null }
}

/**
 * Opens an export file for reading: `.xlsx` as a workbook, anything else as CSV.
 * @throws SourceFileError when the file is empty or cannot be read as the format or encoding
 */
export async function openSource(file: string, opts: ReadOptions = {}): Promise<SourceTable> {
  return extname(file).toLowerCase() === '.xlsx' ? openXlsx(file, opts) : openCsv(file, opts)
}
