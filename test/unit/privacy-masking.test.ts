// The masking rule for identifiers and addresses (src-main/privacy): the examples, a table of shapes,
// and property tests of the bound — whatever the identifier, at most half of its letters and digits are shown,
// at most the first 3 and the last 4, none of a short one, and every separator stays where it was.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { administrativeArea, maskAddress, maskIdentifier } from '../../src-main/privacy'

const isSig = (c: string): boolean => /^[0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]$/.test(c)

/** Shown and total significant characters, comparing input and output position by position (after a country code). */
function shown(input: string, output: string, from = 0): { shown: number; total: number; head: number; tail: number } {
  const marks: boolean[] = []
  for (let i = from; i < input.length; i++) if (isSig(input[i])) marks.push(output[i] === input[i])
  const head = marks.findIndex((m) => !m)
  const tail = [...marks].reverse().findIndex((m) => !m)
  return { shown: marks.filter(Boolean).length, total: marks.length, head: head < 0 ? marks.length : head, tail: tail < 0 ? marks.length : tail }
}

/** The documented country-code prefix (+86, 0086, (+86), or 86 before a mobile), which is shape, not identifier. */
const countryCode = (v: string): number =>
  (/^(?:\+\s?86|0086|\(\+?86\))[\s-]?/.exec(v) ?? /^86[\s-]?(?=1[3-9]\d(?:[\s-]?\d){8}$)/.exec(v))?.[0].length ?? 0

function assertRule(input: string, output: string, from = 0): void {
  expect(output.length).toBe(input.length)
  for (let i = 0; i < input.length; i++) {
    if (isSig(input[i]) && i >= from) expect(output[i] === input[i] || output[i] === '*').toBe(true)
    else expect(output[i]).toBe(input[i]) // separators, brackets, the country code: the shape reads
  }
  const s = shown(input, output, from)
  if (s.total <= 6) expect(s.shown).toBe(0)
  expect(s.shown).toBeLessThanOrEqual(Math.floor(s.total / 2))
  expect(s.head + s.tail).toBe(s.shown) // what is shown is a head and a tail, nothing from the middle
  expect(s.head).toBeLessThanOrEqual(3)
  expect(s.tail).toBeLessThanOrEqual(4)
}

describe('the identifier masking rule', () => {
  it('hides at least half of the identifiers the issue names, whatever their length', () => {
    expect(maskIdentifier('12345678')).toBe('****5678') // an 8-character HK ID was shown whole
    expect(maskIdentifier('87654321')).toBe('****4321') // a landline kept 7 of 8 digits
    expect(maskIdentifier('13912345678')).toBe('1******5678')
    expect(maskIdentifier('350102199001011234')).toBe('350***********1234')
  })

  it.each([
    ['350102900101123', '350********1123'], // 15-digit resident ID
    ['11010519491231002X', '110***********002X'],
    ['A123456(7)', '****456(7)'], // HK ID: brackets kept
    ['H12345678', '*****5678'], ['H1234567801', 'H******7801'], // 港澳居民来往内地通行证
    ['E12345678', '*****5678'], ['EA1234567', '*****4567'], // passports
    ['+86 139 1234 5678', '+86 1** **** 5678'], ['0086-13912345678', '0086-1******5678'], ['8613912345678', '861******5678'],
    ['(+86)13912345678', '(+86)1******5678'],
    ['0591-87654321', '05**-****4321'], ['(0591) 8765 4321', '(05**) **** 4321'], ['0591-87654321转8023', '059*-********转8023'],
    ['6222 0212 3456 7894', '622* **** **** 7894'], ['6217001234567890122', '621************0122'],
    ['zhang.san@163.com', 'z****.***@***.com'], ['ab@qq.com', '**@**.com'],
    ['１３９１２３４５６７８', '１******５６７８'], // full-width digits count as digits
    ['95588', '*****'], ['123456', '******'], ['', ''], ['—', '—']
  ])('%s → %s', (input, output) => {
    expect(maskIdentifier(input)).toBe(output)
    if (!input.includes('@')) assertRule(input, output, countryCode(input))
  })

  const sep = fc.constantFrom(' ', '-', '', '', '', '(', ')', '/', '转')
  const alnum = fc.constantFrom(...'0123456789ABCDEFGHXabcx')
  const group = fc.array(alnum, { minLength: 1, maxLength: 8 }).map((a) => a.join(''))

  it('property: any identifier of any length and separators keeps its shape and shows at most half, ≤3 ahead and ≤4 behind', () => {
    fc.assert(fc.property(fc.array(fc.tuple(group, sep), { minLength: 1, maxLength: 8 }), (parts) => {
      const input = parts.map(([g, s]) => g + s).join('')
      assertRule(input, maskIdentifier(input), countryCode(input))
    }), { numRuns: 2000 })
  })

  it('property: mobiles, landlines, IDs, card numbers in any spelling obey the same bound', () => {
    const digits = (n: number): fc.Arbitrary<string> => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''))
    const grouped = (s: string, size: number, by: string): string => s.match(new RegExp(`.{1,${size}}`, 'g'))!.join(by)
    const shapes = fc.oneof(
      fc.tuple(fc.constantFrom('', '+86 ', '0086-', '+86'), digits(10), fc.constantFrom('', ' ', '-')).map(([cc, d, s]) => ({ v: cc + '1' + d.slice(0, 2) + s + d.slice(2, 6) + s + d.slice(6) })),
      fc.tuple(fc.constantFrom('010-', '(0591) ', '0591', '021 '), digits(8), fc.constantFrom('', '-8023', '转12')).map(([a, d, x]) => ({ v: a + d + x })),
      fc.tuple(digits(17), fc.constantFrom('X', '1', 'x')).map(([d, c]) => ({ v: d + c })),
      fc.tuple(fc.integer({ min: 16, max: 19 }), digits(19), fc.constantFrom(' ', '-', '')).map(([n, d, s]) => ({ v: grouped(d.slice(0, n), 4, s) })),
      fc.tuple(fc.integer({ min: 1, max: 14 }), digits(14)).map(([n, d]) => ({ v: d.slice(0, n) }))
    )
    fc.assert(fc.property(shapes, ({ v }) => assertRule(v, maskIdentifier(v), countryCode(v))), { numRuns: 2000 })
  })

  it('property: an e-mail address shows at most the first character of its local part and keeps its top-level domain', () => {
    const word = fc.array(fc.constantFrom(...'abcxyz019'), { minLength: 1, maxLength: 12 }).map((a) => a.join(''))
    fc.assert(fc.property(word, fc.constantFrom('', '.', '_'), word, word, fc.constantFrom('com', 'cn', 'com.cn'), (a, s, b, d, tld) => {
      const email = `${a}${s}${s ? b : ''}@${d}.${tld}`
      const out = maskIdentifier(email)
      const at = email.indexOf('@')
      expect(out.length).toBe(email.length)
      expect(out.endsWith(`.${tld.split('.').pop()}`)).toBe(true)
      const visible = [...out.slice(0, out.lastIndexOf('.'))].filter((c, i) => isSig(c) && c === email[i])
      expect(visible.length).toBeLessThanOrEqual(at >= 4 ? 1 : 0)
    }), { numRuns: 1000 })
  })
})

describe('address masking keeps at most the administrative area', () => {
  it.each([
    ['温泉路12号金山小区5栋302', '****'], // the example: the 区 of 小区 is not a district
    ['福建省福州市鼓楼区温泉路12号金山小区5栋302', '福建省福州市鼓楼区****'],
    ['北京市朝阳区建国路88号SOHO现代城A座1201', '北京市朝阳区****'],
    ['北京市人民路12号阳光花园3栋201室', '北京市****'],
    ['上海市浦东新区张江镇科苑路88号', '上海市浦东新区****'],
    ['天津市滨海新区塘沽街道', '天津市滨海新区****'],
    ['重庆市万州区高笋塘1号', '重庆市万州区****'],
    ['内蒙古自治区锡林郭勒盟锡林浩特市额尔敦路5号', '内蒙古自治区锡林郭勒盟锡林浩特市****'],
    ['内蒙古呼伦贝尔市鄂温克族自治旗巴彦托海镇', '内蒙古呼伦贝尔市鄂温克族自治旗****'],
    ['内蒙古鄂尔多斯市达拉特旗树林召镇', '内蒙古鄂尔多斯市达拉特旗****'],
    ['广西壮族自治区南宁市青秀区民族大道100号', '广西壮族自治区南宁市青秀区****'],
    ['新疆伊犁哈萨克自治州伊宁市解放路', '新疆伊犁哈萨克自治州伊宁市****'],
    ['吉林省延边朝鲜族自治州延吉市', '吉林省延边朝鲜族自治州延吉市'],
    ['湖北省神农架林区松柏镇', '湖北省神农架林区****'],
    ['黑龙江省大兴安岭地区漠河市北极村', '黑龙江省大兴安岭地区漠河市****'],
    ['江苏省苏州市昆山市玉山镇前进路1号', '江苏省苏州市昆山市****'], // 县级市 under a prefecture
    ['福建省福清市音西街道', '福建省福清市****'],
    ['福州市经济技术开发区快安路8号', '福州市经济技术开发区****'],
    ['广东省深圳市南山区高新区科技园', '广东省深圳市南山区****'],
    ['福州经济技术开发区快安路8号', '****'], // a zone first in an address may be an estate's name
    ['金山新区5栋302', '****'],
    ['金山小区5栋', '****'], ['阳光社区居委会3楼', '****'], ['苏州工业园区星湖街328号', '****'],
    ['永辉超市旁边的阳光城市花园2栋', '****'], ['农贸市场东门', '****'],
    ['北京路12号', '****'], ['香港路8号', '****'], // a province's name is a street's name too
    ['福州市 鼓楼区 五四路158号', '福州市 鼓楼区****'],
    ['福建省', '福建省'], ['', '']
  ])('%s → %s', (address, masked) => {
    expect(maskAddress(address)).toBe(masked)
  })

  it('property: below the administrative area nothing is shown — no street, house number, estate, building or flat', () => {
    const han = fc.array(fc.constantFrom(...'金山阳光温泉五四华林东西南北湖滨江城新'), { minLength: 2, maxLength: 4 }).map((a) => a.join(''))
    const admin = fc.constantFrom('', '福建省', '福建省福州市', '福州市鼓楼区', '北京市朝阳区', '内蒙古呼伦贝尔市鄂温克族自治旗', '上海市浦东新区', '吉林省延边朝鲜族自治州延吉市')
    const street = fc.tuple(han, fc.constantFrom('路', '街', '大道', '巷'), fc.integer({ min: 1, max: 999 }), han,
      fc.constantFrom('小区', '社区', '园区', '花园', '新村', '大厦', '公寓', '城市广场'), fc.integer({ min: 1, max: 40 }), fc.constantFrom('栋', '幢', '号楼'), fc.integer({ min: 101, max: 3208 }))
      .map(([r, k, n, e, kind, b, bk, room]) => `${r}${k}${n}号${e}${kind}${b}${bk}${room}室`)
    fc.assert(fc.property(admin, street, (a, s) => {
      const out = maskAddress(a + s)
      expect(out).toBe(`${administrativeArea(a + s)}****`)
      expect(a.startsWith(administrativeArea(a + s))).toBe(true) // never more than the administrative prefix
      expect(out.slice(administrativeArea(a + s).length)).toBe('****')
    }), { numRuns: 1000 })
  })
})
