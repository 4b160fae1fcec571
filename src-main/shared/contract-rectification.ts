// Request schemas and responses of the 整改 queue (issue 11 point 6, 溯源整改): the findings of approved reviews and
// the rectification measures on cases, per unit, with their follow-up to closure. Days are China-time calendar
// days (yyyy-MM-dd); an item is overdue when its due day has passed and it is not closed.
import { z } from 'zod'
import { zId, zVersion } from './contract-common'

export const RECTIFICATION_KINDS = ['finding', 'measure'] as const
export type RectificationKind = (typeof RECTIFICATION_KINDS)[number]
export const RECTIFICATION_STATUSES = ['open', 'in_progress', 'submitted', 'closed'] as const
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number]
export const RECTIFICATION_STATUS_ZH: Record<RectificationStatus, string> = { open: '未开始', in_progress: '整改中', submitted: '待验收', closed: '已关闭' }

const note = z.string().trim().min(1, '请写明进展或理由').max(2000)
const item = { kind: z.enum(RECTIFICATION_KINDS), id: zId }

export const rectificationRequestSchemas = {
  'rectification.queue': z.object({
    unitId: zId.optional(),
    status: z.enum([...RECTIFICATION_STATUSES, 'not_closed']).optional(),
    overdue: z.boolean().optional(),
    /** A case number, or words of the finding or measure. */
    text: z.string().trim().max(50).optional(),
    offset: z.number().int().min(0).max(1_000_000).default(0),
    limit: z.number().int().min(1).max(500).default(100)
  }).strict(),
  'rectification.item': z.object(item).strict(),
  /**
   * A follow-up: the status it moves to (not 'closed': closure is approved with rectification.decide) and what
   * was done, with the evidence received. `version`: the track's version as read (0 when it had none).
   */
  'rectification.update': z.object({
    ...item, version: z.number().int().min(0).max(2_147_483_647),
    status: z.enum(['open', 'in_progress', 'submitted']), note, evidence: z.string().trim().max(2000).optional()
  }).strict(),
  /** A senior reviewer approves a submitted item's closure, or sends it back to 整改中. */
  'rectification.decide': z.object({ ...item, version: zVersion, approve: z.boolean(), note }).strict()
} as const

export interface RectificationRow {
  kind: RectificationKind
  id: number
  caseId: number
  caseNo: string
  /** The finding's description or the measure. */
  text: string
  requiredAction: string | null
  unitId: number | null
  unitName: string | null
  dueOn: string | null
  status: RectificationStatus
  overdue: boolean
  /** Who raised it (a finding's author); null for a measure from the case's source. */
  raisedBy: string | null
  version: number
}

export interface RectificationUpdateView { status: RectificationStatus; note: string; evidence: string | null; by: string; at: string }

export interface RectificationQueue {
  rows: RectificationRow[]
  total: number
  /** Over the unit and text filters, whatever the status filter: the queue's tabs. */
  counts: Record<RectificationStatus | 'overdue', number>
  /**
   * Whether `total` is an estimate (shown as 约 N): a word common enough to be searched along the queue's order
   * is not counted match by match in a status with many items (rectification/word-search.ts). The rows are exact.
   */
  estimated: boolean
  /** The `counts` that are estimates (none without words, nor for a rare word or a case number). */
  estimatedCounts: (RectificationStatus | 'overdue')[]
  /** Whether another page follows this one (exact, also when the counts are estimates). */
  more: boolean
}

export interface RectificationResponses {
  'rectification.queue': RectificationQueue
  'rectification.item': RectificationRow & { updates: RectificationUpdateView[] }
  'rectification.update': RectificationRow & { updates: RectificationUpdateView[] }
  'rectification.decide': RectificationRow & { updates: RectificationUpdateView[] }
}
