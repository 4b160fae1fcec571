// How well the engine finds the violations the demo generator injected (demo_truth): precision and recall
// per rule, over the demo cases that have stored results (received in a period, when one is given). Every
// rule under the internal policy, and the regulatory floor's rules the generator records truth for (SCORED_REGULATORY).
import type { DataSource } from 'typeorm'
import { RULES } from './rules'
import type { PolicyKind } from './types'

export interface RuleScore { code: string; policy: PolicyKind; injected: number; flagged: number; truePositives: number; precision: number; recall: number }

/** The generator records the regulatory floor's R04 (decision told in 15/30/60 days, 第十八条); R06 and R14 judge the same facts as internally. */
export const SCORED_REGULATORY: readonly string[] = ['R04']

export interface ScorePeriod {
  /** First China day of receipt (YYYY-MM-DD, inclusive); none = from the start. */
  from?: string
  /** China day after the last (YYYY-MM-DD, exclusive), as `dossier audit --to`; none = to the end. */
  to?: string
}

/**
 * Per rule (internal R01…R16, then the scored regulatory rules): the violations injected, the cases flagged (internal `fail`), the hits, and
 * precision and recall, over the demo cases with results that were received in the period.
 */
export async function scoreAgainstTruth(ds: DataSource, period: ScorePeriod = {}): Promise<RuleScore[]> {
  // The period as `runAudit` reads it: days of receipt in China time, `to` exclusive. Without one the
  // statement is the whole-archive one, unchanged (its plan was measured at a million cases).
  const scoped = period.from !== undefined || period.to !== undefined
  const inPeriod = `($2::date IS NULL OR c.received_at >= $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
                AND ($3::date IS NULL OR c.received_at < $3::date::timestamp AT TIME ZONE 'Asia/Shanghai')`
  // One full join of the flags and the truth, counted per rule: no plan the estimates could pick has to
  // compare each rule's flags with its truth row by row (a nested loop once ran for minutes at a million).
  // Internal flags come from the flagged cases only (a partial index); regulatory ones from every result.
  const rows: { policy: PolicyKind; code: string; injected: number; flagged: number; tp: number }[] = await ds.query(`
    WITH rules AS (SELECT i, 'R' || lpad(i::text, 2, '0') AS code FROM generate_series(1, ${RULES.length}) i),
    scored AS (SELECT 'internal' AS policy, i, code FROM rules UNION ALL SELECT 'regulatory', i, code FROM rules WHERE code = ANY($1)),
    flags AS (SELECT 'internal' AS policy, r.code, a.case_id FROM audit_results a JOIN cases c ON c.id = a.case_id AND c.is_demo
                CROSS JOIN rules r WHERE a.flagged AND substr(a.internal, r.i, 1) = 'F' ${scoped ? `AND ${inPeriod}` : ''}
              UNION ALL
              SELECT 'regulatory', s.code, a.case_id FROM audit_results a JOIN cases c ON c.id = a.case_id AND c.is_demo
                JOIN scored s ON s.policy = 'regulatory' AND substr(a.regulatory, s.i, 1) = 'F' ${scoped ? `WHERE ${inPeriod}` : ''}),
    truth AS (SELECT t.policy, t.rule AS code, t.case_id FROM demo_truth t JOIN audit_results a USING (case_id)
              ${scoped ? `JOIN cases c ON c.id = t.case_id WHERE ${inPeriod}` : ''}),
    counts AS (
      SELECT policy, code, count(t.case_id) AS injected, count(f.case_id) AS flagged, count(t.case_id) FILTER (WHERE f.case_id IS NOT NULL) AS tp
        FROM flags f FULL JOIN truth t USING (policy, code, case_id) GROUP BY policy, code)
    SELECT s.policy, s.code, coalesce(n.injected, 0)::int AS injected, coalesce(n.flagged, 0)::int AS flagged, coalesce(n.tp, 0)::int AS tp
      FROM scored s LEFT JOIN counts n USING (policy, code) ORDER BY s.policy, s.i`, scoped ? [SCORED_REGULATORY, period.from ?? null, period.to ?? null] : [SCORED_REGULATORY])
  return rows.map((r) => ({
    code: r.code, policy: r.policy, injected: r.injected, flagged: r.flagged, truePositives: r.tp,
    // With nothing to find and nothing flagged the engine is right: both count as 1.
    precision: r.flagged === 0 ? (r.injected === 0 ? 1 : 0) : r.tp / r.flagged,
    recall: r.injected === 0 ? 1 : r.tp / r.injected
  }))
}
