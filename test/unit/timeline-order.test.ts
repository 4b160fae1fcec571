import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { AuditFacts } from '../../src-main/audit/facts'
import { auditCase } from '../../src-main/audit/engine'
import { builtInReference } from '../../src-main/audit/policies'
import { RULE_READS, TIMELINE_PAIRS, timelineInversions } from '../../src-main/audit/timeline-order'
import { cleanCase, t } from './audit-fixture'

const ref = builtInReference()
const audit = (f: AuditFacts) => auditCase(f, ref.book, ref.calendar)

/** A case with every step on record, in order, that passes every rule that reads a time. */
const full = (): AuditFacts => cleanCase({
  severity: 'major', isComplex: true,
  approver: { key: '20', name: '赵总' }, approvalLevel: '总行', approvedAt: t('2025-06-24 10:00'),
  escalatedAt: t('2025-06-09 15:00'), escalationLevel: '总行',
  extensionReason: '需外部机构协查', extensionNotifiedAt: t('2025-06-20 10:00'),
  furtherExtension: { approver: { key: '30', name: '钱行长' }, level: 'higher_branch', approvedAt: t('2025-06-23 10:00'), notifiedAt: t('2025-06-23 15:00') },
  handledAt: t('2025-06-25 16:00'), replyAt: t('2025-06-26 10:00'),
  offers: [{ amount: 500, basis: '收费标准', approvalLevel: '分行', approvedAt: t('2025-06-25 10:00'), customerAccepted: true, acceptedAt: t('2025-06-26 11:00'), dueAt: t('2025-07-06 11:00'), paidAt: t('2025-06-30 10:00') }],
  revisitAt: t('2025-06-30 15:00'), satisfaction: 'dissatisfied', rereviewRequested: true, rereviewAt: t('2025-07-03 10:00'),
  closedAt: t('2025-07-04 10:00'), filledAt: t('2025-07-05 10:00')
})

/** Rule results as 'R04' (internal) / 'R04/reg' (regulatory) → status. */
function statuses(f: AuditFacts): Map<string, string> {
  const out = new Map<string, string>()
  for (const r of audit(f).rules) { out.set(r.code, r.internal.status); out.set(`${r.code}/reg`, r.regulatory.status) }
  return out
}

const FROM_RECEIPT = ['R01', 'R02', 'R04', 'R04/reg', 'R09']
const offer0 = (f: AuditFacts, o: Partial<AuditFacts['offers'][number]>): AuditFacts['offers'] => [{ ...f.offers[0], ...o }]

// [what goes backwards, the change, the pairs found (earlier>later), the rules that turn cannot_tell]
const TABLE: [string, (f: AuditFacts) => Partial<AuditFacts>, string[], string[]][] = [
  ['accepted before received', () => ({ acceptedAt: t('2025-06-09 09:00') }), ['received>accepted'], FROM_RECEIPT],
  ['acceptance told before received', () => ({ acceptanceNotifiedAt: t('2025-06-09 09:30') }), ['received>acceptance_notified', 'accepted>acceptance_notified'], FROM_RECEIPT],
  ['acceptance told before accepted', () => ({ acceptanceNotifiedAt: t('2025-06-09 10:30') }), ['accepted>acceptance_notified'], ['R01']],
  ['classified before received', () => ({ classifiedAt: t('2025-06-08 18:00') }), ['received>classified'], FROM_RECEIPT],
  ['escalated before received', () => ({ escalatedAt: t('2025-06-09 08:00') }), ['received>escalated'], FROM_RECEIPT],
  ['extension told before received', () => ({ extensionNotifiedAt: t('2025-06-06 10:00') }), ['received>extension_notified'], FROM_RECEIPT],
  ['resolution approved before received', () => ({ approvedAt: t('2025-06-08 10:00') }), ['received>resolution_approved'], [...FROM_RECEIPT, 'R08']],
  ['further extension approved before received', (f) => ({ furtherExtension: { ...f.furtherExtension!, approvedAt: t('2025-06-08 10:00') } }), ['received>further_extension_approved'], FROM_RECEIPT],
  ['further extension told before received', (f) => ({ furtherExtension: { ...f.furtherExtension!, notifiedAt: t('2025-06-08 10:00') } }), ['received>further_extension_notified', 'further_extension_approved>further_extension_notified'], FROM_RECEIPT],
  ['further extension told before it was approved', (f) => ({ furtherExtension: { ...f.furtherExtension!, notifiedAt: t('2025-06-23 09:00') } }), ['further_extension_approved>further_extension_notified'], ['R04/reg']],
  ['handled before received', () => ({ handledAt: t('2025-06-08 16:00') }), ['received>handled'], [...FROM_RECEIPT, 'R05']],
  ['decision told before received', () => ({ replyAt: t('2025-06-08 10:00') }), ['received>replied', 'handled>replied'], [...FROM_RECEIPT, 'R05']],
  ['replied before handled', () => ({ replyAt: t('2025-06-25 12:00') }), ['handled>replied'], ['R04', 'R04/reg', 'R05']],
  ['revisited before replied', () => ({ revisitAt: t('2025-06-26 09:00') }), ['replied>revisited'], ['R04/reg', 'R05', 'R12']],
  ['revisited before received', () => ({ revisitAt: t('2025-06-08 09:00') }), ['received>revisited', 'replied>revisited'], [...FROM_RECEIPT, 'R05', 'R12']],
  ['re-reviewed before the revisit', () => ({ rereviewAt: t('2025-06-30 10:00') }), ['revisited>rereview'], ['R12']],
  ['closed before received', () => ({ closedAt: t('2025-06-08 10:00') }), ['received>closed', 'handled>closed', 'replied>closed'], [...FROM_RECEIPT, 'R05']],
  ['closed before handled', () => ({ closedAt: t('2025-06-25 12:00') }), ['handled>closed', 'replied>closed'], ['R04', 'R04/reg', 'R05']],
  ['closed before replied', () => ({ closedAt: t('2025-06-26 09:00') }), ['replied>closed'], ['R04/reg', 'R05']],
  ['offer approved before received', (f) => ({ offers: offer0(f, { approvedAt: t('2025-06-08 10:00') }) }), ['received>offer_approved'], [...FROM_RECEIPT, 'R13']],
  ['offer paid before the customer accepted it', (f) => ({ offers: offer0(f, { paidAt: t('2025-06-26 10:30') }) }), ['offer_accepted>offer_paid'], ['R13']],
  ['second offer paid before accepted', (f) => ({ offers: [f.offers[0], { ...f.offers[0], paidAt: t('2025-06-26 10:30') }] }), ['offer_accepted#2>offer_paid#2'], ['R13']]
]

describe('timelines that go backwards', () => {
  it('the full case is in order and every rule that reads a time passes', () => {
    expect(timelineInversions(full())).toEqual([])
    const s = statuses(full())
    for (const k of ['R01', 'R02', 'R04', 'R04/reg', 'R05', 'R08', 'R09', 'R12', 'R13']) expect(s.get(k), k).toBe('pass')
  })

  it.each(TABLE)('%s', (_, change, pairs, affected) => {
    const base = full()
    const f = { ...base, ...change(base) }
    const found = timelineInversions(f)
    expect(found.map((v) => `${v.earlier}>${v.later}`)).toEqual(pairs)
    const before = statuses(base)
    const after = statuses(f)
    const undecided = [...after].filter(([k, s]) => s === 'cannot_tell' && before.get(k) !== 'cannot_tell').map(([k]) => k)
    expect(undecided.sort()).toEqual([...affected].sort())
    // Every other rule says what it said on the ordered case, or what the moved time makes of it (not cannot_tell).
    for (const [k, s] of after) if (!affected.includes(k)) expect(s, k).not.toBe('cannot_tell')
    // The reason names both steps and their times.
    const a = audit(f)
    const [code, kind] = affected[0].endsWith('/reg') ? [affected[0].slice(0, 3), 'regulatory' as const] : [affected[0], 'internal' as const]
    const result = a.rules.find((r) => r.code === code)![kind]
    for (const v of found.filter((x) => x.affects.some((r) => r.code === code && r.kind === kind))) expect(result.reason).toContain(v.message)
    expect(result.evidence.timeline).toBeTruthy()
    expect(a.inversions).toEqual(found)
  })

  it('says which step came before which, with China times', () => {
    const [v] = timelineInversions({ ...full(), acceptedAt: t('2025-03-01 10:00'), receivedAt: t('2025-03-02 09:00') })
    expect(v.message).toBe('时间线倒置：受理时间 2025-03-01 10:00 早于收到投诉时间 2025-03-02 09:00')
    const two = timelineInversions({ ...full(), offers: [full().offers[0], { ...full().offers[0], paidAt: t('2025-06-26 10:30') }] })
    expect(two[0].message).toBe('时间线倒置：补偿方案2支付时间 2025-06-26 10:30 早于客户接受补偿方案2时间 2025-06-26 11:00')
  })

  it('equal times are in order; a missing step is not an inversion', () => {
    const f = full()
    expect(timelineInversions({ ...f, acceptedAt: f.receivedAt, acceptanceNotifiedAt: f.receivedAt })).toEqual([])
    expect(timelineInversions({ ...f, acceptedAt: null, replyAt: null, furtherExtension: null, offers: [] })).toEqual([])
  })

  it('leaves a not-applicable rule as it is', () => {
    // A general case needs no escalation: an escalation dated before receipt changes nothing in R09.
    const f = cleanCase({ escalatedAt: t('2025-06-08 10:00') })
    expect(timelineInversions(f)).toHaveLength(1)
    expect(statuses(f).get('R09')).toBe('not_applicable')
  })

  it('property: whatever the order, no rule passes or fails on a time that an inverted pair puts in doubt', () => {
    const keys = ['acceptedAt', 'acceptanceNotifiedAt', 'classifiedAt', 'escalatedAt', 'extensionNotifiedAt', 'approvedAt', 'handledAt', 'replyAt', 'revisitAt', 'rereviewAt', 'closedAt'] as const
    const offset = fc.option(fc.integer({ min: -20 * 24 * 60, max: 60 * 24 * 60 }), { nil: null })
    fc.assert(fc.property(fc.tuple(...keys.map(() => offset)), fc.tuple(offset, offset), (times, [extApproved, extTold]) => {
      const base = full()
      const at = (m: number | null): number | null => (m === null ? null : base.receivedAt + m * 60_000)
      const f: AuditFacts = { ...base, furtherExtension: { ...base.furtherExtension!, approvedAt: at(extApproved), notifiedAt: at(extTold) } }
      keys.forEach((k, i) => { (f as unknown as Record<string, number | null>)[k] = at(times[i]) })
      if (f.closedAt === null) f.closedAt = base.closedAt
      const found = timelineInversions(f)
      const a = audit(f)
      for (const v of found) {
        for (const r of v.affects) expect(['cannot_tell', 'not_applicable'], `${r.code} ${r.kind} ${v.message}`).toContain(a.rules.find((x) => x.code === r.code)![r.kind].status)
      }
      // And a pair is reported exactly when its later step is recorded before its earlier one.
      const stepAt: Record<string, number | null> = {
        received: f.receivedAt, accepted: f.acceptedAt, acceptance_notified: f.acceptanceNotifiedAt, classified: f.classifiedAt, escalated: f.escalatedAt,
        extension_notified: f.extensionNotifiedAt, resolution_approved: f.approvedAt, handled: f.handledAt, replied: f.replyAt, revisited: f.revisitAt,
        rereview: f.rereviewAt, closed: f.closedAt, further_extension_approved: f.furtherExtension!.approvedAt, further_extension_notified: f.furtherExtension!.notifiedAt
      }
      const expected = TIMELINE_PAIRS.filter(([e, l]) => stepAt[e.key] !== null && stepAt[l.key] !== null && stepAt[l.key]! < stepAt[e.key]!).map(([e, l]) => `${e.key}>${l.key}`)
      expect(found.filter((v) => !v.later.startsWith('offer')).map((v) => `${v.earlier}>${v.later}`)).toEqual(expected)
    }), { numRuns: 500 })
  })

  it('every rule that reads a step is one the engine has', () => {
    const codes = new Set(audit(full()).rules.map((r) => r.code))
    for (const code of Object.keys(RULE_READS)) expect(codes.has(code)).toBe(true)
  })
})
