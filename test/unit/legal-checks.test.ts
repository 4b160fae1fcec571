// The legal checks on constructed offers: the authority matrix across its effective days, each check, the
// precedent band's exact percentiles and outlier flag, and 买者自负.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { AuthorityBook, authorityFor, matrixFromBranchLimit, type AuthorityMatrix } from '../../src-main/legal/authority'
import { checkAcceptance, checkAuthority, checkBasis, checkCaveatEmptor, checkPayment, checkPrecedent, type OfferCheckInput } from '../../src-main/legal/checks'
import { bandOf, percentile } from '../../src-main/legal/precedent'
import { bandAmong, groupOffers, type OfferRow } from '../../src-main/legal/check-store'

const t = (cst: string): number => Date.parse(`${cst.replace(' ', 'T')}:00+08:00`)

const m2024: AuthorityMatrix = {
  ...matrixFromBranchLimit('2024-01-01', '2024 版', 50_000),
  settlementAbove: null
}
const m2025: AuthorityMatrix = {
  id: null, effectiveFrom: '2025-07-01', title: '2025 版', settlementAbove: 20_000, cosignAbove: 30_000,
  limits: [
    { level: '支行', rank: 1, type: 'compensation', maxAmount: 5_000 },
    { level: '分行', rank: 2, type: 'compensation', maxAmount: 30_000 },
    { level: '总行', rank: 3, type: 'compensation', maxAmount: null },
    { level: '支行', rank: 1, type: 'goodwill', maxAmount: 500 },
    { level: '分行', rank: 2, type: 'goodwill', maxAmount: 2_000 }
  ]
}
const book = new AuthorityBook([m2025, m2024])

function offer(over: Partial<OfferCheckInput> = {}): OfferCheckInput {
  return {
    offerId: 1, type: 'compensation', amount: 10_000, basis: '损失测算', approvalLevel: '分行', approvedAt: t('2025-03-10 10:00'),
    customerAccepted: true, acceptedAt: t('2025-03-12 10:00'), dueAt: t('2025-03-22 10:00'), paidAt: t('2025-03-15 10:00'), settlementSignedAt: null,
    receivedAt: t('2025-03-01 10:00'), businessLine: 'retail', category: 'service_quality', responsibility: 'internal', rootCause: null,
    suitabilityAssessed: null, dualRecorded: null, ...over
  }
}

describe('authority matrix across effective days', () => {
  it('takes the matrix in force on the China-time day of approval', () => {
    expect(book.inForce(t('2023-12-31 23:59'))).toBeNull()
    expect(book.inForce(t('2024-01-01 00:00'))?.title).toBe('2024 版')
    expect(book.inForce(t('2025-06-30 23:59'))?.title).toBe('2024 版')
    // 2025-06-30 16:30 UTC is 2025-07-01 00:30 in China: the new matrix.
    expect(book.inForce(Date.parse('2025-06-30T16:30:00Z'))?.title).toBe('2025 版')
  })
  it('judges the same offer differently before and after a new matrix', () => {
    const before = offer({ amount: 40_000, approvedAt: t('2025-06-30 18:00') })
    const after = offer({ amount: 40_000, approvedAt: t('2025-07-01 09:00') })
    expect(checkAuthority(before, book).status).toBe('pass')
    expect(checkAuthority(after, book).status).toBe('fail')
    expect(checkAuthority(after, book).reason).toContain('30000')
  })
  it('holds an unknown or missing level to the lowest level, and 总行 to no limit', () => {
    expect(authorityFor(m2025, '某部门', 'compensation')).toEqual({ level: '支行', maxAmount: 5_000, assumed: true })
    expect(authorityFor(m2025, null, 'goodwill')).toEqual({ level: '支行', maxAmount: 500, assumed: true })
    expect(authorityFor(m2025, '总行', 'compensation')).toEqual({ level: '总行', maxAmount: null, assumed: false })
    const r = checkAuthority(offer({ approvalLevel: null, amount: 6_000, approvedAt: t('2025-08-01 10:00') }), book)
    expect(r.status).toBe('fail')
    expect(r.evidence.levelAssumed).toBe(true)
  })
  it('fails an offer with no approval day', () => {
    expect(checkAuthority(offer({ approvedAt: null }), book).status).toBe('fail')
  })
  it('the seeded matrix keeps the branch limit: exactly 50,000 passes at 分行, a fen more does not', () => {
    expect(checkAuthority(offer({ amount: 50_000 }), book).status).toBe('pass')
    expect(checkAuthority(offer({ amount: 50_000.01 }), book).status).toBe('fail')
    expect(checkAuthority(offer({ amount: 50_000.01, approvalLevel: '总行' }), book).status).toBe('pass')
  })
})

describe('basis, acceptance, payment', () => {
  it.each([
    [null, 'fail'], ['   ', 'fail'], ['合同第5条', 'pass']
  ] as const)('basis %j → %s', (basis, status) => expect(checkBasis(offer({ basis })).status).toBe(status))

  it.each([
    ['accepted, small', {}, 'pass'],
    ['not accepted', { customerAccepted: false }, 'fail'],
    ['acceptance unrecorded', { customerAccepted: null, acceptedAt: null }, 'fail'],
    ['above the settlement amount, no settlement', { amount: 25_000, approvedAt: t('2025-08-01 10:00') }, 'fail'],
    ['above the settlement amount, signed', { amount: 25_000, approvedAt: t('2025-08-01 10:00'), settlementSignedAt: t('2025-08-03 10:00') }, 'pass'],
    ['same amount under the old matrix (no settlement rule)', { amount: 25_000 }, 'pass'],
    ['exactly at the settlement amount', { amount: 20_000, approvedAt: t('2025-08-01 10:00') }, 'pass']
  ] as const)('acceptance: %s', (_n, over, status) => expect(checkAcceptance(offer(over), book).status).toBe(status))

  it.each([
    ['paid in time', {}, 'pass'],
    ['paid exactly at the due instant', { paidAt: t('2025-03-22 10:00') }, 'pass'],
    ['paid a minute late', { paidAt: t('2025-03-22 10:01') }, 'fail'],
    ['not paid', { paidAt: null }, 'fail'],
    ['no due day', { dueAt: null }, 'cannot_tell'],
    ['not accepted', { customerAccepted: false, paidAt: null }, 'not_applicable']
  ] as const)('payment: %s', (_n, over, status) => expect(checkPayment(offer(over)).status).toBe(status))
})

describe('买者自负 (caveat emptor)', () => {
  const marketLoss = offer({
    businessLine: 'wealth', category: 'product', type: 'compensation', responsibility: 'external',
    rootCause: { code: 'RC11', name: '产品收益不达预期（买者自负）', internal: false }, suitabilityAssessed: true, dualRecorded: true
  })
  it('flags money paid for a market loss without any institution fault, with the reason', () => {
    const r = checkCaveatEmptor(marketLoss)
    expect(r.status).toBe('fail')
    expect(r.reason).toContain('买者自负')
  })
  it.each([
    ['an internal root cause', { rootCause: { code: 'RC03', name: '销售适当性', internal: true } }, 'not_applicable'],
    ['responsibility internal', { responsibility: 'internal' }, 'pass'],
    ['responsibility shared', { responsibility: 'shared' }, 'pass'],
    ['no suitability assessment', { suitabilityAssessed: false }, 'pass'],
    ['no 双录', { dualRecorded: false }, 'pass'],
    ['suitability not recorded', { suitabilityAssessed: null }, 'cannot_tell'],
    ['a gift, not compensation', { type: 'goodwill' }, 'not_applicable'],
    ['a retail product', { businessLine: 'retail' }, 'not_applicable'],
    ['untagged product complaint, no fault', { rootCause: null }, 'fail'],
    ['untagged service complaint', { rootCause: null, category: 'service_quality' }, 'not_applicable'],
    ['非机构责任 cause', { rootCause: { code: 'RC14', name: '非机构责任', internal: false } }, 'fail']
  ] as const)('%s → %s', (_n, over, status) => expect(checkCaveatEmptor({ ...marketLoss, ...over }).status).toBe(status))
})

describe('precedent band', () => {
  it('computes exact percentiles by linear interpolation (percentile_cont)', () => {
    const amounts = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]
    // h = 9 × 0.1 = 0.9 → 100 + 0.9 × 100 = 190; h = 8.1 → 900 + 0.1 × 100 = 910; median h = 4.5 → 550.
    expect(bandOf(amounts, 500)).toMatchObject({ count: 10, p10: 190, median: 550, p90: 910, outlier: false, tooFew: false })
    expect(percentile([7], 0.9)).toBe(7)
    expect(percentile([], 0.5)).toBeNull()
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5)
  })
  it('flags an outlier outside P10–P90, and not one on the edge', () => {
    const amounts = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]
    expect(bandOf(amounts, 189.99).outlier).toBe(true)
    expect(bandOf(amounts, 190).outlier).toBe(false)
    expect(bandOf(amounts, 910).outlier).toBe(false)
    expect(bandOf(amounts, 910.01).outlier).toBe(true)
  })
  it('says too few comparables instead of judging', () => {
    const b = bandOf([100, 200, 300, 400], 5000)
    expect(b.tooFew).toBe(true)
    expect(b.outlier).toBeNull()
    const r = checkPrecedent(offer(), { ...b, windowMonths: 24, criteria: { rootCause: null, businessLine: 'retail', category: 'service_quality', type: 'compensation' }, nearest: [] })
    expect(r.status).toBe('cannot_tell')
    expect(r.reason).toContain('可比方案不足（4 件')
  })
  it('percentiles lie within the data and are ordered (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 60 }), (xs) => {
      const s = [...xs].sort((a, b) => a - b)
      const p10 = percentile(s, 0.1)!, p50 = percentile(s, 0.5)!, p90 = percentile(s, 0.9)!
      return s[0] <= p10 && p10 <= p50 && p50 <= p90 && p90 <= s[s.length - 1]
    }))
  })
  it('compares only accepted or paid offers of the same kind in the window, never the offer itself', () => {
    const base = (id: number, amount: number, over: Partial<OfferRow> = {}): OfferRow => ({
      ...offer({ offerId: id, amount, approvedAt: t('2025-03-01 10:00') }), caseId: id, caseNo: `C${id}`, rootNodeId: 3, acceptedOrPaid: true, ...over
    })
    const subject = base(1, 99_999)
    const rows = [subject, ...[1, 2, 3, 4, 5].map((i) => base(10 + i, i * 100)),
      base(20, 1_000_000, { acceptedOrPaid: false }), base(21, 1_000_000, { type: 'refund' }), base(22, 1_000_000, { rootNodeId: 4 }),
      base(23, 1_000_000, { approvedAt: t('2022-01-01 10:00') }), base(24, 1_000_000, { approvedAt: t('2025-04-01 10:00') })]
    const band = bandAmong(subject, groupOffers(rows))
    expect(band.count).toBe(5)
    expect(band.nearest.map((n) => n.offerId)).not.toContain(1)
    expect(band.median).toBe(300)
    expect(band.outlier).toBe(true)
  })
})
