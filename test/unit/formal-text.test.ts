// Formal documents print Chinese units and regulation titles, never the engine's 「1 h 51 min」 or the archive's
// source codes 「000；003」 (issue 10 point 4). A table of the engine's shapes, and a property over durations.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { duration } from '../../src-main/audit/time'
import { evidenceLine, formalText, sourceText } from '../../src-main/documents/labels'
import { RULES } from '../../src-main/audit/rules'

describe('formalText', () => {
  it.each([
    ['1 h 51 min', '1小时51分'],
    ['受理用时 19 h 35 min，在 24 小时内并已告知客户', '受理用时19小时35分，在24小时内并已告知客户'],
    ['上报用时 52 h 03 min，超过 24 小时', '上报用时52小时3分，超过24小时'],
    ['24 h', '24小时'],
    ['-0 h 05 min', '-0小时5分'],
    ['仅 3 人，不足 5 人却标记为群体投诉', '仅3人，不足5人却标记为群体投诉'],
    ['期限 2022-12-16 23:59', '期限2022-12-16 23:59']
  ])('%s → %s', (from, to) => expect(formalText(from)).toBe(to))

  it('leaves no h/min unit in any duration the engine writes', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 400 * 3_600_000 }), (ms) => {
      const t = formalText(`用时 ${duration(ms)}`)
      expect(t).toMatch(/^用时\d+小时\d+分$/)
      expect(t).not.toMatch(/\bh\b|min/)
    }))
  })

  it('prints evidence durations in Chinese', () => {
    expect(evidenceLine({ elapsed: '30 h 27 min', limit: '48 h' })).not.toMatch(/\bh\b|min/)
  })
})

describe('sourceText', () => {
  it.each([
    ['000 受理；004 §3.1（24小时内受理并告知受理编号）', '《金融服务投诉处理流程规范》受理；《金融客户服务规范与投诉处理指南》§3.1（24小时内受理并告知受理编号）'],
    ['001 首问负责制；002', '《银行客户投诉处理管理办法》首问负责制；《客户投诉管理办法》'],
    ['000；003（整改措施、责任单位、完成期限）', '《金融服务投诉处理流程规范》；《到期理财产品客户投诉处理应急方案》（整改措施、责任单位、完成期限）'],
    ['001（5人以上为群体投诉）；002 严重程度', '《银行客户投诉处理管理办法》（5人以上为群体投诉）；《客户投诉管理办法》严重程度']
  ])('%s', (from, to) => expect(sourceText(from)).toBe(to))

  it('names every rule source without a bare code', () => {
    for (const r of RULES) expect(sourceText(r.source), r.code).not.toMatch(/(^|[^\d])00\d(?!\d)/)
  })
})
