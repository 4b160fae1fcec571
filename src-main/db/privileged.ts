// The owner's SECURITY DEFINER functions (migrations/1764000000012-roles.ts): the only way the app role
// does what needs an owner's rights. Each does one job and checks its own preconditions; callers pass the
// connection whose transaction the work belongs to.
import type { PoolClient } from 'pg'

type Query = Pick<PoolClient, 'query'>

/** The whole-archive audit: creates audit_results_next for this transaction to COPY into (audit/batch.ts). */
export async function stageAuditResults(q: Query): Promise<void> {
  await q.query('SELECT dossier_audit_results_stage()')
}

/**
 * Swaps the staged results in (keys, indexes, statistics, then the rename); they become visible at commit.
 * @throws when nothing was staged in this transaction (SQLSTATE 55000)
 */
export async function swapInAuditResults(q: Query): Promise<void> {
  await q.query('SELECT dossier_audit_results_swap()')
}

/**
 * Starts a bulk load into the archive's tables (cases and the tables hanging off them) in the caller's
 * transaction: locks the cases table; when `empty` and the archive holds no case (and nothing else refers
 * to it), empties the tables so COPY may FREEZE; when `dropIndexes`, drops their indexes and foreign keys
 * (rebuilt by restoreAfterBulkLoad before the commit).
 * @returns whether the tables were emptied in this transaction (COPY … FREEZE is then allowed)
 */
export async function beginBulkLoad(q: Query, empty: boolean, dropIndexes: boolean): Promise<boolean> {
  const { rows } = await q.query<{ emptied: boolean }>('SELECT dossier_bulk_load_begin($1, $2) AS emptied', [empty, dropIndexes])
  return rows[0].emptied
}

/** Rebuilds what beginBulkLoad dropped in this transaction: first the indexes, then the keys (validated). */
export async function restoreAfterBulkLoad(q: Query, kind: 'index' | 'key'): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT dossier_bulk_load_restore($1) AS n', [kind])
  return rows[0].n
}

/** Fresh planner statistics for cases and case_events after a large load (outside its transaction). */
export async function analyzeArchive(q: Query): Promise<void> {
  await q.query('SELECT dossier_analyze_archive()')
}
