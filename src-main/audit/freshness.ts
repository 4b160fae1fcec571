// Whether the stored results still describe the archive: a policy set changed since the last whole-archive
// run, cases arrived that have no result yet, or a calendar import left results to re-audit. The app
// re-runs the audit when any is true.
import type { DataSource } from 'typeorm'
import { loadReference } from './policies'
import { ENGINE_VERSION, runAudit, type AuditRunResult } from './batch'
import type { AuditRunSummary } from '../shared/review-types'

export interface AuditFreshness {
  lastRunId: number | null; policyChanged: boolean; unaudited: number
  /** The last whole-archive run was made by another version of the engine (its rules changed since). */
  engineChanged: boolean
  /** A calendar import changed working days from this day (YYYY-MM-DD) and its re-audit has not finished. */
  calendarPendingFrom: string | null
  /** The last whole-archive run that finished well (the one the fingerprint is compared with). */
  lastWholeRun: AuditRunSummary | null
}

/** The columns of audit_runs that `runSummary` reads. */
export const RUN_SUMMARY_COLUMNS = 'id, finished_at, cases, flagged, reason, status, scope_from::text, scope_to::text'
type RunRow = { id: number; finished_at: Date | null; cases: number | null; flagged: number | null; reason: string; status: string; scope_from: string | null; scope_to: string | null }
/** A row of audit_runs (RUN_SUMMARY_COLUMNS) as the status gives it. */
export const runSummary = (r: RunRow | undefined): AuditRunSummary | null => r
  ? { id: r.id, finishedAt: r.finished_at?.toISOString() ?? null, cases: r.cases, flagged: r.flagged, reason: r.reason, status: r.status, scopeFrom: r.scope_from, scopeTo: r.scope_to }
  : null

export async function auditFreshness(ds: DataSource): Promise<AuditFreshness> {
  const { book } = await loadReference(ds)
  const [last] = await ds.query(`SELECT ${RUN_SUMMARY_COLUMNS}, policy_fingerprint, engine_version FROM audit_runs WHERE status = 'done' AND scope_from IS NULL AND scope_to IS NULL ORDER BY id DESC LIMIT 1`)
  // Every result belongs to a case (a foreign key that cascades on delete), so the cases without one are the
  // difference of two counts: two index-only scans instead of an anti-join over the archive (0.5 s at 1M).
  const [{ n }] = await ds.query('SELECT ((SELECT count(*) FROM cases) - (SELECT count(*) FROM audit_results))::int AS n')
  return {
    lastRunId: last?.id ?? null, policyChanged: last ? last.policy_fingerprint !== book.fingerprint : false, unaudited: n,
    engineChanged: last ? last.engine_version !== ENGINE_VERSION : false,
    calendarPendingFrom: await calendarPendingFrom(ds), lastWholeRun: runSummary(last)
  }
}

export const isCurrent = (f: AuditFreshness): boolean =>
  f.lastRunId !== null && !f.policyChanged && !f.engineChanged && f.unaudited === 0 && f.calendarPendingFrom === null
export const staleReason = (f: AuditFreshness): 'policy_changed' | 'engine_changed' | 'new_cases' | 'calendar_changed' =>
  f.policyChanged ? 'policy_changed' : f.engineChanged ? 'engine_changed' : f.unaudited > 0 || f.lastRunId === null ? 'new_cases' : 'calendar_changed'

export async function calendarPendingFrom(ds: Pick<DataSource, 'query'>): Promise<string | null> {
  const [row] = await ds.query(`SELECT value #>> '{}' AS day FROM app_meta WHERE key = 'audit.calendar_pending_from'`)
  return row?.day ?? null
}

/**
 * The receipt day (YYYY-MM-DD, China time) from which a re-audit covers every case whose limits may reach
 * `changedFrom`: a limit starts at receipt or at handling (both before closing) and runs at most 60 calendar
 * days plus the rest days it is moved past (银保监会令2020年第3号 第十八条, 民法典 第二百零三条), so a case
 * closed more than 100 days before the first changed day cannot reach it. Null when no case can.
 */
export async function reauditFrom(ds: Pick<DataSource, 'query'>, changedFrom: string): Promise<string | null> {
  const [row] = await ds.query(
    `SELECT to_char(min(received_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM cases
      WHERE closed_at >= ($1::date - 100)::timestamp AT TIME ZONE 'Asia/Shanghai'`, [changedFrom])
  return row?.day ?? null
}

/** Clears the pending mark once a run that covered it has finished, unless a later import moved it earlier. */
export async function clearCalendarPending(ds: Pick<DataSource, 'query'>, coveredFrom: string | null): Promise<void> {
  if (coveredFrom === null) await ds.query(`DELETE FROM app_meta WHERE key = 'audit.calendar_pending_from'`)
  else await ds.query(`DELETE FROM app_meta WHERE key = 'audit.calendar_pending_from' AND value #>> '{}' >= $1`, [coveredFrom])
}

/**
 * The re-audit a calendar import asks for: the cases whose limits may reach its first changed day (see
 * `reauditFrom`); clears the pending mark when done. Resolves with the day it re-audited from (null when no
 * case could be affected, or nothing was pending) and the run.
 */
export async function runCalendarReaudit(ds: DataSource, opts: { actor: string; onProgress?: (done: number, total: number) => void; signal?: AbortSignal }): Promise<{ from: string | null; run: AuditRunResult | null }> {
  const pending = await calendarPendingFrom(ds)
  if (pending === null) return { from: null, run: null }
  const from = await reauditFrom(ds, pending)
  if (from === null) { await clearCalendarPending(ds, pending); return { from: null, run: null } }
  const run = await runAudit(ds, { actor: opts.actor, reason: 'calendar_changed', from, onProgress: opts.onProgress, signal: opts.signal })
  await clearCalendarPending(ds, pending)
  return { from, run }
}
