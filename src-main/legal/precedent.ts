// Precedent (同类先例): an offer against the offers already accepted or paid for cases like its own — same
// primary root cause (when its case is tagged), same business line, same business category, same offer type —
// approved within a window of months before its own approval. Median and P10–P90 by linear interpolation
// between closest ranks (PostgreSQL's percentile_cont, exact: no sampling), the nearest comparables by amount,
// an outlier flag outside P10–P90; fewer than MIN_COMPARABLES comparables is said, not judged.
import type { PrecedentBy } from '../shared/contract-legal'
import { catchUpLegalList } from '../db/catch-up'

type Query = { query: (sql: string, params?: unknown[]) => Promise<unknown> }

export const MIN_COMPARABLES = 5
export const DEFAULT_WINDOW_MONTHS = 24

export interface Comparable { offerId: number; caseId: number; caseNo: string; amount: number; approvedAt: string | null; paid: boolean }

export interface PrecedentBand {
  count: number
  /** 元, rounded to the fen; null when there is no comparable. */
  median: number | null
  p10: number | null
  p90: number | null
  /** Null when there are too few comparables to judge. */
  outlier: boolean | null
  tooFew: boolean
  minCount: number
  windowMonths: number
  /** What was matched: the root cause (or none when the case is untagged), business line, category, type. */
  criteria: { rootCause: string | null; businessLine: string; category: string; type: string; by?: PrecedentBy; product?: string | null }
  nearest: Comparable[]
}

/** The p-quantile (0…1) of ascending `sorted` by linear interpolation between closest ranks (percentile_cont); null when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (!sorted.length) return null
  if (p <= 0) return sorted[0]
  if (p >= 1) return sorted[sorted.length - 1]
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
}

const fen = (n: number | null): number | null => (n === null ? null : Math.round(n * 100) / 100)

/** The band of `amounts` (元, any order) and whether `amount` falls outside P10–P90. */
export function bandOf(amounts: readonly number[], amount: number, minCount = MIN_COMPARABLES): BandFigures {
  return bandOfSorted([...amounts].sort((a, b) => a - b), amount, minCount)
}

type BandFigures = Pick<PrecedentBand, 'count' | 'median' | 'p10' | 'p90' | 'outlier' | 'tooFew' | 'minCount'>

/** bandOf of amounts already in ascending order (a plain or typed array; not copied). */
export function bandOfSorted(sorted: ArrayLike<number>, amount: number, minCount = MIN_COMPARABLES): BandFigures {
  const p10 = fen(percentile(sorted, 0.1))
  const p90 = fen(percentile(sorted, 0.9))
  const tooFew = sorted.length < minCount
  return {
    count: sorted.length, median: fen(percentile(sorted, 0.5)), p10, p90, tooFew, minCount,
    outlier: tooFew ? null : amount < p10! || amount > p90!
  }
}

export interface PrecedentSubject {
  offerId: number; amount: number; type: string; businessLine: string; category: string
  /** The case's product (compared when `by` is 'product'). */
  product?: string | null
  /** rc_nodes id of the case's primary root cause, or null. */
  rootNodeId: number | null; rootCode: string | null
  /** When the offer was approved (else its case received), epoch ms: the window ends here. */
  at: number
}

/**
 * Comparables and band for one offer, from legal_offer_list (migration 23): one range of its precedent index
 * (type, business line, category, time; settled offers only), read once in one statement — the amounts, and the
 * nearest five by amount, whose case number, approval and payment are then read by key. The index carries every
 * column the range's conditions and the row policy read (migration 46), so the range never goes to the table.
 * The list is first caught up with a bulk tag's root causes if one left them (migration 59).
 */
export async function precedentFor(q: Query, s: PrecedentSubject, windowMonths = DEFAULT_WINDOW_MONTHS, by: PrecedentBy = 'business_line'): Promise<PrecedentBand> {
  await catchUpLegalList(q)
  const params: unknown[] = [s.offerId, s.type, s.businessLine, s.category, new Date(s.at).toISOString(), windowMonths, s.rootNodeId, by === 'product', s.product ?? null, s.amount]
  const where = `l.settled AND l.offer_id <> $1 AND l.type = $2 AND l.business_line = $3 AND l.category = $4
    AND l.at <= $5::timestamptz
    AND ($6::int = 0 OR l.at > $5::timestamptz - make_interval(months => $6::int))
    AND ($7::int IS NULL OR l.root_node_id = $7::int)
    AND (NOT $8::boolean OR l.product IS NOT DISTINCT FROM $9::text)`
  const [row] = (await q.query(`WITH g AS MATERIALIZED (SELECT l.offer_id, l.amount FROM legal_offer_list l WHERE ${where}),
      near AS (SELECT g.offer_id, row_number() OVER (ORDER BY abs(g.amount - $10::numeric), g.offer_id) AS rank
        FROM g ORDER BY abs(g.amount - $10::numeric), g.offer_id LIMIT 5)
    SELECT (SELECT coalesce(array_agg(g.amount::float8), '{}') FROM g) AS amounts,
      (SELECT coalesce(json_agg(json_build_object('id', l.offer_id, 'caseId', l.case_id, 'caseNo', l.case_no, 'amount', l.amount::float8,
          'approvedAt', l.approved_at, 'paid', l.paid) ORDER BY near.rank), '[]') FROM near JOIN legal_offer_list l ON l.offer_id = near.offer_id) AS near`,
  params)) as { amounts: number[]; near: { id: number; caseId: number; caseNo: string; amount: number; approvedAt: string | null; paid: boolean }[] }[]
  return {
    ...bandOf(row.amounts.map(Number), s.amount), windowMonths,
    criteria: { rootCause: s.rootCode, businessLine: s.businessLine, category: s.category, type: s.type, by, product: s.product ?? null },
    nearest: row.near.map((r) => ({ offerId: r.id, caseId: r.caseId, caseNo: r.caseNo, amount: Number(r.amount), approvedAt: r.approvedAt ? new Date(r.approvedAt).toISOString() : null, paid: r.paid }))
  }
}
