// The year of a document number is China's: a document issued in the evening of 31 December (UTC) in China
// is already of the next year, with an instant given or, without one, by the clock.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cnYear } from '../../src-main/documents/text'

afterEach(() => { vi.useRealTimers() })

describe('cnYear', () => {
  it.each([
    ['2026-12-31T15:59:59.999Z', 2026],
    ['2026-12-31T16:00:00.000Z', 2027],
    ['2027-01-01T00:30:00+08:00', 2027]
  ])('%s is in %i in China', (at, year) => {
    expect(cnYear(at)).toBe(year)
    expect(cnYear(new Date(at))).toBe(year)
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(at) })
    expect(cnYear(null)).toBe(year)
    expect(cnYear('')).toBe(year)
  })
})
