// The months a period sorted by case number is merged over (legal/offer-list.ts). The kind of fault: a month left
// out at either end (its offers missing from the page), or one too many across a year's turn.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { monthsBetween } from '../../src-main/legal/offer-list'

describe('monthsBetween', () => {
  it('gives each month from the first day’s to the last day’s, both included, across years', () => {
    expect(monthsBetween('2024-11-30', '2025-02-01')).toEqual(['2024-11-01', '2024-12-01', '2025-01-01', '2025-02-01'])
    expect(monthsBetween('2025-03-01', '2025-03-31')).toEqual(['2025-03-01'])
    expect(monthsBetween('2025-04-01', '2025-03-31')).toEqual([])
  })

  it('holds every day of the period in one of its months, and no month without one', () => {
    const day = fc.date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
    fc.assert(fc.property(day, day, (a, b) => {
      const [from, to] = a <= b ? [a, b] : [b, a]
      const months = monthsBetween(from, to)
      expect(months[0]).toBe(`${from.slice(0, 7)}-01`)
      expect(months.at(-1)).toBe(`${to.slice(0, 7)}-01`)
      // Consecutive, one month apart.
      for (let i = 1; i < months.length; i++) {
        const [y0, m0] = months[i - 1].split('-').map(Number)
        const [y1, m1] = months[i].split('-').map(Number)
        expect(y1 * 12 + m1 - (y0 * 12 + m0)).toBe(1)
      }
    }))
  })
})
