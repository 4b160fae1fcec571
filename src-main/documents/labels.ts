// Chinese wording the documents need beyond shared/codes.ts. The evidence labels repeat the renderer's
// (src-renderer/i18n/evidence-labels.ts): the main process cannot import renderer modules, and a key missing
// here prints as itself rather than failing the document.
import { CATEGORY_ZH, CHANNEL_ZH, REPLY_METHOD_ZH, SATISFACTION_ZH, SEVERITY_ZH } from '../shared/codes'

/** The document types the archive issues, with their titles (the registry's doc_type). */
export const DOC_TYPES = {
  dossier: { titleZh: '客户投诉档案', numberKind: '投诉档案', file: 'dossier' },
  registration: { titleZh: '客户投诉登记表', numberKind: '投诉登记', file: 'registration' },
  review: { titleZh: '投诉案件审查意见书', numberKind: '投诉审查', file: 'review' },
  quarterly: { titleZh: '季度投诉分析报告', numberKind: '投诉分析', file: 'quarterly' }
} as const
export type DocType = keyof typeof DOC_TYPES
export const CASE_DOC_TYPES = ['dossier', 'registration'] as const
export type CaseDocType = (typeof CASE_DOC_TYPES)[number]

export const RESPONSIBILITY_ZH: Record<string, string> = {
  internal: '我行责任', external: '非我行责任', shared: '我行与客户均有责任', none: '无责任'
}

export const DECISION_ZH: Record<string, string> = { confirmed: '确认', overridden: '改判' }

export const EVIDENCE_ZH: Record<string, string> = {
  receivedAt: '投诉时间', acceptedAt: '受理时间', acceptanceNotifiedAt: '受理告知时间', classifiedAt: '分类定级时间',
  handledAt: '办结时间', replyAt: '反馈时间', replyMethod: '反馈方式', decisionToldAt: '告知处理决定时间', elapsed: '用时',
  limit: '时限', deadline: '期限', complex: '复杂案件', especiallyComplexExtension: '特别复杂延期',
  extensionNotifiedAt: '延期告知时间', extensionReason: '延期原因', anonymous: '匿名投诉', missing: '缺少项',
  channel: '投诉渠道', category: '业务类别', severity: '严重程度', complainedPerson: '被投诉人', handler: '承办人',
  firstReceiver: '首问人', approver: '审批人', approvalLevel: '审批层级', approvedAt: '审批时间',
  branchApprovalLimit: '分行审批权限（元）', offersOverLimit: '超权限补偿项数', why: '上报原因', escalatedAt: '上报时间',
  escalationLevel: '上报层级', groupSize: '投诉人数', flaggedGroup: '标记为群体投诉', threshold: '群体投诉人数标准',
  revisitAt: '回访时间', satisfaction: '满意度', rereviewAt: '复核时间', offers: '补偿项数', amount: '金额',
  basis: '核定依据', customerAccepted: '客户接受', dueAt: '应付期限', paidAt: '支付时间', responsibility: '责任归属',
  measures: '整改措施数', ownerUnit: '责任单位', dueOn: '整改期限', repeatOf: '关联前案', earlierSameMatter: '同一事项前案'
}

// Evidence values that are codes, printed as their labels.
const CODE_VALUES: Record<string, Record<string, string>> = {
  channel: CHANNEL_ZH, category: CATEGORY_ZH, severity: SEVERITY_ZH, replyMethod: REPLY_METHOD_ZH, satisfaction: SATISFACTION_ZH,
  responsibility: RESPONSIBILITY_ZH
}

const evidenceValue = (key: string, v: string | number | boolean | null): string =>
  v === null || v === '' ? '无' : v === true ? '是' : v === false ? '否' : CODE_VALUES[key]?.[String(v)] ?? String(v)

/** Evidence as one line: 投诉时间 2025-03-07 14:05；受理时间 …；empty values shown as 无. */
export function evidenceLine(evidence: Record<string, string | number | boolean | null>): string {
  return Object.entries(evidence).map(([k, v]) => `${EVIDENCE_ZH[k] ?? k} ${evidenceValue(k, v)}`).join('；')
}
