// Finds personal data typed into free text (summaries, requests, investigation notes, replies, reviewers' notes):
// phone numbers, identity document numbers, bank card and account numbers, e-mail addresses. What each pattern
// takes, the checks that keep look-alikes out, and what is knowingly missed are in README (Personal data rule).
//
// Order matters: e-mail first, then the shapes that stand on their own (valid IDs, Luhn card numbers, mobiles,
// landlines with an area code, HK/Macau/Taiwan IDs, permits, passports), then whatever identifier follows a
// personal label (身份证/卡号/账号/电话…) in any shape. A span once taken is not taken again.
import { idCheckChar, looksLikeDate, luhn, plausibleIdBody, validHkId, validTaiwanId } from './checks'
import { foldWidth } from './width'

export type PersonalDataKind =
  | 'email' | 'mainland_id' | 'bank_card' | 'mobile' | 'landline' | 'hk_macau_tw_id' | 'travel_permit' | 'passport' | 'labelled'

/** A detected identifier: [start, end) in UTF-16 units of the text as given. */
export interface PersonalDataSpan { start: number; end: number; kind: PersonalDataKind }

interface Match { start: number; end: number; text: string; before: string; after: string; label?: string }
interface Pattern { kind: PersonalDataKind; re: RegExp; accept: (m: Match) => boolean }

// No letter or digit glued on either side, and not the digits of a decimal (12345678.90).
const L = '(?<![A-Za-z0-9])(?<!\\d\\.)'
const R = '(?![A-Za-z0-9])(?!\\.\\d)'
/** Not the later groups of a longer grouped number (6222 0212 3456 7890 ends in a landline's shape). */
const NOT_A_TAIL = '(?<!\\d[ -])'

/** Labels of numbers that are not a person's: a look-alike right after one of these is left alone. */
const NOT_PERSONAL = new RegExp('(?:(?:合同|订单|流水|交易|凭证|批次|产品|案件|投诉|工单|业务|受理|单据|票据|保单|发票|编|代|批|工|机构|网点|柜员|终端|商户)(?:编号|号码|号|代码|码|单号)?'
  // The institution's own numbers: 网点对外服务电话, 客服热线, 支行电话.
  + '|(?:网点|支行|分行|营业厅|营业部|客服|服务|热线)(?:电话|热线|号码)?)[\\s:：#为是]{0,3}$')
/** Labels that make the next identifier personal whatever its shape. */
const PERSONAL = '来电|致电|拨打|回拨|身份证|证件|护照|通行证|台胞证|回乡证|居住证|签证|卡号|银行卡|信用卡|借记卡|储蓄卡|账号|帐号|账户|帐户|手机|电话|座机|固话|联系方式|联系号码|来电号码|微信|QQ|qq'
/** Labels whose identifier may hold letters (documents, WeChat IDs); after the others (phones, cards, accounts, QQ) only digits. */
const LETTERS_ALLOWED = /^(?:身份证|证件|护照|通行证|台胞证|回乡证|居住证|签证|微信)$/
/** A unit right after the digits: an amount, not an identifier (13912345678元 is an amount, even after 手机). */
const AMOUNT_AFTER = /^\s?(?:元|圆|万|亿|千|百|块|角|分钱|美元|港币|港元|欧元|日元|%|笔|股|份)/
/** Hotlines and service numbers belong to institutions: 95588, 12378, 400-820-8888. */
const SERVICE = /^(?:400|800)[\s-]?\d{3}[\s-]?\d{4}$|^(?:95\d{3,4}|96\d{3,4}|123\d\d|1[01]0|119|120)$/

const digitsOf = (s: string): string => s.replace(/[^0-9Xx]/g, '')
const plain = (m: Match): boolean => !NOT_PERSONAL.test(m.before) && !AMOUNT_AFTER.test(m.after)

function mainlandId(m: Match): boolean {
  const d = digitsOf(m.text).toUpperCase()
  if (d.length === 18) {
    if (!plausibleIdBody(d)) return false
    // A valid check digit is an ID whatever label stands before it; a wrong one (a typo) still leaves 17 of the
    // person's digits, so it is masked too unless a non-personal label says otherwise.
    return idCheckChar(d) === d[17] || plain(m)
  }
  return plausibleIdBody(d) && plain(m)
}

const PATTERNS: Pattern[] = [
  {
    kind: 'email',
    re: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g,
    accept: () => true
  },
  { kind: 'mainland_id', re: new RegExp(`${L}(?:\\d{17}[0-9Xx]|\\d{6}[ -]\\d{8}[ -]\\d{3}[0-9Xx]|(?:\\d{4}[ -]){4}\\d[0-9Xx]|\\d{15})${R}`, 'g'), accept: mainlandId },
  {
    kind: 'bank_card',
    re: new RegExp(`${L}(?:\\d{16,19}|\\d{4}(?:[ -]\\d{4}){3}(?:[ -]\\d{1,3})?|\\d{6}[ -]\\d{10,13})${R}`, 'g'),
    accept: (m) => plain(m) && luhn(digitsOf(m.text))
  },
  {
    kind: 'mobile',
    re: new RegExp(`${L}(?:(?:\\+\\s?|00)86[ -]?|\\(\\+?86\\)\\s?|86[ -]?)?1[3-9]\\d(?:\\d{8}|[ -]\\d{4}[ -]\\d{4}|[ -]\\d{8})${R}`, 'g'),
    accept: plain
  },
  {
    kind: 'landline',
    re: new RegExp(`${L}${NOT_A_TAIL}(?:\\(0\\d{2,3}\\)\\s?|0\\d{2,3}[ -]|(?:\\+\\s?86|0086)[ -]?\\d{2,3}[ -])[2-9]\\d{2,3}[ -]?\\d{4}(?:(?:[ -]|转|分机|ext\\.?\\s?)\\d{1,6})?${R}|${L}${NOT_A_TAIL}0(?:10|2\\d|[3-9]\\d\\d)[2-9]\\d{6,7}${R}`, 'g'),
    accept: plain
  },
  {
    // HK (A123456(3)) and Macau (1234567(8)) IDs: the bracketed form, which nothing else takes, whatever its check
    // digit; HK's without brackets only with a right check digit. Taiwan's (A123456789) by its check digit.
    kind: 'hk_macau_tw_id',
    re: new RegExp(`${L}(?:[A-Z]{1,2}\\d{6}(?:\\([0-9A]\\)|[0-9A])|[157]\\d{6}\\(\\d\\)|[A-Z][12]\\d{8})(?![A-Za-z0-9(])`, 'g'),
    accept: (m) => {
      if (!plain(m)) return false
      const hk = m.text.match(/^([A-Z]{1,2})(\d{6})([0-9A])$/)
      return m.text.endsWith(')') || (hk ? validHkId(hk[1], hk[2], hk[3]) : validTaiwanId(m.text))
    }
  },
  { kind: 'travel_permit', re: new RegExp(`${L}[HM]\\d{8}(?:\\d{2})?${R}`, 'g'), accept: plain },
  { kind: 'passport', re: new RegExp(`${L}(?:[EG]\\d{8}|E[A-HJ-NP-Z]\\d{7})${R}`, 'g'), accept: plain },
  {
    // Any identifier after a personal label: bank accounts, 台胞证, local landlines, HK and foreign phones and
    // passports, IDs with a wrong check digit, QQ numbers. At least 6 letters/digits, 4 of them digits.
    kind: 'labelled',
    re: new RegExp(`(?<label>${PERSONAL})(?:号码|号|码)?[\\s:：为是的（(#]{0,3}(?<id>(?:\\+|\\(\\+?\\d{1,4}\\)\\s?)?(?:\\d{3,4}[ ](?:\\d{3,4}[ ]){0,3}\\d{3,4}|[0-9A-Za-z_]+(?:-[0-9A-Za-z_]+)*(?:\\([0-9A-Za-z]\\))?))${R}`, 'g'),
    accept: (m) => {
      const core = m.text.replace(/[^0-9A-Za-z]/g, '')
      if (!LETTERS_ALLOWED.test(m.label!) && /[A-Za-z]/.test(core)) return false
      return core.length >= 6 && /\d(?:\D*\d){3}/.test(core) && !looksLikeDate(core) && plain(m)
    }
  }
]

/** How far before an identifier its label is looked for (身份证号码：, 交易流水号为 …). */
const CONTEXT = 12

/**
 * The personal identifiers in a text, in order, not overlapping. Input: any string (full-width digits and
 * letters count as their ASCII forms). Never throws.
 */
export function detectPersonalData(text: string): PersonalDataSpan[] {
  if (!/[0-9@\uFF10-\uFF19\uFF20]/.test(text)) return []
  const f = foldWidth(text)
  const taken: PersonalDataSpan[] = []
  // Which characters an accepted identifier covers: testing a match against every span taken so far was
  // quadratic in the identifiers of a long text (a test of linearity found it at 320,000 characters).
  const covered = new Uint8Array(f.length)
  const free = (s: number, e: number): boolean => {
    for (let i = s; i < e; i++) if (covered[i]) return false
    return true
  }
  for (const p of PATTERNS) {
    p.re.lastIndex = 0
    for (const g of f.matchAll(p.re)) {
      // The labelled pattern captures the identifier after its label; the others match it whole.
      const value = g.groups?.id ?? g[0]
      const start = g.index + g[0].length - value.length
      const end = start + value.length
      if (!free(start, end) || SERVICE.test(value)) continue
      const m: Match = { start, end, text: value, before: f.slice(Math.max(0, start - CONTEXT), start), after: f.slice(end, end + 4), label: g.groups?.label }
      if (p.accept(m)) {
        taken.push({ start, end, kind: p.kind })
        covered.fill(1, start, end)
      }
    }
  }
  return taken.sort((a, b) => a.start - b.start)
}
