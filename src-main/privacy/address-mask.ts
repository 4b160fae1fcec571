// An address keeps at most its leading administrative divisions — province-level, prefecture-level
// (市/地区/自治州/盟), county-level (区/县/县级市/旗/自治县/自治旗/林区/特区, and the 新区/开发区/高新区
// zones after a province or city) — and never a street, house number, estate, building or flat:
//   福建省福州市鼓楼区五四路158号 → 福建省福州市鼓楼区****;  温泉路12号金山小区5栋302 → ****.
// Without a table of the ~3,000 county names (GB/T 2260) a division is recognised by its suffix, so the parser is
// built to err towards hiding: a token whose name holds a street or building word, or that ends in a trap
// (小区/社区/园区/超市/城市…), ends the kept part, and a bare province name (北京, also a street: 北京路)
// counts only when another division follows it. Townships (镇/乡/街道) are hidden: they narrow an address to a
// few thousand households.

const PROVINCE = new RegExp('^(?:(' + [
  '北京市', '天津市', '上海市', '重庆市', '内蒙古自治区', '广西壮族自治区', '西藏自治区', '宁夏回族自治区', '新疆维吾尔自治区',
  '香港特别行政区', '澳门特别行政区', '(?:河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾)省'
].join('|') + ')(?!场)|(北京|天津|上海|重庆|内蒙古|广西|西藏|宁夏|新疆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|香港|澳门|台湾))')

// A division's name: Han characters, none of them a division word (so one token never runs across two divisions).
const NAME = '(?:(?![省市区县旗])[\\u4e00-\\u9fa5])'
const PREFECTURE = new RegExp(`^${NAME}{2,10}?(?:自治州|地区|盟|市(?!场))`)
const COUNTY = new RegExp(`^${NAME}{1,10}?(?:自治县|自治旗|新区|开发区|高新区|林区|特区|区|县|旗|市(?!场))`)
const ZONE = /(?:新区|开发区|高新区)$/

/** Endings that look like a division and are not one. */
const TRAPS = /(?:小区|社区|园区|校区|景区|厂区|街区|营区|片区|住宅区|生活区|商业区|工业区|宿舍区|服务区|保税区|超市|菜市|夜市|集市|门市|城市|都市)$/
/** Words of streets, estates and buildings, never part of a division's name (鼓楼区, 钟楼区 are). */
const STREET_WORDS = /[路街巷弄号栋幢室村组苑院厦寓场店馆]|大道|街道|花园|广场|公寓|家园|新村|中心|大楼/
const BELL_TOWER = /^(?:鼓楼|钟楼)区$/

function division(rest: string, re: RegExp): string | null {
  const m = rest.match(re)
  if (!m) return null
  const token = m[0]
  if (TRAPS.test(token) || (STREET_WORDS.test(token) && !BELL_TOWER.test(token))) return null
  return token
}

/** The leading administrative divisions of an address ('' when it starts with none), with spaces between them kept. */
export function administrativeArea(address: string): string {
  let kept = ''
  let rest = address.trimStart()
  let level = 0 // 1 = province, 2 = prefecture, 3 = county: each division sits below the one before
  const province = rest.match(PROVINCE)
  let pendingShort = ''
  if (province) {
    if (province[1]) { kept = province[1]; level = 1 } else { pendingShort = province[2]; level = 1 }
    rest = rest.slice(province[0].length)
  }
  while (level < 3) {
    const gap = rest.match(/^\s*/)![0]
    const body = rest.slice(gap.length)
    const prefecture = level < 2 ? division(body, PREFECTURE) : null
    const county = prefecture ? null : division(body, COUNTY)
    const token = prefecture ?? county
    // A 新区/开发区 first thing in an address may be an estate's name (金山新区): only under a province or city.
    if (!token || (county && ZONE.test(county) && level === 0)) break
    kept += pendingShort + gap + token
    pendingShort = ''
    level = prefecture ? 2 : 3
    rest = body.slice(token.length)
  }
  return kept
}

/** The address reduced to its administrative area and a fixed mask: 北京市朝阳区****; '****' when none leads it. */
export function maskAddress(address: string): string {
  const kept = administrativeArea(address)
  return address.trim().length > kept.length ? `${kept}****` : kept
}
