// Review plans: which closed cases a review round covers and who reviews them. A plan takes every 重大 and
// group case received in its period, the cases the engine flagged (optional), and a reproducible random
// sample of the rest (md5 of seed and case number: the same seed gives the same sample).
import type { DataSource, EntityManager } from 'typeorm'
import type { ParsedRequestOf } from '../shared/contract'
import type { PlanPreview, PlanSummary, SessionUser } from '../shared/review-types'
import { PLAN_LOCK, selectCases, summarise, type PlanSelection, type Selected } from './plan-overlap'
import { REVIEW_STATUSES, SELECTION_REASONS } from '../shared/review-types'
import { factsFromFields, factsQuery } from '../audit/archive-reader'
import { auditCase } from '../audit/engine'
import { loadReference } from '../audit/policies'
import { recordChange } from '../trail/record'
import { invalid } from '../transport/errors'

/** A plan request as parsed; callers inside the main process may leave `overlap` out ('skip'). */
type PlanSpec = Omit<ParsedRequestOf<'plans.create'>, 'overlap'> & { overlap?: 'skip' | 'include' }

/** What a plan of this period and sample would take, before it is made (plan-overlap.ts). */
export async function previewPlan(ds: DataSource, spec: PlanSelection): Promise<PlanPreview> {
  return summarise(ds, await selectCases(ds, spec))
}

/**
 * Makes a plan and its reviews in one transaction. Cases already in another open plan are left out unless
 * `overlap` is 'include' (the 复核人 was shown how many and chose to review them again); the trail records
 * how many were left out.
 * @throws invalid_request when the reviewers are not active reviewers or nothing is left to review
 */
export async function createPlan(ds: DataSource, user: SessionUser, spec: PlanSpec): Promise<PlanSummary> {
  const reviewers: { id: number }[] = await ds.query(`SELECT id FROM users WHERE id = ANY($1) AND active AND 'reviewer' = ANY(roles) ORDER BY array_position($1, id)`, [spec.reviewerIds])
  if (reviewers.length !== new Set(spec.reviewerIds).size) throw invalid('审查员须为在用的、具有审查员角色的账号')
  const planId = await ds.transaction(async (em) => {
    // Two plans made at once over the same period must still see each other's cases.
    await em.query('SELECT pg_advisory_xact_lock($1)', [PLAN_LOCK])
    const all = await selectCases(em, spec)
    const skip = spec.overlap !== 'include'
    const skipped = skip ? all.filter((s) => s.openPlanId !== null).length : 0
    const selected = skip ? all.filter((s) => s.openPlanId === null) : all
    if (selected.length === 0) {
      throw invalid(all.length ? `该期间符合条件的 ${all.length} 件案件都已在未完成的审查计划中，未创建计划` : '该期间没有符合条件的案件，未创建计划')
    }
    const [{ id }] = await em.query(
      `INSERT INTO review_plans (name, received_from, received_to, sample_rate, sample_seed, include_flagged, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`,
      [spec.name, spec.receivedFrom, spec.receivedTo, spec.sampleRate, spec.sampleSeed, spec.includeFlagged, user.id])
    await insertReviews(em, id, selected, reviewers.map((r) => r.id))
    await recordChange(em, { actor: user.username, entity: 'review_plan', entityId: id, action: 'create', before: null, after: { ...spec, cases: selected.length, skippedInOpenPlans: skipped } })
    return id as number
  })
  return (await listPlans(ds, planId))[0]
}

/** One review per case, assigned round-robin, each with the engine's full result frozen as it was today. */
async function insertReviews(em: EntityManager, planId: number, selected: Selected[], reviewerIds: number[]): Promise<void> {
  const { book, calendar } = await loadReference(em.connection)
  const names = new Map(((await em.query('SELECT id, name FROM staff')) as { id: number; name: string }[]).map((s) => [String(s.id), s.name]))
  const wanted = new Map(selected.map((s, i) => [s.id, i]))
  const { sql, params } = factsQuery({ ids: selected.map((x) => x.id) })
  const rows = (await em.query(sql, params)) as Record<string, string>[]
  const engine = new Array<string>(selected.length)
  const statuses = new Array<{ code: string; status: string }[]>(selected.length)
  const auditedAt = new Date().toISOString()
  for (const row of rows) {
    const fields = Object.values(row)
    const i = wanted.get(Number(fields[0]))
    if (i === undefined) continue
    const a = auditCase(factsFromFields(fields, names), book, calendar)
    engine[i] = JSON.stringify({ auditedAt, policySets: a.policySets, rules: a.rules })
    statuses[i] = a.rules.map((r) => ({ code: r.code, status: r.internal.status }))
  }
  const reviewer = selected.map((_, i) => reviewerIds[i % reviewerIds.length])
  const inserted: { id: number; case_id: number }[] = await em.query(`
    INSERT INTO reviews (plan_id, case_id, reasons, reviewer_id, engine)
    SELECT $1, c, string_to_array(r, ','), u, e::jsonb FROM unnest($2::int[], $3::text[], $4::int[], $5::text[]) AS t(c, r, u, e)
    RETURNING id, case_id`,
  [planId, selected.map((s) => s.id), selected.map((s) => s.reasons.join(',')), reviewer, engine])
  const reviewOf = new Map(inserted.map((r) => [r.case_id, r.id]))
  const ruleRows = { review: [] as number[], rule: [] as string[], status: [] as string[] }
  selected.forEach((s, i) => {
    for (const r of statuses[i]) { ruleRows.review.push(reviewOf.get(s.id)!); ruleRows.rule.push(r.code); ruleRows.status.push(r.status) }
  })
  await em.query('INSERT INTO review_rules (review_id, rule, engine_status) SELECT * FROM unnest($1::int[], $2::text[], $3::text[])', [ruleRows.review, ruleRows.rule, ruleRows.status])
  if (inserted.length !== selected.length) throw new Error('审查记录写入不完整')
}

export async function listPlans(ds: DataSource, onlyId?: number): Promise<PlanSummary[]> {
  const rows: { id: number; name: string; received_from: string; received_to: string; sample_rate: string; sample_seed: number; include_flagged: boolean; created_by: string; created_at: Date; statuses: Record<string, number> | null; reasons: Record<string, number> | null; total: number }[] = await ds.query(`
    SELECT p.*, u.display_name AS created_by,
      (SELECT count(*)::int FROM reviews r WHERE r.plan_id = p.id) AS total,
      (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM reviews WHERE plan_id = p.id GROUP BY 1) s) AS statuses,
      (SELECT jsonb_object_agg(reason, n) FROM (SELECT unnest(reasons) AS reason, count(*)::int AS n FROM reviews WHERE plan_id = p.id GROUP BY 1) s) AS reasons
    FROM review_plans p JOIN users u ON u.id = p.created_by
    ${onlyId ? 'WHERE p.id = $1' : ''} ORDER BY p.created_at DESC, p.id DESC`, onlyId ? [onlyId] : [])
  return rows.map((r) => ({
    id: r.id, name: r.name, receivedFrom: r.received_from, receivedTo: r.received_to, sampleRate: Number(r.sample_rate), sampleSeed: r.sample_seed,
    includeFlagged: r.include_flagged, createdBy: r.created_by, createdAt: r.created_at.toISOString(), total: r.total,
    byStatus: Object.fromEntries(REVIEW_STATUSES.map((s) => [s, r.statuses?.[s] ?? 0])) as PlanSummary['byStatus'],
    byReason: Object.fromEntries(SELECTION_REASONS.map((s) => [s, r.reasons?.[s] ?? 0])) as PlanSummary['byReason']
  }))
}
