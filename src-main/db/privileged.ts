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
 * The swap takes exclusive locks on several tables (audit_results, the keys' cases and audit_runs, the trend
 * summaries) while the app keeps reading and writing them, so PostgreSQL may pick it as a deadlock's victim
 * (seen in the e2e suite: a policy change's re-audit failed). It runs under a savepoint and is tried again
 * `tries` times in all, 200 ms × attempt apart, without losing what was staged.
 * @returns how many times it was tried again (0: the first try went through)
 * @throws when nothing was staged in this transaction (SQLSTATE 55000); a deadlock on the last try (40P01)
 */
export async function swapInAuditResults(q: Query, tries = 4): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    await q.query('SAVEPOINT audit_swap')
    try {
      await q.query('SELECT dossier_audit_results_swap()')
      await q.query('RELEASE SAVEPOINT audit_swap')
      return attempt - 1
    } catch (err) {
      if ((err as { code?: string }).code !== '40P01' || attempt >= tries) throw err
      await q.query('ROLLBACK TO SAVEPOINT audit_swap')
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt))
    }
  }
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

/**
 * Whether row security applies to this login on the archive's tables (migration 1764000000033): COPY FROM is
 * then refused by PostgreSQL, and a load either suspends it (an empty archive) or inserts through the policies.
 */
export async function rowSecurityApplies(q: Query): Promise<boolean> {
  const { rows } = await q.query<{ on: boolean }>(`SELECT row_security_active('cases') AS on`)
  return rows[0].on
}

/**
 * Suspends row security on the loaded tables for this transaction, to COPY into an EMPTY archive (nothing
 * there to read); it is back on before the transaction commits (a deferred trigger), so no other session sees it off.
 * @throws when the archive holds cases (SQLSTATE 55000)
 */
export async function suspendRowSecurity(q: Query): Promise<void> {
  await q.query('SELECT dossier_bulk_rls_suspend()')
}
