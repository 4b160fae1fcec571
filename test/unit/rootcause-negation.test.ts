import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { canonical, findPhrases, type Field } from '../../src-main/rootcause/evidence'
import { causalRoles } from '../../src-main/rootcause/causal'
import { SEED_NODES, SEED_TAXONOMY } from '../../src-main/rootcause/taxonomy-seed'

/** The hits of one phrase (in matching form) in an investigation text. */
function hitsOf(text: string, phrase: string, field: Field = 'investigation') {
  return findPhrases(SEED_TAXONOMY, { [field]: text }).filter((h) => h.phrase === canonical(phrase))
}
const asserted = (text: string, phrase: string): boolean => hitsOf(text, phrase).some((h) => h.weight > 0)
const negated = (text: string, phrase: string): boolean => {
  const hits = hitsOf(text, phrase)
  return hits.length > 0 && hits.every((h) => h.negated && h.weight === 0)
}

describe('root-cause phrase evidence: negation', () => {
  it.each([
    ['未发现员工违规查询客户信息', '违规查询'],
    ['没有发现员工违规查询客户信息', '违规查询'],
    ['经核查，不存在误导销售的情况', '误导销售'],
    ['交易失败并非系统故障所致', '系统故障'],
    ['经核对，该笔业务无差错', '差错'],
    ['客户所称态度冷淡的情况不属实', '态度冷淡'],
    ['理财经理没有误导客户', '误导'],
    ['排除了信息泄露的可能', '信息泄露'],
    ['未见推诿敷衍', '推诿'],
    ['柜员不存在操作失误', '操作失误'],
    ['經核查，未發現系統故障', '系统故障']
  ])('%s: 「%s」 is denied, not evidence', (text, phrase) => {
    expect(negated(text, phrase)).toBe(true)
  })

  it.each([
    ['柜员未告知客户收费标准', '未告知收费标准'],
    ['柜员并未告知客户收费标准', '未告知收费标准'],
    ['理财经理没有向客户提示风险', '未向客户提示'],
    ['不排除系统故障的可能', '系统故障'],
    ['未发现异常，但柜员操作失误', '操作失误'],
    ['客户无法登录手机银行', '无法登录'],
    ['经核查，交易失败系客户本人操作', '客户本人操作'],
    ['因部门之间衔接不畅，导致处理超时', '衔接不畅']
  ])('%s: 「%s」 is asserted', (text, phrase) => {
    expect(asserted(text, phrase)).toBe(true)
  })

  it('takes a clause quoting the customer inside the investigation as the customer\'s words', () => {
    const quoted = hitsOf('客户称理财经理承诺保本', '承诺保本')
    const found = hitsOf('经核实，理财经理承诺保本', '承诺保本')
    expect(quoted[0].reported).toBe(true)
    expect(found[0].reported).toBe(false)
    expect(quoted[0].weight).toBeLessThan(found[0].weight)
  })

  it('weighs the customer\'s summary below the investigation', () => {
    const inSummary = hitsOf('网点工作人员态度冷淡', '态度冷淡', 'summary')[0]
    const inInvestigation = hitsOf('网点工作人员态度冷淡', '态度冷淡', 'investigation')[0]
    expect(inSummary.weight).toBeLessThan(inInvestigation.weight)
  })

  it('puts the cause before 导致 and after 由于 in the cause slot, the consequence in the effect slot', () => {
    const roles = (s: string): string => [...causalRoles(s)].map((r) => (r > 0 ? 'C' : r < 0 ? 'E' : '.')).join('')
    expect(roles('因衔接不畅导致超时')).toBe('CCCCCEEEE')
    expect(roles('由于系统升级,交易失败')).toBe('CCCCCCEEEEE')
    expect(roles('交易失败系系统升级所致')).toBe('EEEECCCCCCC')
    expect(roles('经核查系统运行正常')).toBe('.........')
  })

  // The kind, not only the examples: any cause phrase of the taxonomy, under any absence marker, is denied;
  // after a plain finding opener it is asserted.
  const phrases = [...new Set(SEED_NODES.flatMap((n) => n.phrases))].filter((p) => !/^[未不无非没]/.test(p))
  const markers = ['未发现', '没有发现', '不存在', '并非', '未见', '否认存在', '排除']
  it('denies every cause phrase under every absence marker, and asserts it after 经核查', () => {
    fc.assert(fc.property(fc.constantFrom(...phrases), fc.constantFrom(...markers), (p, m) => {
      const denied = hitsOf(`经核查，${m}${p}的情况`, p)
      expect(denied.every((h) => h.weight === 0)).toBe(true)
      const plain = hitsOf(`经核查，确认${p}`, p)
      // A longer phrase may swallow this one (确认 + p can form another phrase); then it is not this phrase's hit.
      if (plain.length) expect(plain.some((h) => h.weight > 0)).toBe(true)
    }), { numRuns: 400, seed: 11 })
  })

  it('denies a phrase followed by 不属实 / 不成立 / 与事实不符', () => {
    fc.assert(fc.property(fc.constantFrom(...phrases), fc.constantFrom('不属实', '不成立', '与事实不符'), (p, d) => {
      expect(hitsOf(`客户反映的${p}问题${d}`, p).every((h) => h.weight === 0)).toBe(true)
    }), { numRuns: 300, seed: 12 })
  })

  it.each([
    ['系统日志显示银证转账功能正常', '系统日志显示'],
    ['经核对，收费标准执行无误', '收费标准'],
    ['该网点无障碍坡道及呼叫铃齐全', '坡道'],
    ['经核查，风险测评记录完整', '风险测评']
  ])('%s: 「%s」 is said to be in order, not evidence', (text, phrase) => {
    expect(negated(text, phrase)).toBe(true)
  })

  it.each([
    ['系统故障，交易状态不一致', '系统故障'],
    ['柜员操作失误，复核不到位', '操作失误'],
    ['价目表未载明该收费项目，收取不规范', '价目表']
  ])('%s: 「%s」 is asserted (不一致, 不到位, 不规范 state a wrong)', (text, phrase) => {
    expect(asserted(text, phrase)).toBe(true)
  })

  // The kind: any cause phrase followed by a state of normality is denied; a turn (但, 然而…) weighs what
  // follows it over what precedes it.
  it('denies every cause phrase said to be normal, complete or in order', () => {
    fc.assert(fc.property(fc.constantFrom(...phrases), fc.constantFrom('正常', '无误', '齐全', '完好', '规范', '无异常'), (p, n) => {
      expect(hitsOf(`经核查，${p}情况${n}`, p).every((h) => h.weight === 0)).toBe(true)
    }), { numRuns: 300, seed: 13 })
  })

  it('weighs a phrase after the findings\' turn over the same phrase before it', () => {
    fc.assert(fc.property(fc.constantFrom(...phrases), fc.constantFrom('但', '但是', '然而', '不过'), (p, turn) => {
      const before = hitsOf(`另查，${p}。${turn}客户另有诉求`, p).filter((h) => !h.topic)
      const after = hitsOf(`另查客户诉求。${turn}${p}`, p).filter((h) => !h.topic)
      if (before.length && after.length && before[0].weight > 0) expect(after[0].weight).toBeGreaterThan(before[0].weight)
    }), { numRuns: 300, seed: 14 })
  })
})
