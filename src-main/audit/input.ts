// The JSON shape of a case from outside the archive (`dossier audit --input`, and the import to come): one
// object per case; every step's time is an event of the timeline; people and units are referred to by code.
import { z } from 'zod'
import { CATEGORIES, CHANNELS, EVENT_KINDS, EXTENSION_APPROVAL_LEVELS, OFFER_TYPES, REPLY_METHODS, SATISFACTIONS, SEVERITIES } from '../shared/codes'
import { zDay, zInstant } from '../shared/china-time'
import type { AuditFacts } from './facts'
import { identityKey } from '../text/identity'

// Times and days are read strictly (shared/china-time.ts): an impossible one is an error naming its field.
const instant = zInstant
const day = zDay
const text = z.string().nullish().transform((s) => (s == null || s.trim() === '' ? null : s))
const code = z.string().min(1).nullish().transform((s) => s ?? null)

const eventSchema = z.object({ kind: z.enum(EVENT_KINDS), at: instant, actor: code, unit: code, note: text })
const offerSchema = z.object({
  type: z.enum(OFFER_TYPES), amount: z.number().nonnegative(), basis: text, approver: code, approvalLevel: text,
  approvedAt: instant.nullish(), customerAccepted: z.boolean().nullish(), acceptedAt: instant.nullish(), dueAt: instant.nullish(), paidAt: instant.nullish(),
  settlementSignedAt: instant.nullish()
})
const rectificationSchema = z.object({ measure: text, ownerUnit: code, dueOn: day.nullish(), doneOn: day.nullish() })

export const caseJsonSchema = z.object({
  caseNo: z.string().min(1),
  channel: z.enum(CHANNELS),
  anonymous: z.boolean().default(false),
  complainant: z.object({ name: text, phone: text, idNo: text, address: text }).default({ name: null, phone: null, idNo: null, address: null }),
  group: z.object({ isGroup: z.boolean(), size: z.number().int().positive().nullish() }).default({ isGroup: false, size: null }),
  complainedObject: text,
  complainedPerson: code,
  unit: z.string().min(1),
  businessLine: text,
  category: z.enum(CATEGORIES).nullish(),
  severity: z.enum(SEVERITIES).nullish(),
  complex: z.boolean().default(false),
  summary: text, request: text, evidence: text,
  firstReceiver: code, handler: code,
  investigation: text, facts: text,
  responsibility: z.enum(['internal', 'external', 'shared', 'none']).nullish(),
  /** The tagged primary root cause: its code and whether it is the institution's own fault. */
  rootCause: z.object({ code: z.string().regex(/^RC[0-9]{2}(\.[0-9]{2})?$/), internal: z.boolean() }).strict().nullish(),
  resolution: text,
  approval: z.object({ approver: code, level: text }).nullish(),
  escalationLevel: text,
  reply: z.object({ method: z.enum(REPLY_METHODS).nullish(), content: text }).nullish(),
  extensionReason: text,
  /** 第十八条's further extension: who approved it at what level; its times are the further_extension_* events. */
  furtherExtension: z.object({ approver: code, level: z.enum(EXTENSION_APPROVAL_LEVELS).nullish() }).nullish(),
  revisit: z.object({ satisfaction: z.enum(SATISFACTIONS).nullish(), result: text }).nullish(),
  repeatOf: code,
  events: z.array(eventSchema).min(1, '至少要有 received（收到投诉）事件'),
  offers: z.array(offerSchema).default([]),
  rectifications: z.array(rectificationSchema).default([])
})
export type CaseJson = z.input<typeof caseJsonSchema>
type ParsedCase = z.output<typeof caseJsonSchema>

export interface InvalidCase { index: number; caseNo: string | null; errors: string[] }

/** Every case that parses, as AuditFacts, and every one that does not, with its problems in plain words. */
export function parseCaseFile(json: unknown): { facts: AuditFacts[]; invalid: InvalidCase[] } {
  const list = Array.isArray(json) ? json : json && typeof json === 'object' && Array.isArray((json as { cases?: unknown }).cases) ? (json as { cases: unknown[] }).cases : null
  if (!list) throw new Error('输入应为案件数组，或 { "cases": [...] }')
  const parsed: ParsedCase[] = []
  const invalid: InvalidCase[] = []
  list.forEach((raw, index) => {
    const r = caseJsonSchema.safeParse(raw)
    const caseNo = raw && typeof raw === 'object' && typeof (raw as { caseNo?: unknown }).caseNo === 'string' ? (raw as { caseNo: string }).caseNo : null
    if (!r.success) invalid.push({ index, caseNo, errors: r.error.issues.map((i) => `${i.path.join('.') || '(案件)'}: ${i.message}`) })
    else if (!r.data.events.some((e) => e.kind === 'received')) invalid.push({ index, caseNo, errors: ['events: 缺少 received（收到投诉）事件'] })
    else if (!r.data.events.some((e) => e.kind === 'closed')) invalid.push({ index, caseNo, errors: ['events: 缺少 closed（办结）事件：只审查已办结案件'] })
    else parsed.push(r.data)
  })
  const facts = parsed.map(toFacts)
  markEarlierSameMatter(parsed, facts)
  return { facts, invalid }
}

function toFacts(c: ParsedCase): AuditFacts {
  const first = (kind: string): number | null => {
    let best: number | null = null
    for (const e of c.events) if (e.kind === kind && (best === null || e.at < best)) best = e.at
    return best
  }
  const person = (key: string | null) => (key === null ? null : { key })
  return {
    caseId: null, caseNo: c.caseNo,
    receivedAt: first('received')!, acceptedAt: first('accepted'), acceptanceNotifiedAt: first('acceptance_notified'), classifiedAt: first('classified'),
    handledAt: first('handled'), replyAt: first('replied'), closedAt: first('closed'), filledAt: first('archived'),
    channel: c.channel, isAnonymous: c.anonymous, complainantName: c.complainant.name, complainantPhone: c.complainant.phone, complainantAddress: c.complainant.address,
    isGroup: c.group.isGroup, groupSize: c.group.size ?? null, severity: c.severity ?? null, category: c.category ?? null, isComplex: c.complex,
    complainedObject: c.complainedObject, summary: c.summary, request: c.request, evidence: c.evidence,
    firstReceiver: person(c.firstReceiver), handler: person(c.handler), complainedPerson: person(c.complainedPerson),
    investigation: c.investigation, responsibility: c.responsibility ?? null, rootCause: c.rootCause ?? null, resolution: c.resolution,
    approver: person(c.approval?.approver ?? null), approvalLevel: c.approval?.level ?? null, approvedAt: first('resolution_approved'),
    escalatedAt: first('escalated'), escalationLevel: c.escalationLevel,
    replyMethod: c.reply?.method ?? null, replyContent: c.reply?.content ?? null,
    extensionReason: c.extensionReason, extensionNotifiedAt: first('extension_notified'),
    furtherExtension: furtherExtensionOf(c, first('further_extension_approved'), first('further_extension_notified')),
    revisitAt: first('revisited'), satisfaction: c.revisit?.satisfaction ?? null, rereviewRequested: c.revisit?.satisfaction === 'dissatisfied', rereviewAt: first('rereview'),
    repeatOf: c.repeatOf, earlierSameMatter: null,
    offers: c.offers.map((o) => ({
      type: o.type, amount: o.amount, basis: o.basis, approvalLevel: o.approvalLevel, approvedAt: o.approvedAt ?? null, customerAccepted: o.customerAccepted ?? null,
      acceptedAt: o.acceptedAt ?? null, dueAt: o.dueAt ?? null, paidAt: o.paidAt ?? null,
      settlementSignedAt: o.settlementSignedAt ?? null
    })),
    rectifications: c.rectifications.map((r) => ({ measure: r.measure, ownerUnit: r.ownerUnit, dueOn: r.dueOn ?? null }))
  }
}

/** The further extension when the case records any part of it (who, level, or one of its events). */
function furtherExtensionOf(c: ParsedCase, approvedAt: number | null, notifiedAt: number | null): AuditFacts['furtherExtension'] {
  const e = c.furtherExtension
  if (!e && approvedAt === null && notifiedAt === null) return null
  return { approver: e?.approver ? { key: e.approver } : null, level: e?.level ?? null, approvedAt, notifiedAt }
}

/**
 * R15 within the file: the same person (identityKey: ID number and name however written) about the same
 * unit and category, earlier.
 */
function markEarlierSameMatter(parsed: ParsedCase[], facts: AuditFacts[]): void {
  const order = facts.map((_, i) => i).sort((a, b) => facts[a].receivedAt - facts[b].receivedAt)
  const last = new Map<string, string>()
  for (const i of order) {
    const c = parsed[i]
    const person = identityKey(c.complainant.name, c.complainant.idNo)
    if (person === null) continue
    const key = [person, c.unit, c.category].join('\u0000')
    facts[i].earlierSameMatter = last.get(key) ?? null
    last.set(key, c.caseNo)
  }
}
