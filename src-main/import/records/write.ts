// From rec_stage into the archive, set-based and in the import's transaction, for units, staff, offers and
// rectification measures: each staged row is matched with its target by key and classified (new / changed /
// unchanged, and what changed), then changed rows are updated and new ones inserted (ordinary DML, so the
// legal review's triggers see an offer change), every change is recorded in the audit trail, and a change to
// an offer or measure of a case whose review was approved marks that review 「审查后案卷有变更」.
import type { PoolClient } from 'pg'
import { POST_REVIEW_MARKS } from '../post-review'
import type { Outcomes, Sample } from '../write'
import type { TargetSpec } from './targets'

/** The fields of `spec` the mapping provides, in a stable order. */
const providedFields = (spec: TargetSpec, provided: ReadonlySet<string>): string[] => Object.keys(spec.fields).filter((k) => provided.has(k))

const json = (pairs: [string, string][]): string => (pairs.length ? `jsonb_build_object(${pairs.map(([k, e]) => `'${k}', ${e}`).join(', ')})` : `'{}'::jsonb`)

/**
 * Classifies every staged row into rec_outcome (line, target_id, case_id, outcome, before, after).
 * @returns the counts per outcome
 */
export async function classifyRecords(client: PoolClient, spec: TargetSpec, provided: ReadonlySet<string>, hasCase: boolean): Promise<Outcomes> {
  const keys = providedFields(spec, provided)
  await client.query('ANALYZE rec_stage')
  await client.query(`CREATE TEMP TABLE rec_outcome ON COMMIT DROP AS
    SELECT s.line, t.id AS target_id, ${hasCase ? 's.case_id' : 'NULL::int AS case_id'},
           ${json(keys.map((k) => [k, spec.fields[k].s]))} AS after,
           CASE WHEN t.id IS NULL THEN NULL ELSE ${json(keys.map((k) => [k, spec.fields[k].t]))} END AS before
      FROM rec_stage s LEFT JOIN ${spec.table} t ON ${spec.match}`)
  await client.query(`ALTER TABLE rec_outcome ADD COLUMN outcome text`)
  await client.query(`UPDATE rec_outcome SET outcome = CASE WHEN target_id IS NULL THEN 'new' WHEN before = after THEN 'unchanged' ELSE 'changed' END`)
  return countOutcomes(client)
}

export async function countOutcomes(client: PoolClient): Promise<Outcomes> {
  const { rows } = await client.query<{ outcome: keyof Outcomes; n: number }>('SELECT outcome, count(*)::int AS n FROM rec_outcome GROUP BY outcome')
  const out: Outcomes = { new: 0, changed: 0, unchanged: 0 }
  for (const r of rows) out[r.outcome] = r.n
  return out
}

/** The first `n` rows of each outcome, with what changed; `label` names a row (its key as the user reads it). */
export async function recordSamples(client: PoolClient, label: string, n = 5): Promise<Record<keyof Outcomes, Sample[]>> {
  const { rows } = await client.query<{ outcome: keyof Outcomes; line: number; label: string; diff: Sample['changed'] | null }>(`
    SELECT o.outcome, o.line, ${label} AS label, CASE WHEN o.outcome = 'changed' THEN (
        SELECT jsonb_object_agg(b.key, jsonb_build_object('before', b.value, 'after', a.value)) FROM jsonb_each(o.before) b JOIN jsonb_each(o.after) a ON a.key = b.key
         WHERE a.value IS DISTINCT FROM b.value) END AS diff
      FROM (SELECT *, row_number() OVER (PARTITION BY outcome ORDER BY line) AS k FROM rec_outcome) o JOIN rec_stage s ON s.line = o.line
     WHERE o.k <= $1 ORDER BY o.outcome, o.line`, [n])
  const out: Record<keyof Outcomes, Sample[]> = { new: [], changed: [], unchanged: [] }
  for (const r of rows) out[r.outcome].push({ line: r.line, caseNo: r.label, ...(r.diff ? { changed: r.diff } : {}) })
  return out
}

/**
 * Writes the new and changed rows, the trail and the post-review marks.
 * @returns the ids of the cases whose offers or measures were written (to re-check and re-audit)
 */
export async function writeRecords(client: PoolClient, spec: TargetSpec, provided: ReadonlySet<string>, importId: number, actor: string): Promise<{ caseIds: number[]; targetIds: number[] }> {
  const keys = providedFields(spec, provided).filter((k) => spec.fields[k].col)
  const cols = keys.map((k) => spec.fields[k].col!)
  const vals = keys.map((k) => spec.fields[k].set!)
  if (cols.length) {
    await client.query(`UPDATE ${spec.table} t SET ${cols.map((c, i) => `${c} = ${vals[i]}`).join(', ')}${spec.table === 'remediation_offers' ? ', version = t.version + 1' : ''}
      FROM rec_stage s JOIN rec_outcome o ON o.line = s.line WHERE t.id = o.target_id AND o.outcome = 'changed'`)
  }
  await client.query(`INSERT INTO ${spec.table} (${[...spec.fixed.cols, ...cols].join(', ')})
    SELECT ${[...spec.fixed.vals, ...vals].join(', ')} FROM rec_stage s JOIN rec_outcome o ON o.line = s.line WHERE o.outcome = 'new' ORDER BY s.line`)
  await client.query(`UPDATE rec_outcome o SET target_id = t.id FROM rec_stage s JOIN ${spec.table} t ON ${spec.match} WHERE s.line = o.line AND o.target_id IS NULL`)
  if (spec.table === 'units' && provided.has('parent')) {
    // Parents last: a parent may be a unit of the same file.
    await client.query(`UPDATE units t SET parent_id = p.id FROM rec_stage s LEFT JOIN units p ON p.code = s.parent
      WHERE t.code = s.code AND t.parent_id IS DISTINCT FROM p.id`)
  }
  // The trail: for a changed row only what changed; for a new one all it holds. `case_id` lets the marks find the case.
  await client.query(`
    WITH t AS (
      INSERT INTO audit_trail (actor, entity, entity_id, action, before, after)
      SELECT $1, '${spec.trail}', o.target_id::text, CASE o.outcome WHEN 'new' THEN 'import_create' ELSE 'import_update' END, d.b,
             d.a || jsonb_build_object('import_id', $2::int) || CASE WHEN o.case_id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('case_id', o.case_id) END
        FROM rec_outcome o CROSS JOIN LATERAL (
          SELECT CASE WHEN o.before IS NULL THEN NULL ELSE (SELECT jsonb_object_agg(b.key, b.value) FROM jsonb_each(o.before) b WHERE b.value IS DISTINCT FROM o.after->b.key) END AS b,
                 CASE WHEN o.before IS NULL THEN o.after ELSE (SELECT jsonb_object_agg(a.key, a.value) FROM jsonb_each(o.after) a WHERE a.value IS DISTINCT FROM o.before->a.key) END AS a) d
       WHERE o.outcome IN ('new', 'changed') ORDER BY o.line
      RETURNING id, entity_id, before, after)
    ${spec.mark ? POST_REVIEW_MARKS(spec.trail as 'offer' | 'rectification', `(t.after->>'case_id')::int`) : 'SELECT 1'}`, [actor, importId])
  if (spec.mark) {
    await client.query(`INSERT INTO import_cases (import_id, case_id, outcome)
      SELECT $1, case_id, CASE WHEN bool_or(outcome <> 'unchanged') THEN 'changed' ELSE 'unchanged' END
        FROM rec_outcome GROUP BY case_id ON CONFLICT DO NOTHING`, [importId])
  }
  const { rows } = await client.query<{ case_id: number | null; target_id: number }>(`SELECT case_id, target_id FROM rec_outcome WHERE outcome IN ('new', 'changed') ORDER BY line`)
  return { caseIds: [...new Set(rows.map((r) => r.case_id).filter((x): x is number => x !== null))].sort((a, b) => a - b), targetIds: rows.map((r) => r.target_id) }
}
