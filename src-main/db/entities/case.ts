import { EntitySchema } from 'typeorm'
import type { EntitySchemaColumnOptions } from 'typeorm'

const ts = (name: string): EntitySchemaColumnOptions => ({ type: 'timestamptz', name, nullable: true })
const text = (name: string, nullable = true): EntitySchemaColumnOptions => ({ type: 'text', name, nullable })
const int = (name: string, nullable = true): EntitySchemaColumnOptions => ({ type: 'integer', name, nullable })
const bool = (name: string): EntitySchemaColumnOptions => ({ type: 'boolean', name })

export interface CaseRecord {
  id: number; caseNo: string; isDemo: boolean
  receivedAt: Date; acceptedAt: Date | null; acceptanceNotifiedAt: Date | null; classifiedAt: Date | null
  closedAt: Date; filledAt: Date | null
  channel: string; isDirect: boolean; isAnonymous: boolean
  complainantName: string | null; complainantPhone: string | null; complainantIdNo: string | null; complainantAddress: string | null
  isGroup: boolean; groupSize: number | null
  complainedObject: string | null; complainedStaffId: number | null; product: string | null
  unitId: number; businessLine: string; category: string; severity: string; isComplex: boolean; amountInvolved: string | null
  jrtChannel: string | null; jrtBusiness: string | null; jrtCause: string | null
  summary: string; request: string; evidence: string | null
  firstReceiverId: number | null; handlerId: number | null; responsibleUnitId: number | null; assistingUnitIds: number[]
  investigation: string | null; facts: string | null; responsibility: string | null; resolution: string | null
  approverId: number | null; approvalLevel: string | null; approvedAt: Date | null; handledAt: Date | null
  escalatedAt: Date | null; escalationLevel: string | null
  replyAt: Date | null; replyMethod: string | null; replyContent: string | null
  extensionReason: string | null; extensionNotifiedAt: Date | null
  /** 第十八条's further extension (migration 1764000000010): level is an EXTENSION_APPROVAL_LEVELS code. */
  furtherExtensionApproverId: number | null; furtherExtensionLevel: string | null
  furtherExtensionApprovedAt: Date | null; furtherExtensionNotifiedAt: Date | null
  revisitAt: Date | null; revisitResult: string | null; satisfaction: string | null
  rereviewRequested: boolean; rereviewAt: Date | null; rereviewResult: string | null
  repeatOfId: number | null
  version: number; createdAt: Date; updatedAt: Date
}

export const CaseEntity = new EntitySchema<CaseRecord>({
  name: 'Case',
  tableName: 'cases',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    caseNo: { type: 'text', name: 'case_no', unique: true },
    isDemo: bool('is_demo'),
    receivedAt: { type: 'timestamptz', name: 'received_at' },
    acceptedAt: ts('accepted_at'), acceptanceNotifiedAt: ts('acceptance_notified_at'), classifiedAt: ts('classified_at'),
    closedAt: { type: 'timestamptz', name: 'closed_at' }, filledAt: ts('filled_at'),
    channel: text('channel', false), isDirect: bool('is_direct'), isAnonymous: bool('is_anonymous'),
    complainantName: text('complainant_name'), complainantPhone: text('complainant_phone'),
    complainantIdNo: text('complainant_id_no'), complainantAddress: text('complainant_address'),
    isGroup: bool('is_group'), groupSize: int('group_size'),
    complainedObject: text('complained_object'), complainedStaffId: int('complained_staff_id'), product: text('product'),
    unitId: int('unit_id', false), businessLine: text('business_line', false), category: text('category', false),
    severity: text('severity', false), isComplex: bool('is_complex'),
    amountInvolved: { type: 'numeric', precision: 14, scale: 2, name: 'amount_involved', nullable: true },
    jrtChannel: text('jrt_channel'), jrtBusiness: text('jrt_business'), jrtCause: text('jrt_cause'),
    summary: text('summary', false), request: text('request', false), evidence: text('evidence'),
    firstReceiverId: int('first_receiver_id'), handlerId: int('handler_id'), responsibleUnitId: int('responsible_unit_id'),
    assistingUnitIds: { type: 'integer', array: true, name: 'assisting_unit_ids' },
    investigation: text('investigation'), facts: text('facts'), responsibility: text('responsibility'), resolution: text('resolution'),
    approverId: int('approver_id'), approvalLevel: text('approval_level'), approvedAt: ts('approved_at'), handledAt: ts('handled_at'),
    escalatedAt: ts('escalated_at'), escalationLevel: text('escalation_level'),
    replyAt: ts('reply_at'), replyMethod: text('reply_method'), replyContent: text('reply_content'),
    extensionReason: text('extension_reason'), extensionNotifiedAt: ts('extension_notified_at'),
    furtherExtensionApproverId: int('further_extension_approver_id'), furtherExtensionLevel: text('further_extension_level'),
    furtherExtensionApprovedAt: ts('further_extension_approved_at'), furtherExtensionNotifiedAt: ts('further_extension_notified_at'),
    revisitAt: ts('revisit_at'), revisitResult: text('revisit_result'), satisfaction: text('satisfaction'),
    rereviewRequested: bool('rereview_requested'), rereviewAt: ts('rereview_at'), rereviewResult: text('rereview_result'),
    repeatOfId: int('repeat_of_id'),
    version: { type: 'integer', version: true },
    createdAt: { type: 'timestamptz', name: 'created_at', createDate: true },
    updatedAt: { type: 'timestamptz', name: 'updated_at', updateDate: true }
  }
})

export interface CaseEvent { caseId: number; seq: number; kind: string; at: Date; actorId: number | null; unitId: number | null; note: string | null }
export const CaseEventEntity = new EntitySchema<CaseEvent>({
  name: 'CaseEvent',
  tableName: 'case_events',
  columns: {
    caseId: { type: 'integer', name: 'case_id', primary: true }, seq: { type: 'smallint', primary: true },
    kind: text('kind', false), at: { type: 'timestamptz' },
    actorId: int('actor_id'), unitId: int('unit_id'), note: text('note')
  }
})

export interface RemediationOffer {
  id: number; caseId: number; type: string; amount: string; basis: string | null; approverId: number | null
  approvalLevel: string | null; approvedAt: Date | null; customerAccepted: boolean | null; acceptedAt: Date | null
  dueAt: Date | null; paidAt: Date | null; version: number
}
export const RemediationOfferEntity = new EntitySchema<RemediationOffer>({
  name: 'RemediationOffer',
  tableName: 'remediation_offers',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    caseId: int('case_id', false), type: text('type', false),
    amount: { type: 'numeric', precision: 14, scale: 2 }, basis: text('basis'), approverId: int('approver_id'),
    approvalLevel: text('approval_level'), approvedAt: ts('approved_at'),
    customerAccepted: { type: 'boolean', name: 'customer_accepted', nullable: true }, acceptedAt: ts('accepted_at'),
    dueAt: ts('due_at'), paidAt: ts('paid_at'), version: { type: 'integer', version: true }
  }
})

export interface Rectification { id: number; caseId: number; measure: string; ownerUnitId: number | null; dueOn: string | null; doneOn: string | null }
export const RectificationEntity = new EntitySchema<Rectification>({
  name: 'Rectification',
  tableName: 'rectifications',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    caseId: int('case_id', false), measure: text('measure', false), ownerUnitId: int('owner_unit_id'),
    dueOn: { type: 'date', name: 'due_on', nullable: true }, doneOn: { type: 'date', name: 'done_on', nullable: true }
  }
})

export interface CaseLink { caseId: number; linkedCaseId: number; kind: 'repeat' | 'same_event' }
export const CaseLinkEntity = new EntitySchema<CaseLink>({
  name: 'CaseLink',
  tableName: 'case_links',
  columns: {
    caseId: { type: 'integer', name: 'case_id', primary: true },
    linkedCaseId: { type: 'integer', name: 'linked_case_id', primary: true },
    kind: { type: 'text', primary: true }
  }
})
