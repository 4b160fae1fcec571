// A quick same-run comparison for row security (migration 33): a few case-list queries with the policies off
// (as main had them), on as the system session (what senior, legal, records, admin and leadership pass), and
// on as a reviewer of one branch; beside them the floor (a plain indexed page of the newest 100 cases, no
// policies, same run) and each figure's ratio to it. DATABASE_URL: a superuser's URL to an archive already seeded.
import { openDatabase, createDataSource } from '../../src-main/db/database'
import { listCases } from '../../src-main/cases/list-query'
import { countCases } from '../../src-main/cases/case-count'
import { caseListSchema } from '../../src-main/shared/contract'
import { inUserScope } from '../../src-main/db/session-scope'
import { benchReviewerSession } from './reviewer-session'
import { plainPage } from './floors'

const RUNS = Number(process.env.RUNS ?? 15)

async function main(): Promise<void> {
  const db = await openDatabase({ url: process.env.DATABASE_URL })
  const owner = createDataSource(db.ownerUrl!)
  await owner.initialize()
  const reviewer = await benchReviewerSession(db.ds)
  // Every table with policies, as the catalogue has them (the case list's post-review mark reads one of the later ones).
  const TABLES = ((await owner.query(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity ORDER BY 1`)) as { relname: string }[]).map((r) => r.relname)
  const scenarios: [string, () => Promise<unknown>][] = [
    ['page 1, no filter', () => listCases(db.ds, caseListSchema.parse({ limit: 100 }))],
    ['page 1, channel', () => listCases(db.ds, caseListSchema.parse({ limit: 100, filter: { channel: 'regulator' } }))],
    ['page 1, text 理财产品', () => listCases(db.ds, caseListSchema.parse({ limit: 100, filter: { text: '理财产品' } }))],
    ['count, no filter', () => countCases(db.ds, {})],
    ['count, text 手机银行', () => countCases(db.ds, { text: '手机银行' })]
  ]
  const median = async (fn: () => Promise<unknown>): Promise<number> => {
    const t: number[] = []
    for (let i = 0; i < RUNS; i++) { const s = performance.now(); await fn(); t.push(performance.now() - s) }
    return t.sort((a, b) => a - b)[Math.floor(t.length / 2)]
  }
  const rows: Record<string, number[]> = {}
  const floors: number[] = []
  const set = async (on: boolean): Promise<void> => { await owner.query(TABLES.map((t) => `ALTER TABLE ${t} ${on ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY;`).join('\n')) }
  try {
    for (const round of [0, 1]) {
      await set(false)
      floors.push(await median(() => plainPage(owner)))
      for (const [n, fn] of scenarios) (rows[n] ??= []).push(await median(fn))
      await set(true)
      for (const [n, fn] of scenarios) rows[n].push(await median(fn))
      for (const [n, fn] of scenarios) rows[n].push(await median(() => inUserScope(reviewer.token, fn)))
      void round
    }
  } finally {
    await set(true)
    await owner.destroy()
  }
  const floor = (floors[0] + floors[1]) / 2
  console.log(`case list, median of ${RUNS} ms, two rounds (reviewer: ${reviewer.unit}, ${(reviewer.share * 100).toFixed(0)}% of the cases; ${TABLES.length} tables with policies)`)
  console.log(`floor: a plain indexed page of the newest 100 cases, policies off: ${floors.map((x) => x.toFixed(1)).join('/')} ms`)
  console.log('scenario                   policies off   system (sees all)   reviewer   | system÷off, reviewer÷off | off, system, reviewer ÷ floor')
  for (const [n, v] of Object.entries(rows)) {
    const [o1, s1, r1, o2, s2, r2] = v
    const f = (a: number, b: number): string => `${a.toFixed(1)}/${b.toFixed(1)}`
    const x = (a: number, b: number): string => `${((a + b) / 2 / floor).toFixed(1)}×`
    console.log(`${n.padEnd(26)} ${f(o1, o2).padStart(12)} ${f(s1, s2).padStart(19)} ${f(r1, r2).padStart(12)}   | ${(((s1 + s2) / (o1 + o2))).toFixed(2)}×, ${(((r1 + r2) / (o1 + o2))).toFixed(2)}× | ${x(o1, o2)}, ${x(s1, s2)}, ${x(r1, r2)}`)
  }
  await db.close()
}
main().catch((e) => { console.error(e); process.exit(1) })
