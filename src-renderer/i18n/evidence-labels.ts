// Labels for the audit engine's evidence keys (camelCase, one set per rule in src-main/audit/rules/).
// Kept apart from the vue-i18n messages: the keys come from data, and a key missing here shows as itself.
import type { Locale } from './index'
import { EVIDENCE_ZH } from '@shared/evidence-labels'

// The Chinese labels are the documents' too (@shared/evidence-labels); English is the screen's alone.
const zh = EVIDENCE_ZH

const en: Record<string, string> = {
  receivedAt: 'Received',
  acceptedAt: 'Accepted',
  acceptanceNotifiedAt: 'Acceptance notified',
  classifiedAt: 'Classified',
  handledAt: 'Handling completed',
  replyAt: 'Replied',
  replyMethod: 'Reply method',
  decisionToldAt: 'Decision told',
  elapsed: 'Time taken',
  limit: 'Limit',
  deadline: 'Deadline',
  complex: 'Complex case',
  especiallyComplexExtension: 'Especially complex extension',
  extensionNotifiedAt: 'Extension notified',
  extensionReason: 'Extension reason',
  anonymous: 'Anonymous',
  missing: 'Missing',
  channel: 'Channel',
  category: 'Category',
  severity: 'Severity',
  complainedPerson: 'Complained person',
  handler: 'Handler',
  firstReceiver: 'First receiver',
  approver: 'Approver',
  approvalLevel: 'Approval level',
  approvedAt: 'Approved',
  branchApprovalLimit: 'Branch approval limit (CNY)',
  authorityMatrix: 'Authority matrix',
  levelJudged: 'Judged as level',
  maxAmount: 'Level authority (CNY)',
  levelAssumed: 'Level not in matrix',
  businessLine: 'Business line',
  type: 'Offer type',
  rootCause: 'Root cause',
  rootCauseInternal: 'Cause is internal',
  suitabilityAssessed: 'Suitability assessed',
  dualRecorded: 'Audio-video recorded',
  comparables: 'Comparable offers',
  median: 'Median (CNY)',
  p10: 'P10 (CNY)',
  p90: 'P90 (CNY)',
  windowMonths: 'Window (months)',
  settlementAbove: 'Signed settlement required above (CNY)',
  settlementSignedAt: 'Settlement signed',
  offersOverLimit: 'Offers over the limit',
  why: 'Reason to report',
  escalatedAt: 'Reported upward',
  escalationLevel: 'Reported to',
  groupSize: 'Complainants',
  flaggedGroup: 'Marked as group',
  threshold: 'Group threshold',
  revisitAt: 'Revisited',
  satisfaction: 'Satisfaction',
  rereviewAt: 'Re-reviewed',
  offers: 'Offers',
  amount: 'Amount',
  basis: 'Basis',
  customerAccepted: 'Customer accepted',
  dueAt: 'Due',
  paidAt: 'Paid',
  responsibility: 'Responsibility',
  measures: 'Rectification measures',
  ownerUnit: 'Owner unit',
  dueOn: 'Due',
  repeatOf: 'Earlier case linked',
  earlierSameMatter: 'Earlier case, same matter',
  timeline: 'Timeline out of order',
  calendarMissingYear: 'Holiday calendar not loaded for',
  sourceGaps: 'Not in the source data',
  furtherExtensionApprover: 'Further extension approved by',
  furtherExtensionLevel: 'Further extension approval level',
  furtherExtensionApprovedAt: 'Further extension approved',
  furtherExtensionNotifiedAt: 'Further extension told to complainant',
  furtherExtensionRefused: 'Why the extension does not count'
}

/** Evidence values that are codes of a code list (see code-labels.ts) rather than free text. */
export const EVIDENCE_CODE_LIST: Record<string, 'channel' | 'category' | 'severity' | 'replyMethod' | 'satisfaction' | 'businessLine' | 'offerType'> = {
  channel: 'channel',
  category: 'category',
  severity: 'severity',
  replyMethod: 'replyMethod',
  satisfaction: 'satisfaction',
  businessLine: 'businessLine',
  type: 'offerType'
}

/** The case's responsibility finding (internal / external / shared). */
export const RESPONSIBILITY_LABELS: Record<Locale, Record<string, string>> = {
  'zh-CN': { internal: '内部原因', external: '外部原因', shared: '共同原因', none: '无责任' },
  en: { internal: 'Internal', external: 'External', shared: 'Shared', none: 'None' }
}

export const EVIDENCE_LABELS: Record<Locale, Record<string, string>> = { 'zh-CN': zh, en }
