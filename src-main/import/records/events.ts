// A timeline as a file of events — one row per step (case number, step, time) — instead of a column per
// step. Compared per case and step: the file's times of a step replace the archive's times of that step
// (a step the file does not name is left as it is); each row counts as its step's outcome (new when the
// archive had no such step, changed when its times differ, unchanged otherwise). A step that has a column
// of its own on the case (受理时间 for 受理, …) writes the column too (its first time), since the audit reads
// the columns. Each changed case gets one trail entry (its steps before and after) and, if its review was
// approved, the 「审查后案卷有变更」 mark.
import type { PoolClient } from 'pg'
import { COLUMN_STEPS } from '../../shared/import-fields'
import { EVENT_KINDS } from '../../shared/codes'
import { POST_REVIEW_MARKS } from '../post-review'
import type { Outcomes } from '../write'
import { countOutcomes } from './write'

const ORDER_SQL = `array_position($1::text[], kind)`

/** Classifies the staged events into rec_outcome (line, target_id = case, outcome, before, after: the step's times). */
export async function classifyEvents(client: PoolClient): Promise<Outcomes> {
  await client.query('ANALYZE rec_stage')
  await client.query(`CREATE TEMP TABLE rec_steps ON COMMIT DROP AS
    SELECT g.case_id, g.step, to_jsonb(g.times) AS after, to_jsonb(a.times) AS before
      FROM (SELECT case_id, step, array_agg(at ORDER BY at) AS times FROM rec_stage GROUP BY case_id, step) g
      LEFT JOIN LATERAL (SELECT array_agg(e.at ORDER BY e.at) AS times FROM case_events e WHERE e.case_id = g.case_id AND e.kind = g.step) a ON true`)
  await client.query(`ALTER TABLE rec_steps ADD COLUMN outcome text`)
  await client.query(`UPDATE rec_steps SET outcome = CASE WHEN before IS NULL THEN 'new' WHEN before = after THEN 'unchanged' ELSE 'changed' END`)
  await client.query(`CREATE TEMP TABLE rec_outcome ON COMMIT DROP AS
    SELECT s.line, s.case_id AS target_id, s.case_id, g.outcome, jsonb_build_object(s.step, g.before) AS before, jsonb_build_object(s.step, g.after) AS after
      FROM rec_stage s JOIN rec_steps g ON g.case_id = s.case_id AND g.step = s.step`)
  return countOutcomes(client)
}

/**
 * Rewrites the timelines of the cases with new or changed steps (kept steps keep their actor, unit and note),
 * their step columns, the trail and the marks.
 * @returns the ids of the cases changed (to re-audit)
 */
export async function writeEvents(client: PoolClient, importId: number, actor: string): Promise<number[]> {
  const { rows } = await client.query<{ case_id: number }>(`SELECT DISTINCT case_id FROM rec_steps WHERE outcome <> 'unchanged' ORDER BY case_id`)
  if (!rows.length) return []
  await client.query(`
    WITH t AS (
      INSERT INTO audit_trail (actor, entity, entity_id, action, before, after)
      SELECT $1, 'case', case_id::text, 'import_update', jsonb_build_object('timeline', jsonb_object_agg(step, before)),
             jsonb_build_object('timeline', jsonb_object_agg(step, after), 'import_id', $2::int)
        FROM rec_steps WHERE outcome <> 'unchanged' GROUP BY case_id ORDER BY case_id
      RETURNING id, entity_id, before, after)
    ${POST_REVIEW_MARKS('timeline')}`, [actor, importId])
  await client.query(`CREATE TEMP TABLE rec_timeline ON COMMIT DROP AS
    SELECT e.case_id, e.kind, e.at, e.actor_id, e.unit_id, e.note FROM case_events e
     WHERE e.case_id IN (SELECT case_id FROM rec_steps WHERE outcome <> 'unchanged')
       AND NOT EXISTS (SELECT 1 FROM rec_steps g WHERE g.case_id = e.case_id AND g.step = e.kind AND g.outcome <> 'unchanged')
    UNION ALL
    SELECT s.case_id, s.step, s.at, NULL, NULL, NULL FROM rec_stage s JOIN rec_steps g ON g.case_id = s.case_id AND g.step = s.step WHERE g.outcome <> 'unchanged'`)
  await client.query(`DELETE FROM case_events WHERE case_id IN (SELECT DISTINCT case_id FROM rec_timeline)`)
  await client.query(`INSERT INTO case_events (case_id, seq, kind, at, actor_id, unit_id, note)
    SELECT case_id, row_number() OVER (PARTITION BY case_id ORDER BY at, ${ORDER_SQL}, kind), kind, at, actor_id, unit_id, note FROM rec_timeline`, [EVENT_KINDS])
  // The steps with a column of their own: the column takes the step's first time.
  const pairs = Object.entries(COLUMN_STEPS) as [string, string][]
  await client.query(`CREATE TEMP TABLE rec_columns ON COMMIT DROP AS
    SELECT g.case_id, g.step, (g.after->>0)::timestamptz AS at FROM rec_steps g WHERE g.outcome <> 'unchanged' AND g.step = ANY($1::text[])`, [pairs.map(([k]) => k)])
  await client.query(`UPDATE cases c SET ${pairs.map(([k, col]) => `${col} = coalesce((SELECT x.at FROM rec_columns x WHERE x.case_id = c.id AND x.step = '${k}'), c.${col})`).join(', ')},
      version = c.version + 1, updated_at = now()
    WHERE c.id IN (SELECT DISTINCT case_id FROM rec_steps WHERE outcome <> 'unchanged')`)
  await client.query(`INSERT INTO import_cases (import_id, case_id, outcome) SELECT $1, case_id, CASE WHEN bool_or(outcome <> 'unchanged') THEN 'changed' ELSE 'unchanged' END
    FROM rec_steps GROUP BY case_id ON CONFLICT DO NOTHING`, [importId])
  return rows.map((r) => r.case_id)
}
