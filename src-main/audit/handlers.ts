// The audit engine behind the contract: status of the stored results, and a whole-archive run in the
// background with its progress (one at a time per database).
import type { DataSource } from 'typeorm'
import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import type { AuditStatus } from '../shared/review-types'
import { auditFreshness, isCurrent, staleReason } from './freshness'
import { runAudit, type AuditRunResult } from './batch'

const running = new WeakMap<DataSource, { done: number; total: number }>()

/**
 * Starts a whole-archive run unless one is going; the promise settles when it ends (callers may ignore it:
 * progress is in audit.status). Reason 'policy_changed'/'new_cases' when started because results are stale.
 */
export function startAuditRun(ds: DataSource, actor: string, reason: 'on_demand' | 'policy_changed' | 'new_cases' = 'on_demand'): Promise<AuditRunResult | null> {
  if (running.has(ds)) return Promise.resolve(null)
  const progress = { done: 0, total: 0 }
  running.set(ds, progress)
  return runAudit(ds, { actor, reason, onProgress: (done, total) => { progress.done = done; progress.total = total } })
    .catch((err: Error) => { console.error(`audit run failed: ${err.message}`); return null })
    .finally(() => running.delete(ds))
}

/** Re-audits when a policy set changed or cases have no result yet; resolves at once when all is current. */
export async function refreshAudit(ds: DataSource): Promise<Promise<AuditRunResult | null>> {
  const f = await auditFreshness(ds)
  if (isCurrent(f)) return Promise.resolve(null)
  return startAuditRun(ds, 'system', staleReason(f))
}

/** What was known when no run was going: while one runs, a poll only reads its progress (not the archive). */
const lastFreshness = new WeakMap<DataSource, { policyChanged: boolean; unaudited: number }>()

async function status(ds: DataSource): Promise<AuditStatus> {
  const f = running.has(ds) && lastFreshness.has(ds) ? lastFreshness.get(ds)! : await auditFreshness(ds)
  if (!running.has(ds)) lastFreshness.set(ds, { policyChanged: f.policyChanged, unaudited: f.unaudited })
  const [last] = await ds.query(`SELECT id, finished_at, cases, flagged, reason, status FROM audit_runs ORDER BY id DESC LIMIT 1`)
  return {
    lastRun: last ? { id: last.id, finishedAt: last.finished_at?.toISOString() ?? null, cases: last.cases, flagged: last.flagged, reason: last.reason, status: last.status } : null,
    policyChanged: f.policyChanged, unaudited: f.unaudited, running: running.get(ds) ?? null
  }
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
