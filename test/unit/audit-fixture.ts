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
    replyMethod: 'phone', replyContent: '已电话告知处理结果', extensionReason: null, extensionNotifiedAt: null,
    revisitAt: t('2025-06-18 10:00'), satisfaction: 'satisfied', rereviewRequested: false, rereviewAt: null,
    repeatOf: null, earlierSameMatter: null, offers: [], rectifications: [],
    ...over
  }
}

export function judge(code: string, f: AuditFacts, kind: 'internal' | 'regulatory' = 'internal'): RuleResult {
  const a = auditCase(f, ref.book, ref.calendar)
  const r = a.rules.find((x) => x.code === code)
  if (!r) throw new Error(`no rule ${code}`)
  return r[kind]
}

export const statusOf = (code: string, f: AuditFacts, kind: 'internal' | 'regulatory' = 'internal'): string => judge(code, f, kind).status
