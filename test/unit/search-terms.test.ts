import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { lexemesOf, MAX_POSITION, MAX_POSITIONS_PER_LEXEME, searchQuery, searchVector } from '../../src-main/cases/search-terms'
import { trickyText } from './text-samples'

describe('search terms through the one normalisation', () => {
  it('indexes and queries full-width, invisible and traditional characters as their plain forms', () => {
    expect(searchVector('ＡＴＭ吞卡')).toBe(searchVector('ATM吞卡'))
    expect(searchVector('理\u200b财')).toBe(searchVector('理财'))
    expect(searchVector('理財')).toBe(searchVector('理财'))
    expect(searchQuery('ＡＴＭ')).toBe(searchQuery('atm'))
    expect(searchQuery('理財')).toBe(`'理财'`)
  })

  it('treats 〇 and 々 alike when indexing and querying (the issue: the indexer split at them)', () => {
    expect(searchVector('二〇二五')).toBe(`'二〇':1 '〇二':2 '二五':3 '五':4`)
    expect(searchQuery('二〇二五')).toBe(`('二〇' <-> '〇二' <-> '二五')`)
    expect(searchQuery('人々')).toBe(`'人々'`)
  })

  it('classifies every character the same way on both sides (property)', () => {
    // A text's query and its vector name the same bigrams: the query's lexemes all occur in the vector.
    fc.assert(fc.property(trickyText(), (t) => {
      const q = searchQuery(t)
      const vec = lexemesOf([t])
      for (const m of (q ?? '').matchAll(/'([^']+)'(:\*)?/g)) {
        if (m[2]) expect([...vec.keys()].some((l) => l.startsWith(m[1])), m[1]).toBe(true)
        else expect(vec.has(m[1]), m[1]).toBe(true)
      }
    }))
  })

  it('never writes a lexeme longer than two characters, however long a run of letters or digits', () => {
    const long = 'a'.repeat(3000) + '9'.repeat(3000) + 'Ｂ'.repeat(1000)
    const lexemes = lexemesOf([long])
    for (const l of lexemes.keys()) expect(Array.from(l).length).toBeLessThanOrEqual(2)
    expect(lexemes.get('aa')!.length).toBe(MAX_POSITIONS_PER_LEXEME)
  })

  it('keeps positions within PostgreSQL limits: ascending, at most 256 per lexeme, none past 16,383', () => {
    const huge = Array.from({ length: 20000 }, (_, i) => String.fromCharCode(0x4e00 + (i % 500))).join('')
    const lexemes = lexemesOf([huge, '尾'])
    for (const positions of lexemes.values()) {
      expect(positions.length).toBeLessThanOrEqual(MAX_POSITIONS_PER_LEXEME)
      expect(Math.max(...positions)).toBeLessThanOrEqual(MAX_POSITION)
      expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    }
    expect(lexemes.has('尾')).toBe(false)
  })
})
