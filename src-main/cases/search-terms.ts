// Substring search over Chinese text. pg_trgm needs three characters, and most Chinese search terms are
// two (理财, 扣费, 销户), so the writer stores character bigrams with positions in a tsvector and a
// search becomes a phrase of bigrams ('理财' <-> '财产' for 理财产), which the GIN index answers exactly.

const RUN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu
const HAN = /^\p{Script=Han}/u

/** The tsvector literal (`'理财':1 '财产':2 …`) for the given texts. Lexemes never contain quotes. */
export function searchVector(...texts: (string | null | undefined)[]): string {
  const positions = new Map<string, number[]>()
  let pos = 1
  const add = (lexeme: string): void => {
    const list = positions.get(lexeme)
    if (list) { if (list.length < 256) list.push(pos) } else positions.set(lexeme, [pos])
    pos++
  }
  for (const text of texts) {
    if (!text) continue
    for (const m of text.matchAll(RUN)) {
      const run = m[0]
      if (HAN.test(run)) {
        const chars = Array.from(run)
        for (let i = 0; i + 1 < chars.length; i++) add(chars[i] + chars[i + 1])
        // The last character of a run also stands alone, so a one-character search finds it.
        add(chars[chars.length - 1])
      } else {
        add(run.toLowerCase())
      }
      pos++ // a gap, so a phrase never spans punctuation
      if (pos > 16000) break
    }
  }
  const parts: string[] = []
  for (const [lexeme, list] of positions) parts.push(`'${lexeme}':${list.join(',')}`)
  return parts.join(' ')
}

/**
 * The tsquery for a user's search text, or null when it holds no searchable characters.
 * Each whitespace- or punctuation-separated part must occur (AND); within a Chinese part the bigrams must
 * be adjacent, which makes it an exact substring match.
 */
export function searchQuery(input: string): string | null {
  const parts: string[] = []
  for (const m of input.matchAll(RUN)) {
    const run = m[0]
    if (HAN.test(run)) {
      const chars = Array.from(run)
      if (chars.length === 1) parts.push(`'${chars[0]}':*`)
      else {
        const grams: string[] = []
        for (let i = 0; i + 1 < chars.length; i++) grams.push(`'${chars[i]}${chars[i + 1]}'`)
        parts.push(grams.length === 1 ? grams[0] : `(${grams.join(' <-> ')})`)
      }
    } else {
      parts.push(`'${run.toLowerCase()}':*`)
    }
  }
  return parts.length ? parts.join(' & ') : null
}
