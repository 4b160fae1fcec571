import { describe, expect, it } from 'vitest'
import { RootCauseModel, type TaggedCase } from '../../src-main/rootcause/suggest'
import { rootCauseDemoCases } from '../../src-main/demo/rootcause-texts'
import { findPhrases } from '../../src-main/rootcause/evidence'
import { SEED_TAXONOMY } from '../../src-main/rootcause/taxonomy-seed'
import { addBigrams, TfIdfIndex, type TermVector } from '../../src-main/rootcause/ngram'

// A situation the taxonomy's phrases say nothing about: a social-security card that works only once the
// social-security centre has synchronised the account (a third party's doing, RC14.02).
const untagged = {
  summary: '客户反映社保卡激活后在医院刷卡结算时仍不能使用。', request: '请尽快恢复使用。',
  investigation: '经查，该社保卡已于上月激活，医院端读卡时社保账户状态待社保中心同步，社保中心次日完成同步。',
  facts: '医院端刷卡结算需社保中心同步账户状态后方可使用。', channel: '电话', businessLine: '零售'
}
const similar: TaggedCase[] = [
  { id: 'r1', primary: 'RC14.02', summary: '客户称新领的社保卡在药店结算失败。', request: '请给予解释。',
    investigation: '经查，药店读卡时社保账户状态尚待社保中心同步，同步完成后客户已正常结算。', facts: '社保卡结算需社保中心完成账户状态同步。' },
  { id: 'r2', primary: 'RC14.02', summary: '客户反映社保卡在医院挂号时刷卡不成功。', request: '请尽快处理。',
    investigation: '经查，社保卡金融功能正常，医院端社保账户状态由社保中心同步，当日同步尚在进行。', facts: '社保账户状态同步由社保中心负责。' },
  { id: 'r3', primary: 'RC14.02', summary: '客户称社保卡激活当天在医院不能结算。', request: '请给予解释。',
    investigation: '经查，社保卡激活后需社保中心次日同步账户状态，医院端读卡方可结算。', facts: '社保中心同步完成前医院端不能结算。' }
]

function demoModel(): RootCauseModel {
  const m = new RootCauseModel()
  for (const c of rootCauseDemoCases(5, 4)) m.add(c)
  return m
}

describe('root-cause suggestions learn from tagged cases, without a rebuild', () => {
  it('a case no phrase speaks to: three tagged similar cases change its first suggestion; removing them changes it back', () => {
    expect(findPhrases(SEED_TAXONOMY, untagged).filter((h) => h.weight > 0 && !h.topic)).toEqual([])
    const model = demoModel()
    const before = model.suggest(untagged)
    expect(before).toHaveLength(3)
    expect(before[0].firstLevel).not.toBe('RC14')

    for (const c of similar) model.add(c)
    const after = model.suggest(untagged)
    expect(after[0].code).toBe('RC14.02')
    expect(after[0].similar.map((s) => s.id).sort()).toEqual(['r1', 'r2', 'r3'])
    expect(after[0].score).toBeGreaterThan(before[0].score)

    for (const c of similar) model.remove(c.id)
    expect(model.suggest(untagged)).toEqual(before)
  })

  it('a changed tag (the same case added again) moves the suggestion with it', () => {
    const model = demoModel()
    for (const c of similar) model.add(c)
    expect(model.suggest(untagged)[0].firstLevel).toBe('RC14')
    for (const c of similar) model.add({ ...c, primary: 'RC08.02' })
    expect(model.size).toBe(rootCauseDemoCases(5, 4).length + similar.length)
    expect(model.suggest(untagged)[0].code).toBe('RC08.02')
  })

  it('a phrase keeps the cause reviewers gave the cases it appears in: the findings-named cause moves', () => {
    const text = { investigation: '经查，当日系统升级，客户当日办理的业务次日才完成。', facts: '当日系统升级。' }
    const model = demoModel()
    const before = model.suggest(text)
    expect(before[0].firstLevel).toBe('RC07')
    expect(before[0].namedInFindings).toBe(true)
    for (let i = 0; i < 40; i++) {
      model.add({ id: `u${i}`, primary: 'RC08.01', investigation: `经查，第${i}批业务办理当日系统升级。`, facts: '当日系统升级。' })
    }
    const after = model.suggest(text)
    expect(after[0].firstLevel).toBe('RC08')
    expect(after[0].namedInFindings).toBe(true)
    expect(after[0].phrases.map((p) => p.phrase)).toContain('系统升级')
  })

  it('a changed tag learnt in place (retag) suggests as adding the case again with it does', () => {
    const byAdd = demoModel()
    const byRetag = demoModel()
    for (const c of similar) { byAdd.add(c); byRetag.add(c) }
    for (const c of similar) byAdd.add({ ...c, primary: 'RC08.02', secondary: ['RC14'] })
    for (const c of similar) expect(byRetag.retag(c.id, 'RC08.02', ['RC14'])).toBe(true)
    expect(byRetag.retag('not-there', 'RC08.02')).toBe(false)
    expect(() => byRetag.retag('r1', 'RC99')).toThrow(/unknown root-cause code RC99/)
    expect(byRetag.size).toBe(byAdd.size)
    expect(byRetag.suggest(untagged)).toEqual(byAdd.suggest(untagged))
    expect(byRetag.suggest(untagged)[0].code).toBe('RC08.02')
  })

  it('a tagged case judged without itself (in place) gets what a model without it gives, up to the IDF', () => {
    const all = demoModel()
    const others = demoModel()
    for (const c of similar) all.add(c)
    for (const c of similar.slice(1)) others.add(c)
    const before = all.suggest(untagged)
    const inPlace = all.suggest(similar[0], 3, 'r1')
    const removed = others.suggest(similar[0])
    expect(inPlace.map((s) => s.code)).toEqual(removed.map((s) => s.code))
    expect(inPlace.map((s) => s.similar.map((x) => x.id))).toEqual(removed.map((s) => s.similar.map((x) => x.id)))
    inPlace.forEach((s, i) => expect(s.score).toBeCloseTo(removed[i].score, 2))
    expect(inPlace.flatMap((s) => s.similar.map((x) => x.id))).not.toContain('r1')
    // …and leaves the model as it was.
    expect(all.size).toBe(others.size + 1)
    expect(all.suggest(untagged)).toEqual(before)
  })

  it('refuses a tag on a code the taxonomy does not have', () => {
    expect(() => demoModel().add({ ...similar[0], primary: 'RC99' })).toThrow(/unknown root-cause code RC99/)
  })
})

describe('bigram TF-IDF index', () => {
  const vec = (text: string): TermVector => { const v: TermVector = new Map(); addBigrams(v, text, 1); return v }

  it('makes bigrams of normalised word runs, digits folded, punctuation splitting runs', () => {
    expect([...vec('系統故障，金額100元').keys()].sort()).toEqual(['00', '0元', '故障', '系统', '统故', '金额', '额0'].sort())
  })

  it('finds an identical text at similarity 1, a text sharing nothing not at all, and follows add, replace and remove', () => {
    const index = new TfIdfIndex()
    index.add('a', vec('柜员操作失误导致重复扣款'))
    index.add('b', vec('网点环境嘈杂座位不足'))
    index.add('c', vec('手机银行登录失败'))
    const [best] = index.query(vec('柜员操作失误导致重复扣款'), 3)
    expect(best.id).toBe('a')
    expect(best.similarity).toBeCloseTo(1, 9)
    expect(index.query(vec('保险合同条款'), 3)).toEqual([])
    index.add('a', vec('保险合同条款理解分歧'))
    expect(index.size).toBe(3)
    expect(index.query(vec('保险合同条款'), 3)[0].id).toBe('a')
    expect(index.remove('a')).toBe(true)
    expect(index.remove('a')).toBe(false)
    expect(index.query(vec('保险合同条款'), 3)).toEqual([])
  })
})
