// The list part of `npm run bench:list`: median / p95 latency of the case list queries (first page, next page by
// cursor, count) per scenario, text searches term by term, and the case detail. Measured once on the archive
// as loaded and once more after re-indexing it, and printed side by side.
import type { DataSource } from 'typeorm'
import { listCases } from '../../src-main/cases/list-query'
import { countCases } from '../../src-main/cases/case-count'
import { getCase } from '../../src-main/cases/case-detail'
import { caseListSchema, type CaseFilter, type CaseSort } from '../../src-main/shared/contract'

const pct = (xs: number[], p: number): number => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] : NaN)

/** Median and p95 in ms of each measured thing, by name. */
export type Figures = Map<string, { median: number; p95: number }>

// Common terms, mid-frequency phrases, rare ones (a sub-branch's name, 吞卡) and one that matches nothing.
const TERMS = ['理财', '扣费', '销户', '征信', '催收', '理财产品', '手机银行', '年费', '违约金', '态度', '梅列支行', '吞卡', '永安', '不存在的词']

async function scenarios(ds: DataSource): Promise<[string, (i: number) => CaseFilter, CaseSort?][]> {
  const units = ((await ds.query(`SELECT id FROM units WHERE kind = 'sub_branch' ORDER BY id`)) as { id: number }[]).map((u) => u.id)
  const branches = ((await ds.query(`SELECT id FROM units WHERE kind = 'branch' ORDER BY id`)) as { id: number }[]).map((u) => u.id)
  const channels = ['phone', 'counter', 'online', 'regulator', 'media', 'petition'] as const
  const others: CaseFilter[] = [{ severity: 'major' }, { category: 'it_system' }, { businessLine: 'wealth' }, { group: true }]
  const terms = TERMS
  return [
    ['no filter', () => ({})],
    ['channel', (i) => ({ channel: channels[i % channels.length] })],
    ['category', (i) => ({ category: (['product', 'service_quality', 'it_system', 'violation', 'other'] as const)[i % 5] })],
    ['severity', (i) => ({ severity: (['general', 'serious', 'major'] as const)[i % 3] })],
    ['business line', (i) => ({ businessLine: (['retail', 'wealth', 'credit_card', 'brokerage'] as const)[i % 4] })],
    ['sub-branch', (i) => ({ unitId: units[i % units.length] })],
    ['branch (+subs)', (i) => ({ unitId: branches[i % branches.length] })],
    ['group flag', () => ({ group: true })],
    ['repeat flag', () => ({ repeat: true })],
    ['date range (1 month)', (i) => ({ receivedFrom: `202${2 + (i % 4)}-0${1 + (i % 9)}-01`, receivedTo: `202${2 + (i % 4)}-0${1 + (i % 9)}-28` })],
    ['combined', (i) => ({ channel: channels[i % 3], severity: 'general', receivedFrom: '2024-01-01', receivedTo: '2025-06-30', businessLine: 'retail' })],
    ['text search', (i) => ({ text: terms[i % terms.length] })],
    ['text + filter', (i) => ({ text: terms[i % terms.length], channel: channels[i % 3] })],
    ['text + other filter', (i) => ({ text: terms[i % terms.length], ...others[i % others.length] })],
    ['text + sub-branch', (i) => ({ text: terms[i % terms.length], unitId: units[i % units.length] })],
    ['text + branch (+subs)', (i) => ({ text: terms[i % terms.length], unitId: branches[i % branches.length] })],
    ['text, by date closed', (i) => ({ text: terms[i % terms.length], ...(i % 2 ? { channel: channels[i % 3] } : {}) }), 'closed_at'],
    ['text, by case number', (i) => ({ text: terms[i % terms.length], ...(i % 2 ? { channel: channels[i % 3] } : {}) }), 'case_no']
  ]
}

/** Measures every list scenario `runs` times, the terms 5 times each, the case detail `runs` times. */
export async function measureList(ds: DataSource, runs: number, cases: number): Promise<Figures> {
  // The same start both times: the writes of seeding, auditing or re-indexing flushed (a checkpoint, where
  // the role may), and each scenario asked once untimed, so the first timed run does not read cold pages
  // that the next query of a working session would find cached.
  await ds.query('CHECKPOINT').catch(() => {})
  const out: Figures = new Map()
  const keep = (name: string, xs: number[]): void => { out.set(name, { median: pct(xs, 0.5), p95: pct(xs, 0.95) }) }
  for (const [name, filterOf, sort] of await scenarios(ds)) {
    const first: number[] = [], second: number[] = [], count: number[] = []
    const warm = caseListSchema.parse({ filter: filterOf(0), sort, limit: 100 })
    await listCases(ds, warm); await countCases(ds, warm.filter)
    for (let i = 0; i < runs; i++) {
      const req = caseListSchema.parse({ filter: filterOf(i), sort, limit: 100 })
      let t = performance.now()
      const page = await listCases(ds, req)
      first.push(performance.now() - t)
      if (page.nextCursor) {
        t = performance.now()
        await listCases(ds, { ...req, cursor: page.nextCursor })
        second.push(performance.now() - t)
      }
      t = performance.now()
      await countCases(ds, req.filter)
      count.push(performance.now() - t)
    }
    keep(`${name}|page 1`, first); keep(`${name}|page 2`, second); keep(`${name}|count`, count)
  }
  for (const [term, filter] of TERMS.flatMap((t) => [[t, {}], [t, { channel: 'phone' }]] as [string, CaseFilter][])) {
    const first: number[] = [], second: number[] = []
    for (let i = 0; i < 5; i++) {
      const req = caseListSchema.parse({ filter: { text: term, ...filter }, limit: 100 })
      let t = performance.now()
      const page = await listCases(ds, req)
      first.push(performance.now() - t)
      if (page.nextCursor) { t = performance.now(); await listCases(ds, { ...req, cursor: page.nextCursor }); second.push(performance.now() - t) }
    }
    const name = `term ${term}${filter.channel ? ' +phone' : ''}`
    keep(`${name}|page 1`, first); keep(`${name}|page 2`, second)
  }
  const detail: number[] = []
  for (let i = 0; i < runs; i++) {
    const id = 1 + Math.floor(((i * 7919) % 1000) / 1000 * cases)
    const t = performance.now()
    await getCase(ds, id)
    detail.push(performance.now() - t)
  }
  keep('case detail|open', detail)
  return out
}

/** Pads to a width in columns, a Chinese character taking two. */
const pad = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - Array.from(s).reduce((w, ch) => w + (/\p{Script=Han}/u.test(ch) ? 2 : 1), 0)))
const f = (ms: number): string => (Number.isNaN(ms) ? '–' : ms.toFixed(1)).padStart(7)
const ratio = (a: number, b: number): string => (Number.isNaN(a) || Number.isNaN(b) || a === 0 ? '–' : `${(b / a).toFixed(2)}×`).padStart(7)

/**
 * One table: each figure's median and p95 before and after, after ÷ before, and the latest median over the
 * floor's (a plain indexed page of the newest 100 cases, measured in the same run).
 */
export function printFigures(before: Figures, after?: Figures, floorMedian = NaN, labels = 'before = as loaded, after = re-indexed'): void {
  const floor = (m: number): string => (Number.isNaN(floorMedian) ? '' : Number.isNaN(m) ? '      –' : `${(m / floorMedian).toFixed(1).padStart(7)}×`)
  console.log(after
    ? `\nlist queries, ms (${labels}; ratio = after ÷ before; floor = after median ÷ a plain indexed page's ${floorMedian.toFixed(1)} ms):\nscenario                     what       median before  after  ratio |   p95 before  after  ratio |  floor`
    : `\nlist queries, ms (floor = median ÷ a plain indexed page's ${floorMedian.toFixed(1)} ms):\nscenario                     what       median    p95   floor`)
  for (const [key, b] of before) {
    const [name, what] = key.split('|')
    const head = `${pad(name, 28)} ${what.padEnd(8)}`
    if (!after) { console.log(`${head} ${f(b.median)}${f(b.p95)}${floor(b.median)}`); continue }
    const a = after.get(key)!
    console.log(`${head}        ${f(b.median)}${f(a.median)}${ratio(b.median, a.median)} |      ${f(b.p95)}${f(a.p95)}${ratio(b.p95, a.p95)} |${floor(a.median)}`)
  }
  if (!after) return
  const sum = (m: Figures, k: 'median' | 'p95'): number => [...m.values()].reduce((s, x) => s + (Number.isNaN(x[k]) ? 0 : x[k]), 0)
  console.log(`${'all figures, summed'.padEnd(37)}        ${f(sum(before, 'median'))}${f(sum(after, 'median'))}${ratio(sum(before, 'median'), sum(after, 'median'))} |      ${f(sum(before, 'p95'))}${f(sum(after, 'p95'))}${ratio(sum(before, 'p95'), sum(after, 'p95'))}`)
}
