// Similarity of case texts over Chinese character bigrams: TF-IDF vectors and cosine, in memory, updated one
// case at a time. Chinese has no spaces to find words by, and a word segmenter would be one more dictionary
// to ship; bigrams catch most two-character words and the overlap of longer ones (态度生硬 ~ 语气生硬), which
// is what matters for "a case like this one" (the same reasoning as the case list's bigram search index).
import { normaliseText, isWordChar } from '../text/normalise'

export type TermVector = Map<string, number>

/**
 * Bigrams of the normalised text's word runs (a run of one character is kept as itself), each counted once,
 * times `weight`, added into `into`. Digits are folded to 0 so amounts and dates do not look alike or apart.
 */
export function addBigrams(into: TermVector, text: string | null | undefined, weight: number, prefix = ''): void {
  if (!text || weight <= 0) return
  const seen = new Set<string>()
  let run = ''
  const flush = (): void => {
    const chars = Array.from(run)
    if (chars.length === 1) seen.add(chars[0])
    for (let i = 0; i + 1 < chars.length; i++) seen.add(chars[i] + chars[i + 1])
    run = ''
  }
  for (const ch of normaliseText(text)) {
    if (isWordChar(ch)) run += ch >= '0' && ch <= '9' ? '0' : ch
    else if (run) flush()
  }
  if (run) flush()
  for (const t of seen) into.set(prefix + t, (into.get(prefix + t) ?? 0) + weight)
}

export { TfIdfIndex, type Neighbour } from './tfidf-index'
