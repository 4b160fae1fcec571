import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { parseCaseFile } from '../../src-main/audit/input'
import { auditCase } from '../../src-main/audit/engine'
import { builtInReference } from '../../src-main/audit/policies'
import { caseJson } from '../../src-main/audit/report'

const { book, calendar } = builtInReference()
const fixture = JSON.parse(readFileSync('test/fixtures/audit-input.json', 'utf8')) as { cases: Record<string, unknown>[] }
/** The README's first example case with its events replaced. */
const withEvents = (events: { kind: string; at: string }[], over: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ ...structuredClone(fixture.cases[0]), events, offers: [], ...over })

describe('audit input: dates read strictly', () => {
  it.each([
    ['events.1.at', withEvents([{ kind: 'received', at: '2025-02-27 10:00' }, { kind: 'accepted', at: '2025-02-30 10:00' }, { kind: 'closed', at: '2025-03-10 10:00' }]), '2025-02-30 10:00', '2025 年 2 月只有 28 天'],
    ['events.0.at', withEvents([{ kind: 'received', at: '2025-06-09 24:61' }, { kind: 'closed', at: '2025-06-20 10:00' }]), '2025-06-09 24:61', '小时 24 不存在'],
    ['events.1.at', withEvents([{ kind: 'received', at: '2025-06-09 10:00' }, { kind: 'closed', at: '2025-13-01 10:00' }]), '2025-13-01 10:00', '月份 13 不存在'],
    ['offers.0.paidAt', { ...structuredClone(fixture.cases[0]), offers: [{ ...(fixture.cases[0].offers as object[])[0], paidAt: '2025-04-31 10:00' }] }, '2025-04-31 10:00', '2025 年 4 月只有 30 天'],
    ['rectifications.0.dueOn', { ...structuredClone(fixture.cases[0]), rectifications: [{ measure: '整改', ownerUnit: 'FZ-GL', dueOn: '2023-02-29' }] }, '2023-02-29', '2023 年 2 月只有 28 天']
  ])('%s', (field, raw, value, why) => {
    const { facts, invalid } = parseCaseFile([raw])
    expect(facts).toEqual([])
    expect(invalid[0].errors.join('\n')).toContain(`${field}: 不是有效${field.endsWith('On') ? '日期' : '时间'}「${value}」（${why}`)
  })
})

describe('audit input: timelines that go backwards are audited and listed', () => {
  // The example: the decision told before the complaint was received passed every time rule.
  const told = withEvents([
    { kind: 'received', at: '2025-06-09 10:00' }, { kind: 'accepted', at: '2025-06-09 11:00' }, { kind: 'acceptance_notified', at: '2025-06-09 11:10' },
    { kind: 'classified', at: '2025-06-10 09:00' }, { kind: 'handled', at: '2025-06-13 16:00' }, { kind: 'replied', at: '2025-06-05 10:00' },
    { kind: 'revisited', at: '2025-06-18 10:00' }, { kind: 'closed', at: '2025-06-20 10:00' }, { kind: 'archived', at: '2025-06-21 10:00' }
  ])

  it('a decision told before the complaint was received passes no time rule, and says why', () => {
    const { facts, invalid } = parseCaseFile([told])
    expect(invalid).toEqual([])
    const a = auditCase(facts[0], book, calendar)
    expect(a.inversions.map((v) => v.message)).toEqual([
      '时间线倒置：告知处理决定（回复客户）时间 2025-06-05 10:00 早于收到投诉时间 2025-06-09 10:00',
      '时间线倒置：告知处理决定（回复客户）时间 2025-06-05 10:00 早于处理完成时间 2025-06-13 16:00'
    ])
    const rule = (code: string) => a.rules.find((r) => r.code === code)!
    for (const code of ['R01', 'R02', 'R04', 'R05']) expect(rule(code).internal.status, code).toBe('cannot_tell')
    expect(rule('R04').regulatory.status).toBe('cannot_tell')
    expect(rule('R04').regulatory.reason).toContain('告知处理决定（回复客户）时间 2025-06-05 10:00 早于收到投诉时间 2025-06-09 10:00')
    // Not a time rule: still judged.
    expect(rule('R03').internal.status).toBe('pass')
    // The --json output lists the problems with the case.
    expect(caseJson(a)).toMatchObject({ caseNo: 'TS2025EX000001', warnings: a.inversions.map((v) => v.message) })
  })

  it('the same case in order has no warnings', () => {
    const ordered = withEvents((told.events as { kind: string; at: string }[]).map((e) => (e.kind === 'replied' ? { ...e, at: '2025-06-16 10:00' } : e)))
    const a = auditCase(parseCaseFile([ordered]).facts[0], book, calendar)
    expect(a.inversions).toEqual([])
    expect(caseJson(a)).toMatchObject({ warnings: [] })
  })
})

describe('audit input: the further extension (第十八条)', () => {
  it('reads who approved it and at what level from furtherExtension, and its times from the events', () => {
    const { facts } = parseCaseFile([fixture.cases[3]])
    expect(facts[0].furtherExtension).toEqual({
      approver: { key: 'S0600' }, level: 'higher_branch',
      approvedAt: Date.parse('2025-07-31T10:00:00+08:00'), notifiedAt: Date.parse('2025-07-31T15:00:00+08:00')
    })
  })

  it('records an extension given by events alone, with nobody and no level on record', () => {
    const raw = { ...structuredClone(fixture.cases[3]), furtherExtension: undefined }
    expect(parseCaseFile([raw]).facts[0].furtherExtension).toMatchObject({ approver: null, level: null })
    const none = withEvents([{ kind: 'received', at: '2025-06-09 10:00' }, { kind: 'closed', at: '2025-06-20 10:00' }])
    expect(parseCaseFile([none]).facts[0].furtherExtension).toBeNull()
  })

  it('refuses a level that is not one of the recorded levels, naming the field', () => {
    const raw = { ...structuredClone(fixture.cases[3]), furtherExtension: { approver: 'S0600', level: '支行行长' } }
    const { invalid } = parseCaseFile([raw])
    expect(invalid[0].errors.join('\n')).toMatch(/^furtherExtension\.level: /m)
  })
})
