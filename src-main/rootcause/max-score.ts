// The k nearest of a TF-IDF query without summing every posting of every query term (tfidf-index.ts): the
// max-score strategy of Turtle & Flood ("Query evaluation: strategies and optimizations", 1995), over posting
// lists layered by weight / norm. Each list carries an upper bound of what it adds to any document's
// similarity; a document is in at most one list of a term, so a document not yet met can gain at most, per
// term, the largest bound among that term's lists not yet walked ("rest"). Lists are walked from the largest
// bound down, summed into partial scores; once rest is below the k-th best similarity known, no document not
// yet met can enter the k best and the walk stops (what is left are the low layers of the common bigrams:
// the long lists). Of the rest, the short lists are still walked into the documents met (each lowers rest,
// and so the bound of every document met), and those that can still reach the k-th best are scored in full
// from their own term vectors. Exact: the same k neighbours, in the same order, as summing everything.

export interface Neighbour { id: string; similarity: number }

/** One posting list of a query term: slots ascending, the query's weight w × idf², bound qw × max weight/norm, the term's number in the query. */
export interface TermWalk { slots: Int32Array; weights: Float64Array; length: number; qw: number; bound: number; term: number }

/**
 * Per document slot, SLOT_WORDS numbers side by side (a walk meeting a document then reads one cache line,
 * not one per array): its norm (0 for a removed document), the stamp of the query that met it last, and its
 * partial score in that query (NaN once scored in full or dropped).
 */
export const SLOT_WORDS = 4
export const NORM = 0
const STAMP = 1
const PARTIAL = 2

/** The index's arrays the walk reads, and its scratch space (reused across queries). */
export interface WalkSpace {
  docs: readonly ({ id: string; terms: Int32Array; weights: Float64Array } | null)[]
  slots: Float64Array
  /** per term id, the query's weight (0 for a term not in the query) */
  queryWeight: Float64Array
  /** a number no earlier query used */
  stamp: number
}

/** Documents met before the k-th best is first estimated, from the best partial scores. */
const FIRST_ESTIMATE = 2048
/** A list left after the stop is walked while it holds at most this many postings per document still in the running. */
const EXTEND = 2
/**
 * Postings the exact walk may read before it settles for the SCORE_CAP documents with the best partial scores
 * (see maxScoreTopK); and that cap. Far above what an archive of tens of thousands of tagged cases needs.
 */
export const WALK_BUDGET = 150_000
export const SCORE_CAP = 4096
/** Bounds are sums of floating-point products: a document is passed over only when clearly below (1e-9 relative). */
const SLACK = 1 + 1e-9

const better = (sa: number, ia: string, sb: number, ib: string): boolean => sa > sb || (sa === sb && ia < ib)

/**
 * The k best documents for the query's lists `walk` (of `terms` query terms; q: the query vector's norm), best
 * first, ties by the smaller id; slot `gone` is left out. Documents whose norm is 0 are never returned.
 * Exact unless proving it would read more than `budget` postings (a query of only common bigrams, on hundreds
 * of thousands of cases): then the k best of the `cap` documents with the best partial similarity over the
 * lists walked so far (the rarest bigrams and the top layers of the others), each scored in full.
 */
export function maxScoreTopK(space: WalkSpace, walk: TermWalk[], terms: number, q: number, k: number, gone: number,
  budget = WALK_BUDGET, cap = SCORE_CAP): Neighbour[] {
  const { docs, slots: data, queryWeight, stamp } = space
  const normOf = (slot: number): number => data[slot * SLOT_WORDS + NORM]
  const heap = new TopK(k)
  walk.sort((a, b) => b.bound - a.bound || a.length - b.length)
  // Per term, its lists (largest bound first) and whether each was walked; rest = Σ largest bound not walked.
  const lists: number[][] = Array.from({ length: terms }, () => [])
  walk.forEach((w, i) => lists[w.term].push(i))
  const walked = new Uint8Array(walk.length)
  const termMax = new Float64Array(terms)
  for (let t = 0; t < terms; t++) termMax[t] = lists[t].length ? walk[lists[t][0]].bound / q : 0
  let rest = termMax.reduce((a, b) => a + b, 0)
  const markWalked = (i: number): void => {
    walked[i] = 1
    const t = walk[i].term
    const next = lists[t].find((j) => !walked[j])
    termMax[t] = next === undefined ? 0 : walk[next].bound / q
    rest = termMax.reduce((a, b) => a + b, 0)
  }
  const touched: number[] = []
  const score = (slot: number): void => {
    const doc = docs[slot]!
    let dot = 0
    const { terms: dt, weights: dw } = doc
    for (let m = 0; m < dt.length; m++) dot += queryWeight[dt[m]] * dw[m]
    heap.offer(doc.id, dot / (q * normOf(slot)))
    data[slot * SLOT_WORDS + PARTIAL] = NaN
  }
  /**
   * Scores in full the met documents whose bound (partial + rest) reaches the k-th best, the others dropped
   * for good; with `best`, only about that many with the largest partial scores (a first k-th best).
   */
  const settle = (best?: number): void => {
    let cut = -Infinity
    if (best !== undefined) {
      const by = new Float64Array(touched.length)
      let n = 0
      for (const slot of touched) {
        const v = data[slot * SLOT_WORDS + PARTIAL]
        if (!Number.isNaN(v)) by[n++] = v / normOf(slot)
      }
      if (n > best) cut = by.subarray(0, n).sort()[n - best]
    }
    for (const slot of touched) {
      const v = data[slot * SLOT_WORDS + PARTIAL]
      if (Number.isNaN(v) || v / normOf(slot) < cut) continue
      if (heap.full && (v / (q * normOf(slot)) + rest) * SLACK < heap.worst) data[slot * SLOT_WORDS + PARTIAL] = NaN
      else score(slot)
    }
  }

  let estimated = false
  let read = 0
  for (;;) {
    if (heap.full && rest * SLACK < heap.worst) break
    // Next, the list that lowers rest most per posting: a term's highest layer not yet walked.
    let i = -1
    let gain = -1
    for (let t = 0; t < terms; t++) {
      const next = lists[t].find((j) => !walked[j])
      if (next === undefined) continue
      const after = lists[t].find((j) => j !== next && !walked[j])
      const g = (termMax[t] - (after === undefined ? 0 : walk[after].bound / q)) / walk[next].length
      if (g > gain) { gain = g; i = next }
    }
    if (i < 0) break
    const { slots, weights, length, qw } = walk[i]
    if ((read += length) > budget && estimated) {
      settle(cap)
      return heap.sorted()
    }
    for (let j = 0; j < length; j++) {
      const slot = slots[j]
      const at = slot * SLOT_WORDS
      if (data[at + STAMP] !== stamp) {
        data[at + STAMP] = stamp
        if (!(data[at + NORM] > 0) || slot === gone) { data[at + PARTIAL] = NaN; continue }
        data[at + PARTIAL] = 0
        touched.push(slot)
      }
      data[at + PARTIAL] += qw * weights[j]
    }
    markWalked(i)
    // A first k-th best from the documents the rarest terms reached (the likeliest neighbours), so that the
    // walk can stop before the common terms.
    if (!estimated && touched.length >= FIRST_ESTIMATE) {
      estimated = true
      settle(Math.max(k, FIRST_ESTIMATE / 8))
    }
  }
  // What is left: the shorter lists first, into the documents met only, dropping those that fall behind.
  let live = touched.filter((slot) => !Number.isNaN(data[slot * SLOT_WORDS + PARTIAL]))
  let prunedAt = Infinity
  const left = walk.map((_, j) => j).filter((j) => !walked[j]).sort((a, b) => walk[a].length - walk[b].length)
  for (const j of left) {
    if (heap.full && rest < prunedAt - 0.05 * heap.worst) {
      const floor = heap.worst
      live = live.filter((slot) => {
        const keep = (data[slot * SLOT_WORDS + PARTIAL] / (q * normOf(slot)) + rest) * SLACK >= floor
        if (!keep) data[slot * SLOT_WORDS + PARTIAL] = NaN
        return keep
      })
      prunedAt = rest
    }
    const { slots, weights, length, qw } = walk[j]
    if (length > EXTEND * live.length || (read += length) > budget) break
    for (let m = 0; m < length; m++) {
      const at = slots[m] * SLOT_WORDS
      if (data[at + STAMP] === stamp) data[at + PARTIAL] += qw * weights[m]
    }
    markWalked(j)
  }
  settle(live.length > cap ? cap : undefined)
  return heap.sorted()
}

/** The k best (similarity, then the smaller id) in a bounded heap whose root is the worst kept. */
class TopK {
  private readonly heap: Neighbour[] = []
  constructor(private readonly k: number) {}

  get full(): boolean {
    return this.heap.length >= this.k
  }

  /** the k-th best similarity so far (meaningful when full) */
  get worst(): number {
    return this.heap[0].similarity
  }

  offer(id: string, similarity: number): void {
    const heap = this.heap
    if (this.k <= 0) return
    if (heap.length < this.k) {
      heap.push({ id, similarity })
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1
        if (!worse(heap[i], heap[parent])) break
        ;[heap[i], heap[parent]] = [heap[parent], heap[i]]
        i = parent
      }
    } else if (better(similarity, id, heap[0].similarity, heap[0].id)) {
      heap[0] = { id, similarity }
      for (let i = 0; ;) {
        const l = 2 * i + 1
        const r = l + 1
        let w = i
        if (l < heap.length && worse(heap[l], heap[w])) w = l
        if (r < heap.length && worse(heap[r], heap[w])) w = r
        if (w === i) break
        ;[heap[i], heap[w]] = [heap[w], heap[i]]
        i = w
      }
    }
  }

  sorted(): Neighbour[] {
    return this.heap.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1))
  }
}

const worse = (a: Neighbour, b: Neighbour): boolean => better(b.similarity, b.id, a.similarity, a.id)
