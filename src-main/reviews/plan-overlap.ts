// What a review plan would take before it is made (issue 10 point 13): how many cases its period and sample
// select, and how many of them are already under review in another plan that is still open, so the same case
// does not go to two reviewers unnoticed. A plan is open while any of its reviews is not yet approved.
import type { EntityManager } from 'typeorm'
import type { ParsedRequestOf } from '../shared/contract'
import type { PlanPreview, SelectionReason } from '../shared/review-types'
import { SELECTION_REASONS } from '../shared/review-types'

export type PlanSelection = Pick<ParsedRequestOf<'plans.create'>, 'receivedFrom' | 'receivedTo' | 'sampleRate' | 'sampleSeed' | 'includeFlagged'>

export interface Selected { id: number; reasons: SelectionReason[]; openPlanId: number | null }

/** Key of the transaction-scoped advisory lock that plan creations take, so two overlapping plans made at once still see each other. */
export const PLAN_LOCK = 7_310_013

/**
 * The cases a plan of this period and sample takes, in order of receipt, each with the open plan that already
 * reviews it (the newest such plan; null when none). Reads inside the caller's transaction.
 */
export async function selectCases(em: Pick<EntityManager, 'query'>, spec: PlanSelection): Promise<Selected[]> {
  const rows: { id: number; reasons: SelectionReason[]; open_plan_id: number | null }[] = await em.query(`
    WITH scope AS (
      SELECT c.id, c.received_at,
        array_remove(ARRAY[
          CASE WHEN c.severity = 'major' THEN 'major' END,
          CASE WHEN c.is_group OR c.group_size >= 5 THEN 'group' END,
          CASE WHEN $3 AND a.flagged THEN 'flagged' END], NULL) AS reasons,
        (('x' || substr(md5($4::text || ':' || c.case_no), 1, 8))::bit(32)::bigint / 4294967296.0) < $5 AS sampled
      FROM cases c LEFT JOIN audit_results a ON a.case_id = c.id
      WHERE c.received_at >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai' AND c.received_at < $2::date::timestamp AT TIME ZONE 'Asia/Shanghai'),
    open_plans AS (SELECT DISTINCT plan_id FROM reviews WHERE status <> 'approved')
    SELECT s.id, CASE WHEN cardinality(s.reasons) > 0 THEN s.reasons ELSE ARRAY['sample'] END AS reasons,
      (SELECT max(r.plan_id) FROM reviews r JOIN open_plans o ON o.plan_id = r.plan_id WHERE r.case_id = s.id) AS open_plan_id
    FROM scope s WHERE cardinality(s.reasons) > 0 OR s.sampled ORDER BY s.received_at, s.id`,
  [spec.receivedFrom, spec.receivedTo, spec.includeFlagged, spec.sampleSeed, spec.sampleRate])
  return rows.map((r) => ({ id: r.id, reasons: r.reasons, openPlanId: r.open_plan_id }))
}

/** Counts of a selection: all cases, those already in an open plan (and which plans), and what each choice creates. */
export async function summarise(em: Pick<EntityManager, 'query'>, selected: Selected[]): Promise<PlanPreview> {
  const overlapping = selected.filter((s) => s.openPlanId !== null)
  const byReason = Object.fromEntries(SELECTION_REASONS.map((r) => [r, 0])) as Record<SelectionReason, number>
  for (const s of selected) for (const r of s.reasons) byReason[r]++
  const counts = new Map<number, number>()
  for (const s of overlapping) counts.set(s.openPlanId!, (counts.get(s.openPlanId!) ?? 0) + 1)
  const names = counts.size
    ? ((await em.query('SELECT id, name FROM review_plans WHERE id = ANY($1) ORDER BY id', [[...counts.keys()]])) as { id: number; name: string }[])
    : []
  return {
    selected: selected.length,
    alreadyOpen: overlapping.length,
    createSkipping: selected.length - overlapping.length,
    createIncluding: selected.length,
    byReason,
    openPlans: names.map((p) => ({ id: p.id, name: p.name, cases: counts.get(p.id)! }))
  }
}
