// The legal department's checks on one remediation offer (issue 13 point 2), each with its evidence and the
// policy it comes from. Pure: the offer and its case facts in, results out (offer-store.ts reads and stores).
// Amounts in 元; instants epoch ms; days China time.
import type { OfferFact } from '../audit/facts'
import type { EvidenceValue, RuleStatus } from '../audit/types'
import { cst } from '../audit/time'
import { authorityFor, type AuthorityBook } from './authority'
import type { PrecedentBand } from './precedent'

export const CHECK_CODES = ['authority', 'basis', 'acceptance', 'payment', 'caveat_emptor', 'precedent'] as const
export type CheckCode = (typeof CHECK_CODES)[number]

export const CHECK_TITLE_ZH: Record<CheckCode, string> = {
  authority: '审批权限', basis: '核定依据', acceptance: '客户确认/和解协议', payment: '按期支付', caveat_emptor: '买者自负', precedent: '同类先例'
}

export const CHECK_SOURCE: Record<CheckCode, string> = {
  authority: '000 内部审批（超权限补偿须按权限审批）；审批权限矩阵（按审批日施行的版本）',
  basis: '000 方案落实（核定依据）',
  acceptance: '000 方案落实（客户确认）；审批权限矩阵（须签署和解协议的金额）',
  payment: '000 方案落实（按期支付）',
  caveat_emptor: '资管新规（银发〔2018〕106号）「卖者尽责、买者自负」、打破刚性兑付；003 到期理财产品收益偏差的投诉处理',
  precedent: '同类案件处理一致性（同根因、同业务条线、同类别、同方案类型的已接受/已支付方案）'
}

/** The offer as the audit engine sees it (audit/facts.ts), with its type and settlement always known here. */
export interface OfferCheckInput extends Omit<OfferFact, 'type' | 'settlementSignedAt'> {
  offerId: number
  type: string
  settlementSignedAt: number | null
  receivedAt: number
  businessLine: string
  category: string
  /** Institution's responsibility as found: internal / external / shared / none; null = not recorded. */
  responsibility: string | null
  /** The case's primary root cause, if tagged. */
  rootCause: { code: string; name: string; internal: boolean } | null
  /** 适当性评估 and 双录 on file (null = not recorded). */
  suitabilityAssessed: boolean | null
  dualRecorded: boolean | null
}

export interface OfferCheck { code: CheckCode; status: RuleStatus; reason: string; evidence: Record<string, EvidenceValue>; source: string }

const result = (code: CheckCode, status: RuleStatus, reason: string, evidence: Record<string, EvidenceValue> = {}): OfferCheck =>
  ({ code, status, reason, evidence, source: CHECK_SOURCE[code] })

/** Business lines whose products carry market risk for the customer (理财, 证券经纪, 保险代销 of investment-linked products). */
export const INVESTMENT_LINES: ReadonlySet<string> = new Set(['wealth', 'brokerage', 'insurance'])
/** Offer types that pay money for a loss (gifts and fee waivers are not compensation of a market loss). */
const MONETARY_TYPES: ReadonlySet<string> = new Set(['compensation', 'indemnity', 'refund', 'other'])
/** Root causes that name a market outcome or no fault of the institution (rootcause/taxonomy-seed.ts RC11, RC14). */
const MARKET_LOSS_CAUSES = /^RC1[14](\.|$)/

/** 审批权限: amount within what the approving level may approve, by the matrix in force on the approval day. */
export function checkAuthority(o: OfferCheckInput, book: AuthorityBook): OfferCheck {
  if (o.approvedAt === null) return result('authority', 'fail', '方案未经审批（无审批日期）', { amount: o.amount, approvalLevel: o.approvalLevel })
  const m = book.inForce(o.approvedAt)
  if (!m) return result('authority', 'cannot_tell', `审批日 ${cst(o.approvedAt)} 无施行中的审批权限矩阵`, { approvedAt: cst(o.approvedAt) })
  const a = authorityFor(m, o.approvalLevel, o.type)
  const evidence = {
    amount: o.amount, approvalLevel: o.approvalLevel, approvedAt: cst(o.approvedAt), authorityMatrix: `${m.title}（${m.effectiveFrom} 起）`,
    levelJudged: a.level, maxAmount: a.maxAmount, levelAssumed: a.assumed
  }
  const who = a.assumed ? `审批层级「${o.approvalLevel ?? '未记录'}」不在矩阵中，按最低层级「${a.level ?? '—'}」` : `「${a.level}」`
  if (a.maxAmount !== null && o.amount > a.maxAmount) return result('authority', 'fail', `金额 ${o.amount} 元超过${who}审批权限 ${a.maxAmount} 元`, evidence)
  return result('authority', 'pass', a.maxAmount === null ? `${who}审批权限不设上限` : `金额在${who}审批权限 ${a.maxAmount} 元以内`, evidence)
}

/** 核定依据 on file. */
export function checkBasis(o: OfferCheckInput): OfferCheck {
  const basis = o.basis?.trim() ?? ''
  if (!basis) return result('basis', 'fail', '未记录核定依据', { basis: null })
  return result('basis', 'pass', '已记录核定依据', { basis: basis.length > 80 ? `${basis.slice(0, 80)}…` : basis })
}

/** The customer's acceptance on file; a signed settlement where the matrix requires one above its amount. */
export function checkAcceptance(o: OfferCheckInput, book: AuthorityBook): OfferCheck {
  const m = o.approvedAt !== null ? book.inForce(o.approvedAt) : book.inForce(o.receivedAt)
  const above = m?.settlementAbove ?? null
  const evidence = { amount: o.amount, customerAccepted: o.customerAccepted, acceptedAt: cst(o.acceptedAt), settlementAbove: above, settlementSignedAt: cst(o.settlementSignedAt) }
  if (o.customerAccepted !== true || o.acceptedAt === null) return result('acceptance', 'fail', o.customerAccepted === false ? '客户未接受方案' : '无客户确认记录', evidence)
  if (above !== null && o.amount > above && o.settlementSignedAt === null) return result('acceptance', 'fail', `金额超过 ${above} 元，须签署和解协议而未记录`, evidence)
  return result('acceptance', 'pass', above !== null && o.amount > above ? '客户已确认并签署和解协议' : '客户已确认', evidence)
}

/** Paid within the agreed time (paid on or before the due instant). */
export function checkPayment(o: OfferCheckInput): OfferCheck {
  const evidence = { dueAt: cst(o.dueAt), paidAt: cst(o.paidAt) }
  if (o.customerAccepted !== true) return result('payment', 'not_applicable', '客户未确认方案，不涉及支付', evidence)
  if (o.paidAt === null) return result('payment', 'fail', '客户已确认但未支付', evidence)
  if (o.dueAt === null) return result('payment', 'cannot_tell', '未约定支付期限，无法判断是否按期', evidence)
  if (o.paidAt > o.dueAt) return result('payment', 'fail', `逾期支付（约定 ${cst(o.dueAt)}，实付 ${cst(o.paidAt)}）`, evidence)
  return result('payment', 'pass', '按约定期限支付', evidence)
}

/**
 * 买者自负: money paid for an investment product's market loss without a finding of the institution's fault —
 * no internal root cause, responsibility not internal or shared, the sale recorded as suitable (适当性评估 and
 * 双录 on file) — is flagged (fail) with the reason. A recorded fault, or a missing suitability record (the
 * sale itself may be at fault), is not flagged; suitability not recorded either way cannot be told.
 */
export function checkCaveatEmptor(o: OfferCheckInput): OfferCheck {
  const evidence: Record<string, EvidenceValue> = {
    businessLine: o.businessLine, category: o.category, type: o.type, rootCause: o.rootCause ? `${o.rootCause.code} ${o.rootCause.name}` : null,
    rootCauseInternal: o.rootCause?.internal ?? null, responsibility: o.responsibility, suitabilityAssessed: o.suitabilityAssessed, dualRecorded: o.dualRecorded
  }
  if (!INVESTMENT_LINES.has(o.businessLine)) return result('caveat_emptor', 'not_applicable', '非投资类产品', evidence)
  if (!MONETARY_TYPES.has(o.type)) return result('caveat_emptor', 'not_applicable', '非资金补偿（礼品、费用减免），不涉及损失承担', evidence)
  const marketLoss = o.rootCause ? MARKET_LOSS_CAUSES.test(o.rootCause.code) : o.category === 'product'
  if (!marketLoss) {
    return result('caveat_emptor', 'not_applicable', o.rootCause ? `根因「${o.rootCause.name}」不是产品收益/市场损失` : '非产品类投诉，不涉及市场损失', evidence)
  }
  if (o.rootCause?.internal) return result('caveat_emptor', 'pass', `根因「${o.rootCause.name}」属机构过错，补偿有据`, evidence)
  if (o.responsibility === 'internal' || o.responsibility === 'shared') return result('caveat_emptor', 'pass', `责任认定为${o.responsibility === 'internal' ? '机构责任' : '共同责任'}，补偿有据`, evidence)
  if (o.suitabilityAssessed === false || o.dualRecorded === false) {
    return result('caveat_emptor', 'pass', `销售环节${o.suitabilityAssessed === false ? '未做适当性评估' : '无双录'}，机构可能存在销售过错，补偿不违背买者自负`, evidence)
  }
  if (o.suitabilityAssessed === null || o.dualRecorded === null) return result('caveat_emptor', 'cannot_tell', '未记录适当性评估或双录情况，无法判断机构是否有过错', evidence)
  return result('caveat_emptor', 'fail',
    '投资产品的市场损失在无机构过错认定（根因非机构原因、责任非机构、适当性评估与双录齐全）下获资金补偿，违背「卖者尽责、买者自负」，有刚性兑付之嫌', evidence)
}

/** The offer against its precedent band: outside P10–P90 is an outlier (fail); too few comparables is said (cannot_tell). */
export function checkPrecedent(o: OfferCheckInput, band: PrecedentBand): OfferCheck {
  const evidence = { amount: o.amount, comparables: band.count, median: band.median, p10: band.p10, p90: band.p90, windowMonths: band.windowMonths }
  if (band.tooFew) return result('precedent', 'cannot_tell', `可比方案不足（${band.count} 件，少于 ${band.minCount} 件），不作偏离判断`, evidence)
  if (band.outlier) {
    return result('precedent', 'fail', `金额 ${o.amount} 元${o.amount > band.p90! ? `高于同类 P90（${band.p90} 元）` : `低于同类 P10（${band.p10} 元）`}，偏离先例`, evidence)
  }
  return result('precedent', 'pass', `金额在同类 P10–P90（${band.p10}–${band.p90} 元）之内，中位数 ${band.median} 元`, evidence)
}

/** Every check on one offer, in CHECK_CODES order. */
export function checkOffer(o: OfferCheckInput, book: AuthorityBook, band: PrecedentBand): OfferCheck[] {
  return [checkAuthority(o, book), checkBasis(o), checkAcceptance(o, book), checkPayment(o), checkCaveatEmptor(o), checkPrecedent(o, band)]
}
