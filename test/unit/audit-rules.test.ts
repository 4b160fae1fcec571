import { describe, expect, it } from 'vitest'
import { RULES } from '../../src-main/audit/rules'
import { auditCase } from '../../src-main/audit/engine'
import { builtInReference } from '../../src-main/audit/policies'
import { acceptedOn, cleanCase, handledOn, judge, receivedOn, repliedOn, statusOf, t } from './audit-fixture'

const MIN = 60_000

describe('the clean case', () => {
  it('passes or is not applicable under every rule, and every rule has its titles and source', () => {
    const { book, calendar } = builtInReference()
    const a = auditCase(cleanCase(), book, calendar)
    expect(a.rules.map((r) => r.code)).toEqual(RULES.map((r) => r.code))
    expect(RULES).toHaveLength(16)
    for (const r of a.rules) expect(['pass', 'not_applicable'], `${r.code}: ${r.internal.reason}`).toContain(r.internal.status)
    for (const rule of RULES) expect(rule.titleZh && rule.titleEn && rule.source).toBeTruthy()
    expect(a.policySets).toEqual({ internal: 'internal-2020', regulatory: 'cbirc-2020-3' })
  })
})

describe('R01 acceptance within 24 h and told', () => {
  const received = t('2025-06-09 10:00')
  it('23 h 59 min passes, exactly 24 h passes, 24 h 01 min fails', () => {
    expect(statusOf('R01', acceptedOn(received + (23 * 60 + 59) * MIN))).toBe('pass')
    expect(statusOf('R01', acceptedOn(received + 24 * 60 * MIN))).toBe('pass')
    const late = judge('R01', acceptedOn(received + (24 * 60 + 1) * MIN))
    expect(late.status).toBe('fail')
    expect(late.evidence).toMatchObject({ receivedAt: '2025-06-09 10:00', acceptedAt: '2025-06-10 10:01', elapsed: '24 h 01 min', limit: '24 h' })
  })
  it('fails without an acceptance notice, cannot tell without an acceptance time', () => {
    expect(judge('R01', cleanCase({ acceptanceNotifiedAt: null })).reason).toContain('受理告知')
    expect(statusOf('R01', cleanCase({ acceptedAt: null }))).toBe('cannot_tell')
  })
})

describe('R02 classification within 48 h', () => {
  const received = t('2025-06-09 10:00')
  it('47 h 59 min passes, 48 h 01 min fails', () => {
    expect(statusOf('R02', cleanCase({ classifiedAt: received + (47 * 60 + 59) * MIN }))).toBe('pass')
    expect(statusOf('R02', cleanCase({ classifiedAt: received + (48 * 60 + 1) * MIN }))).toBe('fail')
  })
  it('fails when a class is missing', () => {
    expect(judge('R02', cleanCase({ severity: null })).reason).toContain('严重程度')
  })
})

describe('R03 registration complete', () => {
  it('names the missing fields', () => {
    const r = judge('R03', cleanCase({ evidence: null, request: '  ' }))
    expect(r.status).toBe('fail')
    expect(r.evidence.missing).toBe('投诉请求、证据材料')
  })
  it('does not ask an anonymous complainant for a name or phone', () => {
    expect(statusOf('R03', cleanCase({ isAnonymous: true, complainantName: null, complainantPhone: null, complainantAddress: null }))).toBe('pass')
    expect(statusOf('R03', cleanCase({ complainantPhone: null }))).toBe('fail')
  })
})

describe('R04 handling within 7 / 15 working days', () => {
  it('counts from the day after receipt and ends at the end of the 7th working day', () => {
    // Received Monday 2025-06-09: the 7th working day after is Wednesday 2025-06-18.
    expect(statusOf('R04', handledOn(t('2025-06-18 23:59')))).toBe('pass')
    const late = judge('R04', handledOn(t('2025-06-19 00:01')))
    expect(late.status).toBe('fail')
    expect(late.evidence.deadline).toBe('2025-06-18 23:59')
  })
  it('skips the National Day holiday and counts the adjusted working Sunday and Saturday', () => {
    // Received Friday 2025-09-26. Working days after: Sun 09-28 (调休), Mon 29, Tue 30, [10-01…10-08 holiday],
    // Thu 10-09, Fri 10-10, Sat 10-11 (调休), Mon 10-13 = the 7th. Without the two 调休 days it would be 10-15.
    const received = t('2025-09-26 10:00')
    const handled = (at: number) => handledOn(at, {}, receivedOn(received))
    expect(statusOf('R04', handled(t('2025-10-13 17:00')))).toBe('pass')
    expect(judge('R04', handled(t('2025-10-14 09:00'))).evidence.deadline).toBe('2025-10-13 23:59')
    expect(statusOf('R04', handled(t('2025-10-14 09:00')))).toBe('fail')
  })
  it('gives complex cases 15 working days', () => {
    // Received Monday 2025-06-09: 15 working days → Monday 2025-06-30 (端午 2025-05-31…06-02 is before).
    expect(statusOf('R04', handledOn(t('2025-06-30 17:00'), { isComplex: true }))).toBe('pass')
    expect(statusOf('R04', handledOn(t('2025-07-01 09:00'), { isComplex: true }))).toBe('fail')
  })
  it('accepts a longer handling only with an extension told before the limit ran out', () => {
    const handledAt = t('2025-06-24 10:00')
    expect(statusOf('R04', handledOn(handledAt, { extensionReason: '需外部机构协查', extensionNotifiedAt: t('2025-06-17 10:00') }))).toBe('pass')
    expect(judge('R04', handledOn(handledAt, { extensionReason: '需外部机构协查', extensionNotifiedAt: t('2025-06-19 10:00') })).reason).toContain('延期告知晚于期限')
  })
  it('under the regulatory floor counts 15 calendar days to the decision being told, moved past a rest day', () => {
    // Received 2025-06-09: day 15 is Tuesday 2025-06-24.
    expect(statusOf('R04', repliedOn(t('2025-06-24 20:00')), 'regulatory')).toBe('pass')
    expect(statusOf('R04', repliedOn(t('2025-06-25 08:00')), 'regulatory')).toBe('fail')
    // Received Saturday 2025-09-20: day 15 is Sunday 10-05, inside the holiday: the period ends Thursday 10-09.
    const r = judge('R04', repliedOn(t('2025-10-09 15:00'), {}, receivedOn(t('2025-09-20 10:00'))), 'regulatory')
    expect(r.status).toBe('pass')
    expect(r.evidence.deadline).toBe('2025-10-09 23:59')
  })
})

describe('R05 result told within 10 working days of completion', () => {
  it('passes on the 10th working day and fails on the 11th', () => {
    // Handled Friday 2025-06-13: the 10th working day after is Friday 2025-06-27.
    expect(statusOf('R05', repliedOn(t('2025-06-27 17:00')))).toBe('pass')
    expect(statusOf('R05', repliedOn(t('2025-06-30 09:00')))).toBe('fail')
  })
  it('fails without a reply or its method', () => {
    expect(statusOf('R05', cleanCase({ replyAt: null }))).toBe('fail')
    expect(judge('R05', cleanCase({ replyMethod: null })).reason).toContain('反馈方式')
  })
})

describe('R06 recusal', () => {
  it('fails when the complained person handled the case, under both policy sets', () => {
    const f = cleanCase({ complainedPerson: { key: '12', name: '王五' } })
    expect(statusOf('R06', f)).toBe('fail')
    expect(statusOf('R06', f, 'regulatory')).toBe('fail')
    expect(judge('R06', f).evidence).toEqual({ complainedPerson: '王五', handler: '王五' })
    expect(statusOf('R06', cleanCase({ complainedPerson: { key: '99', name: '赵六' } }))).toBe('pass')
    expect(statusOf('R06', cleanCase())).toBe('not_applicable')
  })
})

describe('R07 first receiver', () => {
  it('fails when no first receiver is recorded', () => {
    expect(statusOf('R07', cleanCase({ firstReceiver: null }))).toBe('fail')
  })
})

describe('R08 approval at the right level', () => {
  const approved = { approver: { key: '7' }, approvalLevel: '分行', approvedAt: t('2025-06-12 10:00') }
  it('requires approval of 严重 cases, and head-office approval of 重大 cases', () => {
    expect(statusOf('R08', cleanCase({ severity: 'serious' }))).toBe('fail')
    expect(statusOf('R08', cleanCase({ severity: 'serious', ...approved }))).toBe('pass')
    expect(judge('R08', cleanCase({ severity: 'major', ...approved })).reason).toContain('应为总行')
    expect(statusOf('R08', cleanCase({ severity: 'major', ...approved, approvalLevel: '总行' }))).toBe('pass')
  })
  it('requires head-office approval of an offer above the branch limit (50,000)', () => {
    const offer = { amount: 50_000, basis: '合同', approvalLevel: '分行', approvedAt: t('2025-06-12 10:00'), customerAccepted: true, acceptedAt: t('2025-06-17 10:00'), dueAt: t('2025-06-27 10:00'), paidAt: t('2025-06-20 10:00') }
    expect(statusOf('R08', cleanCase({ offers: [offer] }))).toBe('not_applicable')
    expect(statusOf('R08', cleanCase({ offers: [{ ...offer, amount: 50_000.01 }] }))).toBe('fail')
    expect(statusOf('R08', cleanCase({ offers: [{ ...offer, amount: 80_000, approvalLevel: '总行' }] }))).toBe('pass')
  })
})

describe('R09 escalation', () => {
  const received = t('2025-06-09 10:00')
  it('gives 24 h to report a 重大 or transferred case, and one hour when ten or more people complain together', () => {
    expect(statusOf('R09', cleanCase({ channel: 'regulator', severity: 'major', escalatedAt: received + (23 * 60 + 59) * MIN }))).toBe('pass')
    expect(statusOf('R09', cleanCase({ channel: 'regulator', severity: 'major', escalatedAt: received + (24 * 60 + 1) * MIN }))).toBe('fail')
    const group = { isGroup: true, groupSize: 12, severity: 'major' }
    expect(statusOf('R09', cleanCase({ ...group, escalatedAt: received + 59 * MIN }))).toBe('pass')
    expect(judge('R09', cleanCase({ ...group, escalatedAt: received + 61 * MIN })).evidence.limit).toBe('1 h')
    expect(statusOf('R09', cleanCase({ ...group, escalatedAt: received + 61 * MIN }))).toBe('fail')
    expect(statusOf('R09', cleanCase({ ...group, escalatedAt: null }))).toBe('fail')
    expect(statusOf('R09', cleanCase())).toBe('not_applicable')
  })
})

describe('R10 group complaints and R11 severity', () => {
  it('flags five or more customers as a 重大 group complaint', () => {
    expect(statusOf('R10', cleanCase({ groupSize: 5, isGroup: false, severity: 'major' }))).toBe('fail')
    expect(statusOf('R10', cleanCase({ groupSize: 5, isGroup: true, severity: 'major' }))).toBe('pass')
    expect(statusOf('R10', cleanCase({ groupSize: 4, isGroup: false }))).toBe('not_applicable')
    expect(statusOf('R10', cleanCase({ groupSize: 4, isGroup: true }))).toBe('fail')
  })
  it('requires regulator- and media-transferred cases to be 重大', () => {
    expect(statusOf('R11', cleanCase({ channel: 'media', severity: 'serious' }))).toBe('fail')
    expect(statusOf('R11', cleanCase({ channel: 'regulator', severity: 'major' }))).toBe('pass')
    expect(statusOf('R11', cleanCase({ channel: 'petition', severity: 'general' }))).toBe('not_applicable')
  })
})

describe('R12 revisit', () => {
  it('needs a revisit with satisfaction, and a re-review when the customer is dissatisfied', () => {
    expect(statusOf('R12', cleanCase({ revisitAt: null, satisfaction: null }))).toBe('fail')
    expect(statusOf('R12', cleanCase({ satisfaction: 'dissatisfied' }))).toBe('fail')
    expect(statusOf('R12', cleanCase({ satisfaction: 'dissatisfied', rereviewAt: t('2025-06-25 10:00') }))).toBe('pass')
  })
})

describe('R13 remediation', () => {
  const offer = { amount: 300, basis: '收费标准', approvalLevel: '分行', approvedAt: t('2025-06-12 10:00'), customerAccepted: true, acceptedAt: t('2025-06-17 10:00'), dueAt: t('2025-06-27 10:00'), paidAt: t('2025-06-27 10:00') }
  it('passes a documented offer paid on its due date and fails one paid a minute late', () => {
    expect(statusOf('R13', cleanCase({ offers: [offer] }))).toBe('pass')
    expect(judge('R13', cleanCase({ offers: [{ ...offer, paidAt: offer.dueAt + MIN }] })).reason).toContain('逾期支付')
  })
  it('fails an offer without basis or customer acceptance', () => {
    expect(statusOf('R13', cleanCase({ offers: [{ ...offer, basis: null }] }))).toBe('fail')
    expect(statusOf('R13', cleanCase({ offers: [{ ...offer, customerAccepted: null, acceptedAt: null, paidAt: null }] }))).toBe('fail')
    expect(statusOf('R13', cleanCase())).toBe('not_applicable')
  })
})

describe('R14 rectification', () => {
  it('requires a measure with owner and due date when the cause is internal, under both sets', () => {
    const f = cleanCase({ responsibility: 'internal' })
    expect(statusOf('R14', f)).toBe('fail')
    expect(statusOf('R14', f, 'regulatory')).toBe('fail')
    expect(statusOf('R14', cleanCase({ responsibility: 'internal', rectifications: [{ measure: '培训', ownerUnit: '35', dueOn: '2025-08-01' }] }))).toBe('pass')
    expect(statusOf('R14', cleanCase({ responsibility: 'internal', rectifications: [{ measure: '培训', ownerUnit: null, dueOn: '2025-08-01' }] }))).toBe('fail')
  })

  // A tagged root cause decides over the recorded responsibility; untagged, the responsibility decides.
  const measure = [{ measure: '培训', ownerUnit: '35', dueOn: '2025-08-01' }]
  it.each([
    ['internal cause, no measure, responsibility says external', { code: 'RC06.01', internal: true }, 'external', [], 'fail'],
    ['internal cause, no measure, responsibility unrecorded', { code: 'RC07', internal: true }, null, [], 'fail'],
    ['internal cause with a measure', { code: 'RC06', internal: true }, 'external', measure, 'pass'],
    ['非机构责任, responsibility says internal', { code: 'RC14', internal: false }, 'internal', [], 'not_applicable'],
    ['恶意/不合理投诉, responsibility unrecorded', { code: 'RC15', internal: false }, null, [], 'not_applicable'],
    ['untagged, internal responsibility, no measure', null, 'internal', [], 'fail'],
    ['untagged, responsibility unrecorded', null, null, [], 'cannot_tell'],
    ['untagged, external responsibility', null, 'external', [], 'not_applicable']
  ] as const)('%s → %s', (_name, rootCause, responsibility, rectifications, expected) => {
    const f = cleanCase({ rootCause, responsibility, rectifications: [...rectifications] })
    expect(statusOf('R14', f)).toBe(expected)
    expect(statusOf('R14', f, 'regulatory')).toBe(expected)
  })
})

describe('R15 repeat complaints', () => {
  it('fails an unlinked repeat and passes a linked one', () => {
    expect(statusOf('R15', cleanCase({ earlierSameMatter: 'TS2025TEST0000' }))).toBe('fail')
    expect(statusOf('R15', cleanCase({ earlierSameMatter: 'TS2025TEST0000', repeatOf: 'TS2025TEST0000' }))).toBe('pass')
    expect(statusOf('R15', cleanCase())).toBe('not_applicable')
  })
})

describe('R16 archive form', () => {
  it('names the empty fields of the 客户投诉档案 form', () => {
    const r = judge('R16', cleanCase({ filledAt: null, complainantAddress: null }))
    expect(r.status).toBe('fail')
    expect(r.evidence.missing).toBe('填写时间、地址')
    expect(statusOf('R16', cleanCase({ isAnonymous: true, complainantName: null, complainantAddress: null, complainantPhone: null }))).toBe('pass')
  })
})

describe('policy sets by date of receipt', () => {
  it('judges a case received before 2020-03-01 without the regulatory floor', () => {
    const { book, calendar } = builtInReference()
    const a = auditCase(cleanCase({ receivedAt: t('2020-02-20 10:00'), handledAt: t('2020-02-25 10:00'), replyAt: t('2020-02-26 10:00') }), book, calendar)
    expect(a.policySets).toEqual({ internal: 'internal-2020', regulatory: null })
    expect(a.rules.every((r) => r.regulatory.status === 'not_applicable')).toBe(true)
  })
})
