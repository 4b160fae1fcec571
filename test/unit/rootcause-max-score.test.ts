// The suggester's similar-cases search walks only part of the postings (max-score over layered lists,
// max-score.ts): on random archives, with common and rare terms, through adds and removals, its k nearest are
// the exhaustive ones (the plain definition, tfidf-oracle.ts), also with a case left out; a case sharing only
// rare bigrams with the query is found among thousands sharing the common ones; and where the walk would read
// more than its budget, what it returns are real documents with their exact similarities, in order.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { TfIdfIndex } from '../../src-main/rootcause/tfidf-index'
import type { TermVector } from '../../src-main/rootcause/ngram'
import { caseTerms } from '../../src-main/rootcause/suggest'
import { rootCauseDemoCases } from '../../src-main/demo/rootcause-texts'
import { plainQuery } from './tfidf-oracle'

/** A term vector over a skewed vocabulary: low term numbers are common, high ones rare; field-like weights. */
const vector = fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.constantFrom(0.3, 0.5, 1, 1.5, 2.8)), { minLength: 1, maxLength: 25 })
  .map((xs) => new Map(xs.map(([a, b, w]) => [`t${Math.min(a, b) * (a % 3 === 0 ? 1 : 4)}`, w])) as TermVector)

const same = (got: { id: string; similarity: number }[], want: { id: string; similarity: number }[]): void => {
  expect(got.map((n) => n.id)).toEqual(want.map((n) => n.id))
  got.forEach((n, i) => expect(n.similarity).toBeCloseTo(want[i].similarity, 9))
}

describe('similar-cases search: max-score over layered postings', () => {
  it('equals the exhaustive k nearest on random archives, through removals, and with a case left out', () => {
    fc.assert(fc.property(
      fc.array(vector, { minLength: 1, maxLength: 120 }), fc.array(fc.integer({ min: 0, max: 119 }), { maxLength: 40 }),
      fc.array(vector, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 119 }),
      (vectors, removals, queries, k, left) => {
        const index = new TfIdfIndex()
        const docs = new Map<string, TermVector>()
        vectors.forEach((v, i) => { index.add(`d${i}`, v); docs.set(`d${i}`, v) })
        for (const r of removals) expect(index.remove(`d${r}`)).toBe(docs.delete(`d${r}`))
        // Norms follow the IDF only once 5 % of the archive changed: compare with a fresh index too.
        const fresh = new TfIdfIndex()
        for (const [id, v] of docs) fresh.add(id, v)
        const without = `d${left}`
        for (const q of queries) {
          same(fresh.query(q, k), plainQuery(docs, q, k))
          same(fresh.query(q, k, without), plainQuery(docs, q, k + 1).filter((n) => n.id !== without).slice(0, k))
          same(index.query(q, k), plainQuery(docs, q, k))
        }
      }), { numRuns: 150 })
  })

  it('equals the exhaustive search on demo texts, where the walk stops before the common bigrams', () => {
    const texts = rootCauseDemoCases(21, 40)
    const index = new TfIdfIndex()
    const docs = new Map<string, TermVector>()
    texts.forEach((c, i) => { const v = caseTerms(c); index.add(`c${i}`, v); docs.set(`c${i}`, v) })
    for (const c of rootCauseDemoCases(22, 1).slice(0, 12)) same(index.query(caseTerms(c), 30), plainQuery(docs, caseTerms(c), 30))
  })

  it('finds a case that shares only rare bigrams with the query among thousands sharing the common ones', () => {
    const index = new TfIdfIndex()
    const common = (i: number): TermVector => new Map([['客户', 1], ['经查', 1], ['办理', 1], ['要求', 0.3], [`n${i % 50}`, 1]])
    for (let i = 0; i < 5000; i++) index.add(`c${i}`, common(i))
    index.add('rare', new Map([['社保', 1], ['保卡', 1]]))
    const query = new Map([...common(7), ['社保', 1], ['保卡', 1]])
    expect(index.query(query, 5).map((n) => n.id)).toContain('rare')
    // …also when the walk runs out of budget at once and keeps only a handful of candidates.
    const tight = new TfIdfIndex({ budget: 1, cap: 8 })
    for (let i = 0; i < 5000; i++) tight.add(`c${i}`, common(i))
    tight.add('rare', new Map([['社保', 1], ['保卡', 1]]))
    expect(tight.query(query, 5).map((n) => n.id)).toContain('rare')
  })

  it('over budget, returns documents of the archive with their exact similarities, best first', () => {
    const texts = rootCauseDemoCases(23, 30)
    const tight = new TfIdfIndex({ budget: 200, cap: 64 })
    const docs = new Map<string, TermVector>()
    texts.forEach((c, i) => { const v = caseTerms(c); tight.add(`c${i}`, v); docs.set(`c${i}`, v) })
    for (const c of rootCauseDemoCases(24, 1).slice(0, 8)) {
      const q = caseTerms(c)
      const exact = new Map(plainQuery(docs, q, docs.size).map((n) => [n.id, n.similarity]))
      const got = tight.query(q, 30)
      expect(got).toHaveLength(30)
      for (const n of got) expect(n.similarity).toBeCloseTo(exact.get(n.id)!, 9)
      for (let i = 1; i < got.length; i++) expect(got[i - 1].similarity).toBeGreaterThanOrEqual(got[i].similarity)
    }
  })
})
