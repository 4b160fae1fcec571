// Texts and personal data of a generated case.
import { OFFER_TYPE_ZH, REPLY_METHOD_ZH, type OfferType, type ReplyMethod } from '../shared/codes'
import { DISCLOSURE_BAD, DISCLOSURE_OK, ESTATES, FEES, STREETS, type Scenario } from './vocab'
import { BRANCHES } from './vocab'
import { personName } from './organisation'
import type { Rng } from './random'

export interface Complainant { name: string; phone: string; idNo: string; address: string }

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'
const AREA_CODES = ['110105', '310115', '440106', '440304', '330106', '320106', '510107', '420103', '610113', '350102', '350402', '370102']

/** An 18-digit resident ID with a valid GB 11643 check digit (the digits themselves are invented). */
export function residentId(rng: Rng, cityIndex: number): string {
  const year = rng.int(1950, 2003)
  const body = `${AREA_CODES[cityIndex % AREA_CODES.length]}${year}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}${String(rng.int(0, 999)).padStart(3, '0')}`
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * ID_WEIGHTS[i]
  return body + ID_CHECK[sum % 11]
}

export function complainant(rng: Rng, cityIndex: number): Complainant {
  const prefix = rng.pick(['138', '139', '137', '136', '135', '150', '151', '158', '159', '186', '187', '188', '177', '199'])
  const city = BRANCHES[cityIndex].city
  return {
    name: personName(rng),
    phone: prefix + String(rng.int(0, 99_999_999)).padStart(8, '0'),
    idNo: residentId(rng, cityIndex),
    address: `${city}市${rng.pick(STREETS)}${rng.int(1, 399)}号${rng.pick(ESTATES)}${rng.int(1, 30)}栋${rng.int(1, 28)}0${rng.int(1, 4)}室`
  }
}

/**
 * The same complainant as written down again on a later case (a repeat complaint): in three cases of ten
 * the name or ID number is written differently, as records from different hands are: the check digit x in
 * lower case, the old 15-digit ID (GB 11643-1999 conversion backwards), full-width digits, a space inside
 * the name. text/identity.ts must still see one person.
 */
export function writtenAgain(rng: Rng, p: Complainant): Complainant {
  if (!rng.chance(0.3)) return p
  const way = rng.int(0, 3)
  if (way === 0 && p.idNo.endsWith('X')) return { ...p, idNo: p.idNo.slice(0, 17) + 'x' }
  if (way <= 1 && p.idNo.slice(6, 8) === '19') return { ...p, idNo: p.idNo.slice(0, 6) + p.idNo.slice(8, 17) }
  if (way === 2) return { ...p, idNo: p.idNo.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)) }
  const name = Array.from(p.name)
  return { ...p, name: `${name[0]} ${name.slice(1).join('')}` }
}

/** 12,345 — Intl formatting is far too slow for a million cases. */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

export function dateZh(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}

export interface CaseTexts { summary: string; request: string; investigation: string; facts: string; resolution: string }

export function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => slots[k] ?? '')
}

export function caseTexts(rng: Rng, sc: Scenario, slots: Record<string, string>, internal: boolean, offer: { type: OfferType; amount: number } | null): CaseTexts {
  const remedy = offer
    ? `经审批给予客户${OFFER_TYPE_ZH[offer.type]}${thousands(offer.amount)}元`
    : internal ? '当面致歉并纠正差错' : '客户对解释表示理解'
  const all = { ...slots, disclosure: internal ? DISCLOSURE_BAD : DISCLOSURE_OK, remedy, fee: slots.fee ?? rng.pick(FEES) }
  return {
    summary: fill(rng.pick(sc.summary), all),
    request: fill(rng.pick(sc.request), all),
    investigation: fill(sc.investigation, all),
    facts: internal ? sc.facts.internal : sc.facts.external,
    resolution: fill(sc.resolution, all)
  }
}

export function replyContent(method: ReplyMethod, internal: boolean): string {
  return `以${REPLY_METHOD_ZH[method]}方式向客户告知调查结果、依据及处理方案${internal ? '，并致歉' : ''}。`
}
