// The similar-cases index of the suggester: TF-IDF vectors of character bigrams (ngram.ts), cosine, the k
// nearest, updated one case at a time. At a million cases (~350,000 tagged) the common bigrams of a complaint
// (客户, 经查, 办理) are in most tagged cases, and summing every posting of every query term touched nearly all
// of them per query (p95 445 ms at 100,000 cases); the query is a max-score walk instead (max-score.ts). It
// needs, per posting list, a bound of weight / norm over the list; one list per term would be bounded by its
// few outliers (a short case, a bigram in all four fields: 5–10× the median), so each term's postings are
// layered by that ratio (a factor √2 per layer) and each layer has its own bound. The result is the exhaustive
// one: same neighbours, same order (test/unit/rootcause-index.test.ts).
import type { TermVector } from './ngram'
import { maxScoreTopK, NORM, SCORE_CAP, SLOT_WORDS, WALK_BUDGET, type Neighbour, type TermWalk } from './max-score'

export type { Neighbour } from './max-score'

/** A growable list of (document slot, weight) pairs: one layer of a term's postings, in slot order. */
class Postings {
  slots = new Int32Array(4)
  weights = new Float64Array(4)
  length = 0
  /** at least weight / norm of every document in the list, norms as the index holds them (the list's bound) */
  maxImpact = 0

  push(slot: number, w: number, impact: number): void {
    if (this.length === this.slots.length) {
      const n = this.length * 2
      const slots = new Int32Array(n)
      slots.set(this.slots)
      const weights = new Float64Array(n)
      weights.set(this.weights)
      this.slots = slots
      this.weights = weights
    }
    this.slots[this.length] = slot
    this.weights[this.length++] = w
    if (impact > this.maxImpact) this.maxImpact = impact
  }
}

/** A term: live documents with it (its lists keep removed ones until the next compaction), its layers. */
interface Term { df: number; layers: Postings[] }

/** Layer of a posting: weight / norm in (2^-(i+1)/2, 2^-i/2]; the last takes everything smaller. */
const LAYERS = 24
const layerOf = (impact: number): number => Math.min(LAYERS - 1, Math.max(0, Math.floor(-2 * Math.log2(impact))))

/** A document: its id and its terms (ids into the index's term table) with their weights, in insertion order. */
interface Doc { id: string; terms: Int32Array; weights: Float64Array }

/**
 * A TF-IDF index of term vectors with cosine similarity. `add` and `remove` take effect on the next query,
 * at the cost of the case's own terms: document frequencies are exact, a new document's norm is computed
 * with the IDF of the moment, and the other documents' norms (which depend on the IDF) are recomputed only
 * once the collection has changed by more than 5 % since they were, so between refreshes a norm is off by
 * at most the drift of ln(N) over 5 % of N.
 *
 * Laid out for an archive's hundreds of thousands of tagged cases: terms are numbered once, postings are
 * typed arrays of document slots and weights, and a query keeps the k best in a heap. A removed document's
 * slot is marked dead and skipped; its postings are dropped when dead slots reach a quarter of the live ones.
 */
export class TfIdfIndex {
  private readonly termIds = new Map<string, number>()
  private readonly terms: Term[] = []
  private readonly slotOf = new Map<string, number>()
  private docs: (Doc | null)[] = []
  /** per slot its norm and a query's scratch (max-score.ts SLOT_WORDS) */
  private slots = new Float64Array(1024 * SLOT_WORDS)
  private dead = 0
  private stamp = 0
  /** per term id, the query's weight (w × idf²) while a query runs, else 0 */
  private queryWeight = new Float64Array(1024)
  /** collection size at the last full refresh of the norms, and changes since */
  private refreshedAt = -1
  private changes = 0

  /** `budget`, `cap`: see maxScoreTopK (the defaults are WALK_BUDGET and SCORE_CAP; tests make them small). */
  constructor(private readonly limits: { budget: number; cap: number } = { budget: WALK_BUDGET, cap: SCORE_CAP }) {}

  get size(): number {
    return this.slotOf.size
  }

  has(id: string): boolean {
    return this.slotOf.has(id)
  }

  add(id: string, terms: TermVector): void {
    this.remove(id)
    const ids = new Int32Array(terms.size)
    const weights = new Float64Array(terms.size)
    let i = 0
    for (const [t, w] of terms) {
      let tid = this.termIds.get(t)
      if (tid === undefined) {
        tid = this.terms.length
        this.termIds.set(t, tid)
        this.terms.push({ df: 0, layers: [] })
      }
      ids[i] = tid
      weights[i++] = w
      this.terms[tid].df++
    }
    const slot = this.docs.length
    const doc = { id, terms: ids, weights }
    this.docs.push(doc)
    this.slotOf.set(id, slot)
    if ((slot + 1) * SLOT_WORDS > this.slots.length) this.grow(slot + 1)
    const norm = this.normOf(doc)
    this.slots[slot * SLOT_WORDS + NORM] = norm
    for (let j = 0; j < ids.length; j++) {
      const impact = norm > 0 ? weights[j] / norm : 0
      const layers = this.terms[ids[j]].layers
      const l = layerOf(impact)
      ;(layers[l] ??= new Postings()).push(slot, weights[j], impact)
    }
    this.changes++
  }

  remove(id: string): boolean {
    const slot = this.slotOf.get(id)
    if (slot === undefined) return false
    const doc = this.docs[slot]!
    for (const tid of doc.terms) this.terms[tid].df--
    this.docs[slot] = null
    this.slots[slot * SLOT_WORDS + NORM] = 0
    this.slotOf.delete(id)
    this.dead++
    this.changes++
    if (this.dead > Math.max(1024, this.slotOf.size / 4)) this.compact()
    return true
  }

  /** Smoothed IDF: ln((1 + N) / (1 + df)) + 1; a term no document has gets the largest value. */
  idf(term: string): number {
    const tid = this.termIds.get(term)
    return idfOf(this.slotOf.size, tid === undefined ? 0 : this.terms[tid].df)
  }

  private normOf(doc: Doc, idfs?: Float64Array): number {
    let s = 0
    const n = this.slotOf.size
    for (let j = 0; j < doc.terms.length; j++) s += (doc.weights[j] * (idfs ? idfs[doc.terms[j]] : idfOf(n, this.terms[doc.terms[j]].df))) ** 2
    return Math.sqrt(s)
  }

  private grow(min: number): void {
    let n = this.slots.length
    while (n < min * SLOT_WORDS) n *= 2
    const slots = new Float64Array(n)
    slots.set(this.slots)
    this.slots = slots
  }

  /** Drops the dead slots: live documents are numbered again in the same order, postings keep their order. */
  private compact(): void {
    const renumber = new Int32Array(this.docs.length).fill(-1)
    const docs: Doc[] = []
    const slots = new Float64Array(this.slots.length)
    this.docs.forEach((d, slot) => {
      if (!d) return
      renumber[slot] = docs.length
      slots[docs.length * SLOT_WORDS + NORM] = this.slots[slot * SLOT_WORDS + NORM]
      this.slotOf.set(d.id, docs.length)
      docs.push(d)
    })
    for (const t of this.terms) {
      for (const p of t.layers) {
        if (!p) continue
        let k = 0
        for (let j = 0; j < p.length; j++) {
          const to = renumber[p.slots[j]]
          if (to < 0) continue
          p.slots[k] = to
          p.weights[k++] = p.weights[j]
        }
        p.length = k
      }
    }
    this.docs = docs
    this.slots = slots
    this.dead = 0
  }

  /**
   * Every norm from the IDF of now, then every layer's bound from those norms (a posting stays in its layer:
   * the bound is what makes the walk exact, the layer only what makes it tight).
   */
  private refreshNorms(): void {
    if (this.refreshedAt >= 0 && this.changes <= Math.max(10, 0.05 * this.refreshedAt)) return
    const n = this.slotOf.size
    const idfs = new Float64Array(this.terms.length)
    this.terms.forEach((t, tid) => { idfs[tid] = idfOf(n, t.df) })
    const norms = this.slots
    this.docs.forEach((d, slot) => { if (d) norms[slot * SLOT_WORDS + NORM] = this.normOf(d, idfs) })
    for (const t of this.terms) {
      for (const p of t.layers) {
        if (!p) continue
        let max = 0
        for (let j = 0; j < p.length; j++) {
          const norm = norms[p.slots[j] * SLOT_WORDS + NORM]
          if (norm > 0 && p.weights[j] / norm > max) max = p.weights[j] / norm
        }
        p.maxImpact = max
      }
    }
    this.refreshedAt = n
    this.changes = 0
  }

  /**
   * The k most similar documents (cosine of TF-IDF vectors), best first (ties by id), document `without` left
   * out (a tagged case judged against the others; the IDF stays the archive's, its own terms included).
   */
  query(terms: TermVector, k: number, without?: string): Neighbour[] {
    this.refreshNorms()
    const gone = without === undefined ? -1 : this.slotOf.get(without) ?? -1
    const n = this.slotOf.size
    if (this.queryWeight.length < this.terms.length) this.queryWeight = new Float64Array(Math.max(this.terms.length, 2 * this.queryWeight.length))
    const walk: TermWalk[] = []
    let qn = 0
    let term = 0
    for (const [t, w] of terms) {
      const tid = this.termIds.get(t)
      const entry = tid === undefined ? undefined : this.terms[tid]
      const df = entry?.df ?? 0
      const idf = idfOf(n, df)
      qn += (w * idf) ** 2
      if (!entry || df <= 0) continue
      const qw = w * idf * idf
      this.queryWeight[tid!] = qw
      for (const p of entry.layers) if (p?.length) walk.push({ slots: p.slots, weights: p.weights, length: p.length, qw, bound: qw * p.maxImpact, term })
      term++
    }
    try {
      if (!qn || k <= 0) return []
      const { docs, slots, queryWeight } = this
      return maxScoreTopK({ docs, slots, queryWeight, stamp: ++this.stamp }, walk, term, Math.sqrt(qn), k, gone, this.limits.budget, this.limits.cap)
    } finally {
      for (const t of terms.keys()) {
        const tid = this.termIds.get(t)
        if (tid !== undefined) this.queryWeight[tid] = 0
      }
    }
  }
}

function idfOf(n: number, df: number): number {
  return Math.log((1 + n) / (1 + df)) + 1
}
