// The audit engine behind the contract: status of the stored results, and runs in the background with their
// progress (one at a time per database): the whole archive, or the cases a calendar import may change.
import type { DataSource } from 'typeorm'
import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import type { AuditStatus } from '../shared/review-types'
import { RUN_SUMMARY_COLUMNS, auditFreshness, calendarPendingFrom, clearCalendarPending, isCurrent, runCalendarReaudit, runSummary, staleReason } from './freshness'
import { runAudit, type AuditRunResult } from './batch'
import { expireDeadRuns } from '../runs/lease'
import { asSystem } from '../db/session-scope'
import { inBackground, isClosing } from '../db/background'

type Reason = NonNullable<AuditStatus['running']>['reason']
const running = new WeakMap<DataSource, NonNullable<AuditStatus['running']>>()

/** Whether a run is going on this database (a new one would not start). */
export const isAuditRunning = (ds: DataSource): boolean => running.has(ds)

type Progress = (done: number, total: number) => void
type Job = (onProgress: Progress, signal: AbortSignal) => Promise<AuditRunResult | null>

/**
 * Runs one job at a time per database, its progress readable by audit.status; errors are logged, not thrown.
 * When a job ends well, whatever became stale meanwhile (a policy saved, a calendar loaded, cases added while
 * it ran) is caught up by the next run; a failed job starts nothing more, so a fault cannot loop.
 */
function track(ds: DataSource, reason: Reason, job: Job): Promise<AuditRunResult | null> {
  if (running.has(ds)) return Promise.resolve(null)
  // The run judges the whole archive for everyone: under the system session, not the caller's (row security
  // would show it only the caller's cases, and a whole run would swap in just those).
  return asSystem(() => tracked(ds, reason, job))
}

function tracked(ds: DataSource, reason: Reason, job: Job): Promise<AuditRunResult | null> {
  const progress = { done: 0, total: 0, reason }
  running.set(ds, progress)
  let ok = false
  // Background work of the archive (db/background.ts): closing it aborts the run between batches and waits.
  return inBackground(ds, (signal) => job((done, total) => { progress.done = done; progress.total = total }, signal))
    .then((res) => { ok = true; return res })
    .catch((err: Error) => { console.error(`audit run failed: ${err.message}`); return null })
    .finally(() => {
      running.delete(ds)
      lastFreshness.delete(ds)
      // Not while the archive closes: the follow-up's first reads would run as the pool ends.
      if (ok && !isClosing(ds)) void refreshAudit(ds).catch((err: Error) => console.error(`audit refresh failed: ${err.message}`))
    })
}

/** Forgets the status kept for polls during a run, after a change that makes it stale (an import, a saved policy). */
export const forgetAuditStatus = (ds: DataSource): void => { lastFreshness.delete(ds) }

/**
 * Starts a whole-archive run unless one is going; the promise settles when it ends (callers may ignore it:
 * progress is in audit.status). A whole run also settles a pending calendar re-audit.
 */
export function startAuditRun(ds: DataSource, actor: string, reason: 'on_demand' | 'policy_changed' | 'engine_changed' | 'new_cases' = 'on_demand'): Promise<AuditRunResult | null> {
  return track(ds, reason, async (onProgress, signal) => {
    const pending = await calendarPendingFrom(ds)
    const res = await runAudit(ds, { actor, reason, onProgress, signal })
    if (pending !== null) await clearCalendarPending(ds, pending)
    return res
  })
}

/** The re-audit a calendar import asks for (runCalendarReaudit), in the background. */
export function startCalendarReaudit(ds: DataSource, actor: string): Promise<AuditRunResult | null> {
  return track(ds, 'calendar_changed', async (onProgress, signal) => (await runCalendarReaudit(ds, { actor, onProgress, signal })).run)
}

/** Re-audits when a policy set changed, cases have no result yet, or a calendar import is pending; resolves at once when all is current. */
export async function refreshAudit(ds: DataSource): Promise<Promise<AuditRunResult | null>> {
  // A run left `running` by a process that died is failed first, so it neither blocks nor misleads.
  await expireDeadRuns(ds)
  const f = await auditFreshness(ds)
  if (isCurrent(f)) return Promise.resolve(null)
  const reason = staleReason(f)
  return reason === 'calendar_changed' ? startCalendarReaudit(ds, 'system') : startAuditRun(ds, 'system', reason)
}

/** What the last status read of the archive found: while a run goes, a poll only reads its progress. */
const lastFreshness = new WeakMap<DataSource, Omit<AuditStatus, 'lastRun' | 'running'>>()

async function status(ds: DataSource): Promise<AuditStatus> {
  // The run going when this read starts: if it ends while the read goes on, the answer still names it, so the
  // screen asks again instead of taking freshness read before the run's end (stale) with no run as final.
  const going = running.get(ds)
  if (!going) await expireDeadRuns(ds)
  let known = going ? lastFreshness.get(ds) : undefined
  if (!known) {
    const f = await auditFreshness(ds)
    const [{ n: flaggedNow }] = await ds.query('SELECT count(*)::int AS n FROM audit_results WHERE flagged')
    known = { policyChanged: f.policyChanged, unaudited: f.unaudited, calendarPendingFrom: f.calendarPendingFrom, lastWholeRun: f.lastWholeRun, calendarWaiting: await calendarWaiting(ds), flaggedNow }
    // Kept only for the run it was read during: one that ended meanwhile has already dropped the cache.
    if (going && running.get(ds) === going) lastFreshness.set(ds, known)
  }
  const [last] = await ds.query(`SELECT ${RUN_SUMMARY_COLUMNS} FROM audit_runs ORDER BY id DESC LIMIT 1`)
  return { lastRun: runSummary(last), ...known, running: running.get(ds) ?? going ?? null }
}

/** How many cases wait on each year's 节假日安排 (a limit reaching into it could not be judged). */
export async function calendarWaiting(ds: Pick<DataSource, 'query'>): Promise<{ year: number; cases: number }[]> {
  return ds.query(`SELECT calendar_missing_year AS year, count(*)::int AS cases FROM audit_results
    WHERE calendar_missing_year IS NOT NULL GROUP BY 1 ORDER BY 1`)
}

export function buildAuditHandlers(ctx: AppContext): HandlerMap<'audit.status' | 'audit.run'> {
  const { ds } = ctx
  return {
    'audit.status': () => status(ds),
    async 'audit.run'(_req, caller) {
      void startAuditRun(ds, caller.user!.username)
      return status(ds)
    }
  }
}
