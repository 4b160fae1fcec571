// Code lists shared by main and renderer. Codes are stable English identifiers stored in the database;
// Chinese labels live here because documents and the CLI need them too (the renderer's i18n adds English).

export const CHANNELS = ['phone', 'counter', 'letter', 'online', 'comment_book', 'media', 'regulator', 'head_office', 'petition'] as const
export type Channel = (typeof CHANNELS)[number]
export const CHANNEL_ZH: Record<Channel, string> = {
  phone: '电话/客服热线', counter: '上门/网点', letter: '信函', online: '网络(网站/APP/邮件)', comment_book: '意见簿',
  media: '媒体', regulator: '监管转办', head_office: '上级行/总部转办', petition: '信访'
}
/** Media, regulator and 信访 transfers reach the institution indirectly (domain.md). */
export const INDIRECT_CHANNELS: readonly Channel[] = ['media', 'regulator', 'petition']

export const CATEGORIES = ['service_quality', 'counter_business', 'clearing', 'it_system', 'product', 'violation', 'other'] as const
export type Category = (typeof CATEGORIES)[number]
export const CATEGORY_ZH: Record<Category, string> = {
  service_quality: '服务质量投诉', counter_business: '柜台业务投诉', clearing: '清算业务投诉', it_system: '信息系统投诉',
  product: '公司产品投诉', violation: '违法违规投诉', other: '其他投诉'
}

export const SEVERITIES = ['general', 'serious', 'major'] as const
export type Severity = (typeof SEVERITIES)[number]
export const SEVERITY_ZH: Record<Severity, string> = { general: '一般投诉', serious: '严重投诉', major: '重大投诉' }

export const BUSINESS_LINES = ['retail', 'corporate', 'credit_card', 'wealth', 'brokerage', 'insurance'] as const
export type BusinessLine = (typeof BUSINESS_LINES)[number]
export const BUSINESS_LINE_ZH: Record<BusinessLine, string> = {
  retail: '零售', corporate: '对公', credit_card: '信用卡', wealth: '理财', brokerage: '证券经纪', insurance: '保险代销'
}

export const REPLY_METHODS = ['phone', 'written', 'email', 'sms', 'in_person'] as const
export type ReplyMethod = (typeof REPLY_METHODS)[number]
export const REPLY_METHOD_ZH: Record<ReplyMethod, string> = { phone: '电话', written: '书面', email: '邮件', sms: '短信', in_person: '面谈' }

export const SATISFACTIONS = ['satisfied', 'basically', 'dissatisfied'] as const
export type Satisfaction = (typeof SATISFACTIONS)[number]
export const SATISFACTION_ZH: Record<Satisfaction, string> = { satisfied: '满意', basically: '基本满意', dissatisfied: '不满意' }

/** Timeline event kinds, in the order they normally happen. */
export const EVENT_KINDS = [
  'received', 'accepted', 'acceptance_notified', 'classified', 'escalated', 'assigned', 'investigated',
  'extension_notified', 'further_extension_approved', 'further_extension_notified', 'resolution_approved', 'handled', 'offer_approved', 'replied', 'offer_accepted', 'offer_paid',
  'revisited', 'rereview', 'rectification_due', 'rectification_done', 'closed', 'archived'
] as const
export type EventKind = (typeof EVENT_KINDS)[number]
export const EVENT_ZH: Record<EventKind, string> = {
  received: '收到投诉', accepted: '受理', acceptance_notified: '受理告知', classified: '分类定级', escalated: '向上级报告',
  assigned: '分派承办', investigated: '调查完成', extension_notified: '延期告知',
  further_extension_approved: '特别复杂延期审批', further_extension_notified: '特别复杂延期告知', resolution_approved: '处理方案审批',
  handled: '处理完成', offer_approved: '补偿方案审批', replied: '回复客户', offer_accepted: '客户接受方案',
  offer_paid: '补偿支付', revisited: '回访', rereview: '复核', rectification_due: '整改期限', rectification_done: '整改完成',
  closed: '办结', archived: '归档'
}

export const OFFER_TYPES = ['compensation', 'refund', 'fee_waiver', 'indemnity', 'goodwill', 'other'] as const
export type OfferType = (typeof OFFER_TYPES)[number]
export const OFFER_TYPE_ZH: Record<OfferType, string> = {
  compensation: '经济补偿', refund: '退还费用', fee_waiver: '减免费用', indemnity: '赔偿', goodwill: '慰问/礼品', other: '其他'
}

/**
 * Who approved the further extension of an especially complex case (银保监会令2020年第3号 第十八条), as
 * recorded: the level relative to the unit complained about. 第十八条 accepts the higher-level branch and a
 * head-office senior manager; a sub-branch's own approval (e.g. its 支行行长) does not count.
 */
export const EXTENSION_APPROVAL_LEVELS = ['sub_branch', 'higher_branch', 'head_office_senior'] as const
export type ExtensionApprovalLevel = (typeof EXTENSION_APPROVAL_LEVELS)[number]
export const EXTENSION_APPROVAL_LEVEL_ZH: Record<ExtensionApprovalLevel, string> = {
  sub_branch: '支行（本级）', higher_branch: '上级分行', head_office_senior: '总行高级管理人员'
}
export const QUALIFYING_EXTENSION_LEVELS: readonly ExtensionApprovalLevel[] = ['higher_branch', 'head_office_senior']
