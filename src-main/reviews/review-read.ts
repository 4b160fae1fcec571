// Reading reviews: one review with everything the review screen shows, and the queues.
import type { DataSource, EntityManager } from 'typeorm'
import type { ReviewDetail, ReviewQueue, ReviewRow, ReviewStatus, RuleResultView, SessionUser } from '../shared/review-types'
import { RULES } from '../audit/rules'
import { LETTER_STATUS } from '../audit/types'
import { trailOf } from '../trail/record'
import { hasRole } from '../auth/access'
import { notFound } from '../transport/errors'
import { maskReview } from './review-masking'
import { postReviewChanges } from './post-review-changes'

export interface ReviewRecord {
  id: number; version: number; plan_id: number; plan_name: string; case_id: number; case_no: string; case_unit_id: number | null; reasons: string[]; status: ReviewStatus
  reviewer_id: number; reviewer_name: string; senior_id: number | null; senior_name: string | null
  conclusion: ReviewDetail['conclusion']; opinion: string | null; return_comment: string | null
  engine: { auditedAt: string; policySets: ReviewDetail['policySets']; rules: { code: string; internal: RuleResultView; regulatory: RuleResultView }[] }
  submitted_at: Date | null; decided_at: Date | null; updated_at: Date; updated_by_name: string | null
}

const EDITABLE: ReviewStatus[] = ['pending', 'in_progress', 'returned']

export async function loadReview(em: EntityManager | DataSource, id: number, lock = false): Promise<ReviewRecord> {
  const [r] = await em.query(`
    SELECT r.*, p.name AS plan_name, c.case_no, c.unit_id AS case_unit_id, ur.display_name AS reviewer_name, us.display_name AS senior_name, uu.display_name AS updated_by_name
    FROM reviews r JOIN review_plans p ON p.id = r.plan_id JOIN cases c ON c.id = r.case_id JOIN users ur ON ur.id = r.reviewer_id
    LEFT JOIN users us ON us.id = r.senior_id LEFT JOIN users uu ON uu.id = r.updated_by
    WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`, [id])
  if (!r) throw notFound(`审查 ${id} 不存在`)
  return r
}

export const canEdit = (r: ReviewRecord, user: SessionUser): boolean => r.reviewer_id === user.id && EDITABLE.includes(r.status)
export const canDecide = (r: ReviewRecord, user: SessionUser): boolean => r.status === 'submitted' && r.reviewer_id !== user.id && hasRole(user, ['senior_reviewer'])

export async function reviewDetail(em: EntityManager | DataSource, id: number, user: SessionUser): Promise<ReviewDetail> {
  const r = await loadReview(em, id)
  const decisions: { rule: string; decision: ReviewDetail['rules'][number]['decision']; final_status: ReviewDetail['rules'][number]['finalStatus']; note: string | null }[] =
    await em.query('SELECT rule, decision, final_status, note FROM review_rules WHERE review_id = $1', [id])
  const byRule = new Map(decisions.map((d) => [d.rule, d]))
  const engineByRule = new Map(r.engine.rules.map((x) => [x.code, x]))
  const findings: { id: number; rule: string | null; severity: ReviewDetail['findings'][number]['severity']; description: string; required_action: string | null; owner_unit_id: number | null; owner_unit: string | null; due_on: string | null; created_by: string; created_at: Date }[] = await em.query(`
    SELECT f.*, u.name AS owner_unit, us.display_name AS created_by FROM findings f LEFT JOIN units u ON u.id = f.owner_unit_id JOIN users us ON us.id = f.created_by
    WHERE f.review_id = $1 ORDER BY f.id`, [id])
  const trail = await trailOf(em, 'review', id)
  // The history names people, not their usernames (issue 10 point 15).
  const names = new Map(((await em.query('SELECT username, display_name FROM users WHERE username = ANY($1)', [[...new Set(trail.map((t) => t.actor))]])) as { username: string; display_name: string }[])
    .map((u) => [u.username, u.display_name]))
  const engineChanges = await engineChangesSince(em, r)
  const changedAfterReview = await postReviewChanges(em, id)
  // Personal data typed into the review's text is masked for everyone but the reviewer editing their draft.
  return maskReview({
    id: r.id, version: r.version, planId: r.plan_id, planName: r.plan_name, caseId: r.case_id, caseNo: r.case_no, caseUnitId: r.case_unit_id,
    reasons: r.reasons as ReviewDetail['reasons'], status: r.status,
    reviewer: { id: r.reviewer_id, name: r.reviewer_name }, senior: r.senior_id ? { id: r.senior_id, name: r.senior_name! } : null,
    conclusion: r.conclusion, opinion: r.opinion, returnComment: r.return_comment, policySets: r.engine.policySets, auditedAt: r.engine.auditedAt,
    submittedAt: r.submitted_at?.toISOString() ?? null, decidedAt: r.decided_at?.toISOString() ?? null, updatedAt: r.updated_at.toISOString(), updatedBy: r.updated_by_name,
    rules: RULES.map((rule) => {
      const e = engineByRule.get(rule.code)!
      const d = byRule.get(rule.code)
      return {
        code: rule.code, titleZh: rule.titleZh, titleEn: rule.titleEn, source: rule.source, regulatorySource: rule.regulatorySource ?? null,
        internal: e.internal, regulatory: e.regulatory, decision: d?.decision ?? null, finalStatus: d?.final_status ?? null, note: d?.note ?? null
      }
    }),
    findings: findings.map((f) => ({
      id: f.id, rule: f.rule, severity: f.severity, description: f.description, requiredAction: f.required_action, ownerUnitId: f.owner_unit_id,
      ownerUnit: f.owner_unit, dueOn: f.due_on, createdBy: f.created_by, createdAt: f.created_at.toISOString()
    })),
    trail: trail.map((t) => ({ at: t.at, actor: t.actor, actorName: names.get(t.actor) ?? t.actor, action: t.action, before: t.before, after: t.after })),
    engineChanges,
    changedAfterReview,
    can: {
      edit: canEdit(r, user),
      submit: canEdit(r, user),
      decide: canDecide(r, user)
    }
  })
}

/**
 * Where the engine's stored result for the review's case now differs from what the review froze (a calendar
 * year loaded, a policy set changed): the review keeps its frozen results, and says what changed since.
 */
async function engineChangesSince(em: EntityManager | DataSource, r: ReviewRecord): Promise<ReviewDetail['engineChanges']> {
  const [now] = await em.query('SELECT internal, regulatory FROM audit_results WHERE case_id = $1', [r.case_id])
  if (!now) return []
  const out: ReviewDetail['engineChanges'] = []
  RULES.forEach((rule, i) => {
    const frozen = r.engine.rules.find((x) => x.code === rule.code)
    if (!frozen) return
    for (const kind of ['internal', 'regulatory'] as const) {
      const current = LETTER_STATUS[(now[kind] as string)[i]]
      if (current && current !== frozen[kind].status) out.push({ code: rule.code, kind, frozen: frozen[kind].status, now: current })
    }
  })
  return out
}

/** A queue shows this many rows at most; the rest wait behind them in the same order. */
export const QUEUE_LIMIT = 2000

/**
 * A work queue: `mine` (the user's reviews not yet approved), `to_decide` (submitted by others), or one plan's.
 * With `changedAfterReview`, only the reviews an import changed the case after they were approved (「审查后案卷有变更」,
 * case_post_review_changes; so none in the first two queues, which hold no approved review).
 * @returns its first `limit` rows in working order and its total; each row says whether it is so marked
 */
export async function reviewQueue(ds: DataSource, user: SessionUser, scope: 'mine' | 'to_decide' | 'plan', planId?: number, limit = QUEUE_LIMIT,
  filter: { changedAfterReview?: boolean } = {}): Promise<ReviewQueue> {
  const marked = 'EXISTS (SELECT 1 FROM case_post_review_changes m WHERE m.review_id = r.id)'
  const where = (scope === 'mine' ? `r.reviewer_id = $1 AND r.status <> 'approved'`
    : scope === 'to_decide' ? `r.status = 'submitted' AND r.reviewer_id <> $1`
      : `r.plan_id = $1`) + (filter.changedAfterReview ? ` AND ${marked}` : '')
  const rows: { id: number; plan_id: number; plan_name: string; case_id: number; case_no: string; received_at: Date; severity: string; unit_name: string; reasons: string[]; reviewer: string; senior: string | null; status: ReviewStatus; conclusion: ReviewRow['conclusion']; engine_fails: string[]; updated_at: Date; changed_after_review: boolean; total: number }[] = await ds.query(`
    SELECT r.id, r.plan_id, p.name AS plan_name, r.case_id, c.case_no, c.received_at, c.severity, un.name AS unit_name, r.reasons,
      ur.display_name AS reviewer, us.display_name AS senior, r.status, r.conclusion, r.updated_at,
      ARRAY(SELECT rule FROM review_rules x WHERE x.review_id = r.id AND x.engine_status = 'fail' ORDER BY rule) AS engine_fails,
      ${marked} AS changed_after_review,
      count(*) OVER ()::int AS total
    FROM reviews r JOIN review_plans p ON p.id = r.plan_id JOIN cases c ON c.id = r.case_id JOIN units un ON un.id = c.unit_id
    JOIN users ur ON ur.id = r.reviewer_id LEFT JOIN users us ON us.id = r.senior_id
    WHERE ${where}
    ORDER BY CASE r.status WHEN 'returned' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'pending' THEN 2 WHEN 'submitted' THEN 3 ELSE 4 END, c.received_at, r.id
    LIMIT $2`, [scope === 'plan' ? planId ?? 0 : user.id, limit])
  return { total: rows[0]?.total ?? 0, rows: rows.map((r) => ({
    id: r.id, planId: r.plan_id, planName: r.plan_name, caseId: r.case_id, caseNo: r.case_no, receivedAt: r.received_at.toISOString(), severity: r.severity,
    unitName: r.unit_name, reasons: r.reasons as ReviewRow['reasons'], reviewer: r.reviewer, senior: r.senior, status: r.status, conclusion: r.conclusion,
    engineFails: r.engine_fails, updatedAt: r.updated_at.toISOString(), changedAfterReview: r.changed_after_review
  })) }
}
