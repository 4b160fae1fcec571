// The suggester's TF-IDF index (ngram.ts) against the plain definition (tfidf-oracle.ts): the same neighbours
// in the same order with the same similarities, through adds, replacements and enough removals that the
// index drops its dead slots (compaction) and refreshes its norms, as an archive's tagging does.
import { describe, expect, it } from 'vitest'
import { TfIdfIndex, type TermVector } from '../../src-main/rootcause/ngram'
import { caseTerms } from '../../src-main/rootcause/suggest'
import { rootCauseDemoCases } from '../../src-main/demo/rootcause-texts'
import { Rng } from '../../src-main/demo/random'
import { plainQuery } from './tfidf-oracle'

describe('TF-IDF index of the suggester', () => {
  it('gives the plain definition’s k nearest through adds, replacements and thousands of removals', () => {
    const texts = rootCauseDemoCases(11, 40)
    const rng = new Rng(3)
    const index = new TfIdfIndex()
    const docs = new Map<string, TermVector>()
    const queries = rootCauseDemoCases(12, 1).slice(0, 12).map((c) => caseTerms(c))
    const check = (): void => {
      // Norms are refreshed once 5 % of the collection changed, so compare after a fresh index of the same docs too.
      const fresh = new TfIdfIndex()
      for (const [id, v] of docs) fresh.add(id, v)
      for (const q of queries) {
        const want = plainQuery(docs, q, 30)
        for (const got of [index.query(q, 30), fresh.query(q, 30)]) {
          expect(got.map((n) => n.id)).toEqual(want.map((n) => n.id))
          got.forEach((n, i) => expect(n.similarity).toBeCloseTo(want[i].similarity, 9))
        }
      }
    }
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 1500; i++) {
        const id = `d${rng.int(0, 2999)}`
        const v = caseTerms(texts[rng.int(0, texts.length - 1)])
        index.add(id, v)
        docs.set(id, v)
      }
      // Remove more than the compaction threshold (1,024 dead slots), some ids twice.
      for (let i = 0; i < 1300; i++) {
        const id = `d${rng.int(0, 2999)}`
        expect(index.remove(id)).toBe(docs.delete(id))
      }
      expect(index.size).toBe(docs.size)
      check()
    }
    expect(index.query(new Map([['量子', 1]]), 5)).toEqual([])
    expect(index.query(queries[0], 0)).toEqual([])
  })
})
