// Bordered form tables on the GB/T 9704 text block. Column widths are fixed and add up to the text width,
// and the layout is "fixed": neither Word nor LibreOffice may widen a column for a long value, so a table
// can never run past the right margin; long values wrap inside their cell instead.
import {
  AlignmentType, BorderStyle, HeightRule, Paragraph, Table, TableCell, TableLayoutType, TableRow, VerticalAlign, WidthType
} from 'docx'
import { FONT, FORM_STYLE, FORM_STYLE_SMALL, SIZE, TEXT_WIDTH, lines, type RunStyle } from './layout'

const LINE = { style: BorderStyle.SINGLE, size: 6, color: '000000' } // 0.75 pt
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

function cell(spec: CellSpec, width: number, size: number | undefined): TableCell {
  const style = { ...CELL_STYLE, ...(size ? { size } : {}), ...(spec.size ? { size: spec.size } : {}) }
  const align = spec.align ?? (spec.label ? 'center' : 'left')
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    columnSpan: spec.span && spec.span > 1 ? spec.span : undefined,
    verticalAlign: VerticalAlign.CENTER,
    children: spec.text.split('\n\n').map((block) => new Paragraph({
      style: style.size === SIZE.small ? FORM_STYLE_SMALL : FORM_STYLE,
      alignment: align === 'left' ? undefined : ALIGN[align],
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
  const widths = fitColumns(spec.columns)
  const rows = spec.rows.map((row, r) => {
    let col = 0
    const cells = row.map((c) => {
      const s: CellSpec = typeof c === 'string' ? { text: c } : c
      const span = s.span ?? 1
      const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0)
      col += span
      return cell(s, width, spec.size)
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
    borders: BORDERS
  })
}

/** A label cell. */
export const label = (text: string, span?: number): CellSpec => ({ text, label: true, span })
/** A value cell. */
export const value = (text: string, span?: number): CellSpec => ({ text, span })
