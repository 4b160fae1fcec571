// The case list: keyset paging on (sort key, id) over the filters, fast at a million cases.
import type { DataSource, EntityManager } from 'typeorm'
import type { CaseFilter, CaseListResponse, CaseRow, CaseSort } from '../shared/contract'
import { EXCERPT_MARGIN, maskName, maskedExcerpt } from '../privacy'
import { unitScope, whereOf, withText, whereSql, type Where } from './case-filter'
import { plannerEstimate } from './case-count'

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

/** A page is found by its keys alone; only its rows are then read in full (see decorate). */
interface Key { id: number; sort_value: string | null }

interface RawRow {
  id: number; case_no: string; received_at: Date; closed_at: Date; channel: string; category: string; severity: string
  business_line: string; unit_name: string; complainant_name: string | null; is_group: boolean; is_repeat: boolean
  summary: string; is_demo: boolean; review_status: CaseRow['reviewStatus']; audit_flagged: boolean | null; changed_after_review: boolean
}

type ListRequest = { filter: CaseFilter; sort: CaseSort; dir: 'asc' | 'desc'; cursor?: string; limit: number }

/**
 * How many cases a text search reads in sort order, step by step, before it asks the GIN index instead,
 * when the walk follows the order the cases are stored in (by date received, no filter with an index
 * of its own): neighbouring cases share pages.
 */
const WALK_STEPS = [4000, 20000]
/**
 * Below this share of matching cases the rest is answered from the GIN index. Reading on costs about
 * need / share cases at ~3 µs each, the GIN index share × cases matches at ~10 µs each; at a million
 * cases and a page of 100 they cross near 0.5 % (measured with npm run bench:list).
 */
const RARE_DENSITY = 0.005
/**
 * A walk along another index (a channel's or a unit's cases, the flags, by date closed or case number)
 * reads a page for nearly every case, while the search index holds the channel, severity, category,
 * business line and unit and reads only the cases matching them all. So the share below which the index
 * pays off depends on how many cases the walk could still read (n): reading on costs need / share cases
 * at ~6 µs, the index share × n matches at ~10 µs; they cross at √(need × 0.6 / n) — 0.8 % for a whole
 * archive of a million, 1.3–1.7 % for one channel's cases, 5 % for a sub-branch's. A shorter first step
 * finds that out sooner.
 */
const SCATTERED_WALK_STEPS = [2000, 20000]
const SCATTERED_COST_RATIO = 0.6

/** The conditions plus "(sort key, id) <op> (value, id)": the keyset bound of a page or a step. */
function bounded(w: Where, col: string, op: string, value: string | null, id: number): Where {
  // Case numbers are unique: the number alone is the key, which its own index answers without a sort.
  if (col === 'c.case_no') return { ...w, params: [...w.params, value], sql: [...w.sql, `${col} ${op} $${w.params.length + 1}::text`] }
  const params = [...w.params, value, id]
  return { ...w, params, sql: [...w.sql, `(${col}, c.id) ${op} ($${params.length - 1}::timestamptz, $${params.length}::int)`] }
}

/** The list shows the summary's first 120 characters, masked (read with a margin so a number the cut runs through is still seen whole). */
const SUMMARY_CHARS = 120

const COLUMNS = `c.id, c.case_no, c.received_at, c.closed_at, c.channel, c.category, c.severity, c.business_line,
  u.name AS unit_name, c.complainant_name, c.is_group, c.repeat_of_id IS NOT NULL AS is_repeat,
  left(c.summary, ${SUMMARY_CHARS + EXCERPT_MARGIN}) AS summary, c.is_demo,
  (SELECT r.status FROM reviews r WHERE r.case_id = c.id ORDER BY r.id DESC LIMIT 1) AS review_status,
  (SELECT a.flagged FROM audit_results a WHERE a.case_id = c.id) AS audit_flagged,
  EXISTS (SELECT 1 FROM case_post_review_changes m WHERE m.review_id = (SELECT r.id FROM reviews r WHERE r.case_id = c.id ORDER BY r.id DESC LIMIT 1)) AS changed_after_review`

/** The keys of up to `limit` cases in sort order, nothing else read. */
async function fetchKeys(ds: DataSource | EntityManager, where: Where, col: string, orderKey: string, dir: 'asc' | 'desc', limit: number): Promise<Key[]> {
  const w = withText(where)
  const params = [...w.params, limit]
  return (await ds.query(`
    SELECT c.id, ${col}::text AS sort_value FROM cases c
     ${whereSql(w)}
     ORDER BY ${orderKey} ${dir}${col === 'c.case_no' ? '' : `, c.id ${dir}`}
     LIMIT $${params.length}`, params)) as Key[]
}

/**
 * Where a step ends: the key of the case `offset` cases along the walk, from the index alone. (The case
 * number's index holds the number only, and the number alone is the key: no id, so no case is read.)
 */
async function fetchEdge(em: EntityManager, where: Where, col: string, dir: 'asc' | 'desc', offset: number): Promise<Key | undefined> {
  const id = col === 'c.case_no' ? '0' : 'c.id'
  const [edge] = (await em.query(`
    SELECT ${id} AS id, ${col}::text AS sort_value FROM cases c ${whereSql(where)}
     ORDER BY ${col} ${dir}${col === 'c.case_no' ? '' : `, c.id ${dir}`} LIMIT 1 OFFSET ${offset}`, where.params)) as Key[]
  return edge
}

/**
 * The page's rows in full, in the keys' order. Apart from the search, so that the branch name and the review
 * and audit status are looked up for the hundred cases shown, not for every match a search had to sort.
 */
async function decorate(ds: DataSource, keys: Key[]): Promise<RawRow[]> {
  if (!keys.length) return []
  const rows = (await ds.query(`SELECT ${COLUMNS} FROM cases c JOIN units u ON u.id = c.unit_id WHERE c.id = ANY($1::int[])`, [keys.map((k) => k.id)])) as RawRow[]
  const byId = new Map(rows.map((r) => [r.id, r]))
  return keys.map((k) => byId.get(k.id)).filter((r): r is RawRow => r !== undefined)
}

/**
 * Does a search's walk follow the order the cases are stored in (see WALK_STEPS)? Cases are stored as they
 * are received, and numbered so: by date received with no filter that has an index of its own (channel, one
 * unit, the flags), or by case number (whose walk leaves channel and units to the step) without the flags.
 */
const inStoredOrder = (req: ListRequest, units: number[] | undefined): boolean => {
  const flags = req.filter.group !== undefined || req.filter.repeat !== undefined
  if (req.sort === 'case_no') return !flags
  return req.sort === 'received_at' && !req.filter.channel && units?.length !== 1 && !flags
}

/** Knobs of the text-search plan; tests shrink them to exercise every step on a small archive. */
export interface SearchTuning { walkSteps: number[]; scatteredWalkSteps?: number[] }

export async function listCases(ds: DataSource, req: ListRequest, tuning: SearchTuning = { walkSteps: WALK_STEPS, scatteredWalkSteps: SCATTERED_WALK_STEPS }): Promise<CaseListResponse> {
  const col = SORT_SQL[req.sort]
  const units = await unitScope(ds, req.filter)
  let w = whereOf(req.filter, { units })
  let walk = whereOf(req.filter, { walk: req.sort, units })
  // A branch with its sub-branches: the search index answers one unit at a time, so a rare term is asked
  // of it unit by unit (see searchText).
  let byUnit = units && units.length > 1 ? units.map((u) => whereOf(req.filter, { units: [u] })) : undefined
  if (req.cursor) {
    const c = decodeCursor(req.cursor)
    const op = req.dir === 'desc' ? '<' : '>'
    w = bounded(w, col, op, c.v, c.id)
    walk = bounded(walk, col, op, c.v, c.id)
    byUnit = byUnit?.map((x) => bounded(x, col, op, c.v, c.id))
  }
  let raw: Key[]
  if (!req.filter.text) raw = await fetchKeys(ds, w, col, col, req.dir, req.limit + 1)
  else if (w.text === null) raw = []
  else if (inStoredOrder(req, units)) raw = await searchText(ds, { w, walk, byUnit }, col, req.dir, req.limit + 1, tuning.walkSteps, async () => RARE_DENSITY)
  else {
    raw = await searchText(ds, { w, walk, byUnit }, col, req.dir, req.limit + 1, tuning.scatteredWalkSteps ?? tuning.walkSteps,
      async (em, need, rest) => Math.sqrt((need * SCATTERED_COST_RATIO) / Math.max(1, await plannerEstimate(em, rest))))
  }
  const more = raw.length > req.limit
  const last = raw[req.limit - 1]
  return {
    rows: (await decorate(ds, raw.slice(0, req.limit))).map(toRow),
    nextCursor: more && last ? encodeCursor({ v: last.sort_value, id: last.id }) : null
  }
}

/** Below which share of matches the rest of a search is asked of the GIN index; `rest`: the cases still to walk. */
type RareShare = (em: EntityManager, need: number, rest: Where) => Promise<number>

/** A search's conditions: all of them, those its walk follows, and (for a branch) all of them per unit. */
interface SearchWhere { w: Where; walk: Where; byUnit?: Where[] }

/**
 * A text search, sorted by time or case number. Cases are read in sort order through that index and tested, in
 * growing steps: a common term fills the page in the first step, and asking the GIN index for a term in a
 * hundred thousand cases would cost far more. When the share of matches seen so far says the term is
 * rare, the rest comes from the GIN index as a bitmap and only those matches are sorted.
 * Steps are measured along the ordered index (`walk`: the filters it covers), so a filter the step has to
 * test on each case (severity, category, business line) makes the share smaller, not the step longer.
 */
async function searchText(ds: DataSource, { w, walk, byUnit }: SearchWhere, col: string, dir: 'asc' | 'desc', want: number, steps: number[], rareShare: RareShare): Promise<Key[]> {
  return ds.transaction(async (em) => {
    const out: Key[] = []
    let scanned = 0
    let from: Key | null = null // the last case read so far, in sort order
    const afterIn = (x: Where, row: Key | null): Where => (row ? bounded(x, col, dir === 'desc' ? '<' : '>', row.sort_value, row.id) : x)
    const after = (row: Key | null): Where => afterIn(w, row)
    // These plans look expensive to the planner; compiling them (JIT) costs more than it saves.
    await em.query('SET LOCAL jit = off')
    await em.query('SET LOCAL enable_bitmapscan = off')
    for (const step of steps) {
      // Where this step ends: the step-th case after the last one read, by the date index alone.
      const edge = await fetchEdge(em, afterIn(walk, from), col, dir, step - 1)
      const range = edge ? bounded(after(from), col, dir === 'desc' ? '>=' : '<=', edge.sort_value, edge.id) : after(from)
      out.push(...(await fetchKeys(em, range, col, col, dir, want - out.length)))
      if (out.length >= want || !edge) return out
      scanned += step
      from = edge
      if (out.length / scanned < (await rareShare(em, want - out.length, { ...afterIn(walk, from), text: undefined }))) break
    }
    // A rare term: everything after the last case read, from the GIN index, sorted.
    await em.query('SET LOCAL enable_bitmapscan = on')
    await em.query('SET LOCAL enable_indexscan = off')
    // (The sort key as an expression, so that the planner cannot walk its index instead.)
    const unindexed = col === 'c.case_no' ? `${col} || ''` : `${col} + interval '0'`
    const found: Key[] = []
    for (const part of byUnit ?? [w]) found.push(...(await fetchKeys(em, afterIn(part, from), col, unindexed, dir, want - out.length)))
    if (byUnit) found.sort(inOrder(dir))
    out.push(...found.slice(0, want - out.length))
    return out
  })
}

/** Keys in sort order: the sort values as PostgreSQL prints them compare as text (fixed-width times, case numbers). */
const inOrder = (dir: 'asc' | 'desc') => (a: Key, b: Key): number => {
  const c = (a.sort_value ?? '') < (b.sort_value ?? '') ? -1 : (a.sort_value ?? '') > (b.sort_value ?? '') ? 1 : a.id - b.id
  return dir === 'desc' ? -c : c
}

function toRow(r: RawRow): CaseRow {
  return {
    id: r.id, caseNo: r.case_no, receivedAt: r.received_at.toISOString(), closedAt: r.closed_at.toISOString(),
    channel: r.channel as CaseRow['channel'], category: r.category as CaseRow['category'], severity: r.severity as CaseRow['severity'],
    businessLine: r.business_line as CaseRow['businessLine'], unitName: r.unit_name,
    complainantName: r.complainant_name ? maskName(r.complainant_name) : '匿名', isGroup: r.is_group, isRepeat: r.is_repeat,
    summary: maskedExcerpt(r.summary, SUMMARY_CHARS), isDemo: r.is_demo, reviewStatus: r.review_status, auditFlagged: r.audit_flagged, changedAfterReview: r.changed_after_review
  }
}
