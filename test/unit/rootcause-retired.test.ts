import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { RootCauseModel } from '../../src-main/rootcause/suggest'
import { rootCauseDemoCases } from '../../src-main/demo/rootcause-texts'
import { SEED_NODES, SEED_TAXONOMY } from '../../src-main/rootcause/taxonomy-seed'
import { isLive, taxonomyOf } from '../../src-main/rootcause/taxonomy-types'

const codes = SEED_NODES.map((n) => n.code)
const retiring = (retired: readonly string[]) => taxonomyOf(SEED_NODES.map((n) => (retired.includes(n.code) ? { ...n, retired: true } : n)))
// Tagged on the full taxonomy, so many tags point at nodes that get retired; texts to suggest for from another seed.
const tagged = rootCauseDemoCases(7, 2)
const texts = rootCauseDemoCases(8, 1)

describe('root-cause suggestions name live nodes only', () => {
  it('whatever is retired, no suggestion (code or first level) is a retired node, and no cause is suggested twice', () => {
    const model = new RootCauseModel()
    for (const c of tagged) model.add(c)
    fc.assert(fc.property(fc.subarray(codes), fc.constantFrom(...texts), (retired, text) => {
      const tax = retiring(retired)
      model.setTaxonomy(tax)
      const got = model.suggest(text)
      for (const s of got) {
        expect(isLive(tax, s.code), s.code).toBe(true)
        expect(isLive(tax, s.firstLevel), s.firstLevel).toBe(true)
        for (const p of s.similar) expect(isLive(tax, p.code)).toBe(true)
      }
      expect(new Set(got.map((s) => s.firstLevel)).size).toBe(got.length)
      const liveFirst = SEED_NODES.filter((n) => !n.parent && isLive(tax, n.code)).length
      expect(got.length).toBe(Math.min(3, liveFirst))
    }), { numRuns: 60, seed: 2026 })
  })

  it('a retired second-level node\'s phrases and tags count for its first level', () => {
    const text = { investigation: '经查，柜员办理时重复扣款，多扣客户500元。', facts: '柜员操作差错导致重复扣款。' }
    const model = new RootCauseModel()
    for (const c of tagged) model.add(c)
    expect(model.suggest(text)[0].code).toBe('RC06.01')
    model.setTaxonomy(retiring(['RC06.01']))
    const [top] = model.suggest(text)
    expect(top.firstLevel).toBe('RC06')
    expect(top.code).not.toBe('RC06.01')
    expect(top.phrases.map((p) => p.phrase)).toContain('重复扣款')
  })

  it('suggests nothing when every first-level cause is retired', () => {
    const model = new RootCauseModel(retiring(SEED_NODES.filter((n) => !n.parent).map((n) => n.code)))
    expect(model.suggest(texts[0])).toEqual([])
    expect(SEED_TAXONOMY.nodes.every((n) => !n.retired)).toBe(true)
  })
})
