// The 整改 queue (issue 11 point 6) over the narrow item table and its counts (migration 1764000000036): a page is
// a few index walks to their LIMIT, the tab counts a sum over the counts table. Answers are those of ITEMS_SQL
// (items.ts), which stays the one definition the table is derived from (test/integration/rectification-items.test.ts
// compares the two over a table of filters and sorts).
//
// The order: overdue first, then due day (none last), case number, kind, id. Overdue is "not closed and due before
// today", so within one status the order by (due day, case number, kind, id) already is the queue's order; the
// page walks each status (and each unit of the filter) in that order to the page's end and sorts only those rows.
import type { DataSource } from 'typeorm'
import type { ParsedRequestOf } from '../shared/contract'
import type { RectificationQueue, RectificationStatus } from '../shared/contract-rectification'
import { RECTIFICATION_STATUSES } from '../shared/contract-rectification'
import { CHINA_TODAY, toRow } from './items'
import { ITEM_COLS, ORDER, SHOW, tabCounts, walksSql, type Found, type Row } from './queue-sql'
import { wordSearch, type WordSearchTuning } from './word-search'

/**
 * The queue: items of a unit (with its sub-branches when it is a branch), a status, a case number or words, overdue
 * first, then by due day; the total under every filter and the tab counts under the unit and text filters. A word
 * common enough to be searched by walking the queue's order has its counts estimated (`estimated`, word-search.ts).
 * @returns rows of the page, the total under the filter, the tab counts under the unit (and text) filter, whether
 * counts are estimates and whether a page follows
 */
export async function rectificationQueue(ds: DataSource, req: ParsedRequestOf<'rectification.queue'>, tuning?: WordSearchTuning): Promise<RectificationQueue> {
  const statuses = RECTIFICATION_STATUSES.filter((s) =>
    (req.status === 'not_closed' ? s !== 'closed' : !req.status || s === req.status) && !(req.overdue && s === 'closed'))
  const found: Found = req.text ? await wordSearch(ds, req, statuses, tuning) : await byWalks(ds, req, statuses)
  const total = found.tabs.filter((t) => statuses.includes(t.status)).reduce((sum, t) => sum + (req.overdue ? t.late : t.n), 0)
  const counts = Object.fromEntries([...RECTIFICATION_STATUSES, 'overdue'].map((k) => [k, 0])) as RectificationQueue['counts']
  for (const t of found.tabs) { counts[t.status] += t.n; counts.overdue += t.late }
  // Overdue items are never closed: their count is an estimate when an open status's is.
  const estimatedCounts = [...found.estimated, ...(found.estimated.some((s) => s !== 'closed') ? ['overdue' as const] : [])]
  return {
    rows: found.rows.map(toRow), total, counts, estimated: statuses.some((s) => found.estimated.includes(s)), estimatedCounts,
    more: found.more ?? req.offset + req.limit < total
  }
}

/** No words: the tab counts (tabCounts) and the page from one walk per status (and unit) of the items' indexes, each to the page's end. */
async function byWalks(ds: DataSource, req: ParsedRequestOf<'rectification.queue'>, statuses: RectificationStatus[]): Promise<Found> {
  const unit = req.unitId ? '$1::int' : null
  const tabParams = unit ? [req.unitId] : []
  const tabs = tabCounts(ds, req.unitId)
  const params: unknown[] = [...tabParams, statuses, req.offset + req.limit, req.offset, req.limit]
  const [st, top, offset, limit] = [2, 3, 4, 5].map((n) => `$${n - (unit ? 0 : 1)}`)
  const page = ds.query(`WITH page AS (SELECT p.* FROM (${walksSql(st, unit)}) w CROSS JOIN LATERAL (
        SELECT ${ITEM_COLS} FROM rectification_items i WHERE i.status = w.status ${unit ? 'AND i.unit_id = w.unit_id' : ''} ${req.overdue ? `AND i.due_key < ${CHINA_TODAY}` : ''}
        ORDER BY i.due_key, i.case_no, i.kind, i.id LIMIT ${top}) p
      ORDER BY ${ORDER} OFFSET ${offset} LIMIT ${limit})
    ${SHOW}`, params) as Promise<Row[]>
  const [t, rows] = await Promise.all([tabs, page])
  return { tabs: t, rows, estimated: [] }
}
