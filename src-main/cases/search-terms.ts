// Substring search over Chinese text. pg_trgm needs three characters, and most Chinese search terms are
// two (理财, 扣费, 销户), so the writer stores character bigrams with positions in a tsvector and a
// search becomes a phrase of bigrams ('理财' <-> '财产' for 理财产), which the GIN index answers exactly.

const RUN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu
const HAN = /^\p{Script=Han}/u

type Kind = 0 | 1 | 2 // 0: separator, 1: Han, 2: other letter or digit

/** Character class by code point; the fast paths cover what the archive holds, the regexes the rest. */
function kindOf(ch: string, code: number): Kind {
  if (code >= 0x4e00 && code <= 0x9fff) return 1
  if ((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return 2
  if (code < 0x80 || (code >= 0x3000 && code <= 0x303f) || (code >= 0xff00 && code <= 0xff0f)) return 0
  if (/\p{Script=Han}/u.test(ch)) return 1
  return /[\p{L}\p{N}]/u.test(ch) ? 2 : 0
}

/**
 * Every lexeme of the texts with its position, in order: character bigrams of each Chinese run plus its
 * last character alone (so a one-character search finds it), and Latin words and numbers whole, lower-cased.
 * Runs are separated by a gap, so a phrase never spans punctuation.
 */
export function forEachLexeme(texts: readonly (string | null | undefined)[], emit: (lexeme: string, pos: number) => void): void {
  let pos = 1
  const add = (lexeme: string): void => { emit(lexeme, pos); pos++ }
  for (const text of texts) {
    if (!text) continue
    let prevHan = ''
    let word = ''
    for (const ch of text) {
      if (pos > 16000) return
      const kind = kindOf(ch, ch.codePointAt(0)!)
      if (kind === 1) {
        if (word) { add(word.toLowerCase()); word = ''; pos++ }
        if (prevHan) add(prevHan + ch)
        prevHan = ch
        continue
      }
      if (prevHan) { add(prevHan); prevHan = ''; pos++ }
      if (kind === 2) word += ch
      else if (word) { add(word.toLowerCase()); word = ''; pos++ }
    }
    if (prevHan) { add(prevHan); pos++ }
    if (word) { add(word.toLowerCase()); pos++ }
  }
}

/**
 * The tsvector literal (`'理财':1 '财产':2 …`) for the given texts. Lexemes never contain quotes. A lexeme
 * may appear more than once; PostgreSQL merges the positions when it reads the literal.
 */
export function searchVector(...texts: (string | null | undefined)[]): string {
  let out = ''
  forEachLexeme(texts, (lexeme, pos) => { out += out ? ` '${lexeme}':${pos}` : `'${lexeme}':${pos}` })
  return out
}

/**
 * The tsquery for a user's search text, or null when it holds no searchable characters.
 * Each whitespace- or punctuation-separated part must occur (AND); within a Chinese part the bigrams must
 * be adjacent, which makes it an exact substring match.
 */
export function searchQuery(input: string): string | null {
  return buildQuery(input, ' <-> ')
}

/**
 * The same search with the bigrams of each part merely ANDed: a cheap test (a lookup per lexeme) that
 * rejects almost every non-matching case before the phrase test has to compare positions. Null when it
 * would be the same as the phrase query.
 */
export function searchPrefilter(input: string): string | null {
  const q = buildQuery(input, ' & ')
  return q === searchQuery(input) ? null : q
}

function buildQuery(input: string, join: string): string | null {
  const parts: string[] = []
  for (const m of input.matchAll(RUN)) {
    const run = m[0]
    if (HAN.test(run)) {
      const chars = Array.from(run)
      if (chars.length === 1) parts.push(`'${chars[0]}':*`)
      else {
        const grams: string[] = []
        for (let i = 0; i + 1 < chars.length; i++) grams.push(`'${chars[i]}${chars[i + 1]}'`)
        parts.push(grams.length === 1 ? grams[0] : `(${grams.join(join)})`)
      }
    } else {
      parts.push(`'${run.toLowerCase()}':*`)
    }
  }
  return parts.length ? parts.join(' & ') : null
}
