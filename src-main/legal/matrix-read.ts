// Reading the authority matrices in force (not superseded) from the archive, with their limits.
import type { OfferType } from '../shared/codes'
import type { AuthorityMatrix } from './authority'

type Query = { query: (sql: string, params?: unknown[]) => Promise<unknown> }

interface MatrixRow {
  id: number; effective_from: string; title: string; settlement_above: string | null; cosign_above: string
  limits: { level: string; rank: number; type: OfferType; max: string | number | null }[] | null
}

/** Every matrix in force, oldest first; amounts in 元 as numbers (numeric(14,2) fits a double exactly enough for comparisons). */
export async function loadMatrices(q: Query): Promise<AuthorityMatrix[]> {
  const rows = (await q.query(`SELECT m.id, m.effective_from::text AS effective_from, m.title, m.settlement_above, m.cosign_above,
      (SELECT json_agg(json_build_object('level', l.approval_level, 'rank', l.level_rank, 'type', l.offer_type, 'max', l.max_amount) ORDER BY l.level_rank, l.approval_level, l.offer_type)
         FROM authority_limits l WHERE l.matrix_id = m.id) AS limits
    FROM authority_matrices m WHERE m.superseded_at IS NULL ORDER BY m.effective_from`)) as MatrixRow[]
  return rows.map(matrixOf)
}

export function matrixOf(r: MatrixRow): AuthorityMatrix {
  return {
    id: r.id, effectiveFrom: r.effective_from, title: r.title,
    settlementAbove: r.settlement_above === null ? null : Number(r.settlement_above), cosignAbove: Number(r.cosign_above),
    limits: (r.limits ?? []).map((l) => ({ level: l.level, rank: l.rank, type: l.type, maxAmount: l.max === null ? null : Number(l.max) }))
  }
}
