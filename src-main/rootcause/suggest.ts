// Root-cause suggestions for an untagged case: the three most likely causes, each with a score and its
// reasons (the phrases that matched, the most similar tagged cases).
//
// Method, and why: two kinds of evidence, combined.
// 1. Phrase evidence (evidence.ts): each taxonomy node carries the wording an investigation uses when it finds
//    that cause, and topic words for what it is usually about (weaker: a complaint about a fee is not yet a
//    fee dispute). Phrases count by where they stand: the investigation and facts fully, the customer's
//    summary and request a third or less (the cause is found in the investigation, and the customer's words
//    often point elsewhere), a clause quoting the customer (客户称…) or only naming what was examined
//    (经调取双录视频) less, the cause slot of a causal sentence (因…导致…, …系…所致) more than the effect slot.
//    A negated phrase (未发现…, 不存在…, 并非…, …不属实) is not evidence and speaks against its cause. The
//    findings' own statement of fault (责任在我行 vs 符合规定, 无过错) tilts the evidence between the
//    institution's causes and the others. This works on an archive with no tags at all, and explains itself.
// 2. Similar tagged cases (ngram.ts): TF-IDF cosine over character bigrams against every tagged case, the k
//    nearest voting for their primary cause. This is what learns from the archive: `add` a reviewer's tag and
//    the next suggestion for a similar case moves, with no rebuild and no restart; it also reaches wording
//    the phrase lists never will. Beside it, each phrase's vote is learnt (phrase-votes.ts): a phrase that
//    keeps appearing in the findings of cases tagged with another cause comes to speak for that cause.
//    A trained classifier (e.g. logistic regression over the same bigrams) would need retraining on every
//    tag and many tags per cause; with the handful per cause an archive starts with, nearest neighbours and
//    smoothed phrase votes are what can be exact about "a case like this one".
// Both become shares over the first-level causes and are mixed with a small prior (how often each cause
// has been tagged). The first suggestion is the cause the findings name (most phrase evidence, not denied,
// and stated by a cause phrase in the investigation or facts, not only by topic words); the findings' turn
// (…收取无误；但…) weighs what follows it, and a phrase said to be in order (功能正常, 齐全, 无误) is denied;
// measured on hand-written cases, the similar cases help fill the list (top-3) but do not beat the
// findings for first place. Suggestions are distinct first-level causes, each refined to a second-level
// node where the evidence for one child is clear. Only live nodes are ever named: a retired node's phrases
// and tags count for its live parent, or for nothing.
import { SEED_TAXONOMY } from './taxonomy-seed'
import { firstLevelOf, isLive, liveTarget, type Taxonomy } from './taxonomy-types'
import { faultBalance } from './fault'
import { DEFAULT_EVIDENCE_WEIGHTS, evidenceByNode, findPhrases, type CaseTextFields, type EvidenceWeights, type Field } from './evidence'
import { addBigrams, TfIdfIndex, type TermVector } from './ngram'
import { contextTokens } from './context'
import { PhraseVotes } from './phrase-votes'

/** A case's texts as the suggester reads them; channel and business line as codes or Chinese labels. */
export interface CauseCaseText extends CaseTextFields {
  channel?: string | null
  businessLine?: string | null
}

/** A tagged case: `primary` and `secondary` are node codes (first or second level). */
export interface TaggedCase extends CauseCaseText {
  id: string
  primary: string
  secondary?: readonly string[]
}

export interface Suggestion {
  /** a live node: the second level where one child is clearly indicated, else the first level */
  code: string
  firstLevel: string
  nameZh: string
  jrtCause: string
  internal: boolean
  /** share of the combined evidence, 0–1 (the first suggestion, placed first because the findings name it,
   * may score below the second) */
  score: number
  /** the investigation and facts name this cause (most phrase evidence); it is then the first suggestion */
  namedInFindings: boolean
  /** the asserted phrases for this cause, strongest first */
  phrases: { phrase: string; field: Field; node: string }[]
  /** phrases of this cause that were present but negated (shown so a reviewer sees why they did not count) */
  negated: string[]
  /** the most similar tagged cases with this cause as primary */
  similar: { id: string; similarity: number; code: string }[]
}

export interface SuggestOptions {
  evidence: EvidenceWeights
  /** weights of each field and of the channel / business-line tokens in the similarity vectors */
  knnField: Record<Field, number>
  knnContext: number
  k: number
  /** a neighbour votes similarity^simPower */
  simPower: number
  /** vote of a neighbour's secondary causes, relative to its primary */
  secondaryVote: number
  wKeyword: number
  wKnn: number
  wPrior: number
  /** weight of the taxonomy's own vote for a phrase, in tagged cases (phrase-votes.ts) */
  phrasePrior: number
  /** phrase evidence is sharpened as evidence^keywordPower before it becomes shares */
  keywordPower: number
  /** factor on the causes the findings speak against (institution's fault vs not) */
  faultTilt: number
  /** factor on a cause per phrase of it the findings negate (未发现违规查询 speaks against 个人信息保护), at most twice */
  negatedFactor: number
  /** put the cause with the most phrase evidence first, whatever the similar cases say */
  findingFirst: boolean
  /** …only when a cause phrase of it (not only topic words) is asserted in the investigation or facts */
  namedNeedsCause: boolean
  /** share of its family's evidence a child needs to be suggested instead of its first-level node */
  childShare: number
}

export const DEFAULT_SUGGEST_OPTIONS: SuggestOptions = {
  evidence: DEFAULT_EVIDENCE_WEIGHTS,
  knnField: { summary: 0.5, request: 0.3, investigation: 1, facts: 1 },
  knnContext: 0.3,
  k: 30,
  simPower: 2,
  secondaryVote: 0.25,
  wKeyword: 0.4,
  wKnn: 0.55,
  wPrior: 0.05,
  phrasePrior: 20,
  keywordPower: 1.5,
  faultTilt: 0.5,
  negatedFactor: 0.5,
  findingFirst: true,
  namedNeedsCause: true,
  childShare: 0.5
}

/** The similarity vector of a case's texts. */
export function caseTerms(c: CauseCaseText, o: SuggestOptions = DEFAULT_SUGGEST_OPTIONS): TermVector {
  const v: TermVector = new Map()
  for (const f of ['summary', 'request', 'investigation', 'facts'] as const) addBigrams(v, c[f], o.knnField[f])
  if (o.knnContext > 0) for (const t of contextTokens(c.channel, c.businessLine)) v.set(t, o.knnContext)
  return v
}

const normalise = (m: Map<string, number>): Map<string, number> => {
  let total = 0
  for (const v of m.values()) total += v
  return total > 0 ? new Map([...m].map(([k, v]) => [k, v / total])) : new Map()
}
const add = (m: Map<string, number>, k: string, v: number): void => { m.set(k, (m.get(k) ?? 0) + v) }

/** An in-memory suggester over a taxonomy and the tagged cases it has been given. */
export class RootCauseModel {
  private readonly index = new TfIdfIndex()
  private readonly tagged = new Map<string, { primary: string; secondary: readonly string[] }>()
  private readonly votes = new PhraseVotes()
  /** tagged cases per primary code: the prior, without a walk over every tagged case per suggestion */
  private readonly primaries = new Map<string, number>()

  constructor(private tax: Taxonomy = SEED_TAXONOMY, readonly options: SuggestOptions = DEFAULT_SUGGEST_OPTIONS) {}

  get size(): number {
    return this.tagged.size
  }

  get taxonomy(): Taxonomy {
    return this.tax
  }

  /** Uses another version of the taxonomy from the next suggestion on (e.g. after a node is retired). */
  setTaxonomy(tax: Taxonomy): void {
    this.tax = tax
  }

  /** Adds a tagged case, or replaces the one with the same id (a changed tag). Throws on an unknown code. */
  add(c: TaggedCase): void {
    for (const code of [c.primary, ...(c.secondary ?? [])]) {
      if (!this.tax.byCode.has(code)) throw new Error(`unknown root-cause code ${code}`)
    }
    this.index.add(c.id, caseTerms(c, this.options))
    this.countPrimary(this.tagged.get(c.id)?.primary, -1)
    this.tagged.set(c.id, { primary: c.primary, secondary: c.secondary ?? [] })
    this.countPrimary(c.primary, 1)
    // Votes read the findings only, and their phrases there do not depend on the customer's words.
    this.votes.add(c.id, c.primary, findPhrases(this.tax, { investigation: c.investigation, facts: c.facts }, this.options.evidence))
  }

  /**
   * A changed tag of a case the model has, its texts as the model learnt them (no phrase matching, no
   * re-indexing: what makes learning a bulk re-tag cheap). False when the model does not have the case.
   * Throws on an unknown code.
   */
  retag(id: string, primary: string, secondary: readonly string[] = []): boolean {
    const was = this.tagged.get(id)
    if (!was) return false
    for (const code of [primary, ...secondary]) {
      if (!this.tax.byCode.has(code)) throw new Error(`unknown root-cause code ${code}`)
    }
    this.countPrimary(was.primary, -1)
    this.tagged.set(id, { primary, secondary })
    this.countPrimary(primary, 1)
    this.votes.recode(id, primary)
    return true
  }

  /** Forgets a case (its tag was removed). */
  remove(id: string): boolean {
    this.countPrimary(this.tagged.get(id)?.primary, -1)
    this.tagged.delete(id)
    this.votes.remove(id)
    return this.index.remove(id)
  }

  private countPrimary(code: string | undefined, by: 1 | -1): void {
    if (code === undefined) return
    const n = (this.primaries.get(code) ?? 0) + by
    if (n) this.primaries.set(code, n)
    else this.primaries.delete(code)
  }

  /**
   * The `limit` most likely causes, best first; distinct first-level causes, live nodes only. `without`: a
   * tagged case of the model left out of the neighbours, the phrase votes and the prior (not the IDF):
   * how a tagged case is judged against the others without taking it out and putting it back.
   */
  suggest(texts: CauseCaseText, limit = 3, without?: string): Suggestion[] {
    const o = this.options
    const tax = this.tax
    const fault = faultBalance(texts)
    const tilt = (internal: boolean): number =>
      internal ? (fault.notOurs > fault.ours ? o.faultTilt : 1) : (fault.ours > fault.notOurs ? o.faultTilt : 1)
    const hits = findPhrases(tax, texts, o.evidence).map((h) => ({ ...h, weight: h.weight * tilt(tax.byCode.get(h.node)!.internal) }))
    const nodeK = new Map([...evidenceByNode(hits)].filter(([, v]) => v > 0))

    const neighbours = this.index.query(caseTerms(texts, o), o.k, without)
    const nodeS = new Map<string, number>()
    const votersOf = new Map<string, { id: string; similarity: number; code: string }[]>()
    for (const nb of neighbours) {
      const tag = this.tagged.get(nb.id)!
      const vote = nb.similarity ** o.simPower
      const primary = liveTarget(tax, tag.primary)
      if (primary) {
        add(nodeS, primary, vote)
        const fam = firstLevelOf(tax, primary)!
        if (!votersOf.has(fam)) votersOf.set(fam, [])
        votersOf.get(fam)!.push({ id: nb.id, similarity: nb.similarity, code: primary })
      }
      for (const s of tag.secondary) {
        const target = liveTarget(tax, s)
        if (target) add(nodeS, target, vote * o.secondaryVote)
      }
    }

    const famOf = (m: Map<string, number>): Map<string, number> => {
      const out = new Map<string, number>()
      for (const [code, v] of m) add(out, firstLevelOf(tax, code)!, v)
      return out
    }
    const famK = this.votes.familyEvidence(tax, hits, o.phrasePrior, without)
    const sharpened = new Map([...famK.total].map(([f, v]) => [f, v ** o.keywordPower]))
    const pK = normalise(sharpened)
    const pS = normalise(famOf(nodeS))
    const prior = new Map<string, number>()
    for (const n of tax.nodes) if (!n.parent && isLive(tax, n.code)) prior.set(n.code, 1)
    const own = without === undefined ? undefined : this.tagged.get(without)?.primary
    for (const [code, n] of this.primaries) {
      const target = liveTarget(tax, code)
      const count = n - (code === own ? 1 : 0)
      if (target && count) add(prior, firstLevelOf(tax, target)!, count)
    }
    const pP = normalise(prior)
    const wK = pK.size ? o.wKeyword : 0
    const wS = pS.size ? o.wKnn : 0
    const wSum = wK + wS + o.wPrior
    const denied = new Map<string, Set<string>>()
    for (const h of hits) {
      if (!h.negated || h.topic || (h.field !== 'investigation' && h.field !== 'facts')) continue
      const fam = firstLevelOf(tax, h.node)!
      if (!denied.has(fam)) denied.set(fam, new Set())
      denied.get(fam)!.add(h.phrase)
    }
    const combined: [string, number][] = [...pP.keys()].map((f) => {
      const against = o.negatedFactor ** Math.min(2, denied.get(f)?.size ?? 0)
      return [f, against * (wK * (pK.get(f) ?? 0) + wS * (pS.get(f) ?? 0) + o.wPrior * pP.get(f)!) / wSum]
    })
    combined.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    let named: string | undefined
    if (o.findingFirst && pK.size) {
      // The cause the findings name comes first; similar cases and the prior order the rest.
      const best = [...pK].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0]
      const i = combined.findIndex(([f]) => f === best)
      // Named only by a cause phrase asserted in the findings (giving it evidence by the taxonomy or as learnt
      // from tagged cases): topic words (约定, 高龄客户) say what the case is about, not what went wrong, and are
      // left to be weighed with the similar cases.
      const causePhrases = new Set(hits.filter((h) => h.weight > 0 && !h.topic && (h.field === 'investigation' || h.field === 'facts')).map((h) => h.phrase))
      const stated = !o.namedNeedsCause || [...(famK.parts.get(best)?.keys() ?? [])].some((p) => causePhrases.has(p))
      if (i >= 0 && stated && (denied.get(best)?.size ?? 0) === 0) {
        named = best
        combined.unshift(...combined.splice(i, 1))
      }
    }

    return combined.slice(0, limit).map(([fam, score]) => {
      const code = this.refine(fam, nodeK, nodeS, wK, wS)
      const node = tax.byCode.get(code)!
      // The phrases that gave this cause evidence (by the taxonomy or as learnt from tagged cases), most first.
      const parts = [...(famK.parts.get(fam) ?? [])].sort((a, b) => b[1] - a[1])
      const phrases = parts.map(([phrase]) => {
        const h = hits.filter((x) => x.phrase === phrase && x.weight > 0).sort((a, b) => b.weight - a.weight)[0]
        return { phrase, field: h.field, node: h.node }
      })
      const negated = [...new Set(hits.filter((h) => h.negated && firstLevelOf(tax, h.node) === fam).map((h) => h.phrase))]
      return {
        code, firstLevel: fam, nameZh: node.nameZh, jrtCause: node.jrtCause, internal: node.internal,
        score: Math.round(score * 1000) / 1000, namedInFindings: fam === named, phrases, negated,
        similar: (votersOf.get(fam) ?? []).slice(0, 3)
      }
    })
  }

  /** The family's live child with a clear share of the family's child-level evidence, else the family itself. */
  private refine(fam: string, nodeK: Map<string, number>, nodeS: Map<string, number>, wK: number, wS: number): string {
    const kids = (this.tax.children.get(fam) ?? []).filter((c) => isLive(this.tax, c.code))
    if (!kids.length) return fam
    const share = (m: Map<string, number>): Map<string, number> => normalise(new Map(kids.map((c) => [c.code, m.get(c.code) ?? 0])))
    const k = share(nodeK)
    const s = share(nodeS)
    const wk = k.size ? wK : 0
    const ws = s.size ? wS : 0
    if (!wk && !ws) return fam
    let best = fam
    let bestShare = 0
    for (const c of kids) {
      const v = (wk * (k.get(c.code) ?? 0) + ws * (s.get(c.code) ?? 0)) / (wk + ws)
      if (v > bestShare) { best = c.code; bestShare = v }
    }
    return bestShare >= this.options.childShare ? best : fam
  }
}
