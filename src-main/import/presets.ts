// How a source file's columns become case fields. A mapping names, per field, the source column it comes
// from, plus value maps for coded fields; the built-in presets are the archive's own export and the US
// CFPB consumer complaint database. A preset declares the fields its source does not have (the audit
// rules that need them cannot tell) and what stands in where the archive requires a field it lacks.
import { autoMap, headerKey } from '../shared/import-fields'

export interface Mapping {
  /** Field key → source column header. */
  columns: Record<string, string>
  /** Coded field → (source value → archive code). */
  values?: Record<string, Record<string, string>>
  /** Fields the source does not publish at all. */
  missing?: string[]
  /** Field → what stands in for it (the cases are marked so). */
  standins?: Record<string, string>
  /** Create units whose code the archive does not have yet (with the code as their name). */
  createUnits?: boolean
}

/** What a preset makes of one source row: field values as text (before validation), or why it is skipped. */
export type Extracted = { skip: string } | { fields: Record<string, string>; columnOf: Record<string, string> }

export interface Preset {
  id: string
  label: string
  /** The field keys this preset fills (whether or not a given row has a value). */
  provides(header: readonly string[]): Set<string>
  extract(cells: readonly string[], header: readonly string[]): Extracted
  missing: string[]
  standins: Record<string, string>
  createUnits: boolean
  values?: Record<string, Record<string, string>>
}

/** A preset from a mapping (saved by name, or suggested from the header): each field from its column. */
export function mappingPreset(id: string, label: string, mapping: Mapping, header: readonly string[]): Preset {
  const index: Record<string, number> = {}
  const problems: string[] = []
  for (const [field, column] of Object.entries(mapping.columns)) {
    const i = header.findIndex((h) => h === column || headerKey(h) === headerKey(column))
    if (i < 0) problems.push(`映射「${label}」的字段 ${field} 对应的列「${column}」不在文件表头中`)
    else index[field] = i
  }
  if (problems.length) throw Object.assign(new Error(problems.join('；')), { userFacing: true })
  return {
    id, label, missing: mapping.missing ?? [], standins: mapping.standins ?? {}, createUnits: mapping.createUnits ?? false, values: mapping.values,
    provides: () => new Set(Object.keys(index)),
    extract(cells) {
      const fields: Record<string, string> = {}
      const columnOf: Record<string, string> = {}
      for (const [field, i] of Object.entries(index)) { fields[field] = cells[i] ?? ''; columnOf[field] = header[i] }
      return { fields, columnOf }
    }
  }
}

/** The mapping suggested from a header's names (the archive's own export maps completely). */
export function suggestedMapping(header: readonly string[]): Mapping {
  const { columns } = autoMap(header)
  return { columns: Object.fromEntries(Object.entries(columns).map(([k, i]) => [k, header[i]])) }
}

// --- The US CFPB consumer complaint database (https://www.consumerfinance.gov/data-research/consumer-complaints/) ---
// Published CSV: 18 columns (19 with `Event tag` in some vintages); the API/intake spelling is lower case
// with underscores (date_received, complaint_what_happened, company_response, timely, complaint_id).
const CFPB_COLUMNS: Record<string, string[]> = {
  received: ['Date received', 'date_received'],
  product: ['Product', 'product'],
  subProduct: ['Sub-product', 'sub_product'],
  issue: ['Issue', 'issue'],
  subIssue: ['Sub-issue', 'sub_issue'],
  narrative: ['Consumer complaint narrative', 'complaint_what_happened'],
  publicResponse: ['Company public response', 'company_public_response'],
  company: ['Company', 'company'],
  state: ['State', 'state'],
  zip: ['ZIP code', 'zip_code'],
  submittedVia: ['Submitted via', 'submitted_via'],
  sent: ['Date sent to company', 'date_sent_to_company'],
  response: ['Company response to consumer', 'company_response'],
  timely: ['Timely response?', 'timely'],
  disputed: ['Consumer disputed?', 'consumer_disputed'],
  id: ['Complaint ID', 'complaint_id']
}
const CFPB_REQUIRED = ['received', 'product', 'issue', 'company', 'submittedVia', 'response', 'id']

function cfpbIndex(header: readonly string[]): Record<string, number> | null {
  const keys = header.map(headerKey)
  const index: Record<string, number> = {}
  for (const [name, spellings] of Object.entries(CFPB_COLUMNS)) {
    const i = keys.findIndex((k) => spellings.some((s) => headerKey(s) === k))
    if (i >= 0) index[name] = i
  }
  return CFPB_REQUIRED.every((n) => index[n] !== undefined) ? index : null
}

/** Whether a header is the CFPB's (either spelling). */
export const isCfpbHeader = (header: readonly string[]): boolean => cfpbIndex(header) !== null

const na = (v: string | undefined): string => { const t = (v ?? '').trim(); return /^(n\/a|na|none)$/i.test(t) ? '' : t }

/** CFPB issue text → business category (keywords; the CFPB's issues are not the seed's categories). */
export function cfpbCategory(issue: string): string {
  const t = issue.toLowerCase()
  if (/fraud|scam|unauthori[sz]ed|identity theft|illegal|threat|harass|false statement|abusive|discriminat/.test(t)) return 'violation'
  if (/website|online|mobile|app\b|technical|electronic|system/.test(t)) return 'it_system'
  if (/payment|transfer|deposit|withdraw|transaction|funds|money|closing an account|opening an account/.test(t)) return 'clearing'
  if (/communication|customer service|advertis|disclos|information|notification|marketing/.test(t)) return 'service_quality'
  if (/loan|mortgage|account|card|fee|interest|rate|credit|debt|report|lease|collection/.test(t)) return 'product'
  return 'other'
}

export const CFPB_MISSING = [
  'complainant_name', 'complainant_phone', 'complainant_id_no', 'accepted_at', 'acceptance_notified_at', 'classified_at',
  'handled_at', 'reply_at', 'reply_method', 'reply_content', 'first_receiver', 'handler', 'complained_staff', 'approver', 'approval_level', 'approved_at',
  'escalated_at', 'is_group', 'group_size', 'revisit_at', 'satisfaction', 'evidence', 'investigation', 'filled_at'
]

export function cfpbPreset(header: readonly string[]): Preset {
  const index = cfpbIndex(header)
  if (!index) throw Object.assign(new Error(`不是 CFPB 投诉数据库的表头：缺少 ${CFPB_REQUIRED.map((n) => CFPB_COLUMNS[n][0]).join('、')} 中的列`), { userFacing: true })
  const col = (name: string): string => (index[name] === undefined ? CFPB_COLUMNS[name][0] : header[index[name]])
  const provides = new Set(['case_no', 'received_at', 'closed_at', 'step:assigned', 'channel', 'business_line', 'category', 'severity', 'unit', 'complained_object',
    'product', 'summary', 'request', 'resolution', 'complainant_address', 'rereview_requested'])
  return {
    id: 'cfpb', label: 'CFPB 消费者投诉数据库', missing: CFPB_MISSING, createUnits: true,
    standins: {
      closed_at: 'CFPB 不公布办结日期：以转交机构日期（Date sent to company）代替',
      severity: 'CFPB 不分严重程度：一律按一般投诉',
      request: 'CFPB 不公布客户诉求：以投诉问题（Issue / Sub-issue）代替',
      unit: 'CFPB 无机构：按消费者所在州（State）归入 US-州 机构'
    },
    values: { channel: { Web: 'online', 'Web Referral': 'online', Referral: 'regulator', Phone: 'phone', 'Postal mail': 'letter', Fax: 'letter', Email: 'online' } },
    provides: () => provides,
    extract(cells) {
      const v = (name: string): string => (index[name] === undefined ? '' : na(cells[index[name]]))
      const response = v('response')
      if (/^in progress$/i.test(response)) return { skip: `公司仍在处理中（${col('response')}：${response}），Dossier 只收办结案件` }
      const issue = [v('issue'), v('subIssue')].filter(Boolean).join(' / ')
      const fields: Record<string, string> = {
        case_no: v('id'), received_at: v('received'), closed_at: v('sent'), 'step:assigned': v('sent'), channel: v('submittedVia'),
        business_line: /credit card/i.test(v('product')) ? 'credit_card' : v('product') ? 'retail' : '',
        category: issue ? cfpbCategory(issue) : '', severity: 'general', unit: `US-${v('state') || 'NA'}`,
        complained_object: v('company'), product: [v('product'), v('subProduct')].filter(Boolean).join(' / '),
        summary: v('narrative') || issue, request: issue,
        resolution: [response, v('publicResponse'), v('timely') ? `Timely response: ${v('timely')}` : ''].filter(Boolean).join('｜'),
        complainant_address: [v('state'), v('zip')].filter(Boolean).join(' '),
        rereview_requested: /^yes$/i.test(v('disputed')) ? '是' : '否'
      }
      const columnOf: Record<string, string> = {
        case_no: col('id'), received_at: col('received'), closed_at: col('sent'), 'step:assigned': col('sent'), channel: col('submittedVia'),
        business_line: col('product'), category: col('issue'), severity: col('issue'), unit: col('state'), complained_object: col('company'),
        product: col('product'), summary: col('narrative'), request: col('issue'), resolution: col('response'), complainant_address: col('zip'),
        rereview_requested: col('disputed')
      }
      return { fields, columnOf }
    }
  }
}
