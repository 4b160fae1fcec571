// Free text with the personal identifiers in it masked by the one rule (identifier-mask.ts), the rest as written.
import { detectPersonalData } from './detect'
import { maskIdentifier } from './identifier-mask'

/** The text with every detected identifier masked in place; same length, nothing else changed. null stays null. */
export function maskFreeText<T extends string | null | undefined>(text: T): T {
  if (!text) return text
  const spans = detectPersonalData(text)
  if (!spans.length) return text
  let out = ''
  let at = 0
  for (const s of spans) {
    out += text.slice(at, s.start) + maskIdentifier(text.slice(s.start, s.end))
    at = s.end
  }
  return (out + text.slice(at)) as T
}

/**
 * Extra characters to read past an excerpt's end before masking, so an identifier the cut runs through is still
 * recognised whole (the longest phone, ID or card spelling is under 30 characters; an e-mail address can be longer).
 */
export const EXCERPT_MARGIN = 64

/** The first `chars` characters (code points, as PostgreSQL's left()) of a text read with EXCERPT_MARGIN more, masked. */
export function maskedExcerpt(text: string, chars: number): string {
  const masked = maskFreeText(text)
  const points = Array.from(masked)
  return points.length > chars ? points.slice(0, chars).join('') : masked
}
