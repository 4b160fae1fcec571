// The SQL pieces the 整改 queue's two searches share (queue.ts without words, word-search.ts with): the order, the
// columns of a walked item, the page's display, the tab counts from the counts table and the walks of a filter.
import type { DataSource } from 'typeorm'
import type { RectificationStatus } from '../shared/contract-rectification'
import { CHINA_TODAY, toRow } from './items'

/** Overdue over a row `i` of rectification_items: not closed and its due day (or 'infinity') before today. */
export const LATE = `(i.status <> 'closed' AND i.due_key < ${CHINA_TODAY})`
export const ORDER = 'overdue DESC, due_key, case_no, kind, id'
export const ITEM_COLS = `i.kind, i.id, i.case_id, i.case_no, i.unit_id, i.due_on, i.due_key, i.status, i.version, i.raised_by, ${LATE} AS overdue`

/** The page's rows joined to their words (by key), unit and author, in the queue's order. */
export const SHOW = `SELECT p.kind, p.id, p.case_id, p.case_no,
    CASE p.kind WHEN 'finding' THEN (SELECT f.description FROM findings f WHERE f.id = p.id) ELSE (SELECT m.measure FROM rectifications m WHERE m.id = p.id) END AS text,
    CASE p.kind WHEN 'finding' THEN (SELECT f.required_action FROM findings f WHERE f.id = p.id) END AS required_action,
    p.unit_id, u.name AS unit_name, to_char(p.due_on, 'YYYY-MM-DD') AS due_on, p.status, p.overdue, a.display_name AS raised_by_name, p.version,
    row_number() OVER (ORDER BY p.${ORDER.replace(/, /g, ', p.')}) AS pos
  FROM page p LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN users a ON a.id = p.raised_by
  ORDER BY p.${ORDER.replace(/, /g, ', p.')}`

export type Tab = { status: RectificationStatus; n: number; late: number }
export type Row = Parameters<typeof toRow>[0]
/** A queue's answer before its totals: the tab counts, the page, the statuses whose counts are estimates, and (when known otherwise) whether a page follows. */
export interface Found { tabs: Tab[]; rows: Row[]; estimated: RectificationStatus[]; more?: boolean }

/**
 * The tab counts under the unit filter (no words): from rectification_item_counts (row security: the case's unit),
 * plus, for a session that does not see every case, the items of its own reviews' cases outside its units.
 */
export function tabCounts(ds: DataSource, unitId: number | undefined): Promise<Tab[]> {
  const unit = unitId ? '$1::int' : null
  const units = (col: string): string => (unit ? `AND ${col} IN (SELECT id FROM units WHERE id = ${unit} OR parent_id = ${unit})` : '')
  return ds.query(`SELECT status, sum(n)::int AS n, coalesce(sum(n) FILTER (WHERE status <> 'closed' AND due_key < ${CHINA_TODAY}), 0)::int AS late FROM (
      SELECT k.status, k.due_key, k.n FROM rectification_item_counts k WHERE true ${units('k.unit_id')}
      UNION ALL
      SELECT i.status, i.due_key, 1 FROM rectification_items i WHERE NOT (SELECT dossier_scope_all())
        AND i.case_id = ANY ((SELECT dossier_scope_cases())::integer[]) AND NOT i.case_unit_id = ANY ((SELECT dossier_scope_units())::integer[]) ${units('i.unit_id')}
    ) x GROUP BY status`, unit ? [unitId] : []) as Promise<Tab[]>
}

/**
 * The walks of a page: one per status (and per unit of a branch filter), as `w(status, unit_id)`; `st` and `unit`
 * are the placeholders of the statuses and the unit.
 */
export const walksSql = (st: string, unit: string | null): string => unit
  ? `SELECT s.status, u.id AS unit_id FROM unnest(${st}::text[]) s(status) CROSS JOIN units u WHERE u.id = ${unit} OR u.parent_id = ${unit}`
  : `SELECT s.status, NULL::int AS unit_id FROM unnest(${st}::text[]) s(status)`

