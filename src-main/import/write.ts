// From the staging tables into the archive, set-based, in the import's transaction: each staged case is
// compared with the archive (new / changed / unchanged, and what changed), then written with INSERT (new) and
// UPDATE (changed; ordinary DML, so triggers fire), its timeline rewritten where it changed,
// every change recorded in the audit trail, approved reviews of changed cases marked 「审查后案卷有变更」,
// and the cases linked to the import.
import type { PoolClient } from 'pg'
import { CASE_WRITE_COLUMNS } from './stage'
import { POST_REVIEW_MARKS } from './post-review'
import { beginBulkLoad, restoreAfterBulkLoad } from '../db/privileged'

/** A case number the import counted as new was written meanwhile by another import: nothing of this one was kept. */
export class ConcurrentCaseError extends Error {
  readonly userFacing = true
  constructor() { super('另一个导入同时写入了本文件中的投诉编号，本次导入未作任何改动；请重新导入（将按已有案件比对）'); this.name = 'ConcurrentCaseError' }
}

export interface Outcomes { new: number; changed: number; unchanged: number }
export interface Sample { line: number; caseNo: string; changed?: Record<string, { before: unknown; after: unknown }> }

/** A staged column as the value it will be stored as (numeric and jsonb were staged as text). */
const staged = (col: string): string => {
  const type = CASE_WRITE_COLUMNS.find(([c]) => c === col)?.[1]
  return type === 'numeric' ? `s.${col}::numeric(14,2)` : type === 'jsonb' ? `s.${col}::jsonb` : `s.${col}`
}

export interface WritePlan {
  /** cases columns the mapping provides (written for new and changed cases). */
  columns: string[]
  /** Timeline kinds the mapping provides (compared and rewritten). */
  kinds: string[]
  /** Whether the mapping provides the repeat-of case number. */
  repeatOf: boolean
  search: boolean
  identity: boolean
}

/** Each case's timeline as compared: the first time of each kind the mapping provides, as one text. */
const timelines = (key: string, from: string): string =>
  `SELECT ${key}, string_agg(kind || '@' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS'), ',' ORDER BY kind) AS timeline
     FROM (SELECT ${key}, kind, min(at) AS at FROM ${from} AND kind = ANY($1::text[]) GROUP BY ${key}, kind) t GROUP BY ${key}`

/**
 * Creates the units the source names that the archive lacks (presets with createUnits), then classifies
 * every staged case into import_outcome (case_no, line, case_id, outcome, before, after: the compared
 * fields as JSON).
 */
export async function classify(client: PoolClient, plan: WritePlan): Promise<Outcomes> {
  await client.query(`INSERT INTO units (code, name, kind) SELECT DISTINCT new_unit, new_unit, 'branch' FROM import_stage WHERE new_unit IS NOT NULL ON CONFLICT (code) DO NOTHING`)
  await client.query(`UPDATE import_stage s SET unit_id = u.id FROM units u WHERE s.new_unit IS NOT NULL AND u.code = s.new_unit`)
  await client.query('CREATE INDEX ON import_stage (case_no)')
  await client.query('CREATE INDEX ON import_stage_events (case_no)')
  await client.query('ANALYZE import_stage; ANALYZE import_stage_events')
  const cols = plan.columns.filter((c) => c !== 'case_no')
  // Each staged case with its case in the archive, if any: a case not there yet is new, and nothing of it is compared.
  await client.query(`CREATE TEMP TABLE import_outcome ON COMMIT DROP AS
    SELECT s.case_no, s.line, c.id AS case_id, CASE WHEN c.id IS NULL THEN 'new' END AS outcome, NULL::jsonb AS after, NULL::jsonb AS before
      FROM import_stage s LEFT JOIN cases c ON c.case_no = s.case_no`)
  // The cases already in the archive: the compared fields as JSON, staged and stored, timelines set-based.
  const { rows: known } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM import_outcome WHERE case_id IS NOT NULL`)
  if (known[0].n > 0) {
    await client.query(`CREATE TEMP TABLE import_tl_new ON COMMIT DROP AS ${timelines('case_no', 'import_stage_events WHERE case_no IN (SELECT case_no FROM import_outcome WHERE case_id IS NOT NULL)')}`, [plan.kinds])
    await client.query(`CREATE TEMP TABLE import_tl_old ON COMMIT DROP AS ${timelines('case_id', 'case_events WHERE case_id IN (SELECT case_id FROM import_outcome WHERE case_id IS NOT NULL)')}`, [plan.kinds])
    const extraNew = [...(plan.kinds.length ? ['tn.timeline'] : []), ...(plan.repeatOf ? ['s.repeat_of_no AS repeat_of'] : [])]
    const extraOld = [...(plan.kinds.length ? ['tlo.timeline'] : []), ...(plan.repeatOf ? ['(SELECT r.case_no FROM cases r WHERE r.id = c.repeat_of_id) AS repeat_of'] : [])]
    await client.query(`UPDATE import_outcome u SET after = z.after, before = z.before, outcome = CASE WHEN z.before = z.after THEN 'unchanged' ELSE 'changed' END
      FROM (SELECT s.case_no, n.j AS after, o.j AS before
        FROM import_stage s JOIN cases c ON c.case_no = s.case_no
        LEFT JOIN import_tl_new tn ON tn.case_no = s.case_no LEFT JOIN import_tl_old tlo ON tlo.case_id = c.id
        CROSS JOIN LATERAL (SELECT to_jsonb(x) AS j FROM (SELECT ${[...cols.map((c) => `${staged(c)} AS ${c}`), ...extraNew].join(', ')}) x) n
        CROSS JOIN LATERAL (SELECT to_jsonb(x) AS j FROM (SELECT ${[...cols.map((c) => `c.${c}`), ...extraOld].join(', ')}) x) o) z
     WHERE u.case_no = z.case_no`)
  }
  const { rows } = await client.query<{ outcome: keyof Outcomes; n: number }>('SELECT outcome, count(*)::int AS n FROM import_outcome GROUP BY outcome')
  const out: Outcomes = { new: 0, changed: 0, unchanged: 0 }
  for (const r of rows) out[r.outcome] = r.n
  return out
}

/** The first `n` staged cases of each outcome, with what changed (for the dry run and the import record). */
export async function samples(client: PoolClient, n = 5): Promise<Record<keyof Outcomes, Sample[]>> {
  const { rows } = await client.query<{ outcome: keyof Outcomes; line: number; case_no: string; diff: Record<string, { before: unknown; after: unknown }> | null }>(`
    SELECT outcome, line, case_no, CASE WHEN outcome = 'changed' THEN (
        SELECT jsonb_object_agg(b.key, jsonb_build_object('before', b.value, 'after', a.value)) FROM jsonb_each(before) b JOIN jsonb_each(after) a ON a.key = b.key
         WHERE a.value IS DISTINCT FROM b.value) END AS diff
      FROM (SELECT *, row_number() OVER (PARTITION BY outcome ORDER BY line) AS k FROM import_outcome) x WHERE k <= $1 ORDER BY outcome, line`, [n])
  const out: Record<keyof Outcomes, Sample[]> = { new: [], changed: [], unchanged: [] }
  for (const r of rows) out[r.outcome].push({ line: r.line, caseNo: r.case_no, ...(r.diff ? { changed: r.diff } : {}) })
  return out
}

/** Where the write's time went (ms); `bulk` says whether the indexes and keys were rebuilt instead of kept up. */
export interface WritePhases { bulk: boolean; trailMs: number; upsertMs: number; eventsMs: number; indexMs: number; keysAndSummariesMs: number; linkMs: number }

/**
 * Writes the new and changed cases, their timelines, repeat links, the trail and the post-review marks.
 * With `bulk` (a large import: see run.ts), the archive's secondary indexes and foreign keys are dropped for the
 * writes and rebuilt once after them, and the trend summaries and the legal list rebuilt once, instead of kept
 * up row by row and statement by statement — all in the import's transaction (privileged.ts), so a failure or a
 * killed process rolls the drop back with everything else. Unique keys (case_no) stay throughout.
 * @returns the ids of the changed cases (to re-audit), repeat-of case numbers not found in the archive, and the phases
 */
export async function writeStaged(client: PoolClient, plan: WritePlan, importId: number, actor: string, bulk = false): Promise<{ changedIds: number[]; unknownRepeats: number; phases: WritePhases }> {
  const phases: WritePhases = { bulk, trailMs: 0, upsertMs: 0, eventsMs: 0, indexMs: 0, keysAndSummariesMs: 0, linkMs: 0 }
  let t = performance.now()
  const lap = (): number => { const now = performance.now(); const ms = now - t; t = now; return Math.round(ms) }
  const cols = [...plan.columns, ...(plan.search ? ['search_vec'] : []), ...(plan.identity ? ['complainant_key'] : [])]
  const value = (c: string): string => (c === 'search_vec' ? `coalesce(s.search_vec, ''::tsvector)` : c === 'complainant_key' ? 's.complainant_key' : staged(c))
  // The trail first (`before` is the archive as it stands), and from its entries the 「审查后案卷有变更」 marks
  // of the changed cases' approved reviews: the mark's before/after are the trail's.
  await client.query(`
    WITH t AS (
      INSERT INTO audit_trail (actor, entity, entity_id, action, before, after)
      SELECT $1, 'case', o.case_id::text, 'import_update', d.b, d.a || jsonb_build_object('import_id', $2::int)
        FROM import_outcome o CROSS JOIN LATERAL (
          SELECT jsonb_object_agg(b.key, b.value) AS b, jsonb_object_agg(a.key, a.value) AS a
            FROM jsonb_each(o.before) b JOIN jsonb_each(o.after) a ON a.key = b.key WHERE a.value IS DISTINCT FROM b.value) d
       WHERE o.outcome = 'changed' ORDER BY o.line
      RETURNING id, entity_id, before, after)
    ${POST_REVIEW_MARKS('case')}`, [actor, importId])
  phases.trailMs = lap()
  if (bulk) await beginBulkLoad(client, false, true)
  // New cases by a plain INSERT, changed ones by UPDATE of their known id: the classification already told them
  // apart, and ON CONFLICT's speculative insertion cost 20–45 % more per row (100,000 rows, bench database). A
  // case of the same number written meanwhile by another import is a unique violation that fails this import
  // whole (it was counted new), instead of an update with no trail.
  await client.query(`
    INSERT INTO cases (${cols.join(', ')})
    SELECT ${cols.map(value).join(', ')} FROM import_stage s JOIN import_outcome o ON o.case_no = s.case_no
     WHERE o.outcome = 'new' ORDER BY s.line`).catch((err: { code?: string; constraint?: string }) => {
    if (err.code === '23505' && err.constraint === 'cases_case_no_key') throw new ConcurrentCaseError()
    throw err
  })
  await client.query(`
    UPDATE cases c SET ${[...cols.filter((c) => c !== 'case_no').map((c) => `${c} = ${value(c)}`), 'version = c.version + 1', 'updated_at = now()'].join(', ')}
      FROM import_stage s JOIN import_outcome o ON o.case_no = s.case_no
     WHERE o.outcome = 'changed' AND c.id = o.case_id`)
  await client.query(`UPDATE import_outcome o SET case_id = c.id FROM cases c WHERE o.case_id IS NULL AND c.case_no = o.case_no`)
  phases.upsertMs = lap()
  if (plan.kinds.length) {
    const rewrite = `(o.outcome = 'new' OR (o.outcome = 'changed' AND (o.before->>'timeline') IS DISTINCT FROM (o.after->>'timeline')))`
    await client.query(`DELETE FROM case_events e USING import_outcome o WHERE e.case_id = o.case_id AND ${rewrite}`)
    await client.query(`INSERT INTO case_events (case_id, seq, kind, at)
      SELECT o.case_id, se.seq, se.kind, se.at FROM import_stage_events se JOIN import_outcome o ON o.case_no = se.case_no WHERE ${rewrite}`)
  }
  let unknownRepeats = 0
  if (plan.repeatOf) {
    await client.query(`UPDATE cases c SET repeat_of_id = r.id
      FROM import_outcome o JOIN import_stage s ON s.case_no = o.case_no LEFT JOIN cases r ON r.case_no = s.repeat_of_no
     WHERE c.id = o.case_id AND o.outcome <> 'unchanged' AND c.repeat_of_id IS DISTINCT FROM r.id AND r.id IS DISTINCT FROM c.id`)
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM import_stage s WHERE s.repeat_of_no IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cases r WHERE r.case_no = s.repeat_of_no)`)
    unknownRepeats = rows[0].n
  }
  phases.eventsMs = lap()
  if (bulk) {
    await restoreAfterBulkLoad(client, 'index')
    phases.indexMs = lap()
    // The keys validated by one scan each; the last one back rebuilds the trend summaries and the legal list.
    await restoreAfterBulkLoad(client, 'key')
    phases.keysAndSummariesMs = lap()
  }
  // One statement, its keys checked once for all its rows by import_cases' statement triggers (migration 42), not a
  // key lookup per row. A new import id links each staged case once (case numbers are unique in the file), so
  // no conflict can arise; in case order, both indexes grow at their right edge.
  await client.query(`INSERT INTO import_cases (import_id, case_id, outcome) SELECT $1, case_id, outcome FROM import_outcome ORDER BY case_id`, [importId])
  const { rows } = await client.query<{ id: number }>(`SELECT case_id AS id FROM import_outcome WHERE outcome = 'changed' ORDER BY case_id`)
  phases.linkMs = lap()
  return { changedIds: rows.map((r) => r.id), unknownRepeats, phases }
}
