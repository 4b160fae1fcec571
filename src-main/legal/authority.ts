// The authority matrix (审批权限矩阵): approval level × offer type → the largest amount (元) that level may
// approve, versioned by effective day. An offer is judged by the matrix in force on its approval day (China
// time); the audit engine's R08 and R13 read the same matrices (migration 20 seeded them from the internal
// policy sets' single branch limit). Pure: no database here (loadAuthority in matrix-store.ts).
import type { OfferType } from '../shared/codes'
import { OFFER_TYPES } from '../shared/codes'
import { cstDate } from '../audit/time'

export interface AuthorityLimit {
  /** As the archive records it (分行, 总行…). */
  level: string
  /** 1 = the lowest level; higher ranks approve more. */
  rank: number
  type: OfferType
  /** 元; null = no upper limit. */
  maxAmount: number | null
}

export interface AuthorityMatrix {
  id: number | null
  /** YYYY-MM-DD, China time: in force from this day until the next matrix's day. */
  effectiveFrom: string
  title: string
  /** 元: above this amount the customer's acceptance must be a signed settlement agreement; null = never required. */
  settlementAbove: number | null
  /** 元: a legal opinion on an offer above this amount needs a second legal signature (四眼原则). */
  cosignAbove: number
  limits: AuthorityLimit[]
}

/** What a level may approve for a type under a matrix; `assumed` when the level was not in the matrix (held to the lowest level). */
export interface AuthorityFor { level: string | null; maxAmount: number | null; assumed: boolean }

/** The matrices of an archive by effective day. */
export class AuthorityBook {
  private readonly sorted: AuthorityMatrix[]

  constructor(matrices: readonly AuthorityMatrix[]) {
    this.sorted = [...matrices].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
  }

  get matrices(): readonly AuthorityMatrix[] { return this.sorted }

  /** The matrix in force on the China-time day of `at` (epoch ms), or null before the first one. */
  inForce(at: number): AuthorityMatrix | null {
    return this.onDay(cstDate(at))
  }

  /** The matrix in force on a day (YYYY-MM-DD). */
  onDay(day: string): AuthorityMatrix | null {
    for (let i = this.sorted.length - 1; i >= 0; i--) if (this.sorted[i].effectiveFrom <= day) return this.sorted[i]
    return null
  }
}

/**
 * What `level` may approve for `type` under `m`. A level the matrix does not name (or none recorded) is held
 * to the lowest level's authority for that type: an approval nobody can place is not taken for a higher one.
 * A type without any row takes the lowest authority of any type.
 */
export function authorityFor(m: AuthorityMatrix, level: string | null, type: string): AuthorityFor {
  const rows = m.limits.filter((l) => l.type === type)
  const pool = rows.length ? rows : m.limits
  // Without rows for the type, the level's smallest authority over all types.
  const named = level === null ? undefined : leastOf(pool.filter((l) => l.level === level.trim()))
  if (named) return { level: named.level, maxAmount: named.maxAmount, assumed: false }
  const lowest = lowestOf(pool)
  return { level: lowest?.level ?? null, maxAmount: lowest ? lowest.maxAmount : 0, assumed: true }
}

/** The lowest level's authority for `type` (元; null = unlimited): amounts above it need a higher approval. */
export function baseAuthority(m: AuthorityMatrix, type: string): number | null {
  const rows = m.limits.filter((l) => l.type === type)
  const lowest = lowestOf(rows.length ? rows : m.limits)
  return lowest ? lowest.maxAmount : 0
}

function leastOf(rows: AuthorityLimit[]): AuthorityLimit | undefined {
  let best: AuthorityLimit | undefined
  for (const r of rows) if (!best || (r.maxAmount ?? Infinity) < (best.maxAmount ?? Infinity)) best = r
  return best
}

function lowestOf(rows: AuthorityLimit[]): AuthorityLimit | undefined {
  let best: AuthorityLimit | undefined
  for (const r of rows) {
    if (!best || r.rank < best.rank || (r.rank === best.rank && (r.maxAmount ?? Infinity) < (best.maxAmount ?? Infinity))) best = r
  }
  return best
}

/** A matrix as migration 20 seeds it from one branch limit (元): 分行 up to it, 总行 without limit, every type; co-sign above it too. */
export function matrixFromBranchLimit(effectiveFrom: string, title: string, branchLimit: number): AuthorityMatrix {
  const limits: AuthorityLimit[] = []
  for (const type of OFFER_TYPES) {
    limits.push({ level: '分行', rank: 1, type, maxAmount: branchLimit })
    limits.push({ level: '总行', rank: 2, type, maxAmount: null })
  }
  return { id: null, effectiveFrom, title, settlementAbove: null, cosignAbove: branchLimit, limits }
}

/** Identifies the matrices' content (for the audit's policy fingerprint). */
export function authorityKey(book: AuthorityBook): unknown[] {
  return book.matrices.map((m) => [m.effectiveFrom, m.settlementAbove, m.limits.map((l) => [l.level, l.rank, l.type, l.maxAmount]).sort()])
}
