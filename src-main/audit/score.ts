// How well the engine finds the violations the demo generator injected (demo_truth): precision and recall
// per rule, over the demo cases that have stored results (received in a period, when one is given).
import type { DataSource } from 'typeorm'
import { RULES } from './rules'

export interface RuleScore { code: string; injected: number; flagged: number; truePositives: number; precision: number; recall: number }

export interface ScorePeriod {
  /** First China day of receipt (YYYY-MM-DD, inclusive); none = from the start. */
  from?: string
  /** China day after the last (YYYY-MM-DD, exclusive), as `dossier audit --to`; none = to the end. */
  to?: string
}

/**
 * Per rule (R01…R16, in order): the violations injected, the cases flagged (internal `fail`), the hits, and
 * precision and recall, over the demo cases with results that were received in the period.
 */
export async function scoreAgainstTruth(ds: DataSource, period: ScorePeriod = {}): Promise<RuleScore[]> {
  // The period as `runAudit` reads it: days of receipt in China time, `to` exclusive. Without one the
  // statement is the whole-archive one, unchanged (its plan was measured at a million cases).
  const scoped = period.from !== undefined || period.to !== undefined
  const inPeriod = `($1::date IS NULL OR c.received_at >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai')
                AND ($2::date IS NULL OR c.received_at < $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')`
  // One full join of the flags and the truth, counted per rule: no plan the estimates could pick has to
  // compare each rule's flags with its truth row by row (a nested loop once ran for minutes at a million).
  const rows: { code: string; injected: number; flagged: number; tp: number }[] = await ds.query(`
    WITH rules AS (SELECT i, 'R' || lpad(i::text, 2, '0') AS code FROM generate_series(1, ${RULES.length}) i),
    flags AS (SELECT r.code, a.case_id FROM audit_results a JOIN cases c ON c.id = a.case_id AND c.is_demo
              CROSS JOIN rules r WHERE a.flagged AND substr(a.internal, r.i, 1) = 'F' ${scoped ? `AND ${inPeriod}` : ''}),
    truth AS (SELECT t.rule AS code, t.case_id FROM demo_truth t JOIN audit_results a USING (case_id)
              ${scoped ? `JOIN cases c ON c.id = t.case_id WHERE ${inPeriod}` : ''}),
    counts AS (
      SELECT code, count(t.case_id) AS injected, count(f.case_id) AS flagged, count(t.case_id) FILTER (WHERE f.case_id IS NOT NULL) AS tp
        FROM flags f FULL JOIN truth t USING (code, case_id) GROUP BY code)
    SELECT r.code, coalesce(n.injected, 0)::int AS injected, coalesce(n.flagged, 0)::int AS flagged, coalesce(n.tp, 0)::int AS tp
      FROM rules r LEFT JOIN counts n USING (code) ORDER BY r.i`, scoped ? [period.from ?? null, period.to ?? null] : [])
  return rows.map((r) => ({
    code: r.code, injected: r.injected, flagged: r.flagged, truePositives: r.tp,
    // With nothing to find and nothing flagged the engine is right: both count as 1.
    precision: r.flagged === 0 ? (r.injected === 0 ? 1 : 0) : r.tp / r.flagged,
    recall: r.injected === 0 ? 1 : r.tp / r.injected
  }))
}
