// Labels for the code lists, per locale (zh-CN first, en). Kept out of vue-i18n's messages on purpose: they are data (the
// Chinese ones come straight from codes.ts / jrt.ts) and must never be parsed as message syntax. In shared/ so the
// server draws its charts (trend-panels.ts) with the very labels the view shows.
import {
  BUSINESS_LINE_ZH, CATEGORY_ZH, CHANNEL_ZH, EVENT_ZH, EXTENSION_APPROVAL_LEVEL_ZH, OFFER_TYPE_ZH, REPLY_METHOD_ZH, SATISFACTION_ZH, SEVERITY_ZH,
  type BusinessLine, type Category, type Channel, type EventKind, type ExtensionApprovalLevel, type OfferType, type ReplyMethod, type Satisfaction,
  type Severity
} from './codes'
import { JRT_BUSINESS, JRT_CAUSE, JRT_CHANNEL } from './jrt'
import {
  CONCLUSION_ZH, FINDING_SEVERITY_ZH, REVIEW_STATUS_ZH, ROLE_ZH, RULE_STATUS_ZH, SELECTION_REASON_ZH,
  type Conclusion, type FindingSeverity, type ReviewStatus, type Role, type RuleStatusCode, type SelectionReason
} from './review-types'

export interface CodeLabels {
  channel: Record<Channel, string>
  category: Record<Category, string>
  severity: Record<Severity, string>
  /** Short form for the severity tag (重大 / 严重 / 一般). */
  severityShort: Record<Severity, string>
  businessLine: Record<BusinessLine, string>
  replyMethod: Record<ReplyMethod, string>
  satisfaction: Record<Satisfaction, string>
  event: Record<EventKind, string>
  offerType: Record<OfferType, string>
  extensionLevel: Record<ExtensionApprovalLevel, string>
  jrtChannel: Record<string, string>
  jrtBusiness: Record<string, string>
  jrtCause: Record<string, string>
  role: Record<Role, string>
  reviewStatus: Record<ReviewStatus, string>
  conclusion: Record<Conclusion, string>
  findingSeverity: Record<FindingSeverity, string>
  selectionReason: Record<SelectionReason, string>
  ruleStatus: Record<RuleStatusCode, string>
}

const zh: CodeLabels = {
  channel: CHANNEL_ZH,
  category: CATEGORY_ZH,
  severity: SEVERITY_ZH,
  severityShort: { general: '一般', serious: '严重', major: '重大' },
  businessLine: BUSINESS_LINE_ZH,
  replyMethod: REPLY_METHOD_ZH,
  satisfaction: SATISFACTION_ZH,
  event: EVENT_ZH,
  offerType: OFFER_TYPE_ZH,
  extensionLevel: EXTENSION_APPROVAL_LEVEL_ZH,
  jrtChannel: JRT_CHANNEL,
  jrtBusiness: JRT_BUSINESS,
  jrtCause: JRT_CAUSE,
  role: ROLE_ZH,
  reviewStatus: REVIEW_STATUS_ZH,
  conclusion: CONCLUSION_ZH,
  findingSeverity: FINDING_SEVERITY_ZH,
  selectionReason: SELECTION_REASON_ZH,
  ruleStatus: RULE_STATUS_ZH
}

const en: CodeLabels = {
  channel: {
    phone: 'Phone / hotline', counter: 'In person / branch', letter: 'Letter', online: 'Online (web/app/email)',
    comment_book: 'Comment book', media: 'Media', regulator: 'Regulator referral', head_office: 'Head-office referral',
    petition: 'Petition (xinfang)'
  },
  category: {
    service_quality: 'Service quality', counter_business: 'Counter business', clearing: 'Clearing',
    it_system: 'IT systems', product: 'Products', violation: 'Violations of law or rules', other: 'Other'
  },
  severity: { general: 'General', serious: 'Serious', major: 'Major' },
  severityShort: { general: 'General', serious: 'Serious', major: 'Major' },
  businessLine: {
    retail: 'Retail', corporate: 'Corporate', credit_card: 'Credit card', wealth: 'Wealth management',
    brokerage: 'Brokerage', insurance: 'Insurance agency'
  },
  replyMethod: { phone: 'Phone', written: 'Written', email: 'Email', sms: 'SMS', in_person: 'In person' },
  satisfaction: { satisfied: 'Satisfied', basically: 'Mostly satisfied', dissatisfied: 'Dissatisfied' },
  event: {
    received: 'Complaint received', accepted: 'Accepted', acceptance_notified: 'Acceptance notified',
    classified: 'Classified', escalated: 'Reported upward', assigned: 'Assigned', investigated: 'Investigation done',
    extension_notified: 'Extension notified', further_extension_approved: 'Further extension approved',
    further_extension_notified: 'Further extension notified', resolution_approved: 'Resolution approved', handled: 'Handled',
    offer_approved: 'Offer approved', replied: 'Replied to customer', offer_accepted: 'Offer accepted',
    offer_paid: 'Offer paid', revisited: 'Revisited', rereview: 'Re-review', rectification_due: 'Rectification due',
    rectification_done: 'Rectification done', closed: 'Closed', archived: 'Archived'
  },
  extensionLevel: { sub_branch: 'Sub-branch (own level)', higher_branch: 'Higher-level branch', head_office_senior: 'Head-office senior manager' },
  offerType: {
    compensation: 'Compensation', refund: 'Fee refund', fee_waiver: 'Fee waiver', indemnity: 'Indemnity',
    goodwill: 'Goodwill gesture', other: 'Other'
  },
  jrtChannel: {
    '0101': 'Branch premises', '0102': 'Self-service machines', '010301': 'E-channel: online banking',
    '010302': 'E-channel: phone', '010303': 'E-channel: mobile app', '010304': 'E-channel: social platforms',
    '010305': 'E-channel: SMS', '010399': 'E-channel: other', '0104': 'Third-party channels',
    '0199': 'Front office: other', '02': 'Middle/back-office channels'
  },
  jrtBusiness: {
    '01': 'RMB savings', '02': 'Loans', '03': 'Bank cards', '04': 'Payment and settlement', '05': 'RMB management',
    '06': 'Personal financial information', '07': 'Foreign exchange', '08': 'Agency business', '99': 'Other'
  },
  jrtCause: {
    '01': 'Service attitude and quality', '02': 'Facilities, equipment, systems', '03': 'Rules and processes',
    '04': 'Marketing practices', '05': 'Information disclosure', '06': 'Product returns', '07': 'Freedom of choice',
    '08': 'Contract terms', '09': 'Fund security', '10': 'Information security', '99': 'Other'
  },
  role: { reviewer: 'Reviewer', senior_reviewer: 'Senior reviewer', legal: 'Legal', leadership: 'Leadership', admin: 'Administrator', records: 'Records officer' },
  reviewStatus: { pending: 'To review', in_progress: 'In progress', submitted: 'Awaiting decision', returned: 'Returned', approved: 'Approved' },
  conclusion: { compliant: 'Compliant', basically_compliant: 'Basically compliant', non_compliant: 'Non-compliant' },
  findingSeverity: { low: 'Minor', medium: 'Significant', high: 'Severe' },
  selectionReason: { major: 'Major complaint', group: 'Group complaint', flagged: 'Engine flag', sample: 'Random sample' },
  ruleStatus: { pass: 'Pass', fail: 'Fail', not_applicable: 'N/A', cannot_tell: 'Cannot tell' }
}

export const CODE_LABELS = { 'zh-CN': zh, en } as const
