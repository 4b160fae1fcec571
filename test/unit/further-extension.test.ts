import { describe, expect, it } from 'vitest'
import type { AuditFacts, FurtherExtensionFact } from '../../src-main/audit/facts'
import { cleanCase, judge, receivedOn, repliedOn, t } from './audit-fixture'

// R04 under the regulatory floor (银保监会令2020年第3号 第十八条): 15 days, 30 for a complex case, 60 only
// with a further extension approved by the higher-level branch or a head-office senior manager and told to the
// complainant, both before the 30 days ran out. Received Monday 2025-06-09 10:00: the 30 days end 2025-07-09,
// the 60 days 2025-08-08 (a Friday; 2025-08-09 is a Saturday, and the 60th day is a working day, so no roll).
const received = t('2025-06-09 10:00')
const ext = (over: Partial<FurtherExtensionFact> = {}): FurtherExtensionFact => ({
  approver: { key: '30', name: '钱行长' }, level: 'higher_branch', approvedAt: t('2025-07-03 10:00'), notifiedAt: t('2025-07-04 09:00'), ...over
})
const complex = (over: Partial<AuditFacts>): AuditFacts => cleanCase({ receivedAt: received, isComplex: true, ...over })
/** Told the decision at its replyAt, with the handling before and the revisit and closing after (timeline in order). */
const inOrder = (f: AuditFacts): AuditFacts => repliedOn(f.replyAt!, {}, f)

// [case, facts, status, limit, what the reason says]
const TABLE: [string, AuditFacts, 'pass' | 'fail', string, RegExp][] = [
  ['complex, no extension, told on day 30', complex({ replyAt: t('2025-07-09 20:00') }), 'pass', '30 日', /^30 日内告知处理决定$/],
  ['complex, no extension, told on day 31', complex({ replyAt: t('2025-07-10 09:00') }), 'fail', '30 日', /超过 30 日才告知处理决定，且无特别复杂延期/],
  ['the issue: an extension notice and a routine 支行行长 approval are not 第十八条\'s extension',
    complex({ extensionReason: '需外部机构协查', extensionNotifiedAt: t('2025-06-20 10:00'), approver: { key: '9', name: '支行行长' }, approvalLevel: '支行', approvedAt: t('2025-07-01 10:00'), replyAt: t('2025-07-20 10:00') }),
    'fail', '30 日', /且无特别复杂延期/],
  ['approved by the higher-level branch and told: 60 days', complex({ furtherExtension: ext(), replyAt: t('2025-08-08 16:00') }), 'pass', '60 日', /经上级分行批准并告知投诉人，特别复杂延期至 60 日/],
  ['approved by a head-office senior manager and told, decided on day 61', complex({ furtherExtension: ext({ level: 'head_office_senior' }), replyAt: t('2025-08-09 09:00') }), 'fail', '60 日', /特别复杂延期至 60 日，仍超过 60 日/],
  ['approved only by the sub-branch', complex({ furtherExtension: ext({ level: 'sub_branch' }), replyAt: t('2025-07-20 10:00') }), 'fail', '30 日', /特别复杂延期不予计入：延期仅经支行（本级）审批，第十八条要求上级分行或总行高级管理人员审批/],
  ['approval level not recorded', complex({ furtherExtension: ext({ level: null }), replyAt: t('2025-07-20 10:00') }), 'fail', '30 日', /未记录延期审批层级/],
  ['approver not recorded', complex({ furtherExtension: ext({ approver: null }), replyAt: t('2025-07-20 10:00') }), 'fail', '30 日', /未记录延期审批人/],
  ['approval time not recorded', complex({ furtherExtension: ext({ approvedAt: null }), replyAt: t('2025-07-20 10:00') }), 'fail', '30 日', /未记录延期审批时间/],
  ['not told to the complainant', complex({ furtherExtension: ext({ notifiedAt: null }), replyAt: t('2025-07-20 10:00') }), 'fail', '30 日', /延期未告知投诉人/],
  ['told after the 30 days ran out', complex({ furtherExtension: ext({ notifiedAt: t('2025-07-10 09:00') }), replyAt: t('2025-07-20 10:00') }), 'fail', '30 日', /延期告知投诉人（2025-07-10 09:00）晚于 30 日期限 2025-07-09 23:59/],
  ['approved after the 30 days ran out', complex({ furtherExtension: ext({ approvedAt: t('2025-07-10 10:00'), notifiedAt: t('2025-07-10 15:00') }), replyAt: t('2025-07-20 10:00') }), 'fail', '30 日',
    /延期审批（2025-07-10 10:00）晚于 30 日期限 2025-07-09 23:59；延期告知投诉人（2025-07-10 15:00）晚于 30 日期限/],
  ['sub-branch approval and never told: both reasons', complex({ furtherExtension: ext({ level: 'sub_branch', notifiedAt: null }), replyAt: t('2025-07-20 10:00') }), 'fail', '30 日', /支行（本级）审批.*；延期未告知投诉人/],
  ['approved and told in the last hour of day 30', complex({ furtherExtension: ext({ approvedAt: t('2025-07-09 22:00'), notifiedAt: t('2025-07-09 23:30') }), replyAt: t('2025-07-20 10:00') }), 'pass', '60 日', /特别复杂延期至 60 日/],
  ['an extension that does not count is irrelevant when decided within 30 days', complex({ furtherExtension: ext({ level: 'sub_branch' }), replyAt: t('2025-07-01 10:00') }), 'pass', '30 日', /^30 日内告知处理决定$/],
  ['a general case cannot be extended', cleanCase({ receivedAt: received, furtherExtension: ext({ approvedAt: t('2025-06-20 10:00'), notifiedAt: t('2025-06-20 11:00') }), replyAt: t('2025-06-25 10:00') }), 'fail', '15 日', /非复杂案件，不适用特别复杂延期/],
  // 2025-09-01 + 30 days is 10-01 (国庆): the 30 days run to 10-09, so an approval and notice on 10-08 still count.
  ['the 30 days moved past 国庆 still take the extension', receivedOn(t('2025-09-01 10:00'), { isComplex: true, furtherExtension: ext({ approvedAt: t('2025-10-08 10:00'), notifiedAt: t('2025-10-08 15:00') }), replyAt: t('2025-10-20 10:00') }), 'pass', '60 日', /特别复杂延期至 60 日/]
]

describe('R04 regulatory: the especially complex extension (第十八条)', () => {
  it.each(TABLE)('%s', (_, f, status, limit, reason) => {
    const r = judge('R04', inOrder(f), 'regulatory')
    expect(r.status).toBe(status)
    expect(r.evidence.limit).toBe(limit)
    expect(r.reason).toMatch(reason)
  })

  it('shows the extension in the evidence: who, level, when approved, when told, and why it did not count', () => {
    const r = judge('R04', inOrder(complex({ furtherExtension: ext({ level: 'sub_branch', notifiedAt: null }), replyAt: t('2025-07-20 10:00') })), 'regulatory')
    expect(r.evidence).toMatchObject({
      furtherExtensionApprover: '钱行长', furtherExtensionLevel: '支行（本级）', furtherExtensionApprovedAt: '2025-07-03 10:00', furtherExtensionNotifiedAt: null,
      especiallyComplexExtension: false, deadline: '2025-07-09 23:59'
    })
    expect(r.evidence.furtherExtensionRefused).toMatch(/支行/)
    const ok = judge('R04', inOrder(complex({ furtherExtension: ext(), replyAt: t('2025-08-01 10:00') })), 'regulatory')
    expect(ok.evidence).toMatchObject({ especiallyComplexExtension: true, deadline: '2025-08-08 23:59', furtherExtensionRefused: null, furtherExtensionLevel: '上级分行' })
  })

  it('leaves the internal R04 (working days, extension notice) as it was', () => {
    const f = inOrder(complex({ furtherExtension: ext(), replyAt: t('2025-08-01 10:00') }))
    expect(judge('R04', f).status).toBe('pass')
    expect(judge('R04', f).status).toBe(judge('R04', { ...f, furtherExtension: null }).status)
  })
})
