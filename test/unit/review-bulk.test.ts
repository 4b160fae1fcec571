// 「确认其余」 never confirms a rule the engine failed (issue 10 point 14): a property over every mix of
// decisions and engine results under both policy sets, and the example.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { confirmableAtOnce, engineFailed, failedFirst } from '../../src-main/shared/review-bulk'

const STATUS = ['pass', 'fail', 'not_applicable', 'cannot_tell'] as const
const rule = fc.record({
  code: fc.constantFrom('R01', 'R02', 'R03', 'R04'),
  decision: fc.constantFrom(null, 'confirmed', 'overridden'),
  internal: fc.record({ status: fc.constantFrom(...STATUS) }),
  regulatory: fc.record({ status: fc.constantFrom(...STATUS) })
})

describe('confirmableAtOnce', () => {
  it('takes exactly the undecided rules that failed under neither policy', () => {
    fc.assert(fc.property(fc.array(rule, { maxLength: 16 }), (rules) => {
      const picked = confirmableAtOnce(rules)
      for (const r of picked) { expect(r.decision).toBeNull(); expect(engineFailed(r)).toBe(false) }
      expect(picked.length).toBe(rules.filter((r) => r.decision === null && r.internal.status !== 'fail' && r.regulatory.status !== 'fail').length)
    }))
  })

  it('leaves a rule failed only under the regulatory floor, unopened, for the reviewer', () => {
    const rules = [
      { code: 'R04', decision: null, internal: { status: 'pass' as const }, regulatory: { status: 'fail' as const } },
      { code: 'R05', decision: null, internal: { status: 'fail' as const }, regulatory: { status: 'not_applicable' as const } },
      { code: 'R06', decision: null, internal: { status: 'pass' as const }, regulatory: { status: 'not_applicable' as const } }
    ]
    expect(confirmableAtOnce(rules).map((r) => r.code)).toEqual(['R06'])
  })
})

describe('failedFirst', () => {
  it('lists every rule the engine failed before the others, each group in its given order (property)', () => {
    fc.assert(fc.property(fc.array(rule, { maxLength: 16 }), (rules) => {
      const listed = failedFirst(rules)
      expect(listed).toHaveLength(rules.length)
      const k = listed.findIndex((r) => !engineFailed(r))
      if (k >= 0) expect(listed.slice(k).some(engineFailed)).toBe(false)
      expect(listed.filter(engineFailed)).toEqual(rules.filter(engineFailed))
      expect(listed.filter((r) => !engineFailed(r))).toEqual(rules.filter((r) => !engineFailed(r)))
    }))
  })

  it('puts the failed ones first: R14 failed internally, R04 only under the regulatory floor', () => {
    const r = (code: string, internal: 'pass' | 'fail', regulatory: 'pass' | 'fail' | 'not_applicable') =>
      ({ code, decision: null, internal: { status: internal }, regulatory: { status: regulatory } })
    expect(failedFirst([r('R01', 'pass', 'not_applicable'), r('R04', 'pass', 'fail'), r('R07', 'pass', 'pass'), r('R14', 'fail', 'not_applicable')]).map((x) => x.code))
      .toEqual(['R04', 'R14', 'R01', 'R07'])
  })
})
