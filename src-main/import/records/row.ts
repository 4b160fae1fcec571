// One row of a units, staff, offers, rectifications or events file → its staged values (as COPY text), or
// every reason it cannot be (row, column, value, what is wrong). The value readers are the case import's
// (dates in China time, amounts in 元/万元, yes/no); references (case number, unit and staff codes) are
// checked against the archive afterwards, set-based, when the rows are staged (records/resolve.ts).
import { DateTime } from 'luxon'
import { CHINA_ZONE } from '../../shared/china-time'
import { RECORD_FIELDS, type RecordFieldDef, type RecordKind } from '../../shared/import-record-fields'
import { readAmount, readBool, readKey, readTime } from '../values'

export interface RecordRowContext {
  kind: RecordKind
  /** Field key → source column header (the mapping). */
  headerOf: Record<string, string>
  /** Coded field → (source value → code), the user's value map. */
  values?: Record<string, Record<string, string>>
  /** Keys seen earlier in the file → their line (a key twice in one file is refused). */
  seen: Map<string, number>
  /** Offers/measures without a number of their own: rows so far per case (their position is their key). */
  perCase: Map<string, number>
  unknown: Map<string, Map<string, number>>
}

/** A staged row: field key → COPY text (null for empty). */
export type StagedRow = Record<string, string | null>

const valueKey = (v: string): string => v.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ')

/** The code a coded field's text stands for: the user's value map first, then the code itself or its label. */
export function recordCode(def: RecordFieldDef, text: string, extra?: Record<string, string>): string | undefined {
  const k = valueKey(text)
  for (const [from, to] of Object.entries(extra ?? {})) if (valueKey(from) === k) return to
  for (const [code, label] of Object.entries(def.codes ?? {})) if (valueKey(code) === k || valueKey(label) === k) return code
  return undefined
}

/** The key a row is identified by within its kind (a second row with the same key is a duplicate). */
function rowKey(kind: RecordKind, v: StagedRow): string | null {
  switch (kind) {
    case 'units': case 'staff': return v.code
    case 'offers': case 'rectifications': return `${v.case_no}\u0000${v.ref}`
    case 'events': return `${v.case_no}\u0000${v.step}\u0000${v.at}`
  }
}

const KEY_NAMES: Record<RecordKind, string> = {
  units: '机构代码', staff: '员工工号', offers: '投诉编号与方案编号', rectifications: '投诉编号与整改编号', events: '投诉编号、环节与时间'
}

/**
 * Validates one row of a record kind.
 * @param fields field key → text as in the source (only the mapped fields)
 */
export function validateRecordRow(line: number, fields: Record<string, string>, ctx: RecordRowContext): { row: StagedRow } | { errors: string[] } {
  const errors: string[] = []
  const out: StagedRow = {}
  const col = (d: RecordFieldDef): string => ctx.headerOf[d.key] ?? d.zh
  for (const d of RECORD_FIELDS[ctx.kind]) {
    if (!(d.key in fields)) continue
    const raw = fields[d.key] ?? ''
    const text = raw.trim()
    const bad = (problem: string): void => { errors.push(`第 ${line} 行，列「${col(d)}」，值「${raw.length > 60 ? `${raw.slice(0, 60)}…` : raw}」：${problem}`) }
    if (text.includes('\uFFFD')) { bad('含无法解码的字符（文件编码可能不对，可指定编码）'); continue }
    if (!text) {
      if (d.required) errors.push(`第 ${line} 行，列「${col(d)}」：必填，不能为空`)
      out[d.key] = null
      continue
    }
    switch (d.type) {
      case 'text':
        if (d.key === 'code') { const r = readKey(text); if (r.ok) out[d.key] = r.value; else bad(r.problem); break }
        out[d.key] = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw
        break
      case 'case': case 'unit': case 'staff': case 'ref': { const r = readKey(text); if (r.ok) out[d.key] = r.value; else bad(r.problem); break }
      case 'time': case 'day': {
        const r = readTime(text)
        if (!r.ok) bad(r.problem)
        else out[d.key] = d.type === 'day' ? DateTime.fromMillis(r.value.ms, { zone: CHINA_ZONE }).toISODate() : new Date(r.value.ms).toISOString()
        break
      }
      case 'amount': { const r = readAmount(text); if (r.ok) out[d.key] = r.value; else bad(r.problem); break }
      case 'bool': { const r = readBool(text); if (r.ok) out[d.key] = r.value ? 't' : 'f'; else bad(r.problem); break }
      case 'code': {
        const code = recordCode(d, text, ctx.values?.[d.key])
        if (code !== undefined) { out[d.key] = code; break }
        const seen = ctx.unknown.get(d.key) ?? new Map<string, number>()
        seen.set(text, (seen.get(text) ?? 0) + 1)
        ctx.unknown.set(d.key, seen)
        bad(`无法识别的代码值（可用：${Object.entries(d.codes ?? {}).map(([c, l]) => `${l}/${c}`).join('、')}；或在值映射中指定）`)
        break
      }
    }
  }
  if (errors.length) return { errors }
  if (ctx.kind === 'offers' || ctx.kind === 'rectifications') {
    // Without a number of its own, an offer or measure is known by its position among its case's rows (#1, #2…).
    const n = (ctx.perCase.get(out.case_no!) ?? 0) + 1
    ctx.perCase.set(out.case_no!, n)
    if (!out.ref) out.ref = `#${n}`
  }
  if (ctx.kind === 'units' && out.parent && out.parent === out.code) return { errors: [`第 ${line} 行，列「${ctx.headerOf.parent}」，值「${out.parent}」：上级机构不能是机构自身`] }
  const key = rowKey(ctx.kind, out)
  if (key !== null) {
    const first = ctx.seen.get(key)
    if (first !== undefined) return { errors: [`第 ${line} 行：${KEY_NAMES[ctx.kind]}与第 ${first} 行重复（文件内每条只能出现一次）`] }
    ctx.seen.set(key, line)
  }
  return { row: out }
}
