// What the generator produces for one case: column values in the order of the COPY column lists.
import type { ExtensionApprovalLevel } from '../shared/codes'
import type { RuleCode } from './rules'

/** The legal checks (legal/checks.ts) the demo makes fail on purpose, recorded in demo_truth with policy 'legal'. */
export type LegalTruth = 'authority' | 'basis' | 'acceptance' | 'payment' | 'caveat_emptor' | 'precedent'

/** The case's root cause (detail: the node code), tagged by the generator or held out (rootcause-truth.ts). */
export type RootCauseTruth = 'tagged' | 'held_out'

export interface GenEvent { kind: string; at: number; actorId: number | null; unitId: number | null; note: string | null }
export interface GenOffer {
  type: string; amount: number; basis: string | null; approverId: number | null; approvalLevel: string | null
  approvedAt: number | null; customerAccepted: boolean | null; acceptedAt: number | null; dueAt: number | null; paidAt: number | null
  settlementSignedAt: number | null
}
export interface GenRectification { measure: string; ownerUnitId: number; dueOn: string; doneOn: string | null }

export interface GenCase {
  id: number; caseNo: string; isDemo: boolean
  receivedAt: number; acceptedAt: number; acceptanceNotifiedAt: number | null; classifiedAt: number; closedAt: number; filledAt: number | null
  channel: string; isDirect: boolean; isAnonymous: boolean
  complainantName: string | null; complainantPhone: string | null; complainantIdNo: string | null; complainantAddress: string | null
  isGroup: boolean; groupSize: number | null
  complainedObject: string | null; complainedStaffId: number | null; product: string
  unitId: number; businessLine: string; category: string; severity: string; isComplex: boolean; amountInvolved: number | null
  jrtChannel: string; jrtBusiness: string; jrtCause: string
  summary: string; request: string; evidence: string | null
  firstReceiverId: number | null; handlerId: number; responsibleUnitId: number; assistingUnitIds: number[]
  investigation: string | null; facts: string; responsibility: string; resolution: string
  approverId: number | null; approvalLevel: string | null; approvedAt: number | null; handledAt: number
  escalatedAt: number | null; escalationLevel: string | null
  replyAt: number; replyMethod: string; replyContent: string
  extensionReason: string | null; extensionNotifiedAt: number | null
  furtherExtensionApproverId: number | null; furtherExtensionLevel: ExtensionApprovalLevel | null
  furtherExtensionApprovedAt: number | null; furtherExtensionNotifiedAt: number | null
  revisitAt: number | null; revisitResult: string | null; satisfaction: string | null
  rereviewRequested: boolean; rereviewAt: number | null; rereviewResult: string | null
  repeatOfId: number | null
  /** 适当性评估 and 双录 on file, for investment products (wealth, brokerage, insurance); null elsewhere. */
  suitabilityAssessed: boolean | null; dualRecorded: boolean | null
  events: GenEvent[]
  offers: GenOffer[]
  rectifications: GenRectification[]
  /** Violations injected (or, for the regulatory R04, found by construction); policy absent = internal. */
  truth: { rule: RuleCode | LegalTruth | RootCauseTruth; detail: string; policy?: 'regulatory' | 'legal' | 'rootcause' }[]
}
