// Value types of a case as they cross the contract. Personal data arrives masked unless stated.
import type { BusinessLine, Category, Channel, EventKind, ExtensionApprovalLevel, OfferType, ReplyMethod, Satisfaction, Severity } from './codes'
import type { ReviewStatus } from './review-types'

export interface CaseRow {
  id: number
  caseNo: string
  receivedAt: string
  closedAt: string
  channel: Channel
  category: Category
  severity: Severity
  businessLine: BusinessLine
  unitName: string
  complainantName: string
  isGroup: boolean
  isRepeat: boolean
  summary: string
  isDemo: boolean
  /** The latest review of the case, if it is in a review plan. */
  reviewStatus: ReviewStatus | null
  /** Whether the audit engine found a failed rule (null: not audited yet). */
  auditFlagged: boolean | null
  /** 「审查后案卷有变更」: an import changed the case after its latest review was approved. */
  changedAfterReview: boolean
}

export interface PersonRef { id: number; name: string; unitName: string | null }

export interface TimelineEvent { kind: EventKind; at: string; actor: string | null; unit: string | null; note: string | null }

export interface OfferView {
  id: number; type: OfferType; amount: string; basis: string | null; approver: string | null; approvalLevel: string | null
  approvedAt: string | null; customerAccepted: boolean | null; acceptedAt: string | null; dueAt: string | null; paidAt: string | null
}

export interface RectificationView { id: number; measure: string; ownerUnit: string | null; dueOn: string | null; doneOn: string | null }

export interface CaseDetail {
  id: number
  caseNo: string
  isDemo: boolean
  receivedAt: string
  acceptedAt: string | null
  acceptanceNotifiedAt: string | null
  classifiedAt: string | null
  /** 处理完成: when handling ended (R04's limit), as against closedAt, 结案（办结）: when the case was closed. */
  handledAt: string | null
  closedAt: string
  filledAt: string | null
  channel: Channel
  isDirect: boolean
  isAnonymous: boolean
  complainant: { name: string; phone: string; idNo: string; address: string }
  isGroup: boolean
  groupSize: number | null
  complainedObject: string | null
  complainedPerson: PersonRef | null
  product: string | null
  unitName: string
  businessLine: BusinessLine
  category: Category
  severity: Severity
  isComplex: boolean
  amountInvolved: string | null
  jrt: { channel: string | null; business: string | null; cause: string | null }
  summary: string
  request: string
  evidence: string | null
  firstReceiver: PersonRef | null
  handler: PersonRef | null
  responsibleUnit: string | null
  assistingUnits: string[]
  investigation: string | null
  facts: string | null
  responsibility: string | null
  resolution: string | null
  approval: { approver: PersonRef | null; level: string | null; at: string | null }
  escalatedAt: string | null
  escalationLevel: string | null
  reply: { at: string | null; method: ReplyMethod | null; content: string | null }
  extension: { reason: string | null; notifiedAt: string | null }
  /** The further 30 days of an especially complex case (银保监会令2020年第3号 第十八条); null when none is recorded. */
  furtherExtension: { approver: PersonRef | null; level: ExtensionApprovalLevel | null; approvedAt: string | null; notifiedAt: string | null } | null
  revisit: { at: string | null; result: string | null; satisfaction: Satisfaction | null }
  rereview: { requested: boolean; at: string | null; result: string | null }
  repeatOf: { id: number; caseNo: string } | null
  timeline: TimelineEvent[]
  offers: OfferView[]
  rectifications: RectificationView[]
}
