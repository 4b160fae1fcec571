// Formula injection (OWASP "CSV Injection"): text a spreadsheet would read as a formula gets a leading
// apostrophe, in every export that uses the shared cell writer; numbers and ordinary text stay as written.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { csvField, neutraliseFormula } from '../../src-main/shared/spreadsheet-cell'

describe('neutraliseFormula', () => {
  it.each([
    ['=1+1', "'=1+1"], ['+SUM(A1)', "'+SUM(A1)"], ['-2+3', "'-2+3"], ['@SUM(1)', "'@SUM(1)"], ['\t=1', "'\t=1"], ['\r=1', "'\r=1"],
    ['=HYPERLINK("http://x","点")', '\'=HYPERLINK("http://x","点")'],
    ['-12.5', '-12.5'], ['+3', '+3'], ['退费 =1', '退费 =1'], ['', ''], ['审批合规', '审批合规']
  ])('%j → %j', (input, out) => expect(neutraliseFormula(input)).toBe(out))

  it('never leaves a formula start unless the text is a number', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const out = neutraliseFormula(s)
      expect(/^[=+\-@\t\r]/.test(out) && Number.isNaN(Number(out))).toBe(false)
      expect(out === s || out === `'${s}`).toBe(true)
    }))
  })
})

describe('csvField', () => {
  it.each([
    ['a,b', '"a,b"'], ['say "hi"', '"say ""hi"""'], ['line\nbreak', '"line\nbreak"'], [' lead', '" lead"'], ['=1,2', '"\'=1,2"'], [null, ''], [12.5, '12.5']
  ])('%j → %j', (input, out) => expect(csvField(input)).toBe(out))

  it('reads back as the neutralised text (RFC 4180 unquoting)', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const f = csvField(s)
      const back = f.startsWith('"') ? f.slice(1, -1).replace(/""/g, '"') : f
      expect(back).toBe(neutraliseFormula(s))
    }))
  })
})
