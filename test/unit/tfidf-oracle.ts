// The suggester's similarity written out plainly, as the definition the index and its max-score walk are held to.
import type { TermVector } from '../../src-main/rootcause/ngram'

/** Cosine of TF-IDF vectors over every document, norms from the IDF of the moment, sorted in full. */
export function plainQuery(docs: Map<string, TermVector>, q: TermVector, k: number): { id: string; similarity: number }[] {
  const df = new Map<string, number>()
  for (const terms of docs.values()) for (const t of terms.keys()) df.set(t, (df.get(t) ?? 0) + 1)
  const idf = (t: string): number => Math.log((1 + docs.size) / (1 + (df.get(t) ?? 0))) + 1
  const norm = (v: TermVector): number => Math.sqrt([...v].reduce((s, [t, w]) => s + (w * idf(t)) ** 2, 0))
  const qn = norm(q)
  const out: { id: string; similarity: number }[] = []
  for (const [id, terms] of docs) {
    let dot = 0
    for (const [t, w] of q) if (terms.has(t)) dot += w * idf(t) * terms.get(t)! * idf(t)
    if (dot > 0) out.push({ id, similarity: dot / (qn * norm(terms)) })
  }
  return out.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1)).slice(0, k)
}
