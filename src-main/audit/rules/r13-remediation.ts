import type { RuleDef } from '../types'
import { cst, fail, notApplicable, pass } from '../time'
import { matrixForOffer } from './r08-approval'

/**
 * R13 补偿落实: each offer has its basis, approval and the customer's acceptance on file — a signed settlement
 * agreement where the authority matrix in force on its approval day requires one above an amount — and was
 * paid by its due date.
 */
export const R13: RuleDef = {
  code: 'R13',
  titleZh: '补偿/赔偿方案落实',
  titleEn: 'Remediation documented, accepted and paid in time',
  source: '000 方案落实（核定依据、审批、客户确认、按期支付）；审批权限矩阵（签署和解协议的金额）',
  internal(f, ctx) {
    if (f.offers.length === 0) return notApplicable('本案无补偿/赔偿方案')
    const problems: string[] = []
    let settlementAbove: number | null = null
    f.offers.forEach((o, i) => {
      const n = f.offers.length > 1 ? `方案${i + 1}` : '补偿方案'
      const above = matrixForOffer(ctx, o, f.receivedAt)?.settlementAbove ?? null
      if (i === 0) settlementAbove = above
      if (!o.basis?.trim()) problems.push(`${n}无核定依据`)
      if (o.approvedAt === null) problems.push(`${n}未经审批`)
      if (o.customerAccepted !== true || o.acceptedAt === null) problems.push(`${n}无客户确认`)
      else if (above !== null && o.amount > above && !o.settlementSignedAt) problems.push(`${n}金额超过 ${above} 元，未签署和解协议`)
      else if (o.paidAt === null) problems.push(`${n}未支付`)
      else if (o.dueAt !== null && o.paidAt > o.dueAt) problems.push(`${n}逾期支付`)
    })
    const first = f.offers[0]
    const evidence = {
      offers: f.offers.length, amount: first.amount, basis: first.basis, approvedAt: cst(first.approvedAt), customerAccepted: first.customerAccepted,
      acceptedAt: cst(first.acceptedAt), dueAt: cst(first.dueAt), paidAt: cst(first.paidAt),
      settlementAbove, settlementSignedAt: cst(first.settlementSignedAt ?? null)
    }
    if (problems.length) return fail(problems.join('；'), evidence)
    return pass('依据、审批、客户确认齐全，按期支付', evidence)
  }
}
