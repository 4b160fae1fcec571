import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { JRT_CAUSE } from '../../src-main/shared/jrt'
import { LABEL_TO_CODE, SEED_NODES, SEED_TAXONOMY } from '../../src-main/rootcause/taxonomy-seed'
import { firstLevelByName, firstLevelOf, isLive, liveTarget, taxonomyOf, type CauseNode } from '../../src-main/rootcause/taxonomy-types'

// The shared project documents sit beside the checkout (../shared), as issue 11 cites them.
const SHARED = resolve(import.meta.dirname, '../../../shared')

/** The starting taxonomy as domain.md lists it ("A starting taxonomy from the seeds: a; b; …."). */
function domainStartingTaxonomy(): string[] {
  const md = readFileSync(resolve(SHARED, 'domain.md'), 'utf8')
  const m = /A\s+starting\s+taxonomy\s+from\s+the\s+seeds:([^]*?)\.\s*\n\s*\n/.exec(md)
  expect(m).not.toBeNull()
  return m![1].replace(/\s+/g, ' ').split(';').map((s) => s.trim()).filter(Boolean)
}

const first = SEED_NODES.filter((n) => !n.parent)
const second = SEED_NODES.filter((n) => n.parent)

describe('root-cause taxonomy seed', () => {
  it('has unique codes, two levels, and second-level codes under their parent', () => {
    expect(new Set(SEED_NODES.map((n) => n.code)).size).toBe(SEED_NODES.length)
    for (const n of first) expect(n.code).toMatch(/^RC\d{2}$/)
    for (const n of second) {
      expect(n.code).toMatch(/^RC\d{2}\.\d{2}$/)
      expect(n.code.startsWith(`${n.parent}.`)).toBe(true)
      expect(SEED_TAXONOMY.byCode.get(n.parent!)?.parent).toBeNull()
    }
    for (const n of first) expect(SEED_TAXONOMY.children.get(n.code)!.length).toBeGreaterThanOrEqual(2)
  })

  it('has exactly the first level of domain.md, in its order', () => {
    const names = domainStartingTaxonomy()
    expect(names.length).toBe(15)
    expect(first.length).toBe(names.length)
    names.forEach((name, i) => expect(firstLevelByName(SEED_TAXONOMY, name)?.code, name).toBe(first[i].code))
    for (const name of names) expect(firstLevelByName(SEED_TAXONOMY, name)).toBeDefined()
  })

  it('gives every node an axis-C code from the project\'s JR/T 0169 list, names in both languages, a Chinese definition and phrases', () => {
    for (const n of SEED_NODES) {
      expect(Object.keys(JRT_CAUSE), n.code).toContain(n.jrtCause)
      expect(n.nameZh).toMatch(/\p{Script=Han}/u)
      expect(n.nameEn).toMatch(/^[A-Z][\w ,'/()-]+$/)
      expect(n.definition.length, n.code).toBeGreaterThan(15)
      expect(n.definition).toMatch(/\p{Script=Han}/u)
      expect(n.phrases.length, n.code).toBeGreaterThan(0)
      for (const p of [...n.phrases, ...n.topics]) expect(p.length, `${n.code} ${p}`).toBeGreaterThanOrEqual(2)
    }
  })

  it('marks the causes outside the institution as not internal (no rectification required)', () => {
    const byName = (name: string): CauseNode => firstLevelByName(SEED_TAXONOMY, name)!
    expect(byName('非机构责任').internal).toBe(false)
    expect(byName('恶意/不合理投诉').internal).toBe(false)
    expect(byName('产品收益不达预期 (买者自负)').internal).toBe(false)
    expect(byName('业务操作失误').internal).toBe(true)
    expect(byName('系统故障').internal).toBe(true)
    for (const n of second) if (!SEED_TAXONOMY.byCode.get(n.parent!)!.internal) expect(n.internal, n.code).toBe(false)
  })

  it('maps every label of the labelled file (first-level names, full-width brackets) to a first-level code', () => {
    const labelled = JSON.parse(readFileSync(resolve(SHARED, 'rootcause/labelled-cases.json'), 'utf8')) as { primary: string; secondary: string[] }[]
    const labels = new Set(labelled.flatMap((c) => [c.primary, ...c.secondary]))
    for (const label of labels) expect(firstLevelByName(SEED_TAXONOMY, label), label).toBeDefined()
    expect(Object.keys(LABEL_TO_CODE).length).toBe(15)
    for (const [name, code] of Object.entries(LABEL_TO_CODE)) expect(firstLevelByName(SEED_TAXONOMY, name)?.code).toBe(code)
  })

  it('refuses a taxonomy with a duplicate code, an unknown axis-C code, an unknown parent or a third level', () => {
    const node = (code: string, parent: string | null, jrtCause = '01'): CauseNode =>
      ({ code, parent, nameZh: '测试', nameEn: 'Test', definition: '测试', jrtCause, internal: true, phrases: ['测试'], topics: [] })
    expect(() => taxonomyOf([node('A', null), node('A', null)])).toThrow(/duplicate/)
    expect(() => taxonomyOf([node('A', null, '42')])).toThrow(/axis-C/)
    expect(() => taxonomyOf([node('A.01', 'A')])).toThrow(/parent/)
    expect(() => taxonomyOf([node('A', null), node('A.01', 'A'), node('A.01.01', 'A.01')])).toThrow(/parent/)
  })

  it('keeps a retired node readable and counts its tags for its live parent; a retired first level retires its children', () => {
    const tax = taxonomyOf(SEED_NODES.map((n) => (n.code === 'RC06.01' || n.code === 'RC12' ? { ...n, retired: true } : n)))
    expect(tax.byCode.get('RC06.01')?.nameZh).toBe('记账/扣费差错')
    expect(isLive(tax, 'RC06.01')).toBe(false)
    expect(liveTarget(tax, 'RC06.01')).toBe('RC06')
    expect(isLive(tax, 'RC12.01')).toBe(false)
    expect(liveTarget(tax, 'RC12.01')).toBeUndefined()
    expect(liveTarget(tax, 'RC12')).toBeUndefined()
    expect(firstLevelOf(tax, 'RC06.01')).toBe('RC06')
  })
})
