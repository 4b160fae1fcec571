import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { evalFileReport, evaluate, formatMeasurements, measure, readCaseFile, summaryLine } from '../../src-main/rootcause/eval'
import { RootCauseModel } from '../../src-main/rootcause/suggest'

// The 60 hand-written cases of issue 11 (../shared/rootcause/labelled-cases.json beside the checkout).
const LABELLED = resolve(import.meta.dirname, '../../../shared/rootcause/labelled-cases.json')

// What the suggester reached when this test was written (default demo training, seed 20251), minus a margin
// of 0.05 (3 cases in 60), so that a change that costs more than that fails here. Reached:
// (a) demo only 0.73 / 0.90, (b) leave-one-out 0.72 / 0.92, (c) held-out demo 1.00 / 1.00 (before the findings'
// turn, normality after a phrase and named-by-a-cause-phrase: 0.65 / 0.90, 0.67 / 0.90).
const FLOOR = {
  demoOnly: { top1: 0.68, top3: 0.85 },
  leaveOneOut: { top1: 0.67, top3: 0.87 },
  heldOutDemo: { top1: 0.95, top3: 0.95 }
}

describe('root-cause suggestions measured on the labelled cases', () => {
  const cases = readCaseFile(LABELLED)

  it('reads the file: 60 cases, labels as first-level codes', () => {
    expect(cases).toHaveLength(60)
    for (const c of cases) {
      expect(c.primary).toMatch(/^RC\d{2}$/)
      for (const s of c.secondary ?? []) expect(s).toMatch(/^RC\d{2}$/)
    }
  })

  it('stays at or above what it reached: demo-only, leave-one-out and held-out demo, top-1 and top-3', () => {
    const m = measure(cases)
    for (const key of ['demoOnly', 'leaveOneOut', 'heldOutDemo'] as const) {
      expect(m[key].top1, `${key} top-1`).toBeGreaterThanOrEqual(FLOOR[key].top1)
      expect(m[key].top3, `${key} top-3`).toBeGreaterThanOrEqual(FLOOR[key].top3)
    }
    expect(m.leaveOneOut.n).toBe(60)
    const lines = formatMeasurements(m)
    expect(lines.at(-1)).toBe(summaryLine(m.leaveOneOut))
    expect(lines.at(-1)).toMatch(/^top1 \d\.\d\d top3 \d\.\d\d n 60$/)
    // Per label: the 15 first-level causes, 4 cases each.
    expect([...m.leaveOneOut.perLabel.values()].map((a) => a.n)).toEqual(Array(15).fill(4))
  }, 120_000)

  it('reports on a file with a given model: per label, then the summary line', () => {
    const model = new RootCauseModel()
    for (const c of cases.slice(0, 30)) model.add(c)
    const lines = evalFileReport(LABELLED, model)
    expect(lines).toHaveLength(16)
    expect(lines[0]).toMatch(/^RC01 信息披露不充分\/误导性宣传 {2}n 4 {2}top1 \d\.\d\d {2}top3 \d\.\d\d$/)
    expect(lines[15]).toMatch(/^top1 \d\.\d\d top3 \d\.\d\d n 60$/)
  })

  it('leave-one-out leaves the model as it was', () => {
    const model = new RootCauseModel()
    for (const c of cases) model.add(c)
    // Same cases, same suggestions; similarity may differ in the last digits, since the index refreshes its
    // norms lazily (ngram.ts).
    const shape = (c: (typeof cases)[number]) => model.suggest(c).map((s) => ({ code: s.code, similar: s.similar.map((x) => x.id), score: s.score.toFixed(1) }))
    const before = cases.slice(0, 10).map(shape)
    evaluate(model, cases, true)
    expect(model.size).toBe(60)
    expect(cases.slice(0, 10).map(shape)).toEqual(before)
  })

  it('refuses a file that is not JSON, not a list of cases, or names an unknown cause, saying which', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rootcause-eval-'))
    const file = (name: string, body: string): string => { writeFileSync(join(dir, name), body); return join(dir, name) }
    expect(() => readCaseFile(file('a.json', '{not json'))).toThrow(/not readable as JSON/)
    expect(() => readCaseFile(file('b.json', '{"cases": []}'))).toThrow(/not a list of cases/)
    expect(() => readCaseFile(file('c.json', JSON.stringify([{ id: 'x1', investigation: '经查…', primary: '天气原因' }]))))
      .toThrow(/case x1: 「天气原因」 is not a first-level root cause/)
    const unlabelled = file('d.json', JSON.stringify([{ id: 7, summary: '客户反映…' }]))
    expect(readCaseFile(unlabelled)).toEqual([expect.objectContaining({ id: '7', primary: '', secondary: [] })])
    expect(() => evalFileReport(unlabelled)).toThrow(/case 7 has no primary cause/)
  })
})
