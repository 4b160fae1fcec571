// One masking rule for every identifier: resident IDs (18 and 15 digits), Hong Kong / Macau / Taiwan IDs and
// permits, passports, mobiles and landlines in any spelling, bank card and account numbers, e-mail addresses.
//
// The rule, on the identifier's significant characters (ASCII letters and digits, full-width folded):
//   n ≤ 6            → all hidden;
//   otherwise        → at most ⌊n/2⌋ shown, of which at most the first 3 and the last 4; the last ones first
//                      (the tail is what people check a number by: 尾号5678).
// So at least half of every identifier is hidden whatever its length: 8 digits → ****4321, a mobile →
// 1******5678, 0591-87654321 → 05**-****4321, an 18-digit ID → 350***********1234.
// Everything else (spaces, dashes, brackets, '+', 转, '@', '.') is kept where it was, so the shape still reads.
// Not counted (kept as shape, neither shown digits nor hidden): the +86 / 0086 / 86 country code before a
// Chinese number, and an e-mail's top-level domain. An e-mail shows at most the first character of its local
// part (local parts of 4+ characters): zhang.san@163.com → z****.***@***.com.
import { foldWidth } from './width'

/** Identifiers with this many significant characters or fewer are hidden whole. */
export const SHORT_IDENTIFIER = 6
export const MAX_SHOWN_HEAD = 3
export const MAX_SHOWN_TAIL = 4

const isSignificant = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)

/** How many leading and trailing significant characters the rule shows for an identifier of n of them. */
export function shownCounts(n: number): { head: number; tail: number } {
  if (n <= SHORT_IDENTIFIER) return { head: 0, tail: 0 }
  const budget = Math.floor(n / 2)
  const tail = Math.min(MAX_SHOWN_TAIL, budget)
  return { head: Math.min(MAX_SHOWN_HEAD, budget - tail), tail }
}

/** Length of a +86 / 0086 country code (with the separator after it) at the start, or of 86 glued to a mobile; else 0. */
function countryCodeLength(f: string): number {
  const m = f.match(/^\s*(?:\+\s?86|0086|\(\+?86\))[\s-]?/) ?? f.match(/^86[\s-]?(?=1[3-9]\d(?:[\s-]?\d){8}$)/)
  return m ? m[0].length : 0
}

function maskPositions(original: string, positions: number[], head: number, tail: number): string {
  const out = Array.from({ length: original.length }, (_, i) => original[i])
  positions.forEach((p, k) => {
    if (k >= head && k < positions.length - tail) out[p] = '*'
  })
  return out.join('')
}

function maskEmail(original: string, folded: string): string {
  const at = folded.lastIndexOf('@')
  const tld = folded.lastIndexOf('.')
  const positions: number[] = []
  for (let i = 0; i < folded.length; i++) if (isSignificant(folded.charCodeAt(i)) && i < tld) positions.push(i)
  const local = positions.filter((p) => p < at).length
  return maskPositions(original, positions, local >= 4 ? 1 : 0, 0)
}

/**
 * Masks one identifier by the rule above. Shapes: any string; a value with no significant character comes back
 * as it is. Same length as the input (UTF-16 units): each hidden character becomes one '*'.
 */
export function maskIdentifier(value: string): string {
  const folded = foldWidth(value)
  if (/^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/.test(folded.trim())) return maskEmail(value, folded)
  const from = countryCodeLength(folded)
  const positions: number[] = []
  for (let i = from; i < folded.length; i++) if (isSignificant(folded.charCodeAt(i))) positions.push(i)
  const { head, tail } = shownCounts(positions.length)
  return maskPositions(value, positions, head, tail)
}

/**
 * A person's name: 张*三, 李*, 欧**娜; a name of one character is left as it is (it is a surname alone, or
 * anonymous). Kept from the first masking (names are read by people, who recognise the first and last character).
 */
export function maskName(name: string): string {
  const chars = Array.from(name)
  if (chars.length <= 1) return name
  if (chars.length === 2) return `${chars[0]}*`
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1]
}
