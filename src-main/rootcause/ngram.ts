// Similarity of case texts over Chinese character bigrams: TF-IDF vectors and cosine, in memory, updated one
// case at a time. Chinese has no spaces to find words by, and a word segmenter would be one more dictionary
// to ship; bigrams catch most two-character words and the overlap of longer ones (态度生硬 ~ 语气生硬), which
// is what matters for "a case like this one" (the same reasoning as the case list's bigram search index).
import { normaliseText, isWordChar } from '../text/normalise'

export type TermVector = Map<string, number>

/**
 * Bigrams of the normalised text's word runs (a run of one character is kept as itself), each counted once,
 * times `weight`, added into `into`. Digits are folded to 0 so amounts and dates do not look alike or apart.
 */
export function addBigrams(into: TermVector, text: string | null | undefined, weight: number, prefix = ''): void {
  if (!text || weight <= 0) return
  const seen = new Set<string>()
  let run = ''
  const flush = (): void => {
    const chars = Array.from(run)
    if (chars.length === 1) seen.add(chars[0])
    for (let i = 0; i + 1 < chars.length; i++) seen.add(chars[i] + chars[i + 1])
    run = ''
  }
  for (const ch of normaliseText(text)) {
    if (isWordChar(ch)) run += ch >= '0' && ch <= '9' ? '0' : ch
    else if (run) flush()
  }
  if (run) flush()
  for (const t of seen) into.set(prefix + t, (into.get(prefix + t) ?? 0) + weight)
}

export interface Neighbour { id: string; similarity: number }

/** A growable list of (document slot, weight) pairs: one term's postings. */
class Postings {
  slots = new Int32Array(4)
  weights = new Float64Array(4)
  length = 0
  /** live documents with the term (the list keeps removed ones until the next compaction) */
  df = 0

  push(slot: number, w: number): void {
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
  }
}

/** A document: its id and its terms (ids into the index's term table) with their weights, in insertion order. */
interface Doc { id: string; terms: Int32Array; weights: Float64Array }

const better = (sa: number, ia: string, sb: number, ib: string): boolean => sa > sb || (sa === sb && ia < ib)

/**
 * A TF-IDF index of term vectors with cosine similarity. `add` and `remove` take effect on the next query,
 * at the cost of the case's own terms: document frequencies are exact, a new document's norm is computed
 * with the IDF of the moment, and the other documents' norms (which depend on the IDF) are recomputed only
 * once the collection has changed by more than 5 % since they were, so between refreshes a norm is off by
 * at most the drift of ln(N) over 5 % of N.
 *
 * Laid out for an archive's hundreds of thousands of tagged cases: terms are numbered once, each term's
 * postings are typed arrays of document slots and weights, and a query adds into one dense array of scores
 * and keeps the k best in a heap (a Map per posting and a sort of every touched document took seconds
 * and ~8 KB per case). A removed document's slot is marked dead and skipped; its postings are dropped when
 * dead slots reach a quarter of the live ones. Results are those of the plain definition, in the same order.
 */
export class TfIdfIndex {
  private readonly termIds = new Map<string, number>()
  private readonly postings: Postings[] = []
  private readonly slotOf = new Map<string, number>()
  private docs: (Doc | null)[] = []
  private norms = new Float64Array(1024)
  private dead = 0
  private scores = new Float64Array(1024)
  private marks = new Uint8Array(1024)
  /** collection size at the last full refresh of the norms, and changes since */
  private refreshedAt = -1
  private changes = 0

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
        tid = this.postings.length
        this.termIds.set(t, tid)
        this.postings.push(new Postings())
      }
      ids[i] = tid
      weights[i++] = w
    }
    const slot = this.docs.length
    const doc = { id, terms: ids, weights }
    this.docs.push(doc)
    this.slotOf.set(id, slot)
    for (let j = 0; j < ids.length; j++) {
      const p = this.postings[ids[j]]
      p.push(slot, weights[j])
      p.df++
    }
    if (slot >= this.norms.length) this.grow(slot + 1)
    this.norms[slot] = this.normOf(doc)
    this.changes++
  }

  remove(id: string): boolean {
    const slot = this.slotOf.get(id)
    if (slot === undefined) return false
    const doc = this.docs[slot]!
    for (const tid of doc.terms) this.postings[tid].df--
    this.docs[slot] = null
    this.slotOf.delete(id)
    this.dead++
    this.changes++
    if (this.dead > Math.max(1024, this.slotOf.size / 4)) this.compact()
    return true
  }

  /** Smoothed IDF: ln((1 + N) / (1 + df)) + 1; a term no document has gets the largest value. */
  idf(term: string): number {
    const tid = this.termIds.get(term)
    return this.idfOf(tid === undefined ? 0 : this.postings[tid].df)
  }

  private idfOf(df: number): number {
    return Math.log((1 + this.slotOf.size) / (1 + df)) + 1
  }

  private normOf(doc: Doc): number {
    let s = 0
    for (let j = 0; j < doc.terms.length; j++) s += (doc.weights[j] * this.idfOf(this.postings[doc.terms[j]].df)) ** 2
    return Math.sqrt(s)
  }

  private grow(min: number): void {
    let n = this.norms.length
    while (n < min) n *= 2
    const norms = new Float64Array(n)
    norms.set(this.norms)
    this.norms = norms
    this.scores = new Float64Array(n)
    this.marks = new Uint8Array(n)
  }

  /** Drops the dead slots: live documents are numbered again in the same order, postings keep their order. */
  private compact(): void {
    const renumber = new Int32Array(this.docs.length).fill(-1)
    const docs: Doc[] = []
    const norms = new Float64Array(this.norms.length)
    this.docs.forEach((d, slot) => {
      if (!d) return
      renumber[slot] = docs.length
      norms[docs.length] = this.norms[slot]
      this.slotOf.set(d.id, docs.length)
      docs.push(d)
    })
    for (const p of this.postings) {
      let k = 0
      for (let j = 0; j < p.length; j++) {
        const to = renumber[p.slots[j]]
        if (to < 0) continue
        p.slots[k] = to
        p.weights[k++] = p.weights[j]
      }
      p.length = k
    }
    this.docs = docs
    this.norms = norms
    this.dead = 0
  }

  private refreshNorms(): void {
    if (this.refreshedAt >= 0 && this.changes <= Math.max(10, 0.05 * this.refreshedAt)) return
    this.docs.forEach((d, slot) => { if (d) this.norms[slot] = this.normOf(d) })
    this.refreshedAt = this.slotOf.size
    this.changes = 0
  }

  /** The k most similar documents (cosine of TF-IDF vectors), best first, leaving out `exclude`. */
  query(terms: TermVector, k: number, exclude?: ReadonlySet<string>): Neighbour[] {
    this.refreshNorms()
    const { scores, marks, docs } = this
    const touched: number[] = []
    let qn = 0
    for (const [t, w] of terms) {
      const tid = this.termIds.get(t)
      const p = tid === undefined ? undefined : this.postings[tid]
      const idf = this.idfOf(p?.df ?? 0)
      qn += (w * idf) ** 2
      if (!p || !p.df) continue
      const qw = w * idf * idf
      const { slots, weights, length } = p
      for (let j = 0; j < length; j++) {
        const slot = slots[j]
        if (!docs[slot]) continue
        if (!marks[slot]) { marks[slot] = 1; touched.push(slot) }
        scores[slot] += qw * weights[j]
      }
    }
    // The k best by a bounded heap whose root is the worst kept (lower similarity, then the larger id).
    const heap: Neighbour[] = []
    const q = Math.sqrt(qn)
    const worse = (a: Neighbour, b: Neighbour): boolean => better(b.similarity, b.id, a.similarity, a.id)
    const down = (i: number): void => {
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let w = i
        if (l < heap.length && worse(heap[l], heap[w])) w = l
        if (r < heap.length && worse(heap[r], heap[w])) w = r
        if (w === i) return
        ;[heap[i], heap[w]] = [heap[w], heap[i]]
        i = w
      }
    }
    for (const slot of touched) {
      const d = scores[slot]
      scores[slot] = 0
      marks[slot] = 0
      if (!qn || k <= 0) continue
      const id = docs[slot]!.id
      const n = this.norms[slot]
      if (exclude?.has(id) || !(n > 0)) continue
      const similarity = d / (q * n)
      if (heap.length < k) {
        heap.push({ id, similarity })
        for (let i = heap.length - 1; i > 0;) {
          const parent = (i - 1) >> 1
          if (!worse(heap[i], heap[parent])) break
          ;[heap[i], heap[parent]] = [heap[parent], heap[i]]
          i = parent
        }
      } else if (better(similarity, id, heap[0].similarity, heap[0].id)) {
        heap[0] = { id, similarity }
        down(0)
      }
    }
    return heap.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1))
  }
}
