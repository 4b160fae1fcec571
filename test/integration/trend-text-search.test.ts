// Issue 12 point 8: a text search is answered by a scan (one statement: the search once, the matching cases' facts
// once, every chart aggregating over those, the rule columns from pre-grouped letters). Its figures must be the
// ones a straightforward count over the base tables gives (trend-oracle.ts), for a table of search terms — no
// match, exactly one match, many, a phrase, two words, one character — alone and with other filters, and the
// comparison periods' cards the same as the current cards of those periods.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import type { CaseFilter, TrendsView } from '../../src-main/shared/contract'
import { searchQuery } from '../../src-main/cases/search-terms'
import { connect, data, type RawCall } from './db'
import { trendArchive } from './trend-archive'
import { figures, oracleOf } from './trend-oracle'

let ds: DataSource
let zhou: RawCall
let branchWithSubs: number
const PERIOD = { grain: 'month' as const, from: '2024-01', to: '2025-12' }
const DAYS = { from: '2024-01-01', to: '2025-12-31' }
const terms: { name: string; text: string; matches: 'none' | 'one' | 'many' }[] = []

const view = async (f: CaseFilter, period: object = PERIOD): Promise<TrendsView> => data<TrendsView>(await zhou('trends.view', { filter: f, period }))
const matching = async (text: string): Promise<number> => {
  const q = searchQuery(text)
  return q === null ? 0 : ((await ds.query('SELECT count(*)::int AS n FROM cases c WHERE c.search_vec @@ $1::tsquery', [q])) as { n: number }[])[0].n
}

beforeAll(async () => {
  ds = await connect()
  ;({ zhou, branchWithSubs } = await trendArchive(ds, 21))
  // Many: the commonest of a few words the generated summaries use.
  let common = ''
  let most = 0
  for (const w of ['扣费', '理财', '收费', '利息', '服务', '银行', '客户']) { const n = await matching(w); if (n > most) [common, most] = [w, n] }
  // Exactly one: five characters of some case's summary that no other case holds.
  let unique = ''
  const rows = (await ds.query('SELECT summary FROM cases ORDER BY id LIMIT 300')) as { summary: string }[]
  search: for (const { summary } of rows) {
    const chars = [...summary]
    for (let i = 0; i + 5 <= chars.length; i++) {
      const w = chars.slice(i, i + 5).join('')
      if (/^\p{Script=Han}+$/u.test(w) && (await matching(w)) === 1) { unique = w; break search }
    }
  }
  const phrase = [...rows[0].summary].slice(0, 4).join('')
  terms.push(
    { name: 'no match', text: '量子纠缠', matches: 'none' },
    { name: 'only punctuation', text: '，。！', matches: 'none' },
    { name: 'one match', text: unique, matches: 'one' },
    { name: 'many matches', text: common, matches: 'many' },
    { name: 'a four-character phrase', text: phrase, matches: 'many' },
    { name: 'two words', text: `${common} ${phrase.slice(0, 2)}`, matches: 'many' },
    { name: 'one character', text: [...common][0], matches: 'many' }
  )
}, 180_000)
afterAll(async () => ds?.destroy())

describe('a text search in the trend view', () => {
  it('has a term for each kind of outcome', async () => {
    expect(terms.find((t) => t.matches === 'one')!.text).toMatch(/^\p{Script=Han}{5}$/u)
    for (const t of terms) {
      const n = await matching(t.text)
      if (t.matches === 'none') expect(n, t.name).toBe(0)
      else if (t.matches === 'one') expect(n, t.name).toBe(1)
      else expect(n, t.name).toBeGreaterThan(1)
    }
  })

  it('gives every chart the figures a plain count over the base tables gives, alone and with other filters', async () => {
    for (const t of terms) {
      for (const extra of [{}, { unitId: branchWithSubs }, { channel: 'phone' as const, severity: 'general' as const }, { rootCause: 'none' as const, receivedFrom: '2024-03-10' }]) {
        const f: CaseFilter = { text: t.text, ...extra }
        const name = `${t.name} ${JSON.stringify(extra)}`
        const v = await view(f)
        expect(v.source, name).toBe('scan')
        const want = await oracleOf(ds, f, DAYS)
        const got = figures(v)
        for (const k of Object.keys(want)) expect(got[k], `${name}: ${k}`).toEqual(want[k])
        const total = want.category.reduce((s, l) => s + Number(l.split('|')[2]), 0)
        expect(v.kpis.current.cases, name).toBe(total)
        if (t.matches === 'none') expect(total, name).toBe(0)
        if (t.matches === 'one' && Object.keys(extra).length === 0) expect(total, name).toBe(1)
        // The cards: the period's sums of the buckets, on-time counts included.
        expect(v.kpis.current.onTime.internal.passed, name).toBe(v.rules.filter((r) => r.policy === 'internal' && r.rule === 4).reduce((s, r) => s + r.passed, 0))
        expect(v.kpis.current.onTime.regulatory.failed, name).toBe(v.rules.filter((r) => r.policy === 'regulatory' && r.rule === 4).reduce((s, r) => s + r.failed, 0))
      }
    }
  }, 300_000)

  it('gives the comparison periods the cards those periods have as current periods', async () => {
    for (const t of terms) {
      const f: CaseFilter = { text: t.text }
      const y2025 = await view(f, { grain: 'quarter', from: '2025-01', to: '2025-12' })
      const y2024 = await view(f, { grain: 'year', from: '2024-01', to: '2024-12' })
      expect(y2025.kpis.previous, t.name).toEqual(y2024.kpis.current)
      expect(y2025.kpis.lastYear, t.name).toEqual(y2024.kpis.current)
      // Months half inside the archive (2023 holds no case): the comparison only counts what is there.
      const early = await view(f, { grain: 'month', from: '2024-06', to: '2024-11' })
      const firstHalf = await view(f, { grain: 'month', from: '2023-12', to: '2024-05' })
      expect(early.kpis.previous, t.name).toEqual(firstHalf.kpis.current)
    }
  }, 120_000)
})
