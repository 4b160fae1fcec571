// The one normalisation of text for KEYS: search lexemes (cases/search-terms.ts) and identity keys
// (identity.ts). Stored text is never changed; only what is compared is.
//
// Every code point is normalised on its own, so normalising a substring gives a substring of the
// normalised text: a search cut out of a text finds that text. Per code point, until nothing changes:
//   1. NFKD (compatibility decomposition): full-width and half-width forms to their plain forms (ＡＴＭ → ATM,
//      １２ → 12, ｶ → カ), the ideographic space to a space, Kangxi radicals and CJK compatibility
//      ideographs to the unified ideographs (⼈ → 人), ① → 1, ㈱ → (株); accented letters to letter + mark.
//   2. Invisible characters removed: format characters (zero-width space/joiner/non-joiner, BOM, soft
//      hyphen, bidi marks and embeddings, word joiner…), variation selectors, Hangul fillers, every
//      default-ignorable code point, lone surrogates, and the C0/C1 controls except those that separate
//      text (tab, line breaks, U+0085), which become a space like the line and paragraph separators.
//   3. Lower case.
//   4. Traditional → simplified Chinese, character by character, with OpenCC's hk2s dictionaries
//      (opencc-js: HKVariantsRev then TSCharacters; `Converter({ from: 'hk', to: 'cn' })` on one character).
//      Character by character, not OpenCC's phrase segmentation: a phrase table converts the same
//      character differently by context (乾隆 stays, 乾 alone → 干), so a text and a search cut out of it
//      could disagree. hk2s rather than tw2s: TW's variant table also rewrites characters that are standard
//      simplified ones (么 → 幺, 著 → 着) and sends 顎 to 腭 where simplified text writes 颚.
import { ConverterFactory, type ConverterFunction } from 'opencc-js/core'
import { from as openccFrom, to as openccTo } from 'opencc-js/preset/t2cn'

// State 0: not met yet.
/** A letter, digit or combining mark that normalises to itself: part of a word. */
const WORD = 1
/** Anything else that normalises to itself (punctuation, symbols, space): separates words. */
const SEPARATOR = 2
/** Normalises to something else (possibly nothing): look it up in `mapped`. */
const MAPPED = 3

// Per BMP code unit, filled in as characters are met: most text never leaves this table.
const bmpState = new Uint8Array(0x10000)
// What each MAPPED BMP code point, and every astral one, normalises to.
const mapped = new Map<number, string>()
const astralWord = new Map<string, boolean>()

const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u
const SEPARATING_CONTROL = /^[\t\n\v\f\r\u0085\u2028\u2029]$/
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}]$/u

let toSimplified: ConverterFunction | null = null
function simplified(ch: string): string {
  // Loaded on first use (some 40 ms): the renderer-free CLI commands that never normalise need not pay it.
  toSimplified ??= ConverterFactory(openccFrom.hk, openccTo.cn)
  return toSimplified(ch)
}

function step(text: string): string {
  let out = ''
  for (const ch of text.normalize('NFKD')) {
    if (SEPARATING_CONTROL.test(ch)) { out += ' '; continue }
    if (INVISIBLE.test(ch)) continue
    for (const lower of ch.toLowerCase()) out += simplified(lower)
  }
  return out
}

/** The normalised form of one code point, repeated until stable (麼 → 么 takes one step, ＡＢ one). */
function normaliseCodePoint(cp: number): string {
  let s = String.fromCodePoint(cp)
  for (let i = 0; i < 4; i++) {
    const next = step(s)
    if (next === s) break
    s = next
  }
  return s
}

function learn(code: number): number {
  // A lone surrogate half (a pair is handled by the caller) is invisible.
  const out = code >= 0xd800 && code <= 0xdfff ? '' : normaliseCodePoint(code)
  const ch = String.fromCharCode(code)
  const state = out === ch ? (WORD_CHAR.test(ch) ? WORD : SEPARATOR) : MAPPED
  if (state === MAPPED) mapped.set(code, out)
  bmpState[code] = state
  return state
}

/** Whether a character of normalised text is part of a word (letters, digits, marks of any script). */
export function isWordChar(ch: string): boolean {
  const code = ch.charCodeAt(0)
  if (ch.length === 1) {
    const state = bmpState[code] || learn(code)
    return state === WORD || (state === MAPPED && WORD_CHAR.test(ch))
  }
  let word = astralWord.get(ch)
  if (word === undefined) { word = WORD_CHAR.test(ch); astralWord.set(ch, word) }
  return word
}

function astral(cp: number): string {
  let out = mapped.get(cp)
  if (out === undefined) { out = normaliseCodePoint(cp); mapped.set(cp, out) }
  return out
}

/**
 * Calls `visit` for each character of the normalised text, in order, with whether it is part of a word.
 * The text itself is not copied: a character that normalises to itself is passed as it stands.
 */
export function forEachKeyChar(text: string, visit: (ch: string, word: boolean) => void): void {
  const n = text.length
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i)
    const state = bmpState[code] || learn(code)
    if (state === WORD) { visit(text[i], true); continue }
    if (state === SEPARATOR) { visit(text[i], false); continue }
    let out: string
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < n) {
      const low = text.charCodeAt(i + 1)
      if (low >= 0xdc00 && low <= 0xdfff) { out = astral(((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000); i++ }
      else out = mapped.get(code)!
    } else out = mapped.get(code)!
    for (const ch of out) visit(ch, isWordChar(ch))
  }
}

/**
 * The key form of a text (see the header): width-folded, invisible characters removed, lower-case,
 * simplified Chinese. Idempotent. A text that is already in key form is returned as it is.
 */
export function normaliseText(text: string): string {
  let i = 0
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if ((bmpState[code] || learn(code)) === MAPPED) break
  }
  if (i === text.length) return text
  let out = text.slice(0, i)
  forEachKeyChar(text.slice(i), (ch) => { out += ch })
  return out
}
