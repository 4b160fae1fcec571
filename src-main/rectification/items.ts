// The 整改 items and their status, in one definition that the queue, the quarterly report and the dashboard all
// read (issue 11 point 6): every finding of an approved review, and every rectification measure on a case.
// An item without a follow-up track reads as its source says (a finding open; a measure closed when the source
// recorded it done). Overdue: not closed and its due day (China time) has passed.
import type { EntityManager } from 'typeorm'
import type { RectificationKind, RectificationRow, RectificationStatus, RectificationUpdateView } from '../shared/contract-rectification'

type Query = Pick<EntityManager, 'query'>

/** Today in China, as the SQL of items compares due days with it. */
export const CHINA_TODAY = `(now() AT TIME ZONE 'Asia/Shanghai')::date`

/**
 * `SELECT …` of every item with kind, id, case_id, text, required_action, unit_id, due_on, status, raised_by
 * (user id or null), version (0 without a track) and track_id. A relation to wrap: `FROM (${ITEMS_SQL}) i`. A measure
 * reads its case only when it names no owning unit (every measure has a case: rectifications.case_id is a key).
 */
export const ITEMS_SQL = `
  SELECT 'finding'::text AS kind, f.id, r.case_id, f.description AS text, f.required_action, coalesce(f.owner_unit_id, c.unit_id) AS unit_id,
    f.due_on, coalesce(t.status, 'open') AS status, f.created_by AS raised_by, coalesce(t.version, 0) AS version, t.id AS track_id
  FROM findings f JOIN reviews r ON r.id = f.review_id AND r.status = 'approved' JOIN cases c ON c.id = r.case_id
  LEFT JOIN rectification_tracks t ON t.finding_id = f.id
  UNION ALL
  SELECT 'measure', m.id, m.case_id, m.measure, NULL, coalesce(m.owner_unit_id, (SELECT c.unit_id FROM cases c WHERE c.id = m.case_id)), m.due_on,
    coalesce(t.status, CASE WHEN m.done_on IS NOT NULL THEN 'closed' ELSE 'open' END), NULL::int, coalesce(t.version, 0), t.id
  FROM rectifications m
  LEFT JOIN rectification_tracks t ON t.rectification_id = m.id`

/** `i.overdue` as a condition over a row of ITEMS_SQL named `i`; false (not null) for an item without a due day. */
export const OVERDUE = `(i.status <> 'closed' AND coalesce(i.due_on < ${CHINA_TODAY}, false))`

interface ItemRow {
  kind: RectificationKind; id: number; case_id: number; case_no: string; text: string; required_action: string | null; unit_id: number | null
  unit_name: string | null; due_on: string | null; status: RectificationStatus; overdue: boolean; raised_by_name: string | null; version: number
}

/** SELECT list of a row as the queue shows it, over `i` (ITEMS_SQL) joined to cases `c`, units `u` and users `a`. */
export const ROW_COLUMNS = `i.kind, i.id, i.case_id, c.case_no, i.text, i.required_action, i.unit_id, u.name AS unit_name,
  to_char(i.due_on, 'YYYY-MM-DD') AS due_on, i.status, ${OVERDUE} AS overdue, a.display_name AS raised_by_name, i.version`
export const ROW_JOINS = `JOIN cases c ON c.id = i.case_id LEFT JOIN units u ON u.id = i.unit_id LEFT JOIN users a ON a.id = i.raised_by`

export const toRow = (r: ItemRow): RectificationRow => ({
  kind: r.kind, id: r.id, caseId: r.case_id, caseNo: r.case_no, text: r.text, requiredAction: r.required_action, unitId: r.unit_id,
  unitName: r.unit_name, dueOn: r.due_on, status: r.status, overdue: r.overdue, raisedBy: r.raised_by_name, version: r.version
})

/**
 * One item with its follow-up history, oldest first.
 * @returns null when there is no such item (a finding of a review not approved is not an item)
 */
export async function readItem(q: Query, kind: RectificationKind, id: number): Promise<(RectificationRow & { updates: RectificationUpdateView[]; trackId: number | null; raisedById: number | null }) | null> {
  const [r] = (await q.query(`SELECT ${ROW_COLUMNS}, i.track_id, i.raised_by FROM (${ITEMS_SQL}) i ${ROW_JOINS} WHERE i.kind = $1 AND i.id = $2`, [kind, id])) as (ItemRow & { track_id: number | null; raised_by: number | null })[]
  if (!r) return null
  const updates = r.track_id === null ? [] : ((await q.query(
    `SELECT x.status, x.note, x.evidence, coalesce(u.display_name, u.username) AS by, x.at FROM rectification_updates x JOIN users u ON u.id = x.by_user
      WHERE x.track_id = $1 ORDER BY x.at, x.id`, [r.track_id])) as { status: RectificationStatus; note: string; evidence: string | null; by: string; at: Date }[])
    .map((u) => ({ status: u.status, note: u.note, evidence: u.evidence, by: u.by, at: u.at.toISOString() }))
  return { ...toRow(r), updates, trackId: r.track_id, raisedById: r.raised_by }
}

/**
 * Counts of the items of cases received in [from, toExclusive) (China-time days) by status; overdue: not closed
 * and due before `asOf` (the quarterly report passes its quarter's end, so the figure does not move with the clock).
 */
export async function itemCounts(q: Query, from: string, toExclusive: string, asOf: string): Promise<{ total: number; done: number; overdue: number; open: number }> {
  const late = `(i.status <> 'closed' AND i.due_on < $3::date)`
  const [r] = (await q.query(`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE i.status = 'closed')::int AS done,
      count(*) FILTER (WHERE ${late})::int AS overdue, count(*) FILTER (WHERE i.status <> 'closed' AND NOT coalesce(${late}, false))::int AS open
    FROM (${ITEMS_SQL}) i JOIN cases c ON c.id = i.case_id
    WHERE c.received_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND c.received_at < ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai')`, [from, toExclusive, asOf])) as { total: number; done: number; overdue: number; open: number }[]
  return r
}
