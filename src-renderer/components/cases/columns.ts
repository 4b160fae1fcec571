// The case table's columns, shared by the header and the rows so both use one grid template.
import type { CaseSort } from '@shared/contract'

export type ColumnKey =
  | 'caseNo' | 'receivedAt' | 'closedAt' | 'channel' | 'category' | 'severity' | 'unit' | 'complainant' | 'summary' | 'flags'

export interface Column { key: ColumnKey; width: string; sort?: CaseSort }

export const COLUMNS: Column[] = [
  { key: 'caseNo', width: '158px', sort: 'case_no' },
  { key: 'receivedAt', width: '124px', sort: 'received_at' },
  { key: 'closedAt', width: '124px', sort: 'closed_at' },
  { key: 'channel', width: '112px' },
  { key: 'category', width: '104px' },
  { key: 'severity', width: '80px' },
  { key: 'unit', width: '148px' },
  { key: 'complainant', width: '84px' },
  { key: 'summary', width: 'minmax(220px, 1fr)' },
  { key: 'flags', width: '84px' }
]

export const GRID_TEMPLATE = COLUMNS.map((c) => c.width).join(' ')

/** Fixed heights (px) the virtual list and keyboard scrolling rely on. */
export const ROW_HEIGHT = 40
export const HEAD_HEIGHT = 34
export const FOOT_HEIGHT = 36
