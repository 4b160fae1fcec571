// npm run bench:rectification [-- --cases N --runs R] | [-- --db NAME]: the 整改 queue (issue 11 point 6) — a page
// with its total and tab counts, for each filter, median / p95 beside the same run's floor: a plain indexed page of
// 50 measures (rectifications by id). Target: a page under 100 ms p95 at 1,000,000 cases (--cases 1000000 seeds for
// several minutes). Each filter is measured as the system session (sees every case) and as a reviewer of the
// branch with the most cases (row security, bench.reviewer).
// --cases N (default 100,000): a fresh database `dossier_bench_rect` (DATABASE_URL set) or a new embedded cluster,
// seeded with N cases. --db NAME (with DATABASE_URL): an archive seeded earlier (e.g. by `npm run seed`), migrated
// first; only the bench reviewer is added.
import { reportTarget } from './targets'
import { parseArgs } from 'node:util'
import { loadavg } from 'node:os'
import { openDatabase } from '../../src-main/db/database'
import { seedArchive } from '../../src-main/demo/loader'
import { inUserScope } from '../../src-main/db/session-scope'
import { rectificationQueue } from '../../src-main/rectification/queue'
import { rectificationRequestSchemas } from '../../src-main/shared/contract-rectification'
import { freshBenchDatabase, type BenchTarget } from './fresh-database'
import { benchReviewerSession } from './reviewer-session'
import { nearestRank as pct, timed } from './timing'

const { values } = parseArgs({ options: { db: { type: 'string' }, runs: { type: 'string' }, cases: { type: 'string' } } })
const RUNS = Number(values.runs ?? 20)
const N = Number(values.cases ?? 100_000)
if (values.db && (!process.env.DATABASE_URL || !/^dossier_\w+$/.test(values.db))) throw new Error('--db needs DATABASE_URL and a dossier_… name')
if (!Number.isInteger(N) || N < 1) throw new Error('--cases takes a whole number of cases')

const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ')

async function main(): Promise<void> {
  let target: BenchTarget
  if (values.db) {
    const u = new URL(process.env.DATABASE_URL!)
    u.pathname = `/${values.db}`
    target = { url: u.toString(), cleanup: () => {} }
  } else target = await freshBenchDatabase('dossier_bench_rect')
  const db = await openDatabase({ url: target.url, dataDir: target.dataDir })
  try {
    const ds = db.ds
    if (!values.db) {
      console.log(`seeding ${N.toLocaleString()} cases… (load ${load()})`)
      const t = performance.now()
      await seedArchive(ds, { seed: 20261, cases: N, workers: 2 })
      console.log(`seeded in ${((performance.now() - t) / 1000).toFixed(0)} s`)
    }
    const reviewer = await benchReviewerSession(ds)
    const [{ cases, items, measures, unit, branch, no }] = (await ds.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM rectification_items)::int AS items,
        (SELECT count(*) FROM rectifications)::int AS measures,
        (SELECT unit_id FROM rectification_items GROUP BY unit_id ORDER BY count(*) LIMIT 1) AS unit,
        (SELECT parent_id FROM units WHERE parent_id IS NOT NULL GROUP BY parent_id ORDER BY count(*) DESC LIMIT 1) AS branch,
        (SELECT c.case_no FROM cases c JOIN rectifications m ON m.case_id = c.id ORDER BY m.id DESC LIMIT 1) AS no`)) as { cases: number; items: number; measures: number; unit: number; branch: number; no: string }[]
    const page = await timed(RUNS, () => ds.query('SELECT * FROM rectifications ORDER BY id DESC LIMIT 50'))
    const floor = pct(page, 0.95)
    console.log(`cases: ${cases.toLocaleString()}; items: ${items.toLocaleString()} (measures ${measures.toLocaleString()}); reviewer: ${reviewer.unit} (${(reviewer.share * 100).toFixed(0)} % of the cases)`)
    console.log(`floor: a plain indexed page of 50 measures, median ${pct(page, 0.5).toFixed(1)} ms, p95 ${floor.toFixed(1)} ms; load ${load()}`)
    const scenarios: Record<string, unknown>[] = [
      {}, { offset: 500 }, { status: 'open' }, { status: 'closed' }, { status: 'not_closed' }, { overdue: true }, { unitId: branch }, { unitId: unit },
      { unitId: branch, status: 'closed' }, { text: no }, { text: '回访' }, { text: '培训' },
      // Common words (培训 in a third of the demo's measures, 开展 in more than half) under other filters and a deep page.
      { text: '培训', status: 'not_closed' }, { text: '培训', unitId: branch }, { text: '培训', offset: 500 }, { text: '开展' }
    ]
    let worst = 0
    for (const [who, token] of [['all', null], ['reviewer', reviewer.token]] as const) {
      for (const s of scenarios) {
        const req = rectificationRequestSchemas['rectification.queue'].parse({ limit: 50, ...s })
        const run = (): ReturnType<typeof rectificationQueue> => (token ? inUserScope(token, () => rectificationQueue(ds, req)) : rectificationQueue(ds, req))
        const ms = await timed(RUNS, run)
        worst = Math.max(worst, pct(ms, 0.95))
        const last = await run()
        const shown = `${last.estimated ? '约 ' : ''}${last.total}`
        reportTarget({ issue: 11, figure: `整改 queue p95 as ${who}, ${JSON.stringify(s)}`, value: pct(ms, 0.95), unit: 'ms', limit: 100, floor })
        console.log(`queue as ${who} ${JSON.stringify(s)}: median ${pct(ms, 0.5).toFixed(1)} ms, p95 ${pct(ms, 0.95).toFixed(1)} ms (${(pct(ms, 0.95) / floor).toFixed(1)}× floor); total ${shown}`)
      }
    }
    console.log(`queue, worst p95: ${worst.toFixed(1)} ms (${(worst / floor).toFixed(1)}× floor); load ${load()}`)
  } finally {
    await db.close()
    target.cleanup()
  }
}

main().catch((err) => { console.error(err); process.exit(1) })
