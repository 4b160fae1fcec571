// Re-indexing the archive: every case's search vector and complainant key recomputed from its stored texts
// with the current normalisation (text/). Migration 1764000000009 runs it once over an existing archive;
// `npm run bench:list` runs it to show the list is no slower afterwards.
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type { PoolClient } from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { BinarySink } from '../db/binary-copy'
import { CASES_TABLE_INDEXES, CASES_TABLE_INDEX_NAMES } from '../db/case-indexes'
import { identityKey } from '../text/identity'
import { lexemesOf } from './search-terms'

export interface ReindexOptions {
  /** Cases per round trip (read, compute, COPY); default 20,000. */
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
  /** Where the time went, in ms: reading the texts, computing and staging the new values; rewriting the table with them; building the list indexes; VACUUM ANALYZE. */
  phases: { computeMs: number; rewriteMs: number; indexMs: number; vacuumMs: number }
}

type Row = { id: number; summary: string | null; request: string | null; complainant_name: string | null; complainant_id_no: string | null }

/**
 * Recomputes cases.search_vec (cases/search-terms.ts) and cases.complainant_key (text/identity.ts) for every
 * case, in one transaction: a failure leaves the archive as it was. `client` must not be in a transaction
 * (VACUUM follows the commit).
 *
 * The texts are read in batches by id and the new values staged in a temporary table; when any case
 * changes, the table is rewritten once with them (see below), the list indexes are built anew, and after
 * the commit VACUUM ANALYZE sets the visibility map (the list's index-only scans need it) and the
 * statistics: the archive ends as compact, and in the same order, as before. Updating the rows instead
 * would leave a dead copy of each, double the indexes, and empty the visibility map. Writers wait
 * throughout; readers wait from the rewrite to the commit. Nothing changed, nothing is rewritten: running
 * it again costs one read of the texts.
 */
export async function reindexArchive(client: PoolClient, opts: ReindexOptions = {}): Promise<ReindexResult> {
  const started = Date.now()
  const batch = opts.batch ?? 20_000
  const phases = { computeMs: 0, rewriteMs: 0, indexMs: 0, vacuumMs: 0 }
  const { rows: [{ total }] } = await client.query<{ total: number }>('SELECT count(*)::int AS total FROM cases')
  let changed: number
  let done = 0
  await client.query('BEGIN')
  try {
    // Writers wait (the seeder takes the same lock); readers go on until the rewrite.
    await client.query('LOCK TABLE cases IN SHARE ROW EXCLUSIVE MODE')
    await client.query('CREATE TEMP TABLE case_keys (id integer NOT NULL, search_vec tsvector NOT NULL, complainant_key text) ON COMMIT DROP')
    for (let last = 0; ;) {
      const { rows } = await client.query<Row>(
        'SELECT id, summary, request, complainant_name, complainant_id_no FROM cases WHERE id > $1 ORDER BY id LIMIT $2', [last, batch])
      if (!rows.length) break
      const sink = new BinarySink(rows.length * 1600)
      for (const r of rows) {
        sink.tuple(3)
        sink.int4(r.id); sink.tsvector(lexemesOf([r.summary, r.request])); sink.text(identityKey(r.complainant_name, r.complainant_id_no))
      }
      await pipeline(Readable.from([sink.bytes()]), client.query(copyFrom('COPY case_keys (id, search_vec, complainant_key) FROM STDIN WITH (FORMAT binary)')))
      last = rows[rows.length - 1].id
      done += rows.length
      opts.onProgress?.(done, total)
    }
    await client.query('ALTER TABLE case_keys ADD PRIMARY KEY (id)')
    const { rows: [{ n }] } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cases c JOIN case_keys k ON k.id = c.id
        ${opts.force ? '' : 'WHERE c.search_vec IS DISTINCT FROM k.search_vec OR c.complainant_key IS DISTINCT FROM k.complainant_key'}`)
    changed = n
    phases.computeMs = Date.now() - started
    let t = Date.now()
    if (changed > 0) {
      // One rewrite of the table that takes each case's new values from case_keys: the rows stay in the order
      // they are stored, and no dead copies are left (an UPDATE followed by VACUUM FULL would write the table
      // twice, and VACUUM FULL keeps the old copies while any snapshot elsewhere in the database might see
      // them). The rewrite rebuilds the primary key and case-number index; the list indexes are dropped first
      // and built once afterwards.
      await client.query(`DROP INDEX IF EXISTS ${CASES_TABLE_INDEX_NAMES.join(', ')}`)
      // From the first block: a synchronised scan would start where another scan of the table last was and
      // wrap around, storing the archive rotated; the planner, seeing the date no longer follow the storage
      // order, would then read whole tables where it walked the date index.
      await client.query('SET LOCAL synchronize_seqscans = off')
      await client.query(`CREATE FUNCTION pg_temp.reindexed_vec(integer) RETURNS tsvector LANGUAGE sql STABLE AS 'SELECT search_vec FROM case_keys WHERE id = $1'`)
      await client.query(`CREATE FUNCTION pg_temp.reindexed_key(integer) RETURNS text LANGUAGE sql STABLE AS 'SELECT complainant_key FROM case_keys WHERE id = $1'`)
      await client.query(`ALTER TABLE cases ALTER COLUMN search_vec TYPE tsvector USING pg_temp.reindexed_vec(id),
                                            ALTER COLUMN complainant_key TYPE text USING pg_temp.reindexed_key(id)`)
      await client.query('DROP FUNCTION pg_temp.reindexed_vec(integer), pg_temp.reindexed_key(integer)')
    }
    phases.rewriteMs = Date.now() - t
    t = Date.now()
    // Also when nothing changed: a list index missing for whatever reason comes back.
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
