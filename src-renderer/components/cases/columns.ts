// The case table's columns, shared by the header and the rows so both use one grid template.
import type { CaseSort } from '@shared/contract'

export type ColumnKey =
  | 'caseNo' | 'receivedAt' | 'closedAt' | 'channel' | 'category' | 'severity' | 'unit' | 'complainant' | 'summary' | 'flags'
  | 'review'

export interface Column { key: ColumnKey; width: string; sort?: CaseSort }

// Sized so that all of it fits the 1440 px window without horizontal scrolling.
export const COLUMNS: Column[] = [
  { key: 'caseNo', width: '158px', sort: 'case_no' },
  { key: 'receivedAt', width: '122px', sort: 'received_at' },
  { key: 'closedAt', width: '122px', sort: 'closed_at' },
  { key: 'channel', width: '100px' },
  { key: 'category', width: '96px' },
  { key: 'severity', width: '72px' },
  { key: 'unit', width: '136px' },
  { key: 'complainant', width: '76px' },
  { key: 'summary', width: 'minmax(108px, 1fr)' },
  { key: 'flags', width: '76px' },
  { key: 'review', width: '140px' }
]

/** The narrowest the grid gets (the fixed widths plus the summary's minimum). */
export const MIN_WIDTH = 1206

export const GRID_TEMPLATE = COLUMNS.map((c) => c.width).join(' ')

/** The leading column of boxes for picking cases to tag in bulk (reviewers and senior reviewers only). */
export const SELECT_WIDTH = 30
export const gridTemplate = (selectable: boolean): string => (selectable ? `${SELECT_WIDTH}px ${GRID_TEMPLATE}` : GRID_TEMPLATE)

/** Fixed heights (px) the virtual list and keyboard scrolling rely on. */
export const ROW_HEIGHT = 40
export const HEAD_HEIGHT = 34
export const FOOT_HEIGHT = 36
