// Phrase evidence for root causes: which of the taxonomy's indicative phrases a case's texts state, where, and
// whether they are asserted. The cause is found in the investigation and the facts, not in the customer's
// words (issue 11), so a phrase counts by the field it is in; inside the investigation, a clause that reports
// what the customer said (客户称…) counts as the customer's words; a phrase under an absence marker
// (未发现/不存在/并非/无…) or followed by a denial (…不属实) is not evidence at all.
import { normaliseText } from '../text/normalise'
import { liveTarget, type Taxonomy } from './taxonomy-types'
import { causalRoles } from './causal'

export type Field = 'summary' | 'request' | 'investigation' | 'facts'
export const FIELDS: readonly Field[] = ['summary', 'request', 'investigation', 'facts']

export type CaseTextFields = Partial<Record<Field, string | null>>

export interface EvidenceWeights {
  field: Record<Field, number>
  /** factor for a clause of the investigation or facts that reports the customer's words */
  reported: number
  /** factor for a node's topic words (its subject matter) against its cause phrases */
  topic: number
  /** factors for a phrase in the cause slot and in the effect slot of a causal sentence (causal.ts) */
  cause: number
  effect: number
  /** a cause phrase of 4+ characters also matches with up to `gap` characters between its halves, weighed `gapped` */
  gap: number
  gapped: number
  /** phrase weight by length: 2, 3, 4–5, 6+ characters */
  length: readonly [number, number, number, number]
  /** factor for a clause that says what was examined (经调取双录视频…), not what was found */
  method: number
  /** summary/request factor when the investigation confirms (属实) or denies (不属实) the customer's account */
  confirmed: number
  denied: number
  /** factors for the findings before and after their first turn (但, 然而…: contrastParts) */
  beforeTurn: number
  afterTurn: number
}

export const DEFAULT_EVIDENCE_WEIGHTS: EvidenceWeights = {
  field: { summary: 0.35, request: 0.15, investigation: 1, facts: 1 },
  reported: 0.35,
  topic: 0.5,
  method: 0.5,
  length: [0.8, 0.9, 1, 1.1],
  gap: 6,
  gapped: 0.7,
  cause: 1.3,
  effect: 0.6,
  confirmed: 1.5,
  denied: 0.4,
  beforeTurn: 0.7,
  afterTurn: 1.3
}

export interface PhraseHit {
  phrase: string
  /** the live node the phrase counts for */
  node: string
  field: Field
  /** a topic word of the node rather than a cause phrase */
  topic: boolean
  negated: boolean
  reported: boolean
  /** field weight × clause factor × phrase weight; 0 when negated */
  weight: number
}

// Written variants of 未 are one form for matching, in the texts and in every list and phrase alike, so
// 没有告知, 并未告知 and 尚未告知 all match 未告知 (and 没有发现 matches 未发现).
const CANONICAL = /没有|并未|尚未|未曾|没能|未能|不曾|均未|皆未|亦未|也未/g
/** The matching form of a text: normalised (text/normalise.ts), then the variants of 未 as 未. */
export function canonical(text: string): string {
  return normaliseText(text).replace(CANONICAL, '未')
}
const canon = (list: string[]): string[] => [...new Set(list.map(canonical))]

// Absence and denial before a phrase, within its clause. Plain 未 is not among them: 未告知, 未核实 state the
// institution's failure, which is the finding itself; such phrases carry their 未 (they are matched whole).
const ABSENCE_BEFORE = canon(['未发现', '没有发现', '没发现', '未见', '未查见', '未查到', '查无', '不存在', '并不存在', '并非', '不属于',
  '不是', '非因', '并无', '不涉及', '未涉及', '排除', '否认', '无证据', '没有证据', '不构成', '未构成', '未有', '无任何', '没有任何',
  '均无', '亦无', '也无', '未出现', '没有出现', '未发生', '无明显'])
// The same, written right against the phrase (无违规, 非系统原因, 不符合规定); 未 too, since a phrase that does
// not itself begin with 未 names a wrong, and 未 before it denies the wrong (没有误导 → 未误导, 未泄露).
const ABSENCE_ADJACENT = ['无', '非', '不', '毫无', '未']
const DOUBLE_NEGATIVE = /不排除|无法排除|难以排除|不能排除|无法否认|不否认/g
// A denial right after the phrase (客户所称误导销售不属实).
const DENIAL_AFTER = canon(['不属实', '不成立', '与事实不符', '不存在', '无关', '并不存在', '未发生', '不实', '说法不符'])
const DENIAL_AFTER_WINDOW = 8
// A state of normality said of the thing the phrase names (系统日志显示转账功能正常, 坡道及呼叫铃齐全, 收取无误):
// it is not what went wrong. Not after 不/未/非 (不规范, 未到位 state a wrong).
const NORMAL_AFTER = /(?<![不未非])(?:正常|无误|无异常|一致|完整|完好|齐全|规范|到位|准确|合规)/
// Reported speech: the customer's account, quoted inside the investigation or facts.
const REPORTED = canon(['客户称', '客户反映', '客户认为', '客户表示', '客户诉称', '客户声称', '客户自称', '据客户', '客户质疑', '客户怀疑',
  '客户坚称', '客户主张', '客户述称', '客户提出', '客户要求', '投诉人称', '投诉人认为', '投诉人反映', '来电称', '其称', '客户所称', '客户所述'])
// A clause starting with one of these turns back to the institution's own findings.
const TURN = canon(['经', '但', '然而', '而', '实际', '核实', '查明', '调查', '事实上', '我行', '本行', '该行', '网点', '后经', '现', '确认', '系统'])
const CONFIRM = canon(['属实', '确有其事', '确实存在', '确系', '确属', '情况存在'])
const DENY = canon(['不属实', '与事实不符', '不成立', '并不存在', '说法不符'])
// A clause that says what was examined: 经调取双录视频, 通过调阅监控录像. What it names is where the
// investigation looked, which is weaker evidence than what it found.
const METHOD_START = canon(['经', '通过', '调取', '调阅', '调听', '查阅', '核查', '查看'])
const METHOD_VERB = canon(['调取', '调阅', '调听', '查阅', '查看', '核查', '核对', '查询', '排查', '约谈', '询问', '走访', '比对', '检查', '复核', '回放'])
const FINDING = canon(['发现', '确认', '显示', '表明', '证实', '系因', '系由', '属于', '属实', '存在', '未', '无', '不', '错', '误', '均'])
/** Whether a clause only says what was examined. */
export function isMethodClause(clause: string): boolean {
  return METHOD_START.some((m) => clause.startsWith(m)) && METHOD_VERB.some((v) => clause.includes(v)) && !FINDING.some((f) => clause.includes(f))
}

interface Compiled {
  phrases: { text: string; targets: { node: string; topic: boolean }[] }[]
  /** the phrases' indexes by their first two characters: a phrase (or a gapped head of 2+) is in a clause only where these are */
  byLead: Map<string, number[]>
}
const compiledCache = new WeakMap<Taxonomy, Compiled>()

/** The taxonomy's phrases, normalised, each with the live nodes it counts for (a retired node's to its live parent). */
function compile(tax: Taxonomy): Compiled {
  let c = compiledCache.get(tax)
  if (c) return c
  const byText = new Map<string, Map<string, boolean>>()
  const put = (words: readonly string[], node: string, topic: boolean): void => {
    for (const p of words) {
      const text = canonical(p)
      if (text.length < 2) continue
      let targets = byText.get(text)
      if (!targets) byText.set(text, (targets = new Map()))
      // A phrase of a node beats the same word as its topic.
      targets.set(node, (targets.get(node) ?? true) && topic)
    }
  }
  for (const n of tax.nodes) {
    const target = liveTarget(tax, n.code)
    if (!target) continue
    put(n.phrases, target, false)
    put(n.topics, target, true)
  }
  const phrases = [...byText].map(([text, targets]) => ({ text, targets: [...targets].map(([node, topic]) => ({ node, topic })) }))
  const byLead = new Map<string, number[]>()
  phrases.forEach((p, i) => {
    const lead = p.text.slice(0, 2)
    if (!byLead.has(lead)) byLead.set(lead, [])
    byLead.get(lead)!.push(i)
  })
  c = { phrases, byLead }
  compiledCache.set(tax, c)
  return c
}

/** A longer phrase is more specific: the weight of a phrase of 2, 3, 4–5 and 6+ characters. */
export function phraseWeight(len: number, w: EvidenceWeights = DEFAULT_EVIDENCE_WEIGHTS): number {
  const [two, three, four, six] = w.length
  return len <= 2 ? two : len === 3 ? three : len <= 5 ? four : six
}

interface Clause { text: string; reported: boolean; roles: Int8Array }

/**
 * Splits a text in matching form (`canonical`) into clauses, marking those that report the customer's words
 * and the causal role of each character (causal.ts, computed over the whole sentence).
 */
export function clausesOf(norm: string): Clause[] {
  const out: Clause[] = []
  for (const sentence of norm.split(/[。;!?\n；！？]+/)) {
    const roles = causalRoles(sentence)
    let reported = false
    const parts = /[^,:，：]+/g
    for (let m = parts.exec(sentence); m; m = parts.exec(sentence)) {
      const lead = m[0].length - m[0].trimStart().length
      const text = m[0].trim()
      if (!text) continue
      const at0 = m.index + lead
      const clause = (from: number, to: number, rep: boolean): Clause =>
        ({ text: text.slice(from, to), reported: rep, roles: roles.subarray(at0 + from, at0 + to) })
      if (reported && TURN.some((t) => text.startsWith(t))) reported = false
      const at = REPORTED.map((r) => text.indexOf(r)).filter((i) => i >= 0)
      if (at.length && !reported) {
        // Only what follows the marker is the customer's: 经核查，客户称… keeps 经核查 as a finding.
        const cut = Math.min(...at)
        if (cut > 0) out.push(clause(0, cut, false))
        out.push(clause(cut, text.length, true))
        reported = true
        continue
      }
      out.push(clause(0, text.length, reported))
    }
  }
  return out
}

/**
 * A phrase of four or more characters written with words between its halves (系统故障 in 系统出现故障, 未告知风险
 * in 未向客户告知产品风险): the first place where a head of 2+ characters is followed, at most `gap` characters
 * on, by the rest (2+). Used for cause phrases, which state something (words go in between); never for topic
 * words, which are mostly compound nouns (客户经理 is not 客户称理财经理).
 */
export function gappedMatch(text: string, phrase: string, gap: number): { start: number; end: number } | null {
  if (phrase.length < 4) return null
  for (let k = 2; k <= phrase.length - 2; k++) {
    const head = phrase.slice(0, k)
    const tail = phrase.slice(k)
    for (let i = text.indexOf(head); i >= 0; i = text.indexOf(head, i + 1)) {
      const j = text.indexOf(tail, i + k + 1)
      if (j >= 0 && j - (i + k) <= gap) return { start: i, end: j + tail.length }
    }
  }
  return null
}

/** Whether the phrase at [start, end) of a clause is denied or said to be absent. */
export function isNegated(clause: string, start: number, end: number, normalAfter = true): boolean {
  const before = clause.slice(0, start).replace(DOUBLE_NEGATIVE, '')
  if (ABSENCE_BEFORE.some((m) => before.includes(m))) return true
  if (ABSENCE_ADJACENT.some((m) => before.endsWith(m)) && !before.endsWith('无法')) return true
  const after = clause.slice(end, end + DENIAL_AFTER_WINDOW)
  return DENIAL_AFTER.some((m) => after.includes(m)) || (normalAfter && NORMAL_AFTER.test(after))
}

function accountFactor(texts: CaseTextFields, w: EvidenceWeights): number {
  const findings = canonical(`${texts.investigation ?? ''}。${texts.facts ?? ''}`)
  const denied = DENY.some((m) => findings.includes(m))
  const stripped = DENY.reduce((s, m) => s.split(m).join(''), findings)
  const confirmed = CONFIRM.some((m) => stripped.includes(m))
  return confirmed && !denied ? w.confirmed : denied && !confirmed ? w.denied : 1
}

// A turn of the findings (…收取无误；但未建立评估机制): what follows it is what the investigation found wrong,
// what precedes it mostly what it ruled out or granted. Only at the start of a clause.
const CONTRAST = /(?:^|[,，。;；:：])\s*(?:但是|但|然而|不过|可是|只是)/

/** The findings' text cut at its first turn, each part with its factor; the customer's words are not cut. */
export function contrastParts(norm: string, w: EvidenceWeights | null): { text: string; factor: number }[] {
  const m = w ? CONTRAST.exec(norm) : null
  if (!w || !m || m.index === 0) return [{ text: norm, factor: 1 }]
  return [{ text: norm.slice(0, m.index), factor: w.beforeTurn }, { text: norm.slice(m.index), factor: w.afterTurn }]
}

/**
 * The phrases that can match in `text` (whole or gapped), in the taxonomy's order: those whose first two
 * characters are in it. Trying only these instead of every phrase of the taxonomy on every clause is what
 * makes reading an archive's hundreds of thousands of tagged cases take seconds, not half an hour.
 */
function candidates<P>(text: string, phrases: readonly P[], byLead: Map<string, number[]>): P[] {
  const found = new Set<number>()
  const seen = new Set<string>()
  for (let i = 0; i + 1 < text.length; i++) {
    const lead = text.slice(i, i + 2)
    if (seen.has(lead)) continue
    seen.add(lead)
    for (const k of byLead.get(lead) ?? []) found.add(k)
  }
  return [...found].sort((a, b) => a - b).map((k) => phrases[k])
}

/**
 * Every phrase of the taxonomy's live nodes found in the texts, with its weight; the longest match wins where
 * phrases overlap (重复扣费 is a posting error, not a fee dispute). Negated and reported hits are kept, for the
 * reasons shown, with their (zero or reduced) weight.
 */
export function findPhrases(tax: Taxonomy, texts: CaseTextFields, w: EvidenceWeights = DEFAULT_EVIDENCE_WEIGHTS): PhraseHit[] {
  const { phrases, byLead } = compile(tax)
  const account = accountFactor(texts, w)
  const hits: PhraseHit[] = []
  for (const field of FIELDS) {
    const raw = texts[field]
    if (!raw) continue
    const customer = field === 'summary' || field === 'request'
    const fieldWeight = w.field[field] * (customer ? account : 1)
    for (const part of contrastParts(canonical(raw), customer ? null : w)) for (const clause of clausesOf(part.text)) {
      const method = (!customer && !clause.reported && isMethodClause(clause.text) ? w.method : 1) * part.factor
      const spans: { start: number; end: number; p: (typeof phrases)[number]; gapped: boolean }[] = []
      for (const p of candidates(clause.text, phrases, byLead)) {
        const before = spans.length
        for (let i = clause.text.indexOf(p.text); i >= 0; i = clause.text.indexOf(p.text, i + 1)) {
          spans.push({ start: i, end: i + p.text.length, p, gapped: false })
        }
        if (spans.length === before && w.gap > 0 && p.targets.some((t) => !t.topic)) {
          const g = gappedMatch(clause.text, p.text, w.gap)
          if (g) spans.push({ ...g, p, gapped: true })
        }
      }
      // The longest phrase wins where one match lies within another (a gapped match counts by its phrase).
      const kept = spans.filter((s) => !spans.some((o) => o.p.text.length > s.p.text.length && o.start <= s.start && o.end >= s.end))
      for (const s of kept) {
        const negated = isNegated(clause.text, s.start, s.end)
        const reported = clause.reported && !customer
        const role = clause.roles[s.start]
        const causal = customer || reported ? 1 : role > 0 ? w.cause : role < 0 ? w.effect : 1
        const gapped = s.gapped ? w.gapped : 1
        const base = negated ? 0 : fieldWeight * method * causal * gapped * (reported ? w.reported : 1) * phraseWeight(s.p.text.length, w)
        for (const { node, topic } of s.p.targets) {
          hits.push({ phrase: s.p.text, node, field, topic, negated, reported, weight: topic ? base * w.topic : base })
        }
      }
    }
  }
  return hits
}

/**
 * Evidence per live node: each distinct phrase counts once per node, at its strongest occurrence, so a
 * phrase repeated in summary and facts is one finding, weighed where it weighs most.
 */
export function evidenceByNode(hits: readonly PhraseHit[]): Map<string, number> {
  const best = new Map<string, number>()
  for (const h of hits) {
    const key = `${h.node}\u0000${h.phrase}`
    best.set(key, Math.max(best.get(key) ?? 0, h.weight))
  }
  const out = new Map<string, number>()
  for (const [key, weight] of best) {
    const node = key.slice(0, key.indexOf('\u0000'))
    out.set(node, (out.get(node) ?? 0) + weight)
  }
  return out
}
