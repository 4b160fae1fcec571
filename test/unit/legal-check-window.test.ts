// The first computation of every offer's checks reads each precedent group's bands by one sliding window
// (check-window.ts) instead of gathering each offer's window on its own (bandAmong, kept as the reference).
// The kind of fault: a window or a nearest-five that differs from the reference — at the window's edges, with
// equal times, equal amounts (ties broken by offer id), offers not settled, the offer itself. A property over
// random groups built to be full of such ties, and a constructed example.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { bandAmong, groupOffers, type OfferRow } from '../../src-main/legal/check-store'
import { eachBandOfGroup } from '../../src-main/legal/check-window'
import type { PrecedentBand } from '../../src-main/legal/precedent'

const DAY = 86_400_000
const T0 = Date.parse('2024-01-01T02:00:00Z')

function row(id: number, amount: number, day: number, settled: boolean, approved = true): OfferRow {
  return {
    offerId: id, caseId: 1000 + id, caseNo: `TS${id}`, type: 'compensation', amount, basis: null, approvalLevel: null,
    approvedAt: approved ? T0 + day * DAY : null, customerAccepted: settled, acceptedAt: null, dueAt: null, paidAt: settled && id % 2 ? T0 : null,
    settlementSignedAt: null, receivedAt: T0 + day * DAY - (approved ? 3 * DAY : 0), businessLine: 'retail', category: 'service_quality',
    responsibility: null, rootCause: null, suitabilityAssessed: null, dualRecorded: null, rootNodeId: null, acceptedOrPaid: settled
  }
}

function windowed(rows: OfferRow[], months: number, wanted: Set<number> | null = null): Map<number, PrecedentBand> {
  const out = new Map<number, PrecedentBand>()
  for (const g of groupOffers(rows).values()) eachBandOfGroup(g, wanted, (r, b) => out.set(r.offerId, b), months)
  return out
}

describe('precedent bands by sliding window', () => {
  it('equals each offer’s own band (property: ties of time and amount, window edges, unsettled offers)', () => {
    const arb = fc.array(fc.record({
      amount: fc.oneof(fc.constantFrom(100, 200, 200.5, 500, 1000), fc.integer({ min: 1, max: 5000 })),
      day: fc.oneof(fc.constantFrom(0, 1, 365, 730, 731), fc.integer({ min: 0, max: 1200 })),
      settled: fc.boolean(), approved: fc.boolean()
    }), { minLength: 1, maxLength: 80 })
    fc.assert(fc.property(arb, fc.constantFrom(0, 1, 24), (specs, months) => {
      const rows = specs.map((s, i) => row(i + 1, s.amount, s.day, s.settled, s.approved))
      const groups = groupOffers(rows)
      const got = windowed(rows, months)
      expect(got.size).toBe(rows.length)
      for (const r of rows) expect(got.get(r.offerId), String(r.offerId)).toEqual(bandAmong(r, groups, months))
    }), { numRuns: 300 })
  })

  it('computes only the wanted offers, each still against the whole group', () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(i + 1, 100 * ((i * 7) % 11), i * 20, i % 3 !== 0))
    const groups = groupOffers(rows)
    const got = windowed(rows, 24, new Set([5, 17, 40]))
    expect([...got.keys()].sort((a, b) => a - b)).toEqual([5, 17, 40])
    for (const id of [5, 17, 40]) expect(got.get(id)).toEqual(bandAmong(rows[id - 1], groups, 24))
  })

  it('breaks equal distances by the smaller offer id, on both sides of the amount', () => {
    // Subject 1 at 300: peers at 200 (ids 9, 4) and 400 (ids 7, 2), 300 (id 8); then 100 and 500.
    const rows = [row(1, 300, 100, true), row(9, 200, 10, true), row(4, 200, 11, true), row(7, 400, 12, true), row(2, 400, 13, true),
      row(8, 300, 14, true), row(3, 100, 15, true), row(6, 500, 16, true), row(5, 9999, 16, false)]
    const band = windowed(rows, 24).get(1)!
    expect(band.nearest.map((n) => n.offerId)).toEqual([8, 2, 4, 7, 9])
    expect(band.count).toBe(7)
    expect(band).toEqual(bandAmong(rows[0], groupOffers(rows), 24))
  })
})
