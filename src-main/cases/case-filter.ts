// The case list's filters as SQL conditions, shared by the list and the count.
import type { DataSource } from 'typeorm'
import type { CaseFilter } from '../shared/contract'
import { searchPrefilter, searchQuery } from './search-terms'

/**
 * Conditions and their parameters. The text search is kept apart (a tsquery, or null when the search text
 * holds nothing searchable), because a text search is planned differently.
 */
export interface Where { sql: string[]; params: unknown[]; text?: string | null; textPrefilter?: string | null }

/** The same conditions with the text search added as a condition of its own. */
export function withText(w: Where): Where {
  if (w.text === undefined) return w
  if (w.text === null) return { sql: [...w.sql, 'false'], params: w.params }
  const params = [...w.params]
  const sql = [...w.sql]
  // The cheap AND test first: PostgreSQL evaluates conditions of equal cost in the order written.
  if (w.textPrefilter) { params.push(w.textPrefilter); sql.push(`c.search_vec @@ $${params.length}::tsquery`) }
  params.push(w.text)
  sql.push(`c.search_vec @@ $${params.length}::tsquery`)
  return { sql, params }
}
export const whereSql = (w: Where): string => (w.sql.length ? 'WHERE ' + w.sql.join(' AND ') : '')

/** The unit a filter names with its sub-branches, looked up first so each becomes a plain index condition. */
export async function unitScope(ds: Pick<DataSource, 'query'>, f: CaseFilter): Promise<number[] | undefined> {
  if (!f.unitId) return undefined
  return ((await ds.query('SELECT id FROM units WHERE id = $1 OR parent_id = $1 ORDER BY id', [f.unitId])) as { id: number }[]).map((u) => u.id)
}

export interface WhereOptions {
  /**
   * For measuring out a search's steps along the index of this sort key: the filters the search index
   * answers (channel, severity, category, business line, one unit) are left out unless that ordered index
   * covers them too (channel and unit by date received), so a step is not lengthened by reading and testing
   * each case; the step itself and the search index test them (a branch's units one by one). Filters only
   * an ordered index answers (dates, the two flags) always stay.
   */
  walk?: 'received_at' | 'closed_at' | 'case_no'
  /** The unit filter's units (unitScope): a sub-branch is then `unit_id = x`, which its index answers in order. */
  units?: number[]
}

export function whereOf(f: CaseFilter, opts: WhereOptions = {}): Where {
  const walk = opts.walk !== undefined
  const byReceived = opts.walk === 'received_at'
  const w: Where = { sql: [], params: [] }
  const p = (v: unknown): string => { w.params.push(v); return `$${w.params.length}` }
  if (f.receivedFrom) w.sql.push(`c.received_at >= (${p(f.receivedFrom)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`)
  if (f.receivedTo) w.sql.push(`c.received_at < ((${p(f.receivedTo)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`)
  if (f.channel && (!walk || byReceived)) w.sql.push(`c.channel = ${p(f.channel)}`)
  if (f.category && !walk) w.sql.push(`c.category = ${p(f.category)}`)
  if (f.severity && !walk) w.sql.push(`c.severity = ${p(f.severity)}`)
  if (f.businessLine && !walk) w.sql.push(`c.business_line = ${p(f.businessLine)}`)
  if (f.unitId) {
    // Callers look the units up first (unitScope), so that each becomes a plain index condition.
    if (!opts.units) throw new Error('whereOf: a unit filter needs its units (unitScope)')
    if (opts.units.length === 1) {
      if (!walk || byReceived) w.sql.push(`c.unit_id = ${p(opts.units[0])}`)
    } else if (!walk) {
      // A branch with its sub-branches: no ordered index answers it, and a search asks the search index unit by unit.
      w.sql.push(`c.unit_id = ANY(${p(opts.units)}::int[])`)
    }
  }
  if (f.group !== undefined) w.sql.push(f.group ? 'c.is_group' : 'NOT c.is_group')
  if (f.repeat !== undefined) w.sql.push(f.repeat ? 'c.repeat_of_id IS NOT NULL' : 'c.repeat_of_id IS NULL')
  // A root cause names its first-level node with its children; 'none' the cases not yet tagged (the 待标注 queue).
  if (f.rootCause === 'none') w.sql.push('NOT EXISTS (SELECT 1 FROM case_root_causes t WHERE t.case_id = c.id)')
  else if (f.rootCause) {
    w.sql.push(`EXISTS (SELECT 1 FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id LEFT JOIN rc_nodes pn ON pn.id = n.parent_id
      WHERE t.case_id = c.id AND ${f.rootCauseRole === 'any' ? 'true' : "t.role = 'primary'"} AND (n.code = ${p(f.rootCause)} OR pn.code = $${w.params.length}))`)
  }
  if (f.retag) w.sql.push('EXISTS (SELECT 1 FROM rc_retag_queue q WHERE q.case_id = c.id)')
  // The same mark as the list's 审后变更 column: a change recorded against the case's latest review.
  if (f.changedAfterReview) w.sql.push('EXISTS (SELECT 1 FROM case_post_review_changes m WHERE m.review_id = (SELECT r.id FROM reviews r WHERE r.case_id = c.id ORDER BY r.id DESC LIMIT 1))')
  if (f.importId) w.sql.push(`EXISTS (SELECT 1 FROM import_cases i WHERE i.case_id = c.id AND i.import_id = ${p(f.importId)})`)
  // A failed rule: the stored result's letter for it is F (audit_results: one letter per rule, R01 first).
  if (f.failedRule) {
    const letters = f.failedRulePolicy === 'regulatory' ? 'a.regulatory' : 'a.internal'
    w.sql.push(`EXISTS (SELECT 1 FROM audit_results a WHERE a.case_id = c.id AND substr(${letters}, ${p(f.failedRule)}::int, 1) = 'F')`)
  }
  // Nothing searchable (only punctuation) matches nothing rather than everything.
  if (f.text) {
    w.text = searchQuery(f.text)
    w.textPrefilter = searchPrefilter(f.text)
  }
  return w
}
