// Whether the stored results still describe the archive: a policy set changed since the last whole-archive
// run, or cases arrived that have no result yet. The app re-runs the audit when either is true.
import type { DataSource } from 'typeorm'
import { loadReference } from './policies'

export interface AuditFreshness { lastRunId: number | null; policyChanged: boolean; unaudited: number }

export async function auditFreshness(ds: DataSource): Promise<AuditFreshness> {
  const { book } = await loadReference(ds)
  const [last] = await ds.query(`SELECT id, policy_fingerprint FROM audit_runs WHERE status = 'done' AND scope_from IS NULL AND scope_to IS NULL ORDER BY id DESC LIMIT 1`)
  const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM cases c WHERE NOT EXISTS (SELECT 1 FROM audit_results a WHERE a.case_id = c.id)')
  return { lastRunId: last?.id ?? null, policyChanged: last ? last.policy_fingerprint !== book.fingerprint : false, unaudited: n }
}

export const isCurrent = (f: AuditFreshness): boolean => f.lastRunId !== null && !f.policyChanged && f.unaudited === 0
export const staleReason = (f: AuditFreshness): 'policy_changed' | 'new_cases' => (f.policyChanged ? 'policy_changed' : 'new_cases')
