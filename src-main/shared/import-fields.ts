// The case fields an import can fill and an export writes, with the header names complaint systems use for
// them (Chinese and English, and the second spelling a system may use for the same column). The archive's
// own export writes `zh` as the header, so its files map back without a preset.
import { EVENT_KINDS, type EventKind } from './codes'

export type FieldKind = 'text' | 'time' | 'bool' | 'count' | 'amount' | 'code' | 'unit' | 'units' | 'staff' | 'idno' | 'phone' | 'case_ref'

export interface FieldDef {
  /** The cases column (staff/unit references without _id), or `step:<event kind>` for a timeline step without a column. */
  key: string
  zh: string
  en: string
  aliases: readonly string[]
  kind: FieldKind
  /** A new case cannot be written without it. */
  required?: boolean
  /** Personal data (the export needs the personal-data permission). */
  personal?: boolean
}

const f = (key: string, zh: string, en: string, kind: FieldKind, aliases: string[] = [], extra: Partial<FieldDef> = {}): FieldDef => ({ key, zh, en, kind, aliases, ...extra })

export const CASE_FIELDS: readonly FieldDef[] = [
  f('case_no', '投诉编号', 'Case number', 'text', ['案件编号', '投诉单号', '工单号', '投诉单编号', 'case no', 'complaint id', 'complaint number'], { required: true }),
  f('received_at', '投诉时间', 'Received at', 'time', ['收到投诉时间', '投诉日期', '接收时间', '来电时间', 'date received', 'received'], { required: true }),
  f('accepted_at', '受理时间', 'Accepted at', 'time', ['受理日期']),
  f('acceptance_notified_at', '受理告知时间', 'Acceptance notified at', 'time', ['告知受理时间']),
  f('classified_at', '分类定级时间', 'Classified at', 'time', ['定级时间']),
  f('closed_at', '办结时间', 'Closed at', 'time', ['结案时间', '办结日期', '结案日期', 'closed'], { required: true }),
  f('filled_at', '填写时间', 'Filled at', 'time', ['填表时间', '登记时间']),
  f('channel', '投诉渠道', 'Channel', 'code', ['投诉方式', '渠道', '投诉途径', '来源渠道'], { required: true }),
  f('is_direct', '直接投诉', 'Direct', 'bool', ['是否直接投诉']),
  f('is_anonymous', '匿名', 'Anonymous', 'bool', ['是否匿名', '匿名投诉']),
  f('complainant_name', '投诉人', 'Complainant name', 'text', ['客户姓名', '投诉人姓名', '姓名', 'customer name', 'complainant'], { personal: true }),
  f('complainant_phone', '联系电话', 'Complainant phone', 'phone', ['电话', '手机号', '手机号码', '客户电话', 'phone'], { personal: true }),
  f('complainant_id_no', '证件号码', 'Complainant ID number', 'idno', ['身份证号', '身份证号码', '证件号', 'id number', 'id no'], { personal: true }),
  f('complainant_address', '地址', 'Complainant address', 'text', ['联系地址', '客户地址', '通讯地址', 'address'], { personal: true }),
  f('is_group', '群体投诉', 'Group complaint', 'bool', ['是否群体投诉']),
  f('group_size', '群体人数', 'Group size', 'count', ['投诉人数', '涉及人数']),
  f('complained_object', '被投诉对象', 'Complained object', 'text', ['被投诉单位/人员/产品', '被投诉单位', '投诉对象']),
  f('complained_staff', '被投诉人工号', 'Complained staff code', 'staff', ['被投诉人员工号']),
  f('product', '产品', 'Product', 'text', ['产品名称', '涉及产品']),
  f('unit', '机构代码', 'Unit code', 'unit', ['机构', '所属机构', '网点代码', '机构编号', 'branch', 'unit'], { required: true }),
  f('business_line', '业务条线', 'Business line', 'code', ['条线', '业务线'], { required: true }),
  f('category', '业务类别', 'Category', 'code', ['投诉类别', '类别', '投诉分类'], { required: true }),
  f('severity', '严重程度', 'Severity', 'code', ['投诉等级', '等级', '投诉级别'], { required: true }),
  f('is_complex', '复杂投诉', 'Complex', 'bool', ['是否复杂', '是否复杂投诉']),
  f('amount_involved', '涉及金额', 'Amount involved', 'amount', ['涉案金额', '金额', '涉及金额（元）', 'amount']),
  f('jrt_channel', 'JR/T渠道代码', 'JR/T channel code', 'code', ['JRT渠道', '渠道代码', 'JR/T 0169 渠道']),
  f('jrt_business', 'JR/T业务代码', 'JR/T business code', 'code', ['JRT业务', '业务代码', 'JR/T 0169 业务']),
  f('jrt_cause', 'JR/T原因代码', 'JR/T cause code', 'code', ['JRT原因', '原因代码', 'JR/T 0169 原因']),
  f('summary', '客户投诉摘要', 'Summary', 'text', ['投诉摘要', '投诉内容', '摘要', '投诉事由', 'narrative'], { required: true }),
  f('request', '投诉请求', 'Request', 'text', ['诉求', '客户诉求', '投诉诉求', '投诉请求/诉求'], { required: true }),
  f('evidence', '证据材料', 'Evidence', 'text', ['证据']),
  f('first_receiver', '首问人工号', 'First receiver code', 'staff', ['首问人', '受理人工号']),
  f('handler', '承办人工号', 'Handler code', 'staff', ['承办人']),
  f('responsible_unit', '责任单位代码', 'Responsible unit code', 'unit', ['责任单位']),
  f('assisting_units', '协助处理单位代码', 'Assisting unit codes', 'units', ['协助单位', '协助处理单位']),
  f('investigation', '调查情况', 'Investigation', 'text', ['调查结果']),
  f('facts', '事实认定', 'Facts found', 'text', []),
  f('responsibility', '责任归属', 'Responsibility', 'code', ['责任认定']),
  f('resolution', '处理方案及整改措施', 'Resolution', 'text', ['处理方案', '处理结果', '处理意见']),
  f('approver', '审批人工号', 'Approver code', 'staff', ['审批人']),
  f('approval_level', '审批层级', 'Approval level', 'text', ['审批级别']),
  f('approved_at', '审批时间', 'Approved at', 'time', ['方案审批时间']),
  f('handled_at', '处理完成时间', 'Handled at', 'time', ['处理时间', '处理完成日期']),
  f('escalated_at', '向上级报告时间', 'Escalated at', 'time', ['上报时间']),
  f('escalation_level', '报告层级', 'Escalation level', 'text', ['上报层级']),
  f('reply_at', '回复客户时间', 'Replied at', 'time', ['回复时间', '答复时间']),
  f('reply_method', '回复方式', 'Reply method', 'code', ['答复方式']),
  f('reply_content', '回复客户情况', 'Reply content', 'text', ['回复内容', '答复内容']),
  f('extension_reason', '延期原因', 'Extension reason', 'text', []),
  f('extension_notified_at', '延期告知时间', 'Extension notified at', 'time', []),
  f('revisit_at', '回访时间', 'Revisited at', 'time', ['回访日期']),
  f('revisit_result', '回访结果', 'Revisit result', 'text', []),
  f('satisfaction', '满意度', 'Satisfaction', 'code', ['客户满意度', '满意程度']),
  f('rereview_requested', '申请复核', 'Re-review requested', 'bool', ['是否复核', '是否申请复核']),
  f('rereview_at', '复核时间', 'Re-reviewed at', 'time', []),
  f('rereview_result', '复核结果', 'Re-review result', 'text', []),
  f('repeat_of', '重复投诉原案编号', 'Repeat of case number', 'case_ref', ['原投诉编号', '前次投诉编号']),
  f('further_extension_approver', '特别复杂延期审批人工号', 'Further extension approver code', 'staff', []),
  f('further_extension_level', '特别复杂延期审批层级', 'Further extension level', 'code', []),
  f('further_extension_approved_at', '特别复杂延期审批时间', 'Further extension approved at', 'time', []),
  f('further_extension_notified_at', '特别复杂延期告知时间', 'Further extension notified at', 'time', [])
]

/** Timeline event kinds recorded as columns of the case (the event is written from the column). */
export const COLUMN_STEPS: Partial<Record<EventKind, string>> = {
  received: 'received_at', accepted: 'accepted_at', acceptance_notified: 'acceptance_notified_at', classified: 'classified_at',
  escalated: 'escalated_at', extension_notified: 'extension_notified_at', further_extension_approved: 'further_extension_approved_at',
  further_extension_notified: 'further_extension_notified_at', resolution_approved: 'approved_at', handled: 'handled_at',
  replied: 'reply_at', revisited: 'revisit_at', rereview: 'rereview_at', closed: 'closed_at'
}

const STEP_ZH: Partial<Record<EventKind, string>> = {
  assigned: '分派承办时间', investigated: '调查完成时间', offer_approved: '补偿方案审批时间', offer_accepted: '客户接受方案时间',
  offer_paid: '补偿支付时间', rectification_due: '整改期限', rectification_done: '整改完成时间', archived: '归档时间'
}

/** Timeline steps without a column of their own: one column per step in the file (the first such event). */
export const STEP_FIELDS: readonly FieldDef[] = EVENT_KINDS.filter((k) => !COLUMN_STEPS[k]).map((k) =>
  f(`step:${k}`, STEP_ZH[k] ?? k, `${k.replace(/_/g, ' ')} at`, 'time', []))

export const ALL_FIELDS: readonly FieldDef[] = [...CASE_FIELDS, ...STEP_FIELDS]
export const FIELD_BY_KEY: ReadonlyMap<string, FieldDef> = new Map(ALL_FIELDS.map((d) => [d.key, d]))

/** A header as compared: width-folded, lower case, without spaces, punctuation or a trailing `?`/unit. */
export function headerKey(h: string): string {
  return h.normalize('NFKC').toLowerCase().replace(/^\uFEFF/, '').replace(/[\s_\-?？/（）()、.:：]+/g, '')
}

const ALIASES = new Map<string, string>()
for (const d of ALL_FIELDS) {
  for (const name of [d.key, d.key.replace(/^step:/, ''), d.zh, d.en, ...d.aliases, d.key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())]) {
    const k = headerKey(name)
    if (!ALIASES.has(k)) ALIASES.set(k, d.key)
  }
}

/** The field a header names, or undefined. */
export function fieldForHeader(h: string): string | undefined {
  return ALIASES.get(headerKey(h))
}

/**
 * Suggests a mapping from the header: field key → column index, the first column naming each field.
 * @returns the mapping and the columns no field was found for (by name)
 */
export function autoMap(header: readonly string[]): { columns: Record<string, number>; unmapped: string[] } {
  const columns: Record<string, number> = {}
  const unmapped: string[] = []
  header.forEach((h, i) => {
    const key = fieldForHeader(h)
    if (key && columns[key] === undefined) columns[key] = i
    else if (h.trim()) unmapped.push(h)
  })
  return { columns, unmapped }
}
