import fc from 'fast-check'

// Characters of the kinds the normalisation is about, mixed into generated texts so that the properties
// meet them often (plain fc.string would almost never draw a full-width letter or a traditional character).
export const TRICKY = [
  '理', '财', '財', '產', '产', '品', '扣', '費', '费', '衞', '卫', '乾', '干', '著', '么', '麼', '二', '〇', '々', '〆', '五',
  'A', 'T', 'M', 'a', 't', 'm', '0', '1', '9', 'x', 'X', 'Ａ', 'Ｔ', 'Ｍ', 'ａ', '０', '１', 'Ｘ', 'ｶ', 'カ', '⼈', '人', '﨑', '①', '㈱',
  '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u200e', '\u202e', '\ufe0f', '\u{e0100}', '\u0000', '\u0007', '\u009f',
  ' ', '\u3000', '\t', '\n', '，', ',', '。', '.', '·', '•', '・', '-', '（', '(', '\u0301', 'é', 'e', 'İ', 'ß', '𠮷', '😀', '¥'
]
export const trickyText = (maxLength = 40): fc.Arbitrary<string> =>
  fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TRICKY) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }), { maxLength })
    .map((xs) => xs.join(''))
