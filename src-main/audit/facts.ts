// What the audit engine reads about one case. Instants are epoch milliseconds (null = not recorded), so
// the batch audit can build a million of these without allocating Date objects. People are compared by
// key (staff id in the archive, staff code in a JSON input); names are only for the evidence.
import type { InternalPolicyParams, RegulatoryPolicyParams } from '../db/policy-defaults'
import type { WorkingCalendar } from '../calendar/working-days'
import type { AuthorityBook } from '../legal/authority'

/** Channels whose cases are 重大 by definition and reported upward (seed 002 第十二条, seed 003). */
export const TRANSFERRED_CHANNELS: ReadonlySet<string> = new Set(['regulator', 'media'])

export interface PersonFact { key: string; name?: string }

export interface OfferFact {
  /** OFFER_TYPES; absent in inputs written before the authority matrix (judged as the type with the lowest authority). */
  type?: string
  amount: number
  basis: string | null
  approvalLevel: string | null
  approvedAt: number | null
  customerAccepted: boolean | null
  acceptedAt: number | null
  dueAt: number | null
  paidAt: number | null
  /** When a settlement agreement (和解/补偿协议) was signed; absent = not recorded. */
  settlementSignedAt?: number | null
}

/**
 * The further 30 days of an especially complex case (银保监会令2020年第3号 第十八条): who approved it, at
 * what level (EXTENSION_APPROVAL_LEVELS), when, and when the complainant was told.
 */
export interface FurtherExtensionFact {
  approver: PersonFact | null
  level: string | null
  approvedAt: number | null
  notifiedAt: number | null
}

export interface RectificationFact { measure: string | null; ownerUnit: string | null; dueOn: string | null }

export interface AuditFacts {
  /** Fields the case's source never had or stood something in for (cases.source_note; audit/source-gaps.ts). */
  sourceGaps?: readonly string[]
  caseId: number | null
  caseNo: string
  receivedAt: number
  acceptedAt: number | null
  acceptanceNotifiedAt: number | null
  classifiedAt: number | null
  handledAt: number | null
  replyAt: number | null
  closedAt: number | null
  filledAt: number | null
  channel: string | null
  isAnonymous: boolean
  complainantName: string | null
  complainantPhone: string | null
  complainantAddress: string | null
  isGroup: boolean
  groupSize: number | null
  severity: string | null
  category: string | null
  isComplex: boolean
  complainedObject: string | null
  summary: string | null
  request: string | null
  evidence: string | null
  firstReceiver: PersonFact | null
  handler: PersonFact | null
  complainedPerson: PersonFact | null
  investigation: string | null
  responsibility: string | null
  /** The primary root cause tagged by a reviewer (问题根源), and whether it is the institution's own fault; null when untagged. */
  rootCause?: { code: string; internal: boolean } | null
  resolution: string | null
  approver: PersonFact | null
  approvalLevel: string | null
  approvedAt: number | null
  escalatedAt: number | null
  escalationLevel: string | null
  replyMethod: string | null
  replyContent: string | null
  extensionReason: string | null
  extensionNotifiedAt: number | null
  /** Null when the case records no further extension. */
  furtherExtension: FurtherExtensionFact | null
  revisitAt: number | null
  satisfaction: string | null
  rereviewRequested: boolean
  rereviewAt: number | null
  /** The case this one is recorded as repeating (case number or id), if any. */
  repeatOf: string | null
  /** An earlier case by the same complainant (ID number and name) about the same matter (same unit and business category), found by the reader. */
  earlierSameMatter: string | null
  offers: OfferFact[]
  rectifications: RectificationFact[]
}

export interface PolicyInForce<P> { id: number | null; code: string; title: string; params: P }

export interface RuleContext {
  calendar: WorkingCalendar
  /** The authority matrices by effective day: an offer is judged by the one in force on its approval day. */
  authority: AuthorityBook
  internal: PolicyInForce<InternalPolicyParams>
  /** Null when no regulatory set was in force on the day of receipt (before 2020-03-01). */
  regulatory: PolicyInForce<RegulatoryPolicyParams> | null
}
