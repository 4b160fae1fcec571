// The check digits and plausibility tests that tell a real identifier from a number of the same length.
// Pure functions on ASCII text (callers fold full-width digits first, see width.ts).

/** GB/T 2260 province-level codes (the first two digits of a resident ID); 81/82/83 are the 港澳台居民居住证 prefixes (GB 11643 as amended 2018). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83
])

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** GB 11643-1999 §8.2 (ISO 7064 MOD 11-2): the check character of the first 17 digits of a resident ID. */
export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]
  return ID_CHECK[sum % 11]
}

/** A real calendar date (no roll-over: 0230 is not a date) from 1900-01-01 up to `now`. */
export function plausibleBirthDate(y: number, m: number, d: number, now = Date.now()): boolean {
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false
  const t = Date.UTC(y, m - 1, d)
  return new Date(t).getUTCDate() === d && t <= now
}

/** The parts of an 18- or 15-digit resident ID that can be checked: a province code and a birth date (15 digits: 19yy). */
export function plausibleIdBody(digits: string): boolean {
  if (!PROVINCES.has(Number(digits.slice(0, 2)))) return false
  if (digits.length === 18) return plausibleBirthDate(Number(digits.slice(6, 10)), Number(digits.slice(10, 12)), Number(digits.slice(12, 14)))
  if (digits.length === 15) return plausibleBirthDate(1900 + Number(digits.slice(6, 8)), Number(digits.slice(8, 10)), Number(digits.slice(10, 12)))
  return false
}

/** An 18-character resident ID whose province, birth date and GB 11643 check character are all right. */
export function validResidentId(id: string): boolean {
  return /^\d{17}[\dX]$/i.test(id) && plausibleIdBody(id) && idCheckChar(id).toUpperCase() === id[17].toUpperCase()
}

/** ISO/IEC 7812 Luhn check, used by bank card numbers (payment card PAN). */
export function luhn(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let v = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2
    sum += v
  }
  return digits.length > 0 && sum % 10 === 0
}

const letterValue = (c: string): number => c.charCodeAt(0) - 55 // A=10 … Z=35

/** Hong Kong identity card (A123456(3), AB987654(2)): weights 9…2 over [space|letter] letter and six digits, MOD 11, 10 = A. */
export function validHkId(letters: string, digits: string, check: string): boolean {
  const l = letters.toUpperCase()
  let sum = (l.length === 2 ? letterValue(l[0]) : 36) * 9 + letterValue(l[l.length - 1]) * 8
  for (let i = 0; i < 6; i++) sum += (digits.charCodeAt(i) - 48) * (7 - i)
  const r = (11 - (sum % 11)) % 11
  return (r === 10 ? 'A' : String(r)) === check.toUpperCase()
}

const TW_LETTERS = 'ABCDEFGHJKLMNPQRSTUVXYWZIO' // 10…35 in the order Taiwan's 國民身分證 assigns them

/** Taiwan 國民身分證 number (A123456789): the area letter as two digits, weights 1,9,8…1,1, MOD 10. */
export function validTaiwanId(id: string): boolean {
  if (!/^[A-Z][12]\d{8}$/.test(id)) return false
  const v = TW_LETTERS.indexOf(id[0]) + 10
  let sum = Math.floor(v / 10) + (v % 10) * 9
  for (let i = 1; i < 9; i++) sum += (id.charCodeAt(i) - 48) * (9 - i)
  sum += id.charCodeAt(9) - 48
  return sum % 10 === 0
}

/**
 * A date (yyyymmdd, yyyy-mm-dd, yyyy/mm/dd, yyyy.mm.dd) in 1900–2099, optionally with a time (hhmm or hhmmss,
 * a timestamp like 20250309140500): a date, not a phone or account number.
 */
export function looksLikeDate(token: string): boolean {
  const m = token.match(/^((?:19|20)\d\d)[-/.]?(\d\d)[-/.]?(\d\d)(?:[T ]?([01]\d|2[0-3]):?([0-5]\d)(?::?[0-5]\d)?)?$/)
  return m !== null && plausibleBirthDate(Number(m[1]), Number(m[2]), Number(m[3]), Date.UTC(2100, 0, 1))
}
