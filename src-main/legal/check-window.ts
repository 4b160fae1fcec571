// The precedent band of every offer of one group at once (the first computation of the stored checks, or all
// of them after a matrix change), by a sliding window over the group in time order: the settled peers inside
// (at − window, at] are kept in order of amount, so each offer's percentiles are read by rank and its nearest
// five by walking out from its amount, where the band of each offer on its own (bandAmong) gathers and sorts its
// whole window: quadratic in the group, which at 1,000,000 cases did not finish in 22 minutes. The window's
// peers are a Fenwick tree over the group's ranks by amount (RankedPeers): O(n · log n) in all.
// The result is the same as bandAmong's, offer by offer (test/unit/legal-check-window.test.ts).
import { bandOfSorted, DEFAULT_WINDOW_MONTHS, type Comparable, type PrecedentBand } from './precedent'
import type { OfferRow } from './check-store'

const MONTH_MS = 30.436875 * 86_400_000
const timeOf = (o: OfferRow): number => o.approvedAt ?? o.receivedAt

/**
 * Settled peers of a window, as a Fenwick tree of presence over the group's rows ranked by (amount, offer id):
 * adding, removing, the k-th smallest and the nearest by amount each cost O(log n). (Sorted typed arrays moved
 * by memmove on each add and remove cost O(w) per offer: with a few dozen groups whatever the archive's size,
 * n · w grew with its square — 17 groups at 100,000 cases.)
 */
class RankedPeers {
  /** The group's rows in (amount, id) order: rank → row index in the group, and its amount. */
  private readonly byRank: Int32Array
  private readonly amountAt: Float64Array
  /** Row index in the group → rank. */
  private readonly rankOf: Int32Array
  private readonly tree: Int32Array
  private readonly top: number
  n = 0
  constructor(private readonly group: readonly OfferRow[]) {
    const m = group.length
    const order = Array.from({ length: m }, (_, i) => i)
      .sort((a, b) => group[a].amount - group[b].amount || group[a].offerId - group[b].offerId)
    this.byRank = Int32Array.from(order)
    this.amountAt = Float64Array.from(order, (i) => group[i].amount)
    this.rankOf = new Int32Array(m)
    order.forEach((gi, r) => { this.rankOf[gi] = r })
    this.tree = new Int32Array(m + 1)
    let top = 1
    while (top * 2 <= m) top *= 2
    this.top = top
  }
  private update(rank: number, d: number): void {
    for (let i = rank + 1; i < this.tree.length; i += i & -i) this.tree[i] += d
  }
  /** How many present ranks are ≤ `rank` (0 for rank < 0). */
  private prefix(rank: number): number {
    let s = 0
    for (let i = Math.min(rank, this.tree.length - 2) + 1; i > 0; i -= i & -i) s += this.tree[i]
    return s
  }
  /** The rank of the k-th present peer (1-based k, 1 ≤ k ≤ n). */
  private kth(k: number): number {
    let pos = 0
    for (let step = this.top; step > 0; step >>= 1) {
      const next = pos + step
      if (next < this.tree.length && this.tree[next] < k) { pos = next; k -= this.tree[next] }
    }
    return pos
  }
  /** First rank whose amount is not below `amount` (among all the group's rows). */
  private lowerBound(amount: number): number {
    let lo = 0
    let hi = this.amountAt.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.amountAt[mid] < amount) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  /** The smallest present rank ≥ `rank`, or -1. */
  private nextPresent(rank: number): number {
    const before = this.prefix(rank - 1)
    return before < this.n ? this.kth(before + 1) : -1
  }
  /** The largest present rank ≤ `rank`, or -1. */
  private prevPresent(rank: number): number {
    const upTo = rank < 0 ? 0 : this.prefix(rank)
    return upTo > 0 ? this.kth(upTo) : -1
  }
  add(gi: number): void { this.update(this.rankOf[gi], 1); this.n++ }
  remove(gi: number): void { this.update(this.rankOf[gi], -1); this.n-- }
  /**
   * The peers' amounts in ascending order as percentile() reads them: `length` and the two ranks around each of
   * P10, P50 and P90 (the same indices percentile computes), nothing else.
   */
  sortedForBand(): ArrayLike<number> {
    const view: Record<number, number> & { length: number } = { length: this.n }
    if (!this.n) return view
    for (const p of [0.1, 0.5, 0.9]) {
      const h = (this.n - 1) * p
      const lo = Math.floor(h)
      const hi = Math.min(lo + 1, this.n - 1)
      view[lo] = this.amountAt[this.kth(lo + 1)]
      view[hi] = this.amountAt[this.kth(hi + 1)]
    }
    return view
  }
  /** The `k` peers nearest to `x` by |amount − x|, ties by offer id (as bandAmong sorts them). */
  nearest(x: number, k: number): OfferRow[] {
    const out: OfferRow[] = []
    const at = this.lowerBound(x)
    let right = this.nextPresent(at)
    // The left side is walked run by run of equal amounts, each run from its smallest id.
    let runEnd = this.prevPresent(at - 1)
    let left = runEnd >= 0 ? this.nextPresent(this.lowerBound(this.amountAt[runEnd])) : -1
    const next = (): void => {
      if (left < runEnd) { left = this.nextPresent(left + 1); return }
      runEnd = this.prevPresent(this.lowerBound(this.amountAt[left]) - 1)
      left = runEnd >= 0 ? this.nextPresent(this.lowerBound(this.amountAt[runEnd])) : -1
    }
    const idOf = (rank: number): number => this.group[this.byRank[rank]].offerId
    while (out.length < k && (left >= 0 || right >= 0)) {
      let takeLeft = right < 0
      if (left >= 0 && right >= 0) {
        const dl = Math.abs(this.amountAt[left] - x)
        const dr = Math.abs(this.amountAt[right] - x)
        takeLeft = dl < dr || (dl === dr && idOf(left) < idOf(right))
      }
      if (takeLeft) { out.push(this.group[this.byRank[left]]); next() } else { out.push(this.group[this.byRank[right]]); right = this.nextPresent(right + 1) }
    }
    return out
  }
}

/**
 * Calls `each(row, band)` for the offers of `group` (time-ordered, as groupOffers leaves it) that `wanted` holds
 * (all when null), each with the band bandAmong gives it: peers of the group accepted or paid, in
 * (at − windowMonths, at], never the offer itself. Synchronous; no database.
 */
export function eachBandOfGroup(group: readonly OfferRow[], wanted: ReadonlySet<number> | null, each: (row: OfferRow, band: PrecedentBand) => void, windowMonths = DEFAULT_WINDOW_MONTHS): void {
  const peers = new RankedPeers(group)
  let head = 0 // next row to enter the window
  let tail = 0 // next row to leave it
  for (let self = 0; self < group.length; self++) {
    const subject = group[self]
    const at = timeOf(subject)
    const from = windowMonths === 0 ? -Infinity : at - windowMonths * MONTH_MS
    for (; head < group.length && timeOf(group[head]) <= at; head++) if (group[head].acceptedOrPaid) peers.add(head)
    for (; tail < head && timeOf(group[tail]) <= from; tail++) if (group[tail].acceptedOrPaid) peers.remove(tail)
    if (wanted && !wanted.has(subject.offerId)) continue
    // The offer itself is inside its own window (its time is `at`): out while its band is read.
    const inside = subject.acceptedOrPaid
    if (inside) peers.remove(self)
    const nearest: Comparable[] = peers.nearest(subject.amount, 5).map((p) => ({
      offerId: p.offerId, caseId: p.caseId, caseNo: p.caseNo, amount: p.amount, approvedAt: p.approvedAt === null ? null : new Date(p.approvedAt).toISOString(), paid: p.paidAt !== null
    }))
    each(subject, {
      ...bandOfSorted(peers.sortedForBand(), subject.amount), windowMonths,
      criteria: { rootCause: subject.rootCause?.code ?? null, businessLine: subject.businessLine, category: subject.category, type: subject.type },
      nearest
    })
    if (inside) peers.add(self)
  }
}
