// Generated cases → PostgreSQL COPY input, one buffer per table: binary format for the two big tables
// (cases and their timeline), UTF-8 text for the small ones. Column lists here and in the COPY statements
// (loader.ts) must agree.
import { lexemesOf } from '../cases/search-terms'
import { BinarySink } from '../db/binary-copy'
import { identityKey } from '../text/identity'
import type { GenCase } from './case-types'
import { CaseGenerator, type GeneratorOptions } from './generator'

export const CASE_COLUMNS = [
  'id', 'case_no', 'is_demo', 'received_at', 'accepted_at', 'acceptance_notified_at', 'classified_at', 'closed_at', 'filled_at',
  'channel', 'is_direct', 'is_anonymous', 'complainant_name', 'complainant_phone', 'complainant_id_no', 'complainant_address',
  'is_group', 'group_size', 'complained_object', 'complained_staff_id', 'product', 'unit_id', 'business_line', 'category',
  'severity', 'is_complex', 'amount_involved', 'jrt_channel', 'jrt_business', 'jrt_cause', 'summary', 'request', 'evidence',
  'first_receiver_id', 'handler_id', 'responsible_unit_id', 'assisting_unit_ids', 'investigation', 'facts', 'responsibility',
  'resolution', 'approver_id', 'approval_level', 'approved_at', 'handled_at', 'escalated_at', 'escalation_level', 'reply_at',
  'reply_method', 'reply_content', 'extension_reason', 'extension_notified_at', 'revisit_at', 'revisit_result', 'satisfaction',
  'rereview_requested', 'rereview_at', 'rereview_result', 'repeat_of_id', 'search_vec', 'complainant_key',
  'further_extension_approver_id', 'further_extension_level', 'further_extension_approved_at', 'further_extension_notified_at',
  'suitability_assessed', 'dual_recorded'
]
export const EVENT_COLUMNS = ['case_id', 'seq', 'kind', 'at', 'actor_id', 'unit_id', 'note']
export const OFFER_COLUMNS = ['case_id', 'type', 'amount', 'basis', 'approver_id', 'approval_level', 'approved_at', 'customer_accepted', 'accepted_at', 'due_at', 'paid_at', 'settlement_signed_at']
export const RECTIFICATION_COLUMNS = ['case_id', 'measure', 'owner_unit_id', 'due_on', 'done_on']
export const LINK_COLUMNS = ['case_id', 'linked_case_id', 'kind']
export const TRUTH_COLUMNS = ['case_id', 'rule', 'detail', 'policy']

const DAY_MS = 86_400_000
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'))
const dayText = new Map<number, string>()
/** UTC ISO text of an instant; toISOString is a third of the rendering time at a million cases. */
function iso(ms: number): string {
  const day = Math.floor(ms / DAY_MS)
  let d = dayText.get(day)
  if (d === undefined) { d = new Date(day * DAY_MS).toISOString().slice(0, 10); dayText.set(day, d) }
  const secs = Math.floor((ms - day * DAY_MS) / 1000)
  const frac = ms % 1000
  return `${d}T${TWO[Math.floor(secs / 3600)]}:${TWO[Math.floor(secs / 60) % 60]}:${TWO[secs % 60]}${frac ? '.' + String(frac).padStart(3, '0') : ''}Z`
}
const t = (ms: number | null): string => (ms === null ? '\\N' : iso(ms))
const SPECIAL = /[\\\t\n\r]/
const s = (v: string | null): string => (v === null ? '\\N' : SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v)
const n = (v: number | null): string => (v === null ? '\\N' : String(v))
const b = (v: boolean | null): string => (v === null ? '\\N' : v ? 't' : 'f')

/** One table's rows as UTF-8 COPY text; a Buffer so a worker can hand it over without copying. */
/** Each table's rows as COPY input: binary format for cases and timeline, UTF-8 text for the rest. */
export interface SegmentText { cases: Uint8Array; events: Uint8Array; offers: Uint8Array; rectifications: Uint8Array; links: Uint8Array; truth: Uint8Array; count: number }

export { iso as isoText }

/** Cases are generated in segments, each with its own seed, so workers can share a load deterministically. */
export const SEGMENT_SIZE = 20_000

export function segmentOptions(base: GeneratorOptions, segment: number, total: number): GeneratorOptions {
  return { ...base, seed: (base.seed * 1_000_003 + segment * 7919) >>> 0, cases: total, firstId: (base.firstId ?? 1) }
}

const encoder = new TextEncoder()

/** Appends UTF-8 text to a growing buffer: no array of row strings, no joined copy of them. */
class ByteSink {
  private buf: Uint8Array
  private len = 0
  // A buffer of its own (not Node's shared pool), so it can be transferred between threads.
  constructor(initial: number) { this.buf = new Uint8Array(initial) }
  push(text: string): void {
    // A UTF-8 character is at most 3 bytes per UTF-16 unit.
    if (this.len + text.length * 3 > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + text.length * 3))
      next.set(this.buf.subarray(0, this.len))
      this.buf = next
    }
    // encodeInto is several times faster than Buffer#write for Chinese text (measured: 8× on case rows).
    this.len += encoder.encodeInto(text, this.buf.subarray(this.len)).written
  }
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len)
  }
}

function writeCase(o: BinarySink, c: GenCase): void {
  o.tuple(CASE_COLUMNS.length)
  o.int4(c.id); o.text(c.caseNo); o.bool(c.isDemo)
  o.timestamp(c.receivedAt); o.timestamp(c.acceptedAt); o.timestamp(c.acceptanceNotifiedAt); o.timestamp(c.classifiedAt)
  o.timestamp(c.closedAt); o.timestamp(c.filledAt)
  o.text(c.channel); o.bool(c.isDirect); o.bool(c.isAnonymous)
  o.text(c.complainantName); o.text(c.complainantPhone); o.text(c.complainantIdNo); o.text(c.complainantAddress)
  o.bool(c.isGroup); o.int4(c.groupSize); o.text(c.complainedObject); o.int4(c.complainedStaffId); o.text(c.product)
  o.int4(c.unitId); o.text(c.businessLine); o.text(c.category)
  o.text(c.severity); o.bool(c.isComplex); o.numeric(c.amountInvolved); o.text(c.jrtChannel); o.text(c.jrtBusiness); o.text(c.jrtCause)
  o.text(c.summary); o.text(c.request); o.text(c.evidence)
  o.int4(c.firstReceiverId); o.int4(c.handlerId); o.int4(c.responsibleUnitId); o.int4Array(c.assistingUnitIds)
  o.text(c.investigation); o.text(c.facts); o.text(c.responsibility)
  o.text(c.resolution); o.int4(c.approverId); o.text(c.approvalLevel); o.timestamp(c.approvedAt); o.timestamp(c.handledAt)
  o.timestamp(c.escalatedAt); o.text(c.escalationLevel); o.timestamp(c.replyAt)
  o.text(c.replyMethod); o.text(c.replyContent); o.text(c.extensionReason); o.timestamp(c.extensionNotifiedAt)
  o.timestamp(c.revisitAt); o.text(c.revisitResult); o.text(c.satisfaction)
  o.bool(c.rereviewRequested); o.timestamp(c.rereviewAt); o.text(c.rereviewResult); o.int4(c.repeatOfId)
  o.tsvector(lexemesOf([c.summary, c.request])); o.text(identityKey(c.complainantName, c.complainantIdNo))
  o.int4(c.furtherExtensionApproverId); o.text(c.furtherExtensionLevel); o.timestamp(c.furtherExtensionApprovedAt); o.timestamp(c.furtherExtensionNotifiedAt)
  o.bool(c.suitabilityAssessed); o.bool(c.dualRecorded)
}

/** Generates cases [start, start + count) of a load of `total` and renders them as COPY text. */
export function renderSegment(base: GeneratorOptions, segment: number, total: number): SegmentText {
  const start = segment * SEGMENT_SIZE
  const count = Math.min(SEGMENT_SIZE, total - start)
  const gen = new CaseGenerator(segmentOptions(base, segment, total))
  const cases = new BinarySink(count * 2200), events = new BinarySink(count * 700), offers = new ByteSink(1 << 16)
  const rectifications = new ByteSink(1 << 16), links = new ByteSink(1 << 14), truth = new ByteSink(1 << 16)
  for (let i = start; i < start + count; i++) {
    const c = gen.generate(i)
    writeCase(cases, c)
    let seq = 0
    for (const e of c.events) {
      events.tuple(7)
      events.int4(c.id); events.int2(++seq); events.text(e.kind); events.timestamp(e.at)
      events.int4(e.actorId); events.int4(e.unitId); events.text(e.note)
    }
    for (const o of c.offers) offers.push([n(c.id), s(o.type), o.amount.toFixed(2), s(o.basis), n(o.approverId), s(o.approvalLevel), t(o.approvedAt), b(o.customerAccepted), t(o.acceptedAt), t(o.dueAt), t(o.paidAt), t(o.settlementSignedAt)].join('\t') + '\n')
    for (const r of c.rectifications) rectifications.push(`${c.id}\t${s(r.measure)}\t${r.ownerUnitId}\t${r.dueOn}\t${r.doneOn ?? '\\N'}\n`)
    if (c.repeatOfId !== null) links.push(`${c.id}\t${c.repeatOfId}\trepeat\n`)
    for (const tr of c.truth) truth.push(`${c.id}\t${tr.rule}\t${s(tr.detail)}\t${tr.policy ?? 'internal'}\n`)
  }
  return { cases: cases.bytes(), events: events.bytes(), offers: offers.bytes(), rectifications: rectifications.bytes(), links: links.bytes(), truth: truth.bytes(), count }
}
