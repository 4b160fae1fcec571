// Marking the search terms in a row's text, as the list shows them (the search itself is the server's).

/** One run of text: `hit` when it is one of the search terms. */
export interface TextPart { text: string; hit: boolean }

/**
 * Splits `text` into runs, marking every occurrence of any whitespace-separated term of `query`
 * (case-insensitive; the longest term first where two overlap). No query, or no term found: one plain run.
 * @example highlightParts('客户投诉扣费', '扣费') → [{ text: '客户投诉', hit: false }, { text: '扣费', hit: true }]
 */
export function highlightParts(text: string, query: string | null | undefined): TextPart[] {
  const terms = [...new Set((query ?? '').trim().split(/\s+/).filter(Boolean))].sort((a, b) => b.length - a.length)
  if (!text || terms.length === 0) return [{ text, hit: false }]
  const escaped = terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const re = new RegExp(`(${escaped.join('|')})`, 'giu')
  const parts: TextPart[] = []
  let at = 0
  for (const m of text.matchAll(re)) {
    if (m.index > at) parts.push({ text: text.slice(at, m.index), hit: false })
    parts.push({ text: m[0], hit: true })
    at = m.index + m[0].length
  }
  if (at < text.length) parts.push({ text: text.slice(at), hit: false })
  return parts.length ? parts : [{ text, hit: false }]
}

/**
 * The runs cut so that the first hit is near the start (`lead` characters before it, then 「…」), for a cell
 * too narrow to reach a hit further in; unchanged when there is no hit or it is near the start already.
 */
export function aroundFirstHit(parts: TextPart[], lead = 8): TextPart[] {
  let before = 0
  const first = parts.findIndex((p) => { if (p.hit) return true; before += p.text.length; return false })
  if (first <= 0 || before <= lead) return parts
  const cut = parts[first - 1].text
  const keep = [...cut].slice(-lead).join('')
  return [{ text: `…${keep}`, hit: false }, ...parts.slice(first)]
}
