// Chinese wording the documents need beyond shared/codes.ts. The evidence labels are shared with the review
// screen (shared/evidence-labels.ts); a key missing there prints as itself rather than failing the document.
import { CATEGORY_ZH, CHANNEL_ZH, REPLY_METHOD_ZH, SATISFACTION_ZH, SEVERITY_ZH } from '../shared/codes'
import { EVIDENCE_ZH } from '../shared/evidence-labels'
import { chineseDurations } from '../shared/duration-text'

/** The document types the archive issues, with their titles (the registry's doc_type). */
export const DOC_TYPES = {
  dossier: { titleZh: '客户投诉档案', numberKind: '投诉档案', file: 'dossier' },
  registration: { titleZh: '客户投诉登记表', numberKind: '投诉登记', file: 'registration' },
  review: { titleZh: '投诉案件审查意见书', numberKind: '投诉审查', file: 'review' },
  quarterly: { titleZh: '季度投诉分析报告', numberKind: '投诉分析', file: 'quarterly' },
  legal_opinion: { titleZh: '法律审查意见书', numberKind: '法律审查', file: 'legal_opinion' },
  legal_summary: { titleZh: '补偿方案法律审查季度汇总', numberKind: '法律汇总', file: 'legal_summary' }
} as const
export type DocType = keyof typeof DOC_TYPES
export const CASE_DOC_TYPES = ['dossier', 'registration'] as const
export type CaseDocType = (typeof CASE_DOC_TYPES)[number]

export const RESPONSIBILITY_ZH: Record<string, string> = {
  internal: '我行责任', external: '非我行责任', shared: '我行与客户均有责任', none: '无责任'
}

export const DECISION_ZH: Record<string, string> = { confirmed: '确认', overridden: '改判' }


// Evidence values that are codes, printed as their labels.
const CODE_VALUES: Record<string, Record<string, string>> = {
  channel: CHANNEL_ZH, category: CATEGORY_ZH, severity: SEVERITY_ZH, replyMethod: REPLY_METHOD_ZH, satisfaction: SATISFACTION_ZH,
  responsibility: RESPONSIBILITY_ZH
}

const evidenceValue = (key: string, v: string | number | boolean | null): string =>
  v === null || v === '' ? '无' : v === true ? '是' : v === false ? '否' : CODE_VALUES[key]?.[String(v)] ?? formalText(String(v))

/**
 * The engine's text as a formal document prints it: durations in Chinese units (「25 h 03 min」 → 「25小时3分」,
 * 「24 h」 → 「24小时」), and no space between Chinese and a number (「在 24 小时内」 → 「在24小时内」).
 */
export function formalText(text: string): string {
  return chineseDurations(text)
    .replace(/([\u4e00-\u9fff]) (?=[-\d])/g, '$1')
    .replace(/(\d) (?=[\u4e00-\u9fff])/g, '$1')
}

/**
 * The rule sources (seed documents 000–004, shared/domain.md) by their titles: a formal document names a
 * regulation, it does not cite the archive's file codes (「000 受理；004 §3.1」).
 */
export const SOURCE_TITLES: Record<string, string> = {
  '000': '《金融服务投诉处理流程规范》',
  '001': '《银行客户投诉处理管理办法》',
  '002': '《客户投诉管理办法》',
  '003': '《到期理财产品客户投诉处理应急方案》',
  '004': '《金融客户服务规范与投诉处理指南》'
}

/** 「000 受理；004 §3.1（…）」 → 「《金融服务投诉处理流程规范》受理；《金融客户服务规范与投诉处理指南》§3.1（…）」. */
export const sourceText = (source: string): string =>
  formalText(source.replace(/(^|[；;、\s])(00[0-4])(?!\d) ?/g, (_, before: string, code: string) => `${before}${SOURCE_TITLES[code]}`))

/** Evidence as one line: 投诉时间 2025-03-07 14:05；受理时间 …；empty values shown as 无. */
export function evidenceLine(evidence: Record<string, string | number | boolean | null>): string {
  return Object.entries(evidence).map(([k, v]) => `${EVIDENCE_ZH[k] ?? k} ${evidenceValue(k, v)}`).join('；')
}
