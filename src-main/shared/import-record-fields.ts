// The rest of an archive, imported the same way as cases (issue 14): organisation data (units, staff),
// remediation offers, rectification measures, and a timeline as a file of events (case number, step,
// time) instead of a column per step. Each kind is keyed by a code or by case number; its fields carry
// the header names export systems use for them (Chinese, English and a second spelling), so a mapping is
// suggested from the header as for cases.
import { EVENT_ZH, OFFER_TYPE_ZH } from './codes'
import { headerKey } from './import-fields'

export const RECORD_KINDS = ['events', 'units', 'staff', 'offers', 'rectifications'] as const
export type RecordKind = (typeof RECORD_KINDS)[number]
export const IMPORT_KINDS = ['cases', ...RECORD_KINDS] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

/** How a field's text is read: a code from `codes`, a reference to a case, unit or staff member by its number or code. */
export type RecordFieldType = 'text' | 'time' | 'day' | 'amount' | 'bool' | 'code' | 'case' | 'unit' | 'staff' | 'ref'

export interface RecordFieldDef {
  key: string
  zh: string
  en: string
  aliases: readonly string[]
  type: RecordFieldType
  required?: boolean
  /** code → label (zh), for `code` fields; labels and codes are both accepted. */
  codes?: Readonly<Record<string, string>>
}

const f = (key: string, zh: string, en: string, type: RecordFieldType, aliases: string[] = [], extra: Partial<RecordFieldDef> = {}): RecordFieldDef =>
  ({ key, zh, en, type, aliases, ...extra })

export const UNIT_KIND_ZH: Readonly<Record<string, string>> = { head_office: '总行', branch: '分行', sub_branch: '支行', department: '部门' }

const CASE_NO = f('case_no', '投诉编号', 'Case number', 'case', ['案件编号', '投诉单号', '工单号', 'case no', 'complaint id'], { required: true })

export const RECORD_FIELDS: Readonly<Record<RecordKind, readonly RecordFieldDef[]>> = {
  events: [
    CASE_NO,
    f('step', '环节', 'Step', 'code', ['步骤', '处理环节', '节点', '事件', 'event', 'kind'], { required: true, codes: EVENT_ZH }),
    f('at', '时间', 'Time', 'time', ['发生时间', '处理时间', '环节时间', 'time', 'at', 'date'], { required: true })
  ],
  units: [
    f('code', '机构代码', 'Unit code', 'text', ['机构编号', '网点代码', '代码', 'code'], { required: true }),
    f('name', '机构名称', 'Unit name', 'text', ['名称', 'name'], { required: true }),
    f('kind', '机构类型', 'Unit kind', 'code', ['类型', '机构层级', 'kind', 'type'], { required: true, codes: UNIT_KIND_ZH }),
    f('parent', '上级机构代码', 'Parent unit code', 'unit', ['上级机构', '上级代码', 'parent']),
    f('region', '地区', 'Region', 'text', ['所在地区', '区域', 'region'])
  ],
  staff: [
    f('code', '员工工号', 'Staff code', 'text', ['工号', '员工编号', '人员工号', 'code'], { required: true }),
    f('name', '姓名', 'Name', 'text', ['员工姓名', '人员姓名', 'name'], { required: true }),
    f('unit', '所属机构代码', 'Unit code', 'unit', ['机构代码', '所属机构', '机构', 'unit'], { required: true }),
    f('title', '职务', 'Title', 'text', ['岗位', '职位', 'title'])
  ],
  offers: [
    CASE_NO,
    f('ref', '方案编号', 'Offer number', 'ref', ['补偿方案编号', '序号', 'offer no', 'offer id']),
    f('type', '方案类型', 'Offer type', 'code', ['补偿类型', '类型', 'type'], { required: true, codes: OFFER_TYPE_ZH }),
    f('amount', '金额', 'Amount', 'amount', ['补偿金额', '赔偿金额', '方案金额', '金额（元）', 'amount'], { required: true }),
    f('basis', '核定依据', 'Basis', 'text', ['依据', '补偿依据', 'basis']),
    f('approver', '审批人工号', 'Approver code', 'staff', ['审批人', 'approver']),
    f('approval_level', '审批层级', 'Approval level', 'text', ['审批级别', 'approval level']),
    f('approved_at', '审批时间', 'Approved at', 'time', ['方案审批时间', 'approved']),
    f('customer_accepted', '客户是否接受', 'Customer accepted', 'bool', ['客户接受', '是否接受', 'accepted']),
    f('accepted_at', '客户接受时间', 'Accepted at', 'time', ['接受时间']),
    f('due_at', '应付日期', 'Due at', 'time', ['支付期限', '约定支付日期', 'due']),
    f('paid_at', '支付时间', 'Paid at', 'time', ['实际支付时间', '支付日期', 'paid']),
    f('settlement_signed_at', '和解协议签署时间', 'Settlement signed at', 'time', ['和解协议签署日期', '协议签署时间']),
    f('terms', '方案条款', 'Terms', 'text', ['条款', '方案内容', 'terms'])
  ],
  rectifications: [
    CASE_NO,
    f('ref', '整改编号', 'Measure number', 'ref', ['措施编号', '序号', 'measure no']),
    f('measure', '整改措施', 'Measure', 'text', ['措施', '整改内容', 'measure'], { required: true }),
    f('owner_unit', '责任单位代码', 'Owner unit code', 'unit', ['责任单位', '整改单位', 'owner unit']),
    f('due_on', '整改期限', 'Due on', 'day', ['期限', '整改截止日期', 'due']),
    f('done_on', '完成日期', 'Done on', 'day', ['整改完成日期', '完成时间', 'done'])
  ]
}

export const RECORD_KIND_ZH: Readonly<Record<ImportKind, string>> = {
  cases: '案件', events: '处理环节（事件文件）', units: '机构', staff: '人员', offers: '补偿/赔偿方案', rectifications: '整改措施'
}

/** Every field key of any record kind (the contract checks a mapping's keys against its kind's). */
export const RECORD_FIELD_KEYS: ReadonlySet<string> = new Set(Object.values(RECORD_FIELDS).flatMap((fs) => fs.map((d) => d.key)))

/** The mapping suggested for a kind from a header's names: field key → the first column naming it. */
export function suggestRecordMapping(kind: RecordKind, header: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  const keys = header.map(headerKey)
  for (const d of RECORD_FIELDS[kind]) {
    const names = new Set([d.key, d.zh, d.en, ...d.aliases].map(headerKey))
    const i = keys.findIndex((k) => names.has(k))
    if (i >= 0 && !Object.values(out).includes(header[i])) out[d.key] = header[i]
  }
  return out
}

/** Which kind a header most likely holds (the kind whose required fields it names, most fields first); null when none. */
export function detectKind(header: readonly string[]): RecordKind | null {
  let best: { kind: RecordKind; n: number } | null = null
  for (const kind of RECORD_KINDS) {
    const m = suggestRecordMapping(kind, header)
    if (!RECORD_FIELDS[kind].every((d) => !d.required || m[d.key])) continue
    const n = Object.keys(m).length
    if (!best || n > best.n) best = { kind, n }
  }
  return best?.kind ?? null
}

