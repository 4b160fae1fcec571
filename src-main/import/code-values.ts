// Values of coded fields as exports write them (labels, codes, common synonyms) → the archive's codes. A
// value no list knows is reported with its count so the user can map it (a preset's value map, or the
// wizard), never guessed.
import {
  BUSINESS_LINE_ZH, CATEGORY_ZH, CHANNEL_ZH, EXTENSION_APPROVAL_LEVEL_ZH, REPLY_METHOD_ZH, SATISFACTION_ZH, SEVERITY_ZH
} from '../shared/codes'
import { JRT_BUSINESS, JRT_CAUSE, JRT_CHANNEL } from '../shared/jrt'

const RESPONSIBILITY_ZH = { internal: '机构责任', external: '外部原因', shared: '共同责任', none: '无责任' }

const SYNONYMS: Record<string, Record<string, readonly string[]>> = {
  channel: {
    phone: ['电话', '客服热线', '热线', '来电', '电话投诉', '95热线', 'phone', 'telephone'],
    counter: ['上门', '网点', '柜面', '现场', '营业网点', '来访', 'in person', 'branch'],
    letter: ['信函', '来信', '书信', 'postal mail', 'mail', 'letter', 'fax', '传真'],
    online: ['网络', '网站', 'app', '手机银行', '网上银行', '邮件', '电子邮件', '微信', 'web', 'email', 'internet', 'online'],
    comment_book: ['意见簿', '意见箱'],
    media: ['媒体', '新闻媒体', '舆情', 'media'],
    regulator: ['监管转办', '监管部门', '金融监管部门', '人民银行', '12378', '12363', '12386', '消费者协会', '消协', 'regulator', 'referral'],
    head_office: ['上级行转办', '总部转办', '总行转办', '上级行/总部转办'],
    petition: ['信访', 'petition']
  },
  category: { service_quality: ['服务质量'], counter_business: ['柜台业务'], clearing: ['清算业务'], it_system: ['信息系统'], product: ['公司产品', '产品'], violation: ['违法违规'], other: ['其他'] },
  severity: { general: ['一般', '普通'], serious: ['严重'], major: ['重大'] },
  business_line: { retail: ['零售', '个人业务', '零售业务'], corporate: ['对公', '公司业务'], credit_card: ['信用卡'], wealth: ['理财', '财富管理'], brokerage: ['证券经纪', '经纪业务'], insurance: ['保险代销', '代理保险'] },
  reply_method: { phone: ['电话'], written: ['书面', '信函'], email: ['邮件', '电子邮件'], sms: ['短信'], in_person: ['面谈', '当面'] },
  satisfaction: { satisfied: ['满意', '非常满意'], basically: ['基本满意', '一般'], dissatisfied: ['不满意', '非常不满意'] },
  responsibility: {},
  further_extension_level: {}
}

const LABELS: Record<string, Record<string, string>> = {
  channel: CHANNEL_ZH, category: CATEGORY_ZH, severity: SEVERITY_ZH, business_line: BUSINESS_LINE_ZH, reply_method: REPLY_METHOD_ZH,
  satisfaction: SATISFACTION_ZH, responsibility: RESPONSIBILITY_ZH, further_extension_level: EXTENSION_APPROVAL_LEVEL_ZH,
  jrt_channel: JRT_CHANNEL, jrt_business: JRT_BUSINESS, jrt_cause: JRT_CAUSE
}

const valueKey = (v: string): string => v.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ')

const TABLES = new Map<string, Map<string, string>>()
for (const [field, labels] of Object.entries(LABELS)) {
  const t = new Map<string, string>()
  for (const [code, label] of Object.entries(labels)) {
    t.set(valueKey(code), code)
    t.set(valueKey(label), code)
    // JR/T codes may be written with their label: 0101 营业现场, 0101-营业现场.
    if (field.startsWith('jrt_')) { t.set(valueKey(`${code} ${label}`), code); t.set(valueKey(`${code}-${label}`), code) }
  }
  for (const [code, words] of Object.entries(SYNONYMS[field] ?? {})) for (const w of words) if (!t.has(valueKey(w))) t.set(valueKey(w), code)
  TABLES.set(field, t)
}

/** The label a code is exported as (the archive's own export writes labels, not codes). */
export function codeLabel(field: string, code: string | null): string {
  if (code === null) return ''
  return LABELS[field]?.[code] ?? code
}

/**
 * The archive's code for a value of a coded field, or undefined when nothing knows it. `extra` (a preset's
 * or the user's value map: source value → code) is consulted first.
 */
export function mapCode(field: string, value: string, extra?: Record<string, string>): string | undefined {
  const k = cachedKey(value)
  if (extra) {
    const to = extraTable(extra).get(k)
    if (to !== undefined) return to
  }
  return TABLES.get(field)?.get(k)
}

// An import maps the same few values hundreds of thousands of times: their keys, and each value map's table,
// are computed once (the key cache is emptied when it grows past KEYS_MAX, e.g. a column of free text).
const KEYS_MAX = 10_000
const keys = new Map<string, string>()
function cachedKey(value: string): string {
  let k = keys.get(value)
  if (k === undefined) {
    if (keys.size >= KEYS_MAX) keys.clear()
    k = valueKey(value)
    keys.set(value, k)
  }
  return k
}

/** A value map (source value → code) keyed as values are looked up; the first of two equal keys wins. */
const extraTables = new WeakMap<Record<string, string>, Map<string, string>>()
function extraTable(extra: Record<string, string>): Map<string, string> {
  let t = extraTables.get(extra)
  if (!t) {
    t = new Map()
    for (const [from, to] of Object.entries(extra)) { const k = valueKey(from); if (!t.has(k)) t.set(k, to) }
    extraTables.set(extra, t)
  }
  return t
}

/** Every code a coded field accepts. */
export function codesOf(field: string): string[] {
  return Object.keys(LABELS[field] ?? {})
}
