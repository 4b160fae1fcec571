// Re-indexing the archive: every case's search vector and complainant key recomputed from its stored texts
// with the current normalisation (text/). Migration 1764000000009 runs it once over an existing archive;
// `npm run bench` runs it to show the list is no slower afterwards.
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type { PoolClient } from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { BinarySink } from '../db/binary-copy'
import { CASES_TABLE_INDEXES, CASES_TABLE_INDEX_NAMES } from '../db/case-indexes'
import { identityKey } from '../text/identity'

export interface ReindexOptions {
  /** Cases per round trip (read, compute, COPY, UPDATE); default 20,000. */
  batch?: number
  /** Rewrite every case even where nothing changed (the bench's worst case: an archive where all change). */
  force?: boolean
  onProgress?: (done: number, total: number) => void
}

export interface ReindexResult {
  cases: number
  /** Cases whose search vector or complainant key changed (all of them with `force`). */
  changed: number
  ms: number
  /** Where the time went, in ms: reading, computing and writing the new values; rewriting the table; building the list indexes; VACUUM ANALYZE. */
  phases: { updateMs: number; compactMs: number; indexMs: number; vacuumMs: number }
}

type Row = { id: number; summary: string | null; request: string | null; complainant_name: string | null; complainant_id_no: string | null }

/**
 * Recomputes cases.search_vec (cases/search-terms.ts) and cases.complainant_key (text/identity.ts) for every
 * case, in batches by id, in one transaction: a failure leaves the archive as it was. `client` must not be
 * in a transaction (VACUUM follows the commit).
 *
 * Updating every row leaves a dead copy of each, doubles the indexes, and empties the visibility map the
 * list's index-only scans rely on. So, once a batch shows changes, the list indexes are dropped for the
 * update (no million index insertions, no GIN pending list); the table is then rewritten with only its live
 * rows, in id order as they were written (an ALTER TABLE that recomputes a column into itself; see below),
 * which rebuilds the primary key and case-number index; the list indexes are built anew; and after the
 * commit VACUUM ANALYZE sets the visibility map and the statistics: the archive ends as compact as a fresh
 * load. Writers wait throughout; readers wait from the rewrite to the commit. Nothing changed, nothing is
 * rewritten: running it again costs one read of the texts.
 */
export async function reindexArchive(client: PoolClient, opts: ReindexOptions = {}): Promise<ReindexResult> {
  const started = Date.now()
  const batch = opts.batch ?? 20_000
  const phases = { updateMs: 0, compactMs: 0, indexMs: 0, vacuumMs: 0 }
  const { rows: [{ total }] } = await client.query<{ total: number }>('SELECT count(*)::int AS total FROM cases')
  let changed = 0
  let done = 0
  await client.query('BEGIN')
  try {
    // Writers wait (the seeder takes the same lock); readers go on until the rewrite.
    await client.query('LOCK TABLE cases IN SHARE ROW EXCLUSIVE MODE')
    await client.query('CREATE TEMP TABLE case_keys (id integer NOT NULL, search_vec tsvector NOT NULL, complainant_key text) ON COMMIT DROP')
    let indexesDropped = false
    for (let last = 0; ;) {
      const { rows } = await client.query<Row>(
        'SELECT id, summary, request, complainant_name, complainant_id_no FROM cases WHERE id > $1 ORDER BY id LIMIT $2', [last, batch])
      if (!rows.length) break
      const sink = new BinarySink(rows.length * 1600)
      for (const r of rows) {
        sink.tuple(3)
        sink.int4(r.id); sink.tsvector(r.summary, r.request); sink.text(identityKey(r.complainant_name, r.complainant_id_no))
      }
      await client.query('TRUNCATE case_keys')
      await pipeline(Readable.from([sink.bytes()]), client.query(copyFrom('COPY case_keys (id, search_vec, complainant_key) FROM STDIN WITH (FORMAT binary)')))
      const first = rows[0].id
      last = rows[rows.length - 1].id
      const differs = opts.force ? '' : 'AND (c.search_vec IS DISTINCT FROM k.search_vec OR c.complainant_key IS DISTINCT FROM k.complainant_key)'
      if (!indexesDropped) {
        const { rows: [{ any }] } = await client.query<{ any: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM cases c JOIN case_keys k ON k.id = c.id WHERE c.id BETWEEN $1 AND $2 ${differs}) AS any`, [first, last])
        if (any) {
          await client.query(`DROP INDEX IF EXISTS ${CASES_TABLE_INDEX_NAMES.join(', ')}`)
          indexesDropped = true
        }
      }
      if (indexesDropped) {
        // The id range lets the planner walk the primary key for this batch instead of scanning the table.
        const res = await client.query(
          `UPDATE cases c SET search_vec = k.search_vec, complainant_key = k.complainant_key
             FROM case_keys k WHERE k.id = c.id AND c.id BETWEEN $1 AND $2 ${differs}`, [first, last])
        changed += res.rowCount ?? 0
      }
      done += rows.length
      opts.onProgress?.(done, total)
    }
    phases.updateMs = Date.now() - started
    let t = Date.now()
    // The old row versions are dead to this transaction only: VACUUM FULL would keep them while any other
    // snapshot in the database (an autovacuum ANALYZE) might see them. A table rewrite by ALTER TABLE copies
    // only the rows this transaction sees, so this one, which recomputes a column into itself, leaves none.
    if (changed > 0) await client.query(`ALTER TABLE cases ALTER COLUMN complainant_key TYPE text USING complainant_key || ''`)
    phases.compactMs = Date.now() - t
    t = Date.now()
    await client.query(CASES_TABLE_INDEXES)
    phases.indexMs = Date.now() - t
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  }
  // A rewritten table has no visibility map yet (index-only scans would read the heap) nor statistics.
  const t = Date.now()
  if (changed > 0) await client.query('VACUUM (ANALYZE) cases')
  phases.vacuumMs = Date.now() - t
  return { cases: total, changed, ms: Date.now() - started, phases }
}
