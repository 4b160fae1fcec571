// The case table's columns, shared by the header and the rows so both use one grid template.
import type { CaseSort } from '@shared/contract'

export type ColumnKey =
  | 'caseNo' | 'receivedAt' | 'closedAt' | 'channel' | 'category' | 'severity' | 'unit' | 'complainant' | 'summary'
  | 'review'

/**
 * `min` is the narrowest a column gets (px): the header in either locale fits it whole; `grow` shares out what
 * the table has beyond the sum of the minimums (0: fixed). A value wider than its cell ends in … with the
 * whole value as its tooltip; the summary also opens in full on hover.
 */
export interface Column { key: ColumnKey; min: number; grow: number; sort?: CaseSort }

// At 1280×800 (152 px of navigation, the list's padding and a scroll bar) the table has about 1,080 px:
// the minimums and the picking column stay below that, so the review column is always on screen.
// The group and repeat flags sit in the summary cell, in front of its text.
export const COLUMNS: Column[] = [
  { key: 'caseNo', min: 146, grow: 0, sort: 'case_no' },
  { key: 'receivedAt', min: 124, grow: 0, sort: 'received_at' },
  { key: 'closedAt', min: 96, grow: 0, sort: 'closed_at' },
  { key: 'channel', min: 72, grow: 0.6 },
  { key: 'category', min: 80, grow: 0.8 },
  { key: 'severity', min: 80, grow: 0 }, // the English tag 「General」 is 58 px with its padding
  { key: 'unit', min: 88, grow: 1 },
  { key: 'complainant', min: 96, grow: 0 },
  { key: 'summary', min: 140, grow: 4 },
  { key: 'review', min: 112, grow: 0.3 }
]

const track = (c: Column): string => (c.grow > 0 ? `minmax(${c.min}px, ${c.grow}fr)` : `${c.min}px`)

/** The narrowest the grid gets (the sum of the minimums), px. */
export const MIN_WIDTH = COLUMNS.reduce((n, c) => n + c.min, 0)

export const GRID_TEMPLATE = COLUMNS.map(track).join(' ')

/** The leading column of boxes for picking cases to tag in bulk (reviewers and senior reviewers only). */
export const SELECT_WIDTH = 30
export const gridTemplate = (selectable: boolean): string => (selectable ? `${SELECT_WIDTH}px ${GRID_TEMPLATE}` : GRID_TEMPLATE)

/** Fixed heights (px) the virtual list and keyboard scrolling rely on. */
export const ROW_HEIGHT = 40
export const HEAD_HEIGHT = 34
export const FOOT_HEIGHT = 36
