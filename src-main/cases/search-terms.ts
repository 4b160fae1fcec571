// Substring search over Chinese text. pg_trgm needs three characters, and most Chinese search terms are
// two (理财, 扣费, 销户), so the writer stores character bigrams with positions in a tsvector and a
// search becomes a phrase of bigrams ('理财' <-> '财产' for 理财产), which the GIN index answers exactly.
//
// The texts and the search go through the same normalisation (text/normalise.ts: width, invisible
// characters, case, traditional → simplified) and the same idea of a word: a run of letters, digits and
// marks of any script, so Chinese, Latin and numbers mix in one run (ATM机, 2025年) and 〇 or 々 are
// letters like any other. A run is indexed as bigrams whatever its script: a lexeme is never longer than
// two characters (PostgreSQL refuses one over 2,047 bytes), and a search finds any part of a word.
import { forEachKeyChar } from '../text/normalise'

/** PostgreSQL's largest tsvector position; text beyond it is not indexed. */
export const MAX_POSITION = 16383
/** PostgreSQL keeps at most this many positions of one lexeme (and refuses more in binary COPY). */
export const MAX_POSITIONS_PER_LEXEME = 256

/**
 * Every lexeme of the texts with its positions, ascending: the bigrams of each run plus the run's last
 * character alone (so a one-character search finds it). Runs are separated by a gap of one position, so a
 * phrase never spans punctuation or a space, nor passes from one text to the next. Positions stop at
 * MAX_POSITION; a lexeme keeps its first MAX_POSITIONS_PER_LEXEME positions, as PostgreSQL would.
 */
export function lexemesOf(texts: readonly (string | null | undefined)[]): Map<string, number[]> {
  const lexemes = new Map<string, number[]>()
  let pos = 1
  let prev = ''
  const add = (lexeme: string): void => {
    if (pos <= MAX_POSITION) {
      const list = lexemes.get(lexeme)
      if (!list) lexemes.set(lexeme, [pos])
      else if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(pos)
    }
    pos++
  }
  const endRun = (): void => {
    if (prev) { add(prev); prev = ''; pos++ }
  }
  for (const text of texts) {
    if (!text) continue
    forEachKeyChar(text, (ch, word) => {
      if (!word) return endRun()
      if (prev) add(prev + ch)
      prev = ch
    })
    endRun()
    if (pos > MAX_POSITION) break
  }
  return lexemes
}

/**
 * The tsvector literal (`'理财':1 '财产':2 …`) for the given texts. Lexemes are letters, digits and marks:
 * never a quote or a backslash.
 */
export function searchVector(...texts: (string | null | undefined)[]): string {
  const parts: string[] = []
  for (const [lexeme, positions] of lexemesOf(texts)) parts.push(`'${lexeme}':${positions.join(',')}`)
  return parts.join(' ')
}

/**
 * The tsquery for a user's search text, or null when it holds no searchable characters.
 * Each whitespace- or punctuation-separated part must occur (AND); within a part the bigrams must be
 * adjacent, which makes it an exact substring match of the normalised texts.
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

/** The search text's runs, normalised exactly as the indexed texts are. */
function runsOf(input: string): string[][] {
  const runs: string[][] = []
  let run: string[] = []
  forEachKeyChar(input, (ch, word) => {
    if (word) run.push(ch)
    else if (run.length) { runs.push(run); run = [] }
  })
  if (run.length) runs.push(run)
  return runs
}

function buildQuery(input: string, join: string): string | null {
  const parts: string[] = []
  for (const chars of runsOf(input)) {
    if (chars.length === 1) { parts.push(`'${chars[0]}':*`); continue }
    const grams: string[] = []
    for (let i = 0; i + 1 < chars.length; i++) grams.push(`'${chars[i]}${chars[i + 1]}'`)
    parts.push(grams.length === 1 ? grams[0] : `(${grams.join(join)})`)
  }
  return parts.length ? parts.join(' & ') : null
}
