// Generated cases → PostgreSQL COPY input, one buffer per table: binary format for the two big tables
// (cases and their timeline), UTF-8 text for the small ones. Column lists here and in the COPY statements
// (loader.ts) must agree.
import { forEachLexeme } from '../cases/search-terms'
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
  'rereview_requested', 'rereview_at', 'rereview_result', 'repeat_of_id', 'search_vec',
  'further_extension_approver_id', 'further_extension_level', 'further_extension_approved_at', 'further_extension_notified_at'
]
export const EVENT_COLUMNS = ['case_id', 'seq', 'kind', 'at', 'actor_id', 'unit_id', 'note']
export const OFFER_COLUMNS = ['case_id', 'type', 'amount', 'basis', 'approver_id', 'approval_level', 'approved_at', 'customer_accepted', 'accepted_at', 'due_at', 'paid_at']
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
  o.tsvector(c.summary, c.request)
  o.int4(c.furtherExtensionApproverId); o.text(c.furtherExtensionLevel); o.timestamp(c.furtherExtensionApprovedAt); o.timestamp(c.furtherExtensionNotifiedAt)
}

const PG_EPOCH_MS = Date.UTC(2000, 0, 1)
const COPY_SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]

/**
 * PostgreSQL's binary COPY format, used for cases and their timeline: timestamps, numbers and the search
 * vector go over as PostgreSQL stores them, so the server parses no text for them.
 */
class BinarySink {
  private buf: Uint8Array
  private view: DataView
  private len = 0
  constructor(initial: number) {
    this.buf = new Uint8Array(initial)
    this.view = new DataView(this.buf.buffer)
    this.room(19)
    this.buf.set(COPY_SIGNATURE, 0)
    this.len = 11
    this.int32raw(0) // flags
    this.int32raw(0) // header extension length
  }
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n))
    next.set(this.buf.subarray(0, this.len))
    this.buf = next
    this.view = new DataView(next.buffer)
  }
  private int32raw(v: number): void { this.view.setInt32(this.len, v); this.len += 4 }
  tuple(fields: number): void { this.room(2); this.view.setInt16(this.len, fields); this.len += 2 }
  int4(v: number | null): void {
    this.room(8)
    if (v === null) return this.int32raw(-1)
    this.int32raw(4); this.int32raw(v)
  }
  int2(v: number): void { this.room(6); this.int32raw(2); this.view.setInt16(this.len, v); this.len += 2 }
  text(v: string | null): void {
    if (v === null) { this.room(4); return this.int32raw(-1) }
    this.room(4 + v.length * 3)
    const at = this.len
    this.len += 4
    const { written } = encoder.encodeInto(v, this.buf.subarray(this.len))
    this.view.setInt32(at, written)
    this.len += written
  }
  bool(v: boolean | null): void {
    this.room(5)
    if (v === null) return this.int32raw(-1)
    this.int32raw(1); this.buf[this.len++] = v ? 1 : 0
  }
  /** numeric(…, 2) of a whole number: base-10000 digits, weight, sign 0, display scale 2. */
  numeric(v: number | null): void {
    if (v === null) { this.room(4); return this.int32raw(-1) }
    const digits: number[] = []
    for (let x = Math.trunc(v); x > 0; x = Math.floor(x / 10000)) digits.unshift(x % 10000)
    this.room(12 + digits.length * 2)
    this.int32raw(8 + digits.length * 2)
    this.view.setInt16(this.len, digits.length); this.view.setInt16(this.len + 2, Math.max(0, digits.length - 1))
    this.view.setInt16(this.len + 4, 0); this.view.setInt16(this.len + 6, 2)
    this.len += 8
    for (const d of digits) { this.view.setInt16(this.len, d); this.len += 2 }
  }
  /** int4[]: dimensions, no nulls, element type int4 (OID 23), then each element. */
  int4Array(values: number[]): void {
    this.room(24 + values.length * 8)
    this.int32raw(values.length ? 20 + values.length * 8 : 12)
    this.int32raw(values.length ? 1 : 0); this.int32raw(0); this.int32raw(23)
    if (values.length) { this.int32raw(values.length); this.int32raw(1) }
    for (const v of values) { this.int32raw(4); this.int32raw(v) }
  }
  /** tsvector: lexeme count, then each lexeme (NUL-terminated UTF-8), its position count and positions. */
  tsvector(...texts: (string | null)[]): void {
    const lexemes = new Map<string, number[]>()
    forEachLexeme(texts, (lexeme, pos) => {
      const list = lexemes.get(lexeme)
      if (list) list.push(pos)
      else lexemes.set(lexeme, [pos])
    })
    this.room(8)
    const at = this.len
    this.len += 4
    this.int32raw(lexemes.size)
    for (const [lexeme, positions] of lexemes) {
      this.room(lexeme.length * 3 + 3 + positions.length * 2)
      this.len += encoder.encodeInto(lexeme, this.buf.subarray(this.len)).written
      this.buf[this.len++] = 0
      this.view.setUint16(this.len, positions.length); this.len += 2
      for (const p of positions) { this.view.setUint16(this.len, p); this.len += 2 }
    }
    this.view.setInt32(at, this.len - at - 4)
  }
  /** timestamptz: microseconds since 2000-01-01 UTC as an int64 (exact in a double until 2255). */
  timestamp(ms: number | null): void {
    if (ms === null) { this.room(4); return this.int32raw(-1) }
    this.room(12)
    this.int32raw(8)
    const us = (ms - PG_EPOCH_MS) * 1000
    const hi = Math.floor(us / 4294967296)
    this.view.setInt32(this.len, hi)
    this.view.setUint32(this.len + 4, us - hi * 4294967296)
    this.len += 8
  }
  bytes(): Uint8Array {
    this.room(2)
    this.view.setInt16(this.len, -1) // trailer
    this.len += 2
    return this.buf.subarray(0, this.len)
  }
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
    for (const o of c.offers) offers.push([n(c.id), s(o.type), o.amount.toFixed(2), s(o.basis), n(o.approverId), s(o.approvalLevel), t(o.approvedAt), b(o.customerAccepted), t(o.acceptedAt), t(o.dueAt), t(o.paidAt)].join('\t') + '\n')
    for (const r of c.rectifications) rectifications.push(`${c.id}\t${s(r.measure)}\t${r.ownerUnitId}\t${r.dueOn}\t${r.doneOn ?? '\\N'}\n`)
    if (c.repeatOfId !== null) links.push(`${c.id}\t${c.repeatOfId}\trepeat\n`)
    for (const tr of c.truth) truth.push(`${c.id}\t${tr.rule}\t${s(tr.detail)}\t${tr.policy ?? 'internal'}\n`)
  }
  return { cases: cases.bytes(), events: events.bytes(), offers: offers.bytes(), rectifications: rectifications.bytes(), links: links.bytes(), truth: truth.bytes(), count }
}
