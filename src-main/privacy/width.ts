// Customers type full-width digits and letters (１３９１２３４５６７８, ＡＴＭ), the ideographic space and assorted
// dashes. Detection reads a folded copy; masking writes into the original. The fold is one UTF-16 unit for one
// (U+FF01–FF5E → ASCII, U+3000 → space, dashes → '-'), so an index in the copy is the same index in the
// original. That is why this is not the search normalisation (text/normalise: NFKC, invisible characters
// removed, 繁→简), which changes lengths and so loses the positions a mask must be written at.

const FOLD = /[\uFF01-\uFF5E\u3000\u2010-\u2015\u2212\uFE63]/g

const foldChar = (c: string): string => {
  const u = c.charCodeAt(0)
  if (u >= 0xff01 && u <= 0xff5e) return String.fromCharCode(u - 0xfee0)
  return u === 0x3000 ? ' ' : '-'
}

/** The text with full-width ASCII, the ideographic space and dashes folded; same length, same indices. */
export function foldWidth(text: string): string {
  return text.replace(FOLD, foldChar)
}
