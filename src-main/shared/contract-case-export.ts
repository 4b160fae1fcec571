// The case list's export (issue 10, point 11): every case matching the list's filter, in the list's order,
// as CSV or XLSX, written on the server as a job with progress and cancel. The request schemas sit in
// contract.ts beside the list's (they take its filter); what they answer is here.
import { z } from 'zod'

export const CASE_EXPORT_FORMATS = ['csv', 'xlsx'] as const
export type CaseExportFormat = (typeof CASE_EXPORT_FORMATS)[number]

/** Personal data in full needs a reason (recorded in the trail with the export); masked needs none. */
export const unmaskedNeedsReason = (r: { unmasked?: boolean; reason?: string }): boolean => !r.unmasked || !!r.reason
export const UNMASKED_REASON_MESSAGE = '导出完整个人信息须说明用途（例如 档案移交、监管检查）'

/** What cases.exportStatus (and the start and cancel) answer: the caller's own export, running or last. */
export interface CaseExportStatus {
  /** The job's id; null before the caller's first export. */
  id: string | null
  running: boolean
  /** Cases written so far, and how many match the filter (counted in the export's snapshot). */
  done: number
  total: number
  format: CaseExportFormat | null
  unmasked: boolean
  cancelled: boolean
  /** Why it stopped, in words the screen shows; null when it did not fail. */
  error: string | null
  /** ASCII, China time: `cases-YYYYMMDD-HHmmss.csv`. */
  fileName: string | null
  /** Desktop: where the file was saved. */
  savedTo: string | null
  /** Browser mode: the finished file's one-use download address (60 s). */
  downloadUrl: string | null
  finishedAt: string | null
}

export const caseExportIdle = (): CaseExportStatus => ({
  id: null, running: false, done: 0, total: 0, format: null, unmasked: false, cancelled: false, error: null,
  fileName: null, savedTo: null, downloadUrl: null, finishedAt: null
})

export const zExportReason = z.string().trim().min(2, '请说明用途').max(200)
