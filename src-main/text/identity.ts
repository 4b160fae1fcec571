// Who is the same complainant (R15 repeat complaints): a key from the name and the ID number, the same
// however the person was written down. Built on the one normalisation (normalise.ts).
import { forEachKeyChar } from './normalise'

/** GB 11643-1999: the weights of the first 17 digits, and the check character for (Σ digit × weight) mod 11. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

// Middle-dot look-alikes that Unicode classes as letters, so the rule "letters and digits only" would keep
// them: ㆍ (U+318D, typed by Korean input methods; normalised to U+119E), the sinological dot U+A78F, the
// Canadian syllabics middle dot U+1427.
const DOT_LETTERS = new Set(['\u119e', '\ua78f', '\u1427'])

/** Only the letters, digits and marks of the normalised text. */
function wordCharsOf(text: string): string {
  let out = ''
  forEachKeyChar(text, (ch, word) => { if (word && !DOT_LETTERS.has(ch)) out += ch })
  return out
}

/**
 * The ISO 7064 MOD 11-2 check character of the first 17 digits of a mainland resident ID (GB 11643-1999
 * §5.2): '0'–'9' or 'X'.
 */
export function idCheckCharacter(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]
  return ID_CHECK[sum % 11]
}

/**
 * The name as a key: normalised (normalise.ts: width, invisible characters, case, 繁→简), then only its
 * letters, digits and marks. So every middle dot of a transliterated name (· U+00B7, • U+2022, ・ U+30FB,
 * ‧ U+2027, ･ U+FF65, ⋅ U+22C5, ∙ U+2219, ㆍ U+318D, ꞏ U+A78F, a full stop…), every space, inside or around, and any
 * other punctuation drop out: 阿依古丽·买买提, 阿依古丽•买买提 and 阿依古丽 买买提 are one key. '' for none.
 */
export function nameKey(name: string | null | undefined): string {
  return name ? wordCharsOf(name) : ''
}

/**
 * The ID number as a key: normalised (full-width digits and letters to ASCII), only its letters and digits
 * (spaces, dashes, brackets as in A123456(7) drop out), upper case (a check digit x is X). A 15-digit
 * mainland ID (issued before GB 11643-1999) becomes its 18-digit form: '19' inserted after the 6-digit area
 * code, because every 15-digit number was issued to someone born in the 1900s, and the MOD 11-2 check
 * character appended. An 18-digit ID with a wrong check character is kept as written, not corrected. ''
 * for none.
 */
export function idKey(idNo: string | null | undefined): string {
  if (!idNo) return ''
  const key = wordCharsOf(idNo).toUpperCase()
  if (/^\d{15}$/.test(key)) {
    const first17 = `${key.slice(0, 6)}19${key.slice(6)}`
    return first17 + idCheckCharacter(first17)
  }
  return key
}

/**
 * The complainant's identity key: the ID key and the name key ('ID|name'), or null without an ID number
 * (anonymous cases and cases with no ID are never matched as the same person). Written beside each case as
 * cases.complainant_key, and computed the same way for a case read from a file (audit/input.ts).
 */
export function identityKey(name: string | null | undefined, idNo: string | null | undefined): string | null {
  const id = idKey(idNo)
  return id ? `${id}|${nameKey(name)}` : null
}
