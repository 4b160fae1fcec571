// The case list: filters, keyset paging on (sort key, id), and counts that stay fast at a million rows.
import type { DataSource } from 'typeorm'
import type { CaseCountResponse, CaseFilter, CaseListResponse, CaseRow, CaseSort } from '../shared/contract'
import { maskName } from './masking'
import { searchQuery } from './search-terms'

interface Where { sql: string[]; params: unknown[] }

/** A text search matching fewer rows than this is answered from the GIN index and sorted; more, by walking the sort index. */
const SELECTIVE_TEXT_ROWS = 5000
const COUNT_CAP = 10_000

export function whereOf(f: CaseFilter): Where {
  const w: Where = { sql: [], params: [] }
  const p = (v: unknown): string => { w.params.push(v); return `$${w.params.length}` }
  if (f.receivedFrom) w.sql.push(`c.received_at >= (${p(f.receivedFrom)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`)
  if (f.receivedTo) w.sql.push(`c.received_at < ((${p(f.receivedTo)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`)
  if (f.channel) w.sql.push(`c.channel = ${p(f.channel)}`)
  if (f.category) w.sql.push(`c.category = ${p(f.category)}`)
  if (f.severity) w.sql.push(`c.severity = ${p(f.severity)}`)
  if (f.businessLine) w.sql.push(`c.business_line = ${p(f.businessLine)}`)
  if (f.unitId) w.sql.push(`(c.unit_id = ${p(f.unitId)} OR c.unit_id IN (SELECT id FROM units WHERE parent_id = $${w.params.length}))`)
  if (f.group !== undefined) w.sql.push(f.group ? 'c.is_group' : 'NOT c.is_group')
  if (f.repeat !== undefined) w.sql.push(f.repeat ? 'c.repeat_of_id IS NOT NULL' : 'c.repeat_of_id IS NULL')
  if (f.text) {
    const q = searchQuery(f.text)
    // Nothing searchable (only punctuation): match nothing rather than everything.
    w.sql.push(q ? `c.search_vec @@ ${p(q)}::tsquery` : 'false')
  }
  return w
}

const SORT_SQL: Record<CaseSort, string> = { received_at: 'c.received_at', closed_at: 'c.closed_at', case_no: 'c.case_no' }

interface Cursor { v: string | null; id: number }
const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url')
function decodeCursor(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString()) as Cursor
    if (typeof c.id !== 'number') throw new Error()
    return c
  } catch {
    throw Object.assign(new Error('invalid cursor'), { code: 'invalid_request' })
  }
}

interface RawRow {
  id: number; case_no: string; received_at: Date; closed_at: Date | null; channel: string; category: string; severity: string
  business_line: string; unit_name: string; complainant_name: string | null; is_group: boolean; is_repeat: boolean
  summary: string; is_demo: boolean; sort_value: string | null
}

export async function listCases(ds: DataSource, req: { filter: CaseFilter; sort: CaseSort; dir: 'asc' | 'desc'; cursor?: string; limit: number }): Promise<CaseListResponse> {
  const w = whereOf(req.filter)
  const col = SORT_SQL[req.sort]
  const op = req.dir === 'desc' ? '<' : '>'
  if (req.cursor) {
    const c = decodeCursor(req.cursor)
    w.params.push(c.v, c.id)
    const v = `$${w.params.length - 1}`, id = `$${w.params.length}`
    const typed = req.sort === 'case_no' ? `${v}::text` : `${v}::timestamptz`
    // closed_at may be NULL; NULLs sort last in either direction, like the index (NULLS LAST for asc).
    w.sql.push(`(${col}, c.id) ${op} (${typed}, ${id}::int)`)
  }
  let orderKey = col
  if (req.filter.text && (await isSelectiveText(ds, w, req.filter))) {
    // Few matches: stop the planner walking the date index past millions of non-matching rows.
    orderKey = req.sort === 'case_no' ? `${col} || ''` : `${col} + interval '0'`
  }
  w.params.push(req.limit + 1)
  const sql = `
    SELECT c.id, c.case_no, c.received_at, c.closed_at, c.channel, c.category, c.severity, c.business_line,
           u.name AS unit_name, c.complainant_name, c.is_group, c.repeat_of_id IS NOT NULL AS is_repeat,
           left(c.summary, 120) AS summary, c.is_demo, ${col}::text AS sort_value
      FROM cases c JOIN units u ON u.id = c.unit_id
     ${w.sql.length ? 'WHERE ' + w.sql.join(' AND ') : ''}
     ORDER BY ${orderKey} ${req.dir}, c.id ${req.dir}
     LIMIT $${w.params.length}`
  const raw = (await ds.query(sql, w.params)) as RawRow[]
  const more = raw.length > req.limit
  const rows = raw.slice(0, req.limit)
  const last = raw[req.limit - 1]
  return {
    rows: rows.map(toRow),
    nextCursor: more && last ? encodeCursor({ v: last.sort_value, id: last.id }) : null
  }
}

async function isSelectiveText(ds: DataSource, w: Where, f: CaseFilter): Promise<boolean> {
  const text = whereOf({ text: f.text })
  const r = (await ds.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM cases c WHERE ${text.sql[0]} LIMIT ${SELECTIVE_TEXT_ROWS}) s`, text.params)) as { n: number }[]
  void w
  return r[0].n < SELECTIVE_TEXT_ROWS
}

function toRow(r: RawRow): CaseRow {
  return {
    id: r.id, caseNo: r.case_no, receivedAt: r.received_at.toISOString(), closedAt: r.closed_at?.toISOString() ?? null,
    channel: r.channel as CaseRow['channel'], category: r.category as CaseRow['category'], severity: r.severity as CaseRow['severity'],
    businessLine: r.business_line as CaseRow['businessLine'], unitName: r.unit_name,
    complainantName: r.complainant_name ? maskName(r.complainant_name) : '匿名', isGroup: r.is_group, isRepeat: r.is_repeat,
    summary: r.summary, isDemo: r.is_demo
  }
}

/** Exact up to COUNT_CAP; beyond it, "at least" plus the planner's estimate. */
export async function countCases(ds: DataSource, filter: CaseFilter, cap = COUNT_CAP): Promise<CaseCountResponse> {
  const w = whereOf(filter)
  const where = w.sql.length ? 'WHERE ' + w.sql.join(' AND ') : ''
  const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM cases c ${where} LIMIT ${cap + 1}) s`, w.params)) as { n: number }[]
  if (n <= cap) return { count: n, capped: false, estimate: n }
  const plan = (await ds.query(`EXPLAIN (FORMAT JSON) SELECT 1 FROM cases c ${where}`, w.params)) as { 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }[]
  const estimate = Math.max(cap, Math.round(plan[0]['QUERY PLAN'][0].Plan['Plan Rows']))
  return { count: cap, capped: true, estimate }
}
