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

/**
 * A TF-IDF index of term vectors with cosine similarity. `add` and `remove` take effect on the next query,
 * at the cost of the case's own terms: document frequencies are exact, a new document's norm is computed
 * with the IDF of the moment, and the other documents' norms (which depend on the IDF) are recomputed only
 * once the collection has changed by more than 5 % since they were, so between refreshes a norm is off by
 * at most the drift of ln(N) over 5 % of N.
 */
export class TfIdfIndex {
  private readonly docs = new Map<string, TermVector>()
  private readonly postings = new Map<string, Map<string, number>>()
  private norms = new Map<string, number>()
  /** collection size at the last full refresh of the norms, and changes since */
  private refreshedAt = -1
  private changes = 0

  get size(): number {
    return this.docs.size
  }

  has(id: string): boolean {
    return this.docs.has(id)
  }

  add(id: string, terms: TermVector): void {
    this.remove(id)
    this.docs.set(id, terms)
    for (const [t, w] of terms) {
      let p = this.postings.get(t)
      if (!p) this.postings.set(t, (p = new Map()))
      p.set(id, w)
    }
    this.norms.set(id, this.normOf(terms))
    this.changes++
  }

  remove(id: string): boolean {
    const terms = this.docs.get(id)
    if (!terms) return false
    for (const t of terms.keys()) {
      const p = this.postings.get(t)!
      p.delete(id)
      if (!p.size) this.postings.delete(t)
    }
    this.docs.delete(id)
    this.norms.delete(id)
    this.changes++
    return true
  }

  /** Smoothed IDF: ln((1 + N) / (1 + df)) + 1; a term no document has gets the largest value. */
  idf(term: string): number {
    return Math.log((1 + this.docs.size) / (1 + (this.postings.get(term)?.size ?? 0))) + 1
  }

  private normOf(terms: TermVector): number {
    let s = 0
    for (const [t, w] of terms) s += (w * this.idf(t)) ** 2
    return Math.sqrt(s)
  }

  private refreshNorms(): void {
    if (this.refreshedAt >= 0 && this.changes <= Math.max(10, 0.05 * this.refreshedAt)) return
    const norms = new Map<string, number>()
    for (const [id, terms] of this.docs) norms.set(id, this.normOf(terms))
    this.norms = norms
    this.refreshedAt = this.docs.size
    this.changes = 0
  }

  /** The k most similar documents (cosine of TF-IDF vectors), best first, leaving out `exclude`. */
  query(terms: TermVector, k: number, exclude?: ReadonlySet<string>): Neighbour[] {
    this.refreshNorms()
    const dot = new Map<string, number>()
    let qn = 0
    for (const [t, w] of terms) {
      const idf = this.idf(t)
      qn += (w * idf) ** 2
      const p = this.postings.get(t)
      if (!p) continue
      const qw = w * idf * idf
      for (const [id, dw] of p) dot.set(id, (dot.get(id) ?? 0) + qw * dw)
    }
    if (!qn) return []
    const q = Math.sqrt(qn)
    const out: Neighbour[] = []
    for (const [id, d] of dot) {
      if (exclude?.has(id)) continue
      const n = this.norms.get(id)!
      if (n > 0) out.push({ id, similarity: d / (q * n) })
    }
    out.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1))
    return out.slice(0, k)
  }
}
