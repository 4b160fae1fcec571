import { describe, expect, it } from 'vitest'
import { formatApproxCount, formatCount, formatMoney } from '../../src-renderer/utils/format'

describe('display formatting', () => {
  it('shows estimates to three significant digits and exact counts in full', () => {
    expect(formatApproxCount(1_000_643, 'zh-CN')).toBe('1,000,000')
    expect(formatApproxCount(12_345, 'zh-CN')).toBe('12,300')
    expect(formatApproxCount(997, 'en')).toBe('997')
    expect(formatCount(1_000_643, 'zh-CN')).toBe('1,000,643')
  })

  it('formats money from its decimal string without floating point', () => {
    expect(formatMoney('12345.6')).toBe('¥12,345.60')
    expect(formatMoney('0.1')).toBe('¥0.10')
    expect(formatMoney('90071992547409931.07')).toBe('¥90,071,992,547,409,931.07')
  })
})
