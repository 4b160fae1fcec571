// Closing a quarter (季度关账, issue 12 point 5): the quarter's report figures frozen at close, the report of a
// closed quarter written from them, and the changes that touched the quarter afterwards (fed by the triggers
// of migration 24). Who may close or reopen is access.ts's business; these functions only keep the records.
import type { DataSource, EntityManager } from 'typeorm'
import { DateTime } from 'luxon'
import { CHINA_ZONE } from '../shared/china-time'
import type { PostCloseChange, QuarterClose, QuarterStatus } from '../shared/contract-quarters'
import { recordChange } from '../trail/record'
import { refreshChecks } from '../legal/check-store'
import { conflict, invalid, notFound } from '../transport/errors'
import { quarterlyFigures, type QuarterlyFigures } from './quarterly-figures'
import { quarterChartData, type QuarterChartData } from '../documents/quarterly-charts'
import { parseQuarter, quarterLabel, quarterRange, type Quarter } from './quarter'

/**
 * Every table a figure of the report reads, locked against writers while the figures are read: a change
 * committed between the read and the close would be in neither the frozen figures nor the post-close list.
 * SHARE mode waits for writers in flight and lets readers through.
 */
const READ_TABLES = ['cases', 'audit_results', 'reviews', 'findings', 'case_root_causes', 'remediation_offers', 'offer_checks', 'offer_legal_reviews', 'rectifications']

interface CloseRow {
  id: number; quarter: string; closed_at: Date; closed_by: string; note: string | null
  reopened_at: Date | null; reopened_by: string | null; reopen_reason: string | null
  cases: number; major: number; remediation: number; changes: number
}

const CLOSE_COLUMNS = `q.id, q.quarter, q.closed_at, q.closed_by, q.note, q.reopened_at, q.reopened_by, q.reopen_reason,
  (q.figures #>> '{kpis,cases}')::int AS cases, (q.figures #>> '{kpis,major}')::int AS major,
  (q.figures #>> '{kpis,remediationAmount}')::float8 AS remediation,
  (SELECT count(*) FROM quarter_changes c WHERE c.close_id = q.id)::int AS changes`

const toClose = (r: CloseRow): QuarterClose => ({
  id: r.id, quarter: r.quarter, closedAt: r.closed_at.toISOString(), closedBy: r.closed_by, note: r.note,
  reopenedAt: r.reopened_at?.toISOString() ?? null, reopenedBy: r.reopened_by, reopenReason: r.reopen_reason,
  frozen: { cases: r.cases, major: r.major, remediationAmount: r.remediation }, changes: r.changes
})

/** The quarter that holds a China-time instant (epoch ms). */
function quarterAt(ms: number): Quarter {
  const d = DateTime.fromMillis(ms, { zone: CHINA_ZONE })
  return { year: d.year, q: Math.ceil(d.month / 3) as Quarter['q'] }
}

/** Whether the quarter has begun (China time) at `now` (epoch ms). */
export function quarterStarted(q: Quarter, now = Date.now()): boolean {
  return DateTime.fromISO(quarterRange(q).from, { zone: CHINA_ZONE }).toMillis() <= now
}

/** Whether the quarter has ended (China time) at `now` (epoch ms): only an ended quarter can be closed. */
export function quarterEnded(q: Quarter, now = Date.now()): boolean {
  const end = DateTime.fromISO(quarterRange(q).to, { zone: CHINA_ZONE })
  return end.toMillis() <= now
}

/**
 * Closes quarter `label` (2025Q3) as `actor`: in one transaction, with the report's tables locked against
 * writers, computes the legal checks the report counts, reads the report's figures, stores them frozen with
 * each case's audit letters (so a later re-audit is noticed), and records the close in the audit trail.
 * @throws invalid_request (not ended yet), conflict (already closed)
 */
export async function closeQuarter(ds: DataSource, label: string, actor: string, note?: string, now = Date.now()): Promise<QuarterClose> {
  const q = parseQuarter(label)
  if (!quarterEnded(q, now)) throw invalid(`${label} 尚未结束，不能关账`)
  const { from, to } = quarterRange(q)
  const id = await ds.transaction('REPEATABLE READ', async (em) => {
    // Before any read: the snapshot is taken at the first query after the locks.
    await em.query(`LOCK TABLE ${READ_TABLES.join(', ')} IN SHARE MODE`)
    const [open] = (await em.query(`SELECT id FROM quarter_closes WHERE quarter = $1 AND reopened_at IS NULL`, [label])) as { id: number }[]
    if (open) throw conflict(`${label} 已关账`)
    await refreshChecks(em)
    const figures = await quarterlyFigures(em, q)
    // The report's charts are frozen with the figures, from the same snapshot.
    const charts = await quarterChartData(em, q, now)
    const [row] = (await em.query(`
      INSERT INTO quarter_closes (quarter, from_at, to_at, from_month, to_month, figures, closed_by, note)
      VALUES ($1, $2::date::timestamp AT TIME ZONE 'Asia/Shanghai', $3::date::timestamp AT TIME ZONE 'Asia/Shanghai', $2::date, $3::date, $4, $5, $6)
      RETURNING id`, [label, from, to, JSON.stringify({ ...figures, charts }), actor, note || null])) as { id: number }[]
    const [{ n }] = (await em.query('SELECT quarter_close_snapshot($1) AS n', [row.id])) as { n: number }[]
    await recordChange(em, { actor, entity: 'quarter_close', entityId: row.id, action: 'close', before: null, after: { quarter: label, cases: figures.kpis.cases, audited: n, note: note || null } })
    return row.id
  }).catch((err: unknown) => {
    // Two closes at once: the second meets the first's unique open close.
    if ((err as { driverError?: { code?: string } }).driverError?.code === '23505') throw conflict(`${label} 已关账`)
    throw err
  })
  return closeById(ds, id)
}

/**
 * Reopens closing `closeId` as `actor` (an administrator): the closing stays, marked reopened with the reason
 * (its frozen figures and post-close list kept as history); the quarter may then be closed again.
 * @throws not_found, conflict (already reopened)
 */
export async function reopenQuarter(ds: DataSource, closeId: number, actor: string, reason: string): Promise<QuarterClose> {
  await ds.transaction(async (em) => {
    const [row] = (await em.query('SELECT quarter, reopened_at FROM quarter_closes WHERE id = $1 FOR UPDATE', [closeId])) as { quarter: string; reopened_at: Date | null }[]
    if (!row) throw notFound(`没有关账记录 #${closeId}`)
    if (row.reopened_at) throw conflict(`${row.quarter} 的这次关账已重新打开`)
    await em.query('UPDATE quarter_closes SET reopened_at = now(), reopened_by = $2, reopen_reason = $3 WHERE id = $1', [closeId, actor, reason])
    await recordChange(em, { actor, entity: 'quarter_close', entityId: closeId, action: 'reopen', before: { quarter: row.quarter, reopened: false }, after: { quarter: row.quarter, reopened: true, reason } })
  })
  return closeById(ds, closeId)
}

async function closeById(ds: DataSource, id: number): Promise<QuarterClose> {
  const [row] = (await ds.query(`SELECT ${CLOSE_COLUMNS} FROM quarter_closes q WHERE q.id = $1`, [id])) as CloseRow[]
  if (!row) throw notFound(`没有关账记录 #${id}`)
  return toClose(row)
}

/** Every closing, newest first, and the ended quarters of the last two years not closed now. */
export async function quarterStatus(ds: DataSource, now = Date.now()): Promise<QuarterStatus> {
  const rows = (await ds.query(`SELECT ${CLOSE_COLUMNS} FROM quarter_closes q ORDER BY q.quarter DESC, q.id DESC`)) as CloseRow[]
  const closed = new Set(rows.filter((r) => !r.reopened_at).map((r) => r.quarter))
  const closable: string[] = []
  let q = quarterAt(now)
  for (let i = 0; i < 8; i++) {
    q = q.q === 1 ? { year: q.year - 1, q: 4 } : { year: q.year, q: (q.q - 1) as Quarter['q'] }
    if (!closed.has(quarterLabel(q))) closable.push(quarterLabel(q))
  }
  return { closes: rows.map(toClose), closable }
}

/** The frozen figures of the quarter's open closing, or null when it is not closed. */
export async function frozenFigures(ds: Pick<EntityManager, 'query'>, q: Quarter): Promise<{ figures: QuarterlyFigures; charts: QuarterChartData | null; closedAt: string; closedBy: string } | null> {
  const [row] = (await ds.query('SELECT figures, closed_at, closed_by FROM quarter_closes WHERE quarter = $1 AND reopened_at IS NULL', [quarterLabel(q)])) as { figures: QuarterlyFigures & { charts?: QuarterChartData }; closed_at: Date; closed_by: string }[]
  if (!row) return null
  const { charts, ...figures } = row.figures
  return { figures, charts: charts ?? null, closedAt: row.closed_at.toISOString(), closedBy: row.closed_by }
}

/**
 * Post-close changes of closing `closeId`, newest first. The actor is the audit trail's entry written in the
 * same transaction (same `at`, the transaction's start time): every writer of the app records one.
 */
export async function postCloseChanges(ds: DataSource, closeId: number, offset = 0, limit = 100): Promise<{ total: number; rows: PostCloseChange[] }> {
  const [{ total }] = (await ds.query('SELECT count(*)::int AS total FROM quarter_changes WHERE close_id = $1', [closeId])) as { total: number }[]
  if (!total && !(await ds.query('SELECT 1 FROM quarter_closes WHERE id = $1', [closeId])).length) throw notFound(`没有关账记录 #${closeId}`)
  const rows = (await ds.query(`
    SELECT c.id::int, c.case_id, c.case_no, c.kind, c.action, c.at,
      (SELECT t.actor FROM audit_trail t WHERE t.at = c.at ORDER BY t.id LIMIT 1) AS actor
    FROM quarter_changes c WHERE c.close_id = $1 ORDER BY c.at DESC, c.id DESC OFFSET $2 LIMIT $3`, [closeId, offset, limit])) as
    { id: number; case_id: number; case_no: string; kind: PostCloseChange['kind']; action: PostCloseChange['action']; at: Date; actor: string | null }[]
  return { total, rows: rows.map((r) => ({ id: r.id, caseId: r.case_id, caseNo: r.case_no, kind: r.kind, action: r.action, at: r.at.toISOString(), actor: r.actor })) }
}
