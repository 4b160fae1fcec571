// Request schemas and responses of closing a quarter (季度关账, issue 12 point 5) and of the regulatory
// statistics on the three JR/T 0169 axes (point 6). Neither carries personal data: cases by number only.
import { z } from 'zod'
import { zId } from './contract-common'
import { caseFilterSchema } from './contract'
import { trendPeriodSchema } from './contract-trends'

export const zQuarter = z.string().regex(/^20\d{2}Q[1-4]$/, '季度格式应为 2025Q3')

export const quarterRequestSchemas = {
  'quarters.list': z.object({}).strict(),
  /** The post-close changes of one closing, newest first, a page at a time. */
  'quarters.changes': z.object({ closeId: zId, offset: z.number().int().min(0).max(10_000_000).default(0), limit: z.number().int().min(1).max(500).default(100) }).strict(),
  'quarters.close': z.object({ quarter: zQuarter, note: z.string().trim().max(200).optional() }).strict(),
  'quarters.reopen': z.object({ closeId: zId, reason: z.string().trim().min(2, '请说明重新打开的原因').max(200) }).strict(),
  // Lazily: contract.ts, which defines the filter, imports this module first.
  'stats.regulatory': z.object({ filter: z.lazy(() => caseFilterSchema).default({}), period: trendPeriodSchema }).strict(),
  'stats.regulatoryExport': z.object({ filter: z.lazy(() => caseFilterSchema).default({}), period: trendPeriodSchema, format: z.enum(['csv', 'xlsx']) }).strict()
} as const

export interface QuarterClose {
  id: number
  quarter: string
  closedAt: string
  closedBy: string
  note: string | null
  reopenedAt: string | null
  reopenedBy: string | null
  reopenReason: string | null
  /** Frozen figures at close: cases received in the quarter, 重大, the remediation total (元). */
  frozen: { cases: number; major: number; remediationAmount: number }
  /** Post-close changes noted for it (one per case, kind and transaction). */
  changes: number
}

export interface QuarterStatus {
  closes: QuarterClose[]
  /** Quarters a senior reviewer may close now: ended (China time) and not closed. The last eight at most. */
  closable: string[]
}

export const POST_CLOSE_KINDS = ['case', 'audit', 'review', 'tag', 'offer', 'legal', 'rectification'] as const
export type PostCloseKind = (typeof POST_CLOSE_KINDS)[number]

export interface PostCloseChange {
  id: number
  caseId: number
  caseNo: string
  kind: PostCloseKind
  action: 'insert' | 'update' | 'delete'
  at: string
  /** The audit trail's actor of the same transaction; null when the trail has none (a change made outside the app). */
  actor: string | null
}

/** One cell of the regulator's table: A channel × B business type × C cause (codes of shared/jrt.ts; '' = not coded). */
export interface RegulatoryCell { channel: string; business: string; cause: string; cases: number }
export interface RegulatoryTable {
  /** Days received, both inclusive (China time): the period intersected with the filter's own dates. */
  range: { from: string; to: string; label: string }
  cells: RegulatoryCell[]
  total: number
  /** Cases missing at least one of the three codes (counted under '' on that axis). */
  uncoded: number
}

export interface RegulatoryFile { fileName: string; mime: string; base64: string }

export interface QuarterResponses {
  'quarters.list': QuarterStatus
  'quarters.changes': { total: number; rows: PostCloseChange[] }
  'quarters.close': QuarterClose
  'quarters.reopen': QuarterClose
  'stats.regulatory': RegulatoryTable
  'stats.regulatoryExport': RegulatoryFile
}
