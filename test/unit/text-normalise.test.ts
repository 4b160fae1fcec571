import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { forEachKeyChar, isWordChar, normaliseText } from '../../src-main/text/normalise'
import { trickyText } from './text-samples'

describe('the one normalisation of keys (text/normalise.ts)', () => {
  it.each([
    ['full-width letters, digits and punctuation', '客户在ＡＴＭ取款１２３，（）', '客户在atm取款123,()'],
    ['half-width katakana, ideographic space', 'ｶﾞ\u3000x', 'ガ x'.normalize('NFKD')],
    ['zero-width space, joiner, non-joiner, word joiner', '理\u200b财\u200c产\u200d品\u2060', '理财产品'],
    ['BOM, soft hyphen, bidi marks and overrides', '\ufeff理\u00ad财\u200e\u200f\u202a\u202e\u2066\u2069', '理财'],
    ['variation selectors (IVS on a Han character)', '葛\u{e0100}城\ufe0f', '葛城'],
    ['C0 and C1 controls; the separating ones become a space', 'a\u0000b\u0007c\u009fd\te\nf\r\ng\u2028h', 'abcd e f  g h'],
    ['traditional to simplified', '理財產品，銀行卡被吞', '理财产品,银行卡被吞'],
    ['Hong Kong variants (hk2s)', '衞生 綫路 説明', '卫生 线路 说明'],
    ['character by character, not by phrase', '乾隆', '干隆'],
    ['to a fixed point: 麼 → 么', '什麼', '什么'],
    ['simplified characters that are also traditional stay', '著作 么', '著作 么'],
    ['Kangxi radicals and compatibility ideographs', '⼈民 \uf900', '人民 岂'],
    ['lower case', 'ATM Card', 'atm card'],
    ['〇 and 々 are kept as they are', '二〇二五 人々', '二〇二五 人々'],
    ['compatibility forms', '① ㈱ ﬁ', '1 (株) fi']
  ])('%s', (_, input, expected) => {
    expect(normaliseText(input)).toBe(expected)
  })

  it('returns text already in key form as the very same string', () => {
    const s = '客户反映理财产品收益为负。要求赔偿 ATM'.toLowerCase()
    expect(normaliseText(s)).toBe(s)
  })

  it('classes letters, digits and marks of any script as word characters, and 〇 々 〆 among them', () => {
    for (const ch of ['理', '〇', '々', '〆', 'a', '7', 'é'.normalize('NFKD')[1], 'カ', '𠮷']) expect(isWordChar(ch), ch).toBe(true)
    for (const ch of ['，', ',', ' ', '·', '•', '¥', '😀', '-']) expect(isWordChar(ch), ch).toBe(false)
  })

  it('maps every code point of planes 0–3 to characters that map to themselves (idempotent)', () => {
    const bad: string[] = []
    for (let cp = 0; cp < 0x40000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue
      const n = normaliseText(String.fromCodePoint(cp))
      for (const ch of n) if (normaliseText(ch) !== ch) bad.push(cp.toString(16))
    }
    expect(bad).toEqual([])
  })

  it('normalises a text as the concatenation of its parts, so a substring normalises to a substring', () => {
    fc.assert(fc.property(trickyText(), trickyText(), (a, b) => normaliseText(a + b) === normaliseText(a) + normaliseText(b)))
  })

  it('is idempotent on any text', () => {
    fc.assert(fc.property(trickyText(60), (t) => normaliseText(normaliseText(t)) === normaliseText(t)))
  })

  it('visits the normalised characters with their class', () => {
    const seen: string[] = []
    forEachKeyChar('Ａ\u200b財，', (ch, word) => seen.push(`${ch}${word ? '+' : '-'}`))
    expect(seen).toEqual(['a+', '财+', ',-'])
  })
})
