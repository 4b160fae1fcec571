// Bordered form tables on the GB/T 9704 text block. Column widths are fixed and add up to the text width,
// and the layout is "fixed": neither Word nor LibreOffice may widen a column for a long value, so a table
// can never run past the right margin; long values wrap inside their cell instead.
import {
  AlignmentType, BorderStyle, HeightRule, Paragraph, Table, TableCell, TableLayoutType, TableRow, VerticalAlign, WidthType
} from 'docx'
import { FONT, FORM_STYLE, FORM_STYLE_SMALL, SIZE, TEXT_WIDTH, lines, type RunStyle } from './layout'

const LINE = { style: BorderStyle.SINGLE, size: 6, color: '000000' } // 0.75 pt
const NO_LINE = { style: BorderStyle.NONE, size: 0, color: 'auto' }
const NO_BORDERS = { top: NO_LINE, bottom: NO_LINE, left: NO_LINE, right: NO_LINE }
const NO_MARGINS = { top: 0, bottom: 0, left: 0, right: 0 }
const CELL_BORDERS = { top: LINE, bottom: LINE, left: LINE, right: LINE }
const BORDERS = { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE }
const CELL_MARGINS = { top: 40, bottom: 40, left: 100, right: 100 }

/** Table text: 仿宋 四号 (14 pt), as records offices fill forms; the grid pitch is for body text only. */
const CELL_STYLE: RunStyle = { size: SIZE.table }

export interface CellSpec {
  text: string
  /** Columns this cell spans. */
  span?: number
  /** A field name (centred), as opposed to a value (left-aligned). */
  label?: boolean
  align?: 'left' | 'center' | 'right'
  size?: number
}

export type RowSpec = (CellSpec | string)[]

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const

function cell(spec: CellSpec, width: number, size: number | undefined, keep = false, joined = false): TableCell {
  const style = { ...CELL_STYLE, ...(size ? { size } : {}), ...(spec.size ? { size: spec.size } : {}) }
  const align = spec.align ?? (spec.label ? 'center' : 'left')
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    columnSpan: spec.span && spec.span > 1 ? spec.span : undefined,
    verticalAlign: VerticalAlign.CENTER,
    // On each cell as well as on the table: LibreOffice joins adjacent tables and keeps one table's borders.
    borders: joined ? { ...CELL_BORDERS, top: NO_LINE } : CELL_BORDERS,
    children: spec.text.split('\n\n').map((block) => new Paragraph({
      style: style.size === SIZE.small ? FORM_STYLE_SMALL : FORM_STYLE,
      alignment: align === 'left' ? undefined : ALIGN[align],
      keepNext: keep || undefined,
      keepLines: keep || undefined,
      children: lines(block, { ...style, font: FONT.body })
    }))
  })
}

export interface TableSpec {
  /** Column widths in twips; scaled to the text width. */
  columns: number[]
  rows: RowSpec[]
  /** Rows (by index) that must be at least this tall (twips), for the long free-text fields of a form. */
  minHeights?: Record<number, number>
  /** Repeat the first row at the top of each page. */
  header?: boolean
  /** Text size of every cell (half-points), 四号 by default; a dense table may use 小四. */
  size?: number
}

/** Column widths scaled so they add up to exactly the text width. */
export function fitColumns(columns: number[]): number[] {
  const total = columns.reduce((a, b) => a + b, 0)
  const widths = columns.map((c) => Math.floor((c / total) * TEXT_WIDTH))
  widths[widths.length - 1] += TEXT_WIDTH - widths.reduce((a, b) => a + b, 0)
  return widths
}

export function formTable(spec: TableSpec): Table {
  return buildTable(spec, false, false)
}

/**
 * A form that ends the body, with the closing block (signature, seal, date) after it: the form's last row and
 * the closing block go in one row that cannot split, so the seal never stands on a page without the form
 * (GB/T 9704 §7.3.5). Keep-with-next on the row's paragraphs is what Word reads (and it is set), but
 * LibreOffice reads it as the whole table's keep and gives it up once the table is longer than a page; a
 * row that cannot split holds in both. The row is a borderless one-cell table holding the last form row (as a
 * table of its own, without a top border, so it joins the form above) and the closing paragraphs.
 */
export function closingTable(spec: TableSpec, closing: Paragraph[]): Table[] {
  const last = spec.rows.length - 1
  const lastHeight = spec.minHeights?.[last]
  const tail = buildTable({ ...spec, rows: [spec.rows[last]], header: false, minHeights: lastHeight ? { 0: lastHeight } : undefined }, true, last > 0)
  const holder = new Table({
    rows: [new TableRow({ cantSplit: true, children: [new TableCell({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, margins: NO_MARGINS, borders: NO_BORDERS, children: [tail, ...closing] })] })],
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [TEXT_WIDTH],
    layout: TableLayoutType.FIXED,
    margins: NO_MARGINS,
    borders: { top: NO_LINE, bottom: NO_LINE, left: NO_LINE, right: NO_LINE, insideHorizontal: NO_LINE, insideVertical: NO_LINE }
  })
  return last > 0 ? [buildTable({ ...spec, rows: spec.rows.slice(0, last) }, false, false), holder] : [holder]
}

function buildTable(spec: TableSpec, keepLast: boolean, joined: boolean): Table {
  const widths = fitColumns(spec.columns)
  const rows = spec.rows.map((row, r) => {
    let col = 0
    const cells = row.map((c) => {
      const s: CellSpec = typeof c === 'string' ? { text: c } : c
      const span = s.span ?? 1
      const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0)
      col += span
      return cell(s, width, spec.size, keepLast && r === spec.rows.length - 1, joined && r === 0)
    })
    if (col !== widths.length) throw new Error(`table row ${r} covers ${col} of ${widths.length} columns`)
    const min = spec.minHeights?.[r]
    return new TableRow({
      children: cells,
      tableHeader: spec.header && r === 0 ? true : undefined,
      cantSplit: min === undefined ? true : undefined,
      height: min ? { value: min, rule: HeightRule.ATLEAST } : undefined
    })
  })
  return new Table({
    rows,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: CELL_MARGINS,
    borders: joined ? { ...BORDERS, top: NO_LINE } : BORDERS
  })
}

/** A label cell. */
export const label = (text: string, span?: number): CellSpec => ({ text, label: true, span })
/** A value cell. */
export const value = (text: string, span?: number): CellSpec => ({ text, span })
