// Finding a root cause by what a reviewer types (src-renderer/utils/cause-search.ts): Chinese, pinyin initials,
// whole pinyin or a code; retired nodes only when asked; polyphones read in context.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { TaxonomyNodeView } from '../../src-main/shared/contract-rootcause'
import { SEED_NODES } from '../../src-main/rootcause/taxonomy-seed'
import { indexCauses, searchCauses } from '../../src-renderer/utils/cause-search'

const node = (code: string, nameZh: string, parentCode: string | null = null, retired = false): TaxonomyNodeView => ({
  id: 0, code, parentCode, nameZh, nameEn: '', definition: '', jrtCause: '01', internal: true, retired, mergedInto: null
})

// The taxonomy the archive starts with, as rootCauses.taxonomy sends it.
const seed: TaxonomyNodeView[] = SEED_NODES.map((n, i) => ({
  id: i + 1, code: n.code, parentCode: n.parent, nameZh: n.nameZh, nameEn: n.nameEn, definition: n.definition,
  jrtCause: n.jrtCause, internal: n.internal, retired: false, mergedInto: null
}))
const entries = indexCauses(seed)
const codes = (q: string, opts = {}): string[] => searchCauses(entries, q, opts).map((e) => e.node.code)

describe('searching the taxonomy', () => {
  it.each([
    ['ywczsw', 'RC06'], // 业务操作失误 by its initials
    ['fwtd', 'RC04'], // 服务态度
    ['xtgz', 'RC07'], // 系统故障
    ['fuwutaidu', 'RC04'], // whole pinyin
    ['服务态度', 'RC04'],
    ['RC07', 'RC07'],
    ['rc06.01', 'RC06.01'],
    ['06.01', 'RC06.01'],
    ['0601', 'RC06.01']
  ])('%s finds %s first', (q, code) => {
    expect(codes(q)[0]).toBe(code)
  })

  it('puts names that start with the typed Chinese before names that merely contain it', () => {
    const hits = searchCauses(entries, '态度')
    expect(hits.map((e) => e.node.code)).toContain('RC04')
    const firstContaining = hits.findIndex((e) => !e.node.nameZh.startsWith('态度'))
    expect(hits.slice(firstContaining).every((e) => !e.node.nameZh.startsWith('态度'))).toBe(true)
  })

  it('lists the children of a first-level cause typed by its initials after the cause itself', () => {
    const hits = codes('ywczsw')
    const children = seed.filter((n) => n.parentCode === 'RC06').map((n) => n.code)
    expect(children.length).toBeGreaterThan(0)
    expect(hits).toEqual(expect.arrayContaining(children))
    expect(hits.indexOf('RC06')).toBeLessThan(Math.min(...children.map((c) => hits.indexOf(c))))
  })

  it('reads a polyphone by its word (银行 yh, 行为 xw) and ignores punctuation in names', () => {
    const own = indexCauses([node('RC01', '银行卡收费'), node('RC02', '违规行为'), node('RC03', '信息披露/误导（宣传）')])
    expect(searchCauses(own, 'yhk').map((e) => e.node.code)).toEqual(['RC01'])
    expect(searchCauses(own, 'wgxw').map((e) => e.node.code)).toEqual(['RC02'])
    expect(searchCauses(own, 'xxpl').map((e) => e.node.code)).toEqual(['RC03'])
    expect(own[2].initials).toBe('xxplwdxc')
  })

  it('does not offer retired nodes for new tags, but finds them for filtering', () => {
    const own = indexCauses([node('RC01', '服务态度'), node('RC01.01', '态度冷淡', 'RC01', true)])
    expect(searchCauses(own, 'tdld').map((e) => e.node.code)).toEqual([])
    expect(searchCauses(own, 'tdld', { includeRetired: true }).map((e) => e.node.code)).toEqual(['RC01.01'])
    expect(searchCauses(own, '').map((e) => e.node.code)).toEqual(['RC01'])
  })

  it('matches nothing for a query that names no cause', () => {
    expect(codes('RC99')).toEqual([])
    expect(codes('zzzz')).toEqual([])
    expect(codes('!!')).toEqual([])
  })

  it('finds every live node by its own code, its own Chinese name and its own initials (property over the seed)', () => {
    fc.assert(fc.property(fc.constantFrom(...entries), (e) => {
      expect(codes(e.node.code)).toContain(e.node.code)
      expect(codes(e.node.nameZh)).toContain(e.node.code)
      expect(codes(e.initials)).toContain(e.node.code)
      // Whatever is typed, the answer is a subset of the taxonomy in a stable order without duplicates.
      const hits = codes(e.initials.slice(0, 2))
      expect(new Set(hits).size).toBe(hits.length)
    }), { numRuns: 200 })
  })
})
