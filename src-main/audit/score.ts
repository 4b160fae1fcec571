// How well the engine finds the violations the demo generator injected (demo_truth): precision and recall
// per rule, over the demo cases that have stored results.
import type { DataSource } from 'typeorm'
import { RULES } from './rules'

export interface RuleScore { code: string; injected: number; flagged: number; truePositives: number; precision: number; recall: number }

export async function scoreAgainstTruth(ds: DataSource): Promise<RuleScore[]> {
  // One full join of the flags and the truth, counted per rule: no plan the estimates could pick has to
  // compare each rule's flags with its truth row by row (a nested loop once ran for minutes at a million).
  const rows: { code: string; injected: number; flagged: number; tp: number }[] = await ds.query(`
    WITH rules AS (SELECT i, 'R' || lpad(i::text, 2, '0') AS code FROM generate_series(1, ${RULES.length}) i),
    flags AS (SELECT r.code, a.case_id FROM audit_results a JOIN cases c ON c.id = a.case_id AND c.is_demo
              CROSS JOIN rules r WHERE a.flagged AND substr(a.internal, r.i, 1) = 'F'),
    truth AS (SELECT t.rule AS code, t.case_id FROM demo_truth t JOIN audit_results a USING (case_id)),
    counts AS (
      SELECT code, count(t.case_id) AS injected, count(f.case_id) AS flagged, count(t.case_id) FILTER (WHERE f.case_id IS NOT NULL) AS tp
        FROM flags f FULL JOIN truth t USING (code, case_id) GROUP BY code)
    SELECT r.code, coalesce(n.injected, 0)::int AS injected, coalesce(n.flagged, 0)::int AS flagged, coalesce(n.tp, 0)::int AS tp
      FROM rules r LEFT JOIN counts n USING (code) ORDER BY r.i`)
  return rows.map((r) => ({
    code: r.code, injected: r.injected, flagged: r.flagged, truePositives: r.tp,
    // With nothing to find and nothing flagged the engine is right: both count as 1.
    precision: r.flagged === 0 ? (r.injected === 0 ? 1 : 0) : r.tp / r.flagged,
    recall: r.injected === 0 ? 1 : r.tp / r.injected
  }))
}
