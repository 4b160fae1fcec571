// A hand-written closed case that passes every rule; each test changes what it is about.
import type { AuditFacts } from '../../src-main/audit/facts'
import { builtInReference } from '../../src-main/audit/policies'
import { auditCase } from '../../src-main/audit/engine'
import type { RuleResult } from '../../src-main/audit/types'

export const t = (cst: string): number => Date.parse(`${cst.replace(' ', 'T')}:00+08:00`)
const ref = builtInReference()

export function cleanCase(over: Partial<AuditFacts> = {}): AuditFacts {
  return {
    caseId: 1, caseNo: 'TS2025TEST0001',
    receivedAt: t('2025-06-09 10:00'), acceptedAt: t('2025-06-09 11:00'), acceptanceNotifiedAt: t('2025-06-09 11:10'),
    classifiedAt: t('2025-06-10 09:00'), handledAt: t('2025-06-13 16:00'), replyAt: t('2025-06-16 10:00'),
    closedAt: t('2025-06-20 10:00'), filledAt: t('2025-06-21 10:00'),
    channel: 'phone', isAnonymous: false, complainantName: '张三', complainantPhone: '13800001234', complainantAddress: '福州市鼓楼区某路1号',
    isGroup: false, groupSize: null, severity: 'general', category: 'service_quality', isComplex: false,
    complainedObject: '鼓楼支行 / 借记卡', summary: '客户反映扣费未告知', request: '退还费用', evidence: '交易流水截图',
    firstReceiver: { key: '11', name: '李四' }, handler: { key: '12', name: '王五' }, complainedPerson: null,
    investigation: '调取流水核实', responsibility: 'external', resolution: '解释说明',
    approver: null, approvalLevel: null, approvedAt: null, escalatedAt: null, escalationLevel: null,
    replyMethod: 'phone', replyContent: '已电话告知处理结果', extensionReason: null, extensionNotifiedAt: null, furtherExtension: null,
    revisitAt: t('2025-06-18 10:00'), satisfaction: 'satisfied', rereviewRequested: false, rereviewAt: null,
    repeatOf: null, earlierSameMatter: null, offers: [], rectifications: [],
    ...over
  }
}

// A test that moves one step moves the steps after it too, so the timeline stays in order: a step recorded
// before the one it follows makes the rules reading it say cannot_tell (timeline-order.ts).
const DAY = 86_400_000
const HOUR = 3_600_000

/** The clean case received at `at`, every step moved with it. */
export function receivedOn(at: number, over: Partial<AuditFacts> = {}): AuditFacts {
  const f = cleanCase()
  const d = at - f.receivedAt
  const keys = ['receivedAt', 'acceptedAt', 'acceptanceNotifiedAt', 'classifiedAt', 'handledAt', 'replyAt', 'closedAt', 'filledAt', 'revisitAt'] as const
  for (const k of keys) (f as unknown as Record<string, number>)[k] = f[k]! + d
  return { ...f, ...over }
}

/** The clean case told its result at `at`: handled before it (at most 1 h), revisited, closed and filled after it. */
export function repliedOn(at: number, over: Partial<AuditFacts> = {}, base: AuditFacts = cleanCase()): AuditFacts {
  const f = { ...base, ...over }
  return { ...f, replyAt: at, handledAt: Math.min(f.handledAt!, at - HOUR), revisitAt: at + DAY, closedAt: at + 2 * DAY, filledAt: at + 3 * DAY, ...over }
}

/** The clean case handled at `at`, told the next hour, then revisited, closed and filled. */
export function handledOn(at: number, over: Partial<AuditFacts> = {}, base: AuditFacts = cleanCase()): AuditFacts {
  return repliedOn(at + HOUR, { handledAt: at, ...over }, base)
}

/** The clean case accepted at `at` and told 10 minutes later. */
export function acceptedOn(at: number | null, over: Partial<AuditFacts> = {}): AuditFacts {
  return cleanCase({ acceptedAt: at, acceptanceNotifiedAt: at === null ? null : at + 600_000, ...over })
}

export function judge(code: string, f: AuditFacts, kind: 'internal' | 'regulatory' = 'internal'): RuleResult {
  const a = auditCase(f, ref.book, ref.calendar)
  const r = a.rules.find((x) => x.code === code)
  if (!r) throw new Error(`no rule ${code}`)
  return r[kind]
}

export const statusOf = (code: string, f: AuditFacts, kind: 'internal' | 'regulatory' = 'internal'): string => judge(code, f, kind).status
