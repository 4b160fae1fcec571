import { describe, expect, it } from 'vitest'
import { searchPrefilter, searchQuery, searchVector } from '../../src-main/cases/search-terms'
import { maskAddress, maskIdentifier, maskName } from '../../src-main/privacy'

describe('bigram search terms', () => {
  it('indexes Chinese text as positioned bigrams plus the last character of each run', () => {
    expect(searchVector('理财产品，扣费')).toBe(`'理财':1 '财产':2 '产品':3 '品':4 '扣费':6 '费':7`)
  })
  it('indexes Latin letters and digits as bigrams of the same run, lower-cased', () => {
    expect(searchVector('手机APP转账500元')).toBe(`'手机':1 '机a':2 'ap':3 'pp':4 'p转':5 '转账':6 '账5':7 '50':8 '00':9 '0元':10 '元':11`)
  })
  it('turns a search into an exact phrase of bigrams', () => {
    expect(searchQuery('扣费')).toBe(`'扣费'`)
    expect(searchQuery('理财产品')).toBe(`('理财' <-> '财产' <-> '产品')`)
    expect(searchQuery('费')).toBe(`'费':*`)
    expect(searchQuery('APP 转账')).toBe(`('ap' <-> 'pp') & '转账'`)
    expect(searchQuery('，。 ')).toBeNull()
  })
  it('pairs a phrase with a cheap AND of its bigrams, and only a phrase', () => {
    expect(searchPrefilter('理财产品')).toBe(`('理财' & '财产' & '产品')`)
    expect(searchPrefilter('扣费')).toBeNull()
    expect(searchPrefilter('费')).toBeNull()
  })
  it('never lets a quote or operator through', () => {
    expect(searchQuery(`'); DROP TABLE cases; --`)).toBe(`('dr' <-> 'ro' <-> 'op') & ('ta' <-> 'ab' <-> 'bl' <-> 'le') & ('ca' <-> 'as' <-> 'se' <-> 'es')`)
  })
})

describe('masking of personal data', () => {
  it('masks names as 张*三', () => {
    expect(maskName('张伟三')).toBe('张*三')
    expect(maskName('欧阳娜娜')).toBe('欧**娜')
    expect(maskName('李娜')).toBe('李*')
  })
  // The full rule and its property tests are in privacy-masking.test.ts.
  it('masks phones as 1******1234 (at least half hidden)', () => expect(maskIdentifier('13812341234')).toBe('1******1234'))
  it('masks ID numbers but for the first three and last four', () => expect(maskIdentifier('11010519800101123X')).toBe('110***********123X'))
  it('keeps only the city part of an address', () => expect(maskAddress('北京市人民路12号阳光花园3栋201室')).toBe('北京市****'))
})
