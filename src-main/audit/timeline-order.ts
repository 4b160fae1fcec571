// Timelines that go backwards. A case whose steps are recorded out of order (accepted before it was received,
// the decision told before the complaint arrived…) would pass every time limit it is measured by, so each
// such pair is found here, per case, from AuditFacts alone — the batch audit, a single case and a JSON input
// all go through auditCase — and the rules that depend on the pair give cannot_tell with a reason naming the
// two steps and their times. The case is still audited; the other rules stand.
//
// Which rules depend on a pair: every rule that reads the time of either of its steps (RULE_READS). When two
// times contradict each other it cannot be told which one was recorded wrongly, and a limit measured from or
// to the wrong one proves nothing. So a step dated before receipt leaves every limit counted from receipt
// undecided (R01, R02, R04, R09), and a case closed before it was received does too, although no rule reads
// the closing time itself.
import type { AuditFacts } from './facts'
import type { RuleOutcome } from './engine'
import type { PolicyKind } from './types'
import { cannotTell, cst } from './time'

export interface RuleRef { code: string; kind: PolicyKind }

export interface TimelineInversion {
  /** Step keys (timeline event kinds; offer steps as offer_approved#2 when a case has several offers). */
  earlier: string
  later: string
  earlierAt: number
  laterAt: number
  affects: readonly RuleRef[]
  /** 时间线倒置：受理时间 2025-03-01 10:00 早于收到投诉时间 2025-03-02 09:00 */
  message: string
}

interface Step { key: string; label: string; at: (f: AuditFacts) => number | null }

const step = (key: string, label: string, at: (f: AuditFacts) => number | null): Step => ({ key, label, at })
const S = {
  received: step('received', '收到投诉时间', (f) => f.receivedAt),
  accepted: step('accepted', '受理时间', (f) => f.acceptedAt),
  acceptanceNotified: step('acceptance_notified', '受理告知时间', (f) => f.acceptanceNotifiedAt),
  classified: step('classified', '分类定级时间', (f) => f.classifiedAt),
  escalated: step('escalated', '向上级报告时间', (f) => f.escalatedAt),
  extensionNotified: step('extension_notified', '延期告知时间', (f) => f.extensionNotifiedAt),
  furtherApproved: step('further_extension_approved', '特别复杂延期审批时间', (f) => f.furtherExtension?.approvedAt ?? null),
  furtherNotified: step('further_extension_notified', '特别复杂延期告知时间', (f) => f.furtherExtension?.notifiedAt ?? null),
  approved: step('resolution_approved', '处理方案审批时间', (f) => f.approvedAt),
  handled: step('handled', '处理完成时间', (f) => f.handledAt),
  replied: step('replied', '告知处理决定（回复客户）时间', (f) => f.replyAt),
  revisited: step('revisited', '回访时间', (f) => f.revisitAt),
  rereview: step('rereview', '复核时间', (f) => f.rereviewAt),
  closed: step('closed', '办结时间', (f) => f.closedAt)
}

/** The steps whose times each rule reads, per policy set (the rules in rules/ are the source of truth). */
export const RULE_READS: Readonly<Record<string, Partial<Record<PolicyKind, readonly string[]>>>> = {
  R01: { internal: ['received', 'accepted', 'acceptance_notified'] },
  R02: { internal: ['received', 'classified'] },
  R04: { internal: ['received', 'handled', 'extension_notified'], regulatory: ['received', 'replied', 'further_extension_approved', 'further_extension_notified'] },
  R05: { internal: ['handled', 'replied'] },
  R08: { internal: ['resolution_approved'] },
  R09: { internal: ['received', 'escalated'] },
  R12: { internal: ['revisited', 'rereview'] },
  R13: { internal: ['offer_approved', 'offer_accepted', 'offer_paid'] }
}

/** The rules that read either step (offer steps by kind, without their #n). */
function readersOf(...keys: string[]): RuleRef[] {
  const kinds = keys.map((k) => k.replace(/#\d+$/, ''))
  const out: RuleRef[] = []
  for (const code in RULE_READS) {
    for (const kind of ['internal', 'regulatory'] as const) if (RULE_READS[code][kind]?.some((k) => kinds.includes(k))) out.push({ code, kind })
  }
  return out
}

/** Each pair: the step that must come first and the one that must not precede it. */
export const TIMELINE_PAIRS: readonly (readonly [Step, Step])[] = [
  [S.received, S.accepted], [S.received, S.acceptanceNotified], [S.accepted, S.acceptanceNotified],
  [S.received, S.classified], [S.received, S.escalated], [S.received, S.extensionNotified], [S.received, S.approved],
  [S.received, S.furtherApproved], [S.received, S.furtherNotified], [S.furtherApproved, S.furtherNotified],
  [S.received, S.handled], [S.received, S.replied], [S.handled, S.replied],
  [S.received, S.revisited], [S.replied, S.revisited], [S.revisited, S.rereview],
  [S.received, S.closed], [S.handled, S.closed], [S.replied, S.closed]
]

const NONE: readonly TimelineInversion[] = Object.freeze([])

function inversion(earlierKey: string, earlierLabel: string, a: number, laterKey: string, laterLabel: string, b: number): TimelineInversion {
  return {
    earlier: earlierKey, later: laterKey, earlierAt: a, laterAt: b, affects: readersOf(earlierKey, laterKey),
    message: `时间线倒置：${laterLabel} ${cst(b)} 早于${earlierLabel} ${cst(a)}`
  }
}

/** Every pair of steps of the case recorded in the wrong order (equal times are in order); empty for most cases. */
export function timelineInversions(f: AuditFacts): readonly TimelineInversion[] {
  // Run once per case by the batch audit (a million at a time): no allocation unless something is out of order.
  let out: TimelineInversion[] | null = null
  for (let i = 0; i < TIMELINE_PAIRS.length; i++) {
    const [e, l] = TIMELINE_PAIRS[i]
    const a = e.at(f)
    if (a === null) continue
    const b = l.at(f)
    if (b !== null && b < a) (out ??= []).push(inversion(e.key, e.label, a, l.key, l.label, b))
  }
  for (let i = 0; i < f.offers.length; i++) {
    const o = f.offers[i]
    const n = f.offers.length > 1 ? `#${i + 1}` : ''
    const name = f.offers.length > 1 ? `补偿方案${i + 1}` : '补偿方案'
    if (o.approvedAt !== null && o.approvedAt < f.receivedAt) (out ??= []).push(inversion('received', S.received.label, f.receivedAt, `offer_approved${n}`, `${name}审批时间`, o.approvedAt))
    if (o.acceptedAt !== null && o.paidAt !== null && o.paidAt < o.acceptedAt) (out ??= []).push(inversion(`offer_accepted${n}`, `客户接受${name}时间`, o.acceptedAt, `offer_paid${n}`, `${name}支付时间`, o.paidAt))
  }
  return out ?? NONE
}

/**
 * Turns the pass/fail results that stand on an inverted pair into cannot_tell, naming the steps and times
 * (evidence key `timeline`). Results that were not_applicable or already cannot_tell are left as they are.
 */
export function applyInversions(rules: RuleOutcome[], inversions: readonly TimelineInversion[]): void {
  for (const r of rules) {
    for (const kind of ['internal', 'regulatory'] as const) {
      const result = r[kind]
      if (result.status !== 'pass' && result.status !== 'fail') continue
      const hits = inversions.filter((v) => v.affects.some((a) => a.code === r.code && a.kind === kind))
      if (!hits.length) continue
      const messages = hits.map((v) => v.message).join('；')
      r[kind] = cannotTell(messages, { ...result.evidence, timeline: messages.replaceAll('时间线倒置：', '') })
    }
  }
}
