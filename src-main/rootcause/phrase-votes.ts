// What each phrase has meant in the cases reviewers tagged. A phrase starts by voting for the cause of the
// taxonomy node it belongs to; every tagged case it appears in adds a vote for that case's primary cause,
// so a phrase that keeps turning up in another cause's cases (因系统升级 in cases the reviewers put down to
// poor coordination) learns to speak for that cause too, and one that misleads loses weight. Counts are
// per tagged case and kept exactly on add/remove, so a new tag changes the next suggestion.
import type { PhraseHit } from './evidence'
import { firstLevelOf, liveTarget, type Taxonomy } from './taxonomy-types'

/** First-level evidence from phrases, and how much each phrase gave each first-level cause (for the reasons). */
export interface FamilyEvidence {
  total: Map<string, number>
  parts: Map<string, Map<string, number>>
}

export class PhraseVotes {
  /** phrase → tagged code → number of tagged cases with the phrase asserted */
  private readonly counts = new Map<string, Map<string, number>>()
  private readonly byCase = new Map<string, { phrases: string[]; code: string }>()

  /** Records the phrases asserted in a tagged case (replacing what was recorded for the same id). */
  add(id: string, code: string, hits: readonly PhraseHit[]): void {
    this.remove(id)
    // Only the findings: a customer's words are often about another cause than the one found.
    const phrases = [...new Set(hits.filter((h) => h.weight > 0 && (h.field === 'investigation' || h.field === 'facts')).map((h) => h.phrase))]
    for (const p of phrases) {
      let m = this.counts.get(p)
      if (!m) this.counts.set(p, (m = new Map()))
      m.set(code, (m.get(code) ?? 0) + 1)
    }
    this.byCase.set(id, { phrases, code })
  }

  /** The same case's phrases, now tagged with `code` (a changed tag: its texts are as they were). */
  recode(id: string, code: string): void {
    const rec = this.byCase.get(id)
    if (!rec || rec.code === code) return
    const phrases = rec.phrases
    this.remove(id)
    for (const p of phrases) {
      let m = this.counts.get(p)
      if (!m) this.counts.set(p, (m = new Map()))
      m.set(code, (m.get(code) ?? 0) + 1)
    }
    this.byCase.set(id, { phrases, code })
  }

  remove(id: string): void {
    const rec = this.byCase.get(id)
    if (!rec) return
    for (const p of rec.phrases) {
      const m = this.counts.get(p)!
      const left = m.get(rec.code)! - 1
      if (left) m.set(rec.code, left)
      else m.delete(rec.code)
      if (!m.size) this.counts.delete(p)
    }
    this.byCase.delete(id)
  }

  /**
   * First-level evidence from the hits: each distinct asserted phrase contributes its weight (strongest
   * occurrence), shared out as (prior × its taxonomy families + its tagged cases' families) / (prior + n).
   * With no tagged case it is exactly the taxonomy's vote. `without`: a tagged case whose votes are left out
   * (as if it were removed), for judging a tagged case against the others.
   */
  familyEvidence(tax: Taxonomy, hits: readonly PhraseHit[], prior: number, without?: string): FamilyEvidence {
    const own = without === undefined ? undefined : this.byCase.get(without)
    const ownPhrases = new Set(own?.phrases)
    const byPhrase = new Map<string, { weight: number; families: Map<string, number> }>()
    for (const h of hits) {
      if (h.weight <= 0) continue
      let e = byPhrase.get(h.phrase)
      if (!e) byPhrase.set(h.phrase, (e = { weight: 0, families: new Map() }))
      const fam = firstLevelOf(tax, h.node)!
      e.families.set(fam, Math.max(e.families.get(fam) ?? 0, h.weight))
      e.weight = Math.max(e.weight, h.weight)
    }
    const total = new Map<string, number>()
    const parts = new Map<string, Map<string, number>>()
    let phrase = ''
    const add = (f: string, v: number): void => {
      total.set(f, (total.get(f) ?? 0) + v)
      if (!parts.has(f)) parts.set(f, new Map())
      parts.get(f)!.set(phrase, (parts.get(f)!.get(phrase) ?? 0) + v)
    }
    for (const [p, e] of byPhrase) {
      phrase = p
      const seen = new Map<string, number>()
      let n = 0
      for (const [code, all] of this.counts.get(phrase) ?? []) {
        const k = all - (own && own.code === code && ownPhrases.has(phrase) ? 1 : 0)
        if (!k) continue
        const target = liveTarget(tax, code)
        if (!target) continue
        const fam = firstLevelOf(tax, target)!
        seen.set(fam, (seen.get(fam) ?? 0) + k)
        n += k
      }
      // The taxonomy's vote: each family the phrase belongs to, by its own (field- and topic-) weight.
      let lexTotal = 0
      for (const v of e.families.values()) lexTotal += v
      const denom = prior + n
      for (const [fam, v] of e.families) add(fam, e.weight * prior * (v / lexTotal) / denom)
      for (const [fam, k] of seen) add(fam, e.weight * k / denom)
    }
    return { total, parts }
  }
}
