// Changing a review. Every change: one transaction that locks the review row, refuses a stale version
// (optimistic locking: two people editing cannot overwrite each other), checks who may do it, applies it,
// bumps the version and writes the audit trail with before and after.
import type { DataSource, EntityManager } from 'typeorm'
import type { ParsedRequestOf } from '../shared/contract'
import { REVIEW_STATUS_ZH, type ReviewDetail, type ReviewStatus, type SessionUser } from '../shared/review-types'
import { recordChange } from '../trail/record'
import { returnedRows } from '../db/returning'
import { conflict, forbidden, invalid, notFound } from '../transport/errors'
import { canDecide, canEdit, loadReview, reviewDetail, type ReviewRecord } from './review-read'

interface Applied { before: unknown; after: unknown; set?: { status?: ReviewStatus; [column: string]: unknown } }

const when = (d: Date): string => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')

async function mutate(
  ds: DataSource, user: SessionUser, req: { id: number; version: number }, need: 'edit' | 'decide', action: string,
  apply: (em: EntityManager, r: ReviewRecord) => Promise<Applied>
): Promise<ReviewDetail> {
  return ds.transaction(async (em) => {
    const r = await loadReview(em, req.id, true)
    if (r.status === 'approved') throw conflict('审查已批准并锁定，不能再修改')
    if (r.version !== req.version) {
      throw conflict(`此审查已被${r.updated_by_name ?? '他人'}于 ${when(r.updated_at)} 修改，你看到的不是最新内容；你的这次修改没有保存，请刷新后再改。`)
    }
    if (need === 'edit' && !canEdit(r, user)) {
      throw forbidden(r.reviewer_id === user.id ? `审查当前为「${REVIEW_STATUS_ZH[r.status]}」，不能编辑` : '只有被指派的审查员可以修改此审查')
    }
    if (need === 'decide' && !canDecide(r, user)) {
      throw forbidden(r.reviewer_id === user.id ? '不能复核自己审查的案件（四眼原则）' : `审查当前为「${REVIEW_STATUS_ZH[r.status]}」，不能复核`)
    }
    const res = await apply(em, r)
    const set: Record<string, unknown> = { ...res.set }
    if (need === 'edit' && r.status === 'pending' && set.status === undefined) set.status = 'in_progress'
    const cols = Object.keys(set)
    const updated = returnedRows(await em.query(
      `UPDATE reviews SET version = version + 1, updated_by = $3, updated_at = now()${cols.map((c, i) => `, ${c} = $${i + 4}`).join('')}
       WHERE id = $1 AND version = $2 RETURNING id`, [r.id, r.version, user.id, ...cols.map((c) => set[c])]))
    if (updated.length !== 1) throw conflict('此审查刚被他人修改，请刷新后再改')
    await recordChange(em, { actor: user.username, entity: 'review', entityId: r.id, action, before: res.before, after: res.after })
    return reviewDetail(em, r.id, user)
  })
}

export function saveRule(ds: DataSource, user: SessionUser, req: ParsedRequestOf<'reviews.saveRule'>): Promise<ReviewDetail> {
  return mutate(ds, user, req, 'edit', `rule.${req.rule}`, async (em) => {
    const [row] = await em.query('SELECT engine_status, decision, final_status, note FROM review_rules WHERE review_id = $1 AND rule = $2', [req.id, req.rule])
    if (!row) throw notFound(`规则 ${req.rule} 不在此审查中`)
    const finalStatus = req.decision === 'confirmed' ? row.engine_status : req.finalStatus
    if (req.decision === 'overridden' && finalStatus === row.engine_status) throw invalid('改判的结果与系统结果相同，请选择“确认”')
    const note = req.note || null
    await em.query('UPDATE review_rules SET decision = $3, final_status = $4, note = $5 WHERE review_id = $1 AND rule = $2', [req.id, req.rule, req.decision, finalStatus, note])
    return { before: { decision: row.decision, finalStatus: row.final_status, note: row.note }, after: { decision: req.decision, finalStatus, note } }
  })
}

export function saveFinding(ds: DataSource, user: SessionUser, req: ParsedRequestOf<'reviews.saveFinding'>): Promise<ReviewDetail> {
  const f = req.finding
  return mutate(ds, user, req, 'edit', f.id ? 'finding.update' : 'finding.create', async (em) => {
    const values = [f.rule, f.severity, f.description, f.requiredAction, f.ownerUnitId, f.dueOn]
    const after = { rule: f.rule, severity: f.severity, description: f.description, requiredAction: f.requiredAction, ownerUnitId: f.ownerUnitId, dueOn: f.dueOn }
    if (!f.id) {
      const [{ id }] = await em.query(
        `INSERT INTO findings (review_id, rule, severity, description, required_action, owner_unit_id, due_on, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
        [req.id, ...values, user.id])
      return { before: null, after: { id, ...after } }
    }
    const [old] = await em.query('SELECT rule, severity, description, required_action AS "requiredAction", owner_unit_id AS "ownerUnitId", due_on AS "dueOn" FROM findings WHERE id = $1 AND review_id = $2', [f.id, req.id])
    if (!old) throw notFound(`问题 ${f.id} 不在此审查中`)
    await em.query('UPDATE findings SET rule = $2, severity = $3, description = $4, required_action = $5, owner_unit_id = $6, due_on = $7 WHERE id = $1', [f.id, ...values])
    return { before: { id: f.id, ...old }, after: { id: f.id, ...after } }
  })
}

export function deleteFinding(ds: DataSource, user: SessionUser, req: ParsedRequestOf<'reviews.deleteFinding'>): Promise<ReviewDetail> {
  return mutate(ds, user, req, 'edit', 'finding.delete', async (em) => {
    const [old] = returnedRows(await em.query('DELETE FROM findings WHERE id = $1 AND review_id = $2 RETURNING id, rule, severity, description', [req.findingId, req.id]))
    if (!old) throw notFound(`问题 ${req.findingId} 不在此审查中`)
    return { before: old, after: null }
  })
}

export function saveConclusion(ds: DataSource, user: SessionUser, req: ParsedRequestOf<'reviews.saveConclusion'>): Promise<ReviewDetail> {
  return mutate(ds, user, req, 'edit', 'conclusion', async (_em, r) => ({
    before: { conclusion: r.conclusion, opinion: r.opinion }, after: { conclusion: req.conclusion, opinion: req.opinion },
    set: { conclusion: req.conclusion, opinion: req.opinion }
  }))
}

export function submitReview(ds: DataSource, user: SessionUser, req: ParsedRequestOf<'reviews.submit'>): Promise<ReviewDetail> {
  return mutate(ds, user, req, 'edit', 'submit', async (em, r) => {
    const rules: { rule: string; decision: string | null; final_status: string | null }[] = await em.query('SELECT rule, decision, final_status FROM review_rules WHERE review_id = $1 ORDER BY rule', [r.id])
    const open = rules.filter((x) => !x.decision).map((x) => x.rule)
    if (open.length) throw invalid(`还有 ${open.length} 条规则未确认或改判：${open.join('、')}`)
    if (!r.conclusion) throw invalid('请先选择审查结论')
    const failing = rules.filter((x) => x.final_status === 'fail').map((x) => x.rule)
    if (failing.length && r.conclusion === 'compliant') throw invalid(`${failing.join('、')} 不通过，结论不能为「合规」`)
    return { before: { status: r.status }, after: { status: 'submitted' }, set: { status: 'submitted', submitted_at: new Date() } }
  })
}

export function decideReview(ds: DataSource, user: SessionUser, req: ParsedRequestOf<'reviews.decide'>): Promise<ReviewDetail> {
  return mutate(ds, user, req, 'decide', req.decision, async (_em, r) => {
    const status: ReviewStatus = req.decision === 'approve' ? 'approved' : 'returned'
    return {
      before: { status: r.status, returnComment: r.return_comment }, after: { status, comment: req.comment || null },
      set: { status, senior_id: user.id, decided_at: new Date(), ...(req.decision === 'return' ? { return_comment: req.comment } : {}) }
    }
  })
}
