// The English screen reads the engine's Chinese reasons and evidence values through templates
// (src-renderer/utils/rule-text.ts): every sentence the engine can write must have one. A property over
// many cases (times moved or missing, flags, offers, extensions, gaps) runs all 16 rules under both policy
// sets and checks that nothing Chinese is left but data values (names, levels, case numbers).
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { auditCase } from '../../src-main/audit/engine'
import { builtInReference } from '../../src-main/audit/policies'
import { RULES } from '../../src-main/audit/rules'
import type { AuditFacts } from '../../src-main/audit/facts'
import { hasCjk, ruleTextEn } from '../../src-renderer/utils/rule-text'
import { cleanCase, t } from './audit-fixture'

const ref = builtInReference()
const HOUR = 3_600_000
const DAY = 24 * HOUR
// Data values a reason may quote as they are: the approver's level as recorded, a person, a unit.
const DATA = ['分行行长助理', '李四', '王五', '鼓楼支行', '有内容', '需协调多部门']
const stripData = (s: string): string => DATA.reduce((acc, d) => acc.replaceAll(d, ''), s)

const time = (base: number): fc.Arbitrary<number | null> =>
  fc.oneof(fc.constant(null), fc.integer({ min: -2, max: 60 }).map((h) => base + h * (h > 20 ? DAY / 4 : HOUR)))
const person = fc.oneof(fc.constant(null), fc.constantFrom({ key: '11', name: '李四' }, { key: '12', name: '王五' }, { key: '13' }))
const text = fc.constantFrom(null, '', '有内容')
const level = fc.constantFrom(null, '总行', '分行', '分行行长助理', '总行高级管理人员')
const offer = fc.record({
  type: fc.constantFrom('compensation', 'goodwill', 'refund'), amount: fc.constantFrom(200, 5000, 80000, 600000), basis: text,
  approvalLevel: level, approvedAt: time(t('2025-06-11 10:00')), customerAccepted: fc.constantFrom(null, true, false),
  acceptedAt: time(t('2025-06-12 10:00')), dueAt: time(t('2025-06-20 10:00')), paidAt: time(t('2025-06-18 10:00')),
  settlementSignedAt: time(t('2025-06-15 10:00'))
})

const facts: fc.Arbitrary<AuditFacts> = fc.record({
  receivedAt: fc.constantFrom(t('2025-06-09 10:00'), t('2019-06-03 10:00'), t('2026-12-24 10:00'), t('2030-12-20 10:00')),
  accepted: fc.option(fc.integer({ min: 1, max: 60 })), notified: fc.boolean(), classified: fc.option(fc.integer({ min: 1, max: 90 })),
  handledDays: fc.option(fc.integer({ min: 1, max: 40 })), replyDays: fc.option(fc.integer({ min: 0, max: 40 })),
  channel: fc.constantFrom(null, 'phone', 'media', 'regulator'), severity: fc.constantFrom(null, 'general', 'serious', 'major'),
  category: fc.constantFrom(null, 'service_quality'), isGroup: fc.boolean(), groupSize: fc.constantFrom(null, 3, 6, 12),
  isAnonymous: fc.boolean(), isComplex: fc.boolean(), name: text, phone: text, summary: text, evidence: text, replyContent: text,
  replyMethod: fc.constantFrom(null, 'phone'), handler: person, complainedPerson: person, firstReceiver: person, approver: person,
  approvalLevel: level, approved: fc.boolean(), escalated: fc.option(fc.integer({ min: 0, max: 30 })), escalationLevel: fc.constantFrom(null, '总行'),
  extension: fc.option(fc.integer({ min: 1, max: 30 })), further: fc.option(fc.record({ level: fc.constantFrom(null, 'sub_branch', 'higher_branch', 'head_office_senior'), approver: person, approvedDay: fc.option(fc.integer({ min: 1, max: 40 })), notifiedDay: fc.option(fc.integer({ min: 1, max: 40 })) })),
  revisit: fc.boolean(), satisfaction: fc.constantFrom(null, 'satisfied', 'dissatisfied'), rereview: fc.boolean(),
  responsibility: fc.constantFrom(null, 'internal', 'external', 'shared'), rootCause: fc.constantFrom(undefined, null, { code: 'RC05.02', internal: true }, { code: 'RC09', internal: false }),
  repeatOf: fc.constantFrom(null, 'TS202500000001'), earlier: fc.constantFrom(null, 'TS202400000002'),
  offers: fc.array(offer, { maxLength: 3 }), rectifications: fc.array(fc.record({ measure: text, ownerUnit: fc.constantFrom(null, '鼓楼支行'), dueOn: fc.constantFrom(null, '2025-08-01') }), { maxLength: 2 }),
  sourceGaps: fc.constantFrom(undefined, ['accepted_at'], ['handled_at', 'reply_at']), inverted: fc.boolean()
}).map((x) => {
  const r = x.receivedAt
  const at = (h: number | null, unit = HOUR): number | null => (h === null ? null : r + h * unit)
  const handledAt = at(x.handledDays, DAY)
  return cleanCase({
    receivedAt: r, acceptedAt: x.inverted ? r - HOUR : at(x.accepted), acceptanceNotifiedAt: x.notified && x.accepted !== null ? at(x.accepted + 1) : null,
    classifiedAt: at(x.classified), handledAt, replyAt: handledAt === null || x.replyDays === null ? null : handledAt + x.replyDays * DAY,
    closedAt: r + 45 * DAY, filledAt: r + 46 * DAY, channel: x.channel, severity: x.severity, category: x.category, isGroup: x.isGroup, groupSize: x.groupSize,
    isAnonymous: x.isAnonymous, isComplex: x.isComplex, complainantName: x.name, complainantPhone: x.phone, summary: x.summary, evidence: x.evidence,
    replyContent: x.replyContent, replyMethod: x.replyMethod, handler: x.handler, complainedPerson: x.complainedPerson, firstReceiver: x.firstReceiver,
    approver: x.approver, approvalLevel: x.approvalLevel, approvedAt: x.approved ? r + DAY : null, escalatedAt: at(x.escalated), escalationLevel: x.escalationLevel,
    extensionNotifiedAt: at(x.extension, DAY), extensionReason: x.extension ? '需协调多部门' : null,
    furtherExtension: x.further && { level: x.further.level, approver: x.further.approver, approvedAt: at(x.further.approvedDay, DAY), notifiedAt: at(x.further.notifiedDay, DAY) },
    revisitAt: x.revisit ? r + 44 * DAY : null, satisfaction: x.satisfaction, rereviewAt: x.rereview ? r + 44 * DAY : null,
    responsibility: x.responsibility, rootCause: x.rootCause, repeatOf: x.repeatOf, earlierSameMatter: x.earlier, offers: x.offers, rectifications: x.rectifications,
    ...(x.sourceGaps && { sourceGaps: x.sourceGaps })
  })
})

describe('the engine’s reasons in English', () => {
  it('R04 names handling completed, not closing, and reads in English', () => {
    const en = ruleTextEn('在 7 个工作日内处理完成（处理期限 2025-07-13 23:59）')
    expect(en).toBe('Handling completed within 7 working days (handling deadline 2025-07-13 23:59)')
    expect(ruleTextEn('超过 30 日才告知处理决定；特别复杂延期不予计入：非复杂案件，不适用特别复杂延期'))
      .toBe('Decision told after more than 30 days; The especially complex extension does not count: Not a complex case: the especially complex extension does not apply')
    expect(ruleTextEn('登记缺少：投诉人姓名、证据材料')).toBe('Registration lacks: complainant’s name, evidence')
  })

  it('every reason and evidence value the engine writes has an English template (property over many cases)', () => {
    const untranslated = new Set<string>()
    fc.assert(fc.property(facts, (f) => {
      const a = auditCase(f, ref.book, ref.calendar)
      for (const r of a.rules) {
        for (const result of [r.internal, r.regulatory]) {
          const en = ruleTextEn(result.reason)
          if (hasCjk(stripData(en))) untranslated.add(`${r.code}: ${result.reason} → ${en}`.replace(/\d/g, '9'))
          for (const v of Object.values(result.evidence)) {
            if (typeof v !== 'string') continue
            const ev = ruleTextEn(v)
            if (hasCjk(stripData(ev))) untranslated.add(`${r.code} evidence: ${v} → ${ev}`.replace(/\d/g, '9'))
          }
        }
      }
    }), { numRuns: 3000, seed: 20261201 })
    expect([...untranslated]).toEqual([])
  })

  it('every rule title has English', () => {
    for (const r of RULES) expect(hasCjk(r.titleEn), r.code).toBe(false)
  })
})
