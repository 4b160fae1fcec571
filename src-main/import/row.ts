// One source row → a case ready to stage, or every reason it cannot be (row, column, value, what is wrong).
// Text is stored as written (line endings normalised to \n); search vectors and identity keys are computed
// from it with the one normalisation (text/), not the text changed.
import type { AuditFacts } from '../audit/facts'
import { timelineInversions } from '../audit/timeline-order'
import { EVENT_KINDS, INDIRECT_CHANNELS, type Channel } from '../shared/codes'
import { mapCode } from './code-values'
import { COLUMN_STEPS, FIELD_BY_KEY } from '../shared/import-fields'
import { readAmount, readBool, readCount, readIdNumber, readPhone, readTime } from './values'

export type CaseValue = string | number | boolean | number[] | null

export interface CaseRecord {
  line: number
  caseNo: string
  /** cases column → value (instants as epoch ms, amounts as numeric text). */
  values: Record<string, CaseValue>
  events: { kind: string; at: number }[]
  repeatOfNo: string | null
  /** A unit code the archive does not have, to create (presets with createUnits). */
  newUnit: string | null
  warnings: string[]
}

export interface RowContext {
  units: Map<string, number>
  staff: Map<string, number>
  createUnits: boolean
  values?: Record<string, Record<string, string>>
  /** Case numbers seen earlier in the file → their line. */
  seen: Map<string, number>
  /** Coded field → unknown value → count (for the user to map). */
  unknown: Map<string, Map<string, number>>
}

/** The cases column a field writes. */
export function columnOf(field: string): string {
  const def = FIELD_BY_KEY.get(field)
  if (!def) return field
  if (def.kind === 'staff') return `${field}_id`
  if (field === 'unit' || field === 'responsible_unit') return `${field}_id`
  if (field === 'assisting_units') return 'assisting_unit_ids'
  return field
}

/** field → cases column, for every field (columnOf once, not per row). */
const COLUMN_OF = new Map([...FIELD_BY_KEY.keys()].map((f) => [f, columnOf(f)]))

/** Where a message points: line, the source column's header, the value (cut at 60 characters). */
function where(line: number, headerOf: Record<string, string>, field: string, raw: string): string {
  return `第 ${line} 行，列「${headerOf[field] ?? FIELD_BY_KEY.get(field)?.zh ?? field}」，值「${raw.length > 60 ? `${raw.slice(0, 60)}…` : raw}」`
}

const NOT_NULL_BOOLS = new Set(['is_anonymous', 'is_group', 'is_complex', 'rereview_requested'])
const normaliseBreaks = (s: string): string => (s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s)

/**
 * Validates one row's extracted field values.
 * @param fields field key → text as in the source
 * @param columnOf field key → the source column's header (for messages)
 */
export function validateRow(line: number, fields: Record<string, string>, headerOf: Record<string, string>, ctx: RowContext): { record: CaseRecord } | { errors: string[] } {
  const errors: string[] = []
  const warnings: string[] = []
  const values: Record<string, CaseValue> = {}
  const events: { kind: string; at: number }[] = []
  let newUnit: string | null = null
  let repeatOfNo: string | null = null
  // No closures here: this runs for every field of every row (a closure per field was a tenth of the work).
  for (const field in fields) {
    const def = FIELD_BY_KEY.get(field)
    if (!def) continue
    const raw = fields[field] ?? ''
    const text = raw.trim()
    if (text.includes('\uFFFD')) { errors.push(`${where(line, headerOf, field, raw)}：含无法解码的字符（文件编码可能不对，可指定 --encoding）`); continue }
    const col = COLUMN_OF.get(field) ?? columnOf(field)
    if (!text) {
      if (def.required) errors.push(`第 ${line} 行，列「${headerOf[field] ?? def.zh}」：必填，不能为空`)
      else if (def.kind === 'bool' && NOT_NULL_BOOLS.has(col)) values[col] = false
      else if (def.kind === 'units') values[col] = []
      else if (field !== 'repeat_of' && field !== 'is_direct' && !field.startsWith('step:')) values[col] = null
      continue
    }
    let problem: string | null = null
    switch (def.kind) {
      case 'text': values[col] = normaliseBreaks(raw); break
      case 'time': {
        const r = readTime(text)
        if (!r.ok) { problem = r.problem; break }
        if (field.startsWith('step:')) events.push({ kind: field.slice(5), at: r.value.ms })
        else values[col] = r.value.ms
        break
      }
      case 'bool': { const r = readBool(text); if (r.ok) values[col] = r.value; else problem = r.problem; break }
      case 'count': { const r = readCount(text); if (r.ok) values[col] = r.value; else problem = r.problem; break }
      case 'amount': { const r = readAmount(text); if (r.ok) values[col] = r.value; else problem = r.problem; break }
      case 'idno': {
        const r = readIdNumber(text)
        if (!r.ok) { problem = r.problem; break }
        values[col] = r.value.value
        if (r.value.warning) warnings.push(`${where(line, headerOf, field, raw)}：${r.value.warning}`)
        break
      }
      case 'phone': { const r = readPhone(text); if (r.ok) values[col] = r.value; else problem = r.problem; break }
      case 'code': {
        const code = mapCode(field, text, ctx.values?.[field])
        if (code === undefined) {
          const seen = ctx.unknown.get(field) ?? new Map<string, number>()
          seen.set(text, (seen.get(text) ?? 0) + 1)
          ctx.unknown.set(field, seen)
          problem = '无法识别的代码值（请在值映射中指定对应代码）'
        } else values[col] = code
        break
      }
      case 'unit': {
        const id = ctx.units.get(text)
        if (id !== undefined) values[col] = id
        else if (ctx.createUnits && field === 'unit') { values[col] = null; newUnit = text }
        else problem = '机构代码在档案中不存在（请先导入机构）'
        break
      }
      case 'units': {
        const ids: number[] = []
        for (const code of text.split(/[;；,，、\s]+/).filter(Boolean)) {
          const id = ctx.units.get(code)
          if (id === undefined) errors.push(`${where(line, headerOf, field, raw)}：机构代码「${code}」在档案中不存在`)
          else ids.push(id)
        }
        values[col] = ids
        break
      }
      case 'staff': {
        const id = ctx.staff.get(text)
        if (id === undefined) problem = '员工工号在档案中不存在（请先导入人员）'
        else values[col] = id
        break
      }
      case 'case_ref': repeatOfNo = text; break
    }
    if (problem !== null) errors.push(`${where(line, headerOf, field, raw)}：${problem}`)
  }
  const caseNo = (fields.case_no ?? '').trim()
  if (caseNo) {
    const first = ctx.seen.get(caseNo)
    if (first !== undefined) errors.push(`第 ${line} 行，列「${headerOf.case_no ?? '投诉编号'}」，值「${caseNo}」：投诉编号与第 ${first} 行重复（文件内每件案件只能出现一次）`)
    else ctx.seen.set(caseNo, line)
  }
  if (errors.length) return { errors }
  values.case_no = caseNo
  // Direct or indirect follows the channel unless the file says so (media, regulator, 信访 are indirect).
  if (values.is_direct === undefined && typeof values.channel === 'string') values.is_direct = !INDIRECT_CHANNELS.includes(values.channel as Channel)
  if (values.is_direct === null) delete values.is_direct
  for (const [kind, col] of Object.entries(COLUMN_STEPS)) {
    const at = values[col!]
    if (typeof at === 'number') events.push({ kind, at })
  }
  events.sort((a, b) => a.at - b.at || kindOrder(a.kind) - kindOrder(b.kind))
  const inversions = timelineInversions(asFacts(caseNo, values))
  for (const inv of inversions) warnings.push(`第 ${line} 行：${inv.message}（按原样导入，相关审查要点将为“无法判断”）`)
  return { record: { line, caseNo, values, events, repeatOfNo, newUnit, warnings } }
}

/** Steps at the same time keep the order in which they normally happen (shared/codes.ts EVENT_KINDS). */
const ORDER = new Map<string, number>(EVENT_KINDS.map((k, i) => [k, i]))
const kindOrder = (k: string): number => ORDER.get(k) ?? 99

const t = (v: CaseValue | undefined): number | null => (typeof v === 'number' ? v : null)

/** The times of a row as the audit reads them, to find steps recorded in the wrong order (audit/timeline-order.ts). */
function asFacts(caseNo: string, v: Record<string, CaseValue>): AuditFacts {
  return {
    caseId: null, caseNo, receivedAt: t(v.received_at) ?? 0, acceptedAt: t(v.accepted_at), acceptanceNotifiedAt: t(v.acceptance_notified_at),
    classifiedAt: t(v.classified_at), handledAt: t(v.handled_at), replyAt: t(v.reply_at), closedAt: t(v.closed_at), filledAt: t(v.filled_at),
    escalatedAt: t(v.escalated_at), extensionNotifiedAt: t(v.extension_notified_at), approvedAt: t(v.approved_at), revisitAt: t(v.revisit_at), rereviewAt: t(v.rereview_at),
    furtherExtension: t(v.further_extension_approved_at) !== null || t(v.further_extension_notified_at) !== null
      ? { approver: null, level: null, approvedAt: t(v.further_extension_approved_at), notifiedAt: t(v.further_extension_notified_at) } : null,
    offers: [], rectifications: []
  } as unknown as AuditFacts
}
