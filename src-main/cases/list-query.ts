// The case list: filters, keyset paging on (sort key, id), and counts that stay fast at a million rows.
import type { DataSource } from 'typeorm'
import type { CaseCountResponse, CaseFilter, CaseListResponse, CaseRow, CaseSort } from '../shared/contract'
import { maskName } from './masking'
import { searchQuery } from './search-terms'

interface Where { sql: string[]; params: unknown[] }

const COUNT_CAP = 10_000
/** Counting text matches visits each matching row; past this many the list says “at least”. */
const TEXT_COUNT_CAP = 2_000

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
  id: number; case_no: string; received_at: Date; closed_at: Date; channel: string; category: string; severity: string
  business_line: string; unit_name: string; complainant_name: string | null; is_group: boolean; is_repeat: boolean
  summary: string; is_demo: boolean; sort_value: string | null
}

type ListRequest = { filter: CaseFilter; sort: CaseSort; dir: 'asc' | 'desc'; cursor?: string; limit: number }

const COLUMNS = `c.id, c.case_no, c.received_at, c.closed_at, c.channel, c.category, c.severity, c.business_line,
  u.name AS unit_name, c.complainant_name, c.is_group, c.repeat_of_id IS NOT NULL AS is_repeat,
  left(c.summary, 120) AS summary, c.is_demo`

async function fetchPage(ds: DataSource, w: Where, col: string, orderKey: string, dir: 'asc' | 'desc', limit: number): Promise<RawRow[]> {
  const params = [...w.params, limit]
  return (await ds.query(`
    SELECT ${COLUMNS}, ${col}::text AS sort_value
      FROM cases c JOIN units u ON u.id = c.unit_id
     ${w.sql.length ? 'WHERE ' + w.sql.join(' AND ') : ''}
     ORDER BY ${orderKey} ${dir}, c.id ${dir}
     LIMIT $${params.length}`, params)) as RawRow[]
}

export async function listCases(ds: DataSource, req: ListRequest): Promise<CaseListResponse> {
  const w = whereOf(req.filter)
  const col = SORT_SQL[req.sort]
  let cursorValue: string | null = null
  if (req.cursor) {
    const c = decodeCursor(req.cursor)
    cursorValue = c.v
    w.params.push(c.v, c.id)
    const v = `$${w.params.length - 1}`, id = `$${w.params.length}`
    const typed = req.sort === 'case_no' ? `${v}::text` : `${v}::timestamptz`
    w.sql.push(`(${col}, c.id) ${req.dir === 'desc' ? '<' : '>'} (${typed}, ${id}::int)`)
  }
  let raw: RawRow[]
  if (!req.filter.text) raw = await fetchPage(ds, w, col, col, req.dir, req.limit + 1)
  else if (req.sort === 'case_no') raw = await fetchPage(ds, w, col, `${col} || ''`, req.dir, req.limit + 1)
  else raw = await searchInWindows(ds, w, col, req.dir, req.limit + 1, cursorValue)
  const more = raw.length > req.limit
  const last = raw[req.limit - 1]
  return {
    rows: raw.slice(0, req.limit).map(toRow),
    nextCursor: more && last ? encodeCursor({ v: last.sort_value, id: last.id }) : null
  }
}

const WINDOW_DAYS = [7, 31, 92, 366, 1461]
const DAY_MS = 86_400_000

/**
 * A text search sorted by time, answered window by window moving away from the cursor (7 days, then a
 * month, a quarter, a year, four years, the rest). In each window the GIN and date indexes are combined
 * as bitmaps and only that window's matches are sorted: a common term is done in the first window, a
 * rare one costs a few cheap index probes. Walking the date index instead would read millions of rows
 * for a rare term; sorting every match would sort hundreds of thousands for a common one.
 */
async function searchInWindows(ds: DataSource, w: Where, col: string, dir: 'asc' | 'desc', want: number, cursorValue: string | null): Promise<RawRow[]> {
  const [bounds] = (await ds.query(`SELECT min(${col.replace('c.', '')}) AS lo, max(${col.replace('c.', '')}) AS hi FROM cases`)) as { lo: Date | null; hi: Date | null }[]
  if (!bounds.lo || !bounds.hi) return []
  const lo = bounds.lo.getTime(), hi = bounds.hi.getTime()
  let edge = cursorValue ? Date.parse(cursorValue) : dir === 'desc' ? hi + 1 : lo
  const out: RawRow[] = []
  for (let k = 0; k <= WINDOW_DAYS.length && out.length < want; k++) {
    const last = k === WINDOW_DAYS.length
    const far = last ? null : dir === 'desc' ? edge - WINDOW_DAYS[k] * DAY_MS : edge + WINDOW_DAYS[k] * DAY_MS
    const win: Where = { sql: [...w.sql], params: [...w.params] }
    const p = (v: unknown): string => { win.params.push(v); return `$${win.params.length}` }
    // The first window is bounded on the near side by the cursor condition (or nothing): no gap, no overlap.
    if (dir === 'desc') {
      if (k > 0) win.sql.push(`${col} < ${p(new Date(edge).toISOString())}::timestamptz`)
      if (far !== null) win.sql.push(`${col} >= ${p(new Date(far).toISOString())}::timestamptz`)
    } else {
      if (k > 0) win.sql.push(`${col} >= ${p(new Date(edge).toISOString())}::timestamptz`)
      if (far !== null) win.sql.push(`${col} < ${p(new Date(far).toISOString())}::timestamptz`)
    }
    out.push(...(await fetchPage(ds, win, col, `${col} + interval '0'`, dir, want - out.length)))
    if (far === null || (dir === 'desc' ? far <= lo : far > hi)) break
    edge = far
  }
  return out
}

function toRow(r: RawRow): CaseRow {
  return {
    id: r.id, caseNo: r.case_no, receivedAt: r.received_at.toISOString(), closedAt: r.closed_at.toISOString(),
    channel: r.channel as CaseRow['channel'], category: r.category as CaseRow['category'], severity: r.severity as CaseRow['severity'],
    businessLine: r.business_line as CaseRow['businessLine'], unitName: r.unit_name,
    complainantName: r.complainant_name ? maskName(r.complainant_name) : '匿名', isGroup: r.is_group, isRepeat: r.is_repeat,
    summary: r.summary, isDemo: r.is_demo
  }
}

/**
 * Exact up to the cap; beyond it, "at least" plus the planner's estimate. A filter the planner expects to
 * match far more than the cap is not counted at all (an estimate from column statistics is good enough
 * there); text searches are always counted, as their estimates are poor.
 */
export async function countCases(ds: DataSource, filter: CaseFilter, cap = filter.text ? TEXT_COUNT_CAP : COUNT_CAP): Promise<CaseCountResponse> {
  const w = whereOf(filter)
  const where = w.sql.length ? 'WHERE ' + w.sql.join(' AND ') : ''
  const estimateOf = async (): Promise<number> => {
    const plan = (await ds.query(`EXPLAIN (FORMAT JSON) SELECT 1 FROM cases c ${where}`, w.params)) as { 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }[]
    return Math.round(plan[0]['QUERY PLAN'][0].Plan['Plan Rows'])
  }
  if (!filter.text) {
    const estimate = await estimateOf()
    if (estimate > cap * 3) return { count: cap, capped: true, estimate }
  }
  const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM cases c ${where} LIMIT ${cap + 1}) s`, w.params)) as { n: number }[]
  if (n <= cap) return { count: n, capped: false, estimate: n }
  return { count: cap, capped: true, estimate: Math.max(cap, await estimateOf()) }
}
