import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { idCheckCharacter, identityKey, idKey, nameKey } from '../../src-main/text/identity'

// GB 11643-1999's own example: 11010519491231002X, issued before 1999 as 110105491231002.
const STANDARD_EXAMPLE = '11010519491231002X'

const DOTS = ['\u00b7', '\u2022', '\u30fb', '\u2027', '\uff65', '\u22c5', '\u2219', '\u318d', '\ua78f', '\u0387', '.', '\uff0e', '\u2e31', '-']
const SPACES = [' ', '\u3000', '\u00a0', '\t', '\u200b', '\ufeff']
const fullWidth = (s: string): string => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))

describe('identity keys for repeat complaints (text/identity.ts)', () => {
  it('computes the GB 11643 check character (ISO 7064 MOD 11-2)', () => {
    expect(idCheckCharacter(STANDARD_EXAMPLE.slice(0, 17))).toBe('X')
    expect(idCheckCharacter('35010219800101123')).toBe('3')
  })

  it.each([
    ['the issue example: U+00B7 vs U+2022', ['阿依古丽·买买提', STANDARD_EXAMPLE], ['阿依古丽•买买提', STANDARD_EXAMPLE]],
    ['katakana middle dot, hyphenation point, half-width dot', ['阿依古丽・买买提', STANDARD_EXAMPLE], ['阿依古丽‧买买提 ', '11010519491231002x']],
    ['dot operator, bullet operator, Korean ㆍ, no dot at all', ['阿依古丽⋅买买提', STANDARD_EXAMPLE], ['阿依古丽∙买买ㆍ提', STANDARD_EXAMPLE], ['阿依古丽买买提', STANDARD_EXAMPLE]],
    ['spaces around and inside', ['  张三 ', STANDARD_EXAMPLE], ['张\u3000三', STANDARD_EXAMPLE], ['张三', ` ${STANDARD_EXAMPLE}\t`]],
    ['check digit case', ['张三', STANDARD_EXAMPLE], ['张三', STANDARD_EXAMPLE.toLowerCase()]],
    ['15-digit ID and its 18-digit form', ['张三', '110105491231002'], ['张三', STANDARD_EXAMPLE]],
    ['full-width digits, spaces and dashes in the ID', ['张三', '１１０１０５１９４９１２３１００２Ｘ'], ['张三', '110105 19491231 002X'], ['张三', '110105-1949-1231-002X']],
    ['traditional and simplified names', ['阿依古麗·買買提', STANDARD_EXAMPLE], ['阿依古丽·买买提', STANDARD_EXAMPLE]],
    ['invisible characters in name and ID', ['张\u200b三', '1101051949\u200d1231002X'], ['张三', STANDARD_EXAMPLE]],
    ['Latin names: case and spaces', ['Zhang San', 'E12345678'], ['ZHANGSAN', 'e12345678'], ['ｚｈａｎｇ　ｓａｎ', 'E 1234 5678']],
    ['Hong Kong ID with and without brackets', ['陳大文', 'A123456(7)'], ['陈大文', 'a1234567']]
  ])('one key: %s', (_, ...people) => {
    const keys = new Set(people.map(([name, id]) => identityKey(name, id)))
    expect(keys.size).toBe(1)
    expect([...keys][0]).not.toBeNull()
  })

  it.each([
    ['a different person with the same name', ['张三', STANDARD_EXAMPLE], ['张三', '350102198001011236']],
    ['a different name with the same ID', ['张三', STANDARD_EXAMPLE], ['张山', STANDARD_EXAMPLE]],
    ['an 18-digit ID with a different century is not the 15-digit one', ['张三', '110105491231002'], ['张三', '11010520491231002X']]
  ])('different keys: %s', (_, a, b) => {
    expect(identityKey(a[0], a[1])).not.toBe(identityKey(b[0], b[1]))
  })

  it('gives no key without an ID number, so such cases are never matched', () => {
    expect(identityKey('张三', null)).toBeNull()
    expect(identityKey('张三', ' \u200b ')).toBeNull()
    expect(identityKey(null, STANDARD_EXAMPLE)).toBe(`${STANDARD_EXAMPLE}|`)
  })

  it('keeps an 18-digit ID with a wrong check digit as written', () => {
    expect(idKey('110105194912310021')).toBe('110105194912310021')
    expect(nameKey('阿依古丽·买买提')).toBe('阿依古丽买买提')
  })

  // Any mainland ID of someone born in the 1900s, any name (Han syllables, optionally transliterated with a
  // dot), written with random dots, spaces, widths, case and in its 15- or 18-digit form: one key.
  it('gives one key however the same name and ID are written (property)', () => {
    const han = fc.constantFrom(...'阿依古丽买提张王李赵欧阳娜麗買熱娜迪力夏木'.split(''))
    const person = fc.record({
      parts: fc.array(fc.array(han, { minLength: 1, maxLength: 4 }).map((x) => x.join('')), { minLength: 1, maxLength: 3 }),
      body: fc.tuple(fc.integer({ min: 110000, max: 659999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 999 }))
        .map(([area, yy, mm, dd, seq]) => `${area}19${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}${String(dd).padStart(2, '0')}${String(seq).padStart(3, '0')}`)
    })
    const writing = fc.record({
      dot: fc.constantFrom(...DOTS), pad: fc.array(fc.constantFrom(...SPACES), { maxLength: 2 }).map((x) => x.join('')),
      fifteen: fc.boolean(), lower: fc.boolean(), wide: fc.boolean(), wideName: fc.boolean(), idSpaces: fc.boolean()
    })
    fc.assert(fc.property(person, writing, writing, ({ parts, body }, w1, w2) => {
      const id18 = body + idCheckCharacter(body)
      const write = (w: typeof w1): [string, string] => {
        let id = w.fifteen ? id18.slice(0, 6) + id18.slice(8, 17) : id18
        if (w.lower) id = id.toLowerCase()
        if (w.idSpaces) id = `${id.slice(0, 6)} ${id.slice(6)}`
        if (w.wide) id = fullWidth(id)
        let name = w.pad + parts.join(w.dot) + w.pad
        if (w.wideName) name = fullWidth(name)
        return [name, id]
      }
      const a = identityKey(...write(w1))
      expect(a).toBe(identityKey(...write(w2)))
      expect(a).toBe(`${id18}|${nameKey(parts.join(''))}`)
    }))
  })

  it('tells different IDs apart (property)', () => {
    const body = fc.stringMatching(/^\d{17}$/)
    fc.assert(fc.property(body, body, (a, b) => {
      fc.pre(a !== b)
      expect(identityKey('张三', a + idCheckCharacter(a))).not.toBe(identityKey('张三', b + idCheckCharacter(b)))
    }))
  })
})
