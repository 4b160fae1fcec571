// The authority matrix on the admin screen: every version, and saving a new one for an effective day (the
// older version of the same day is kept, superseded). A save recomputes every offer's stored checks in the
// same transaction and is recorded in the audit trail with the matrix before and after.
import type { DataSource } from 'typeorm'
import type { AuthorityMatrixView, ParsedRequestOf } from '../shared/contract'
import { recordChange } from '../trail/record'
import { conflict, invalid } from '../transport/errors'
import { refreshChecks } from './check-store'

interface Row {
  id: number; effective_from: string; title: string; settlement_above: string | null; cosign_above: string; note: string | null; version: number
  created_by: string; created_at: Date; limits: { level: string; rank: number; type: string; max: number | string | null }[] | null
}

const SELECT = `SELECT m.id, m.effective_from::text AS effective_from, m.title, m.settlement_above, m.cosign_above, m.note, m.version, m.created_by, m.created_at,
  (SELECT json_agg(json_build_object('level', l.approval_level, 'rank', l.level_rank, 'type', l.offer_type, 'max', l.max_amount) ORDER BY l.level_rank, l.approval_level, l.offer_type)
     FROM authority_limits l WHERE l.matrix_id = m.id) AS limits FROM authority_matrices m`

const view = (r: Row): AuthorityMatrixView => ({
  id: r.id, effectiveFrom: r.effective_from, title: r.title, settlementAbove: r.settlement_above === null ? null : Number(r.settlement_above),
  cosignAbove: Number(r.cosign_above), note: r.note, version: r.version, createdBy: r.created_by, createdAt: r.created_at.toISOString(),
  limits: (r.limits ?? []).map((l) => ({ level: l.level, rank: l.rank, type: l.type, maxAmount: l.max === null ? null : Number(l.max) }))
})

/** The matrices in force, newest effective day first. */
export async function listMatrices(ds: Pick<DataSource, 'query'>): Promise<AuthorityMatrixView[]> {
  return ((await ds.query(`${SELECT} WHERE m.superseded_at IS NULL ORDER BY m.effective_from DESC`)) as Row[]).map(view)
}

/**
 * Saves a matrix in force from `effectiveFrom`. @throws invalid_request (a level × type twice, one level at
 * two ranks, a higher level allowed less than a lower one), conflict (the day's matrix is no longer the
 * version the change was made on)
 */
export async function saveMatrix(ds: DataSource, req: ParsedRequestOf<'legal.saveMatrix'>, actor: string): Promise<{ matrix: AuthorityMatrixView; recomputed: number }> {
  const seen = new Set<string>()
  const rankOf = new Map<string, number>()
  for (const l of req.limits) {
    const k = `${l.level}|${l.type}`
    if (seen.has(k)) throw invalid(`「${l.level}」的同一方案类型出现两次`)
    seen.add(k)
    if ((rankOf.get(l.level) ?? l.rank) !== l.rank) throw invalid(`「${l.level}」的层级次序前后不一`)
    rankOf.set(l.level, l.rank)
  }
  for (const a of req.limits) {
    for (const b of req.limits) {
      if (a.type === b.type && a.rank < b.rank && b.maxAmount !== null && (a.maxAmount === null || a.maxAmount > b.maxAmount)) {
        throw invalid(`较高层级「${b.level}」的权限不得低于较低层级「${a.level}」`)
      }
    }
  }
  return ds.transaction(async (em) => {
    await em.query('LOCK TABLE authority_matrices IN SHARE ROW EXCLUSIVE MODE')
    const [current] = (await em.query(`${SELECT} WHERE m.effective_from = $1 AND m.superseded_at IS NULL`, [req.effectiveFrom])) as Row[]
    if ((current?.version ?? null) !== req.expectedVersion) {
      throw conflict(current ? `${req.effectiveFrom} 起的审批权限矩阵已由 ${current.created_by} 保存为第 ${current.version} 版，请在该版本上重新修改`
        : `${req.effectiveFrom} 起的审批权限矩阵已不存在，请刷新后重新修改`)
    }
    if (current) await em.query('UPDATE authority_matrices SET superseded_at = now() WHERE id = $1', [current.id])
    const [{ id }] = (await em.query(`INSERT INTO authority_matrices (effective_from, title, settlement_above, cosign_above, note, version, created_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, [req.effectiveFrom, req.title, req.settlementAbove, req.cosignAbove, req.note, (current?.version ?? 0) + 1, actor])) as { id: number }[]
    await em.query(`INSERT INTO authority_limits (matrix_id, approval_level, level_rank, offer_type, max_amount)
      SELECT $1, x.level, x.rank, x.type, x."maxAmount" FROM jsonb_to_recordset($2::jsonb) AS x(level text, rank int, type text, "maxAmount" numeric)`, [id, JSON.stringify(req.limits)])
    const [row] = (await em.query(`${SELECT} WHERE m.id = $1`, [id])) as Row[]
    const matrix = view(row)
    await recordChange(em, {
      actor, entity: 'authority_matrix', entityId: req.effectiveFrom, action: current ? 'new_version' : 'create',
      before: current ? view(current) : null, after: { ...matrix, createdAt: undefined }
    })
    const recomputed = await refreshChecks(em, true)
    return { matrix, recomputed }
  })
}
