// npx tsx test/bench/trends-bench.ts [--cases N] [--runs R]: seeds a fresh archive of N cases (default 100,000;
// the figure is 1,000,000 — pass it on a machine that may take the time), audits it, and prints
// the trend summaries' size and build time and the median / p95 of the whole trend view (every chart and KPI,
// as trends.view answers it) for: no filter, each single filter, a combination, and a text search (a scan).
// DATABASE_URL set: a fresh database `dossier_trends_bench` on that server; otherwise a new embedded cluster.
import { parseArgs } from 'node:util'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openDatabase } from '../../src-main/db/database'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { trendsView } from '../../src-main/trends/query'
import { sourceFor } from '../../src-main/trends/source'
import type { CaseFilter, TrendPeriod } from '../../src-main/shared/contract'

const { values } = parseArgs({ options: { cases: { type: 'string' }, runs: { type: 'string' } } })
const N = Number(values.cases ?? 100_000)
const RUNS = Number(values.runs ?? 20)

async function freshDatabase(): Promise<{ url?: string; dataDir?: string; cleanup: () => void }> {
  const external = process.env.DATABASE_URL
  if (external) {
    const admin = new pg.Client({ connectionString: external })
    await admin.connect()
    await admin.query('DROP DATABASE IF EXISTS dossier_trends_bench WITH (FORCE)')
    await admin.query('CREATE DATABASE dossier_trends_bench')
    await admin.end()
    const u = new URL(external)
    u.pathname = '/dossier_trends_bench'
    return { url: u.toString(), cleanup: () => {} }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'dossier-trends-bench-'))
  return { dataDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) }
}

const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] }

async function main(): Promise<void> {
  const target = await freshDatabase()
  const db = await openDatabase({ url: target.url, dataDir: target.dataDir })
  try {
    const ds = db.ds
    let t = performance.now()
    await seedArchive(ds, { seed: 7, cases: N, workers: 2 })
    console.log(`seed ${N} cases (summaries built with it): ${Math.round(performance.now() - t)} ms`)
    t = performance.now()
    await runAudit(ds, { actor: 'bench' })
    console.log(`whole-archive audit (summaries follow the swap): ${Math.round(performance.now() - t)} ms`)
    const [size] = await ds.query(`SELECT (SELECT count(*) FROM trend_summary)::int AS summary, (SELECT count(*) FROM trend_axis)::int AS axis,
      pg_size_pretty(pg_total_relation_size('trend_summary')) AS summary_size, pg_size_pretty(pg_total_relation_size('trend_case_facts')) AS facts_size`)
    console.log(`trend_summary ${size.summary} rows (${size.summary_size}), trend_axis ${size.axis} rows, trend_case_facts ${size.facts_size}`)
    const [{ unit }] = await ds.query(`SELECT u.id AS unit FROM units u WHERE u.kind = 'branch' ORDER BY id LIMIT 1`)
    const [{ last }] = await ds.query(`SELECT to_char(max(received_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS last FROM cases`)
    const y = Number(last.slice(0, 4))
    const period: TrendPeriod = { grain: 'month', from: `${y - 1}-${last.slice(5)}`, to: last }
    const filters: [string, CaseFilter][] = [
      ['no filter', {}], ['channel', { channel: 'phone' }], ['category', { category: 'product' }], ['severity', { severity: 'major' }],
      ['business line', { businessLine: 'wealth' }], ['unit with sub-branches', { unitId: unit }], ['group', { group: true }], ['repeat', { repeat: true }],
      ['whole-month dates', { receivedFrom: `${y}-01-01`, receivedTo: `${y}-06-30` }],
      ['combination', { channel: 'phone', category: 'service_quality', unitId: unit }],
      ['text search (scan)', { text: '扣费' }], ['root cause (scan)', { rootCause: 'RC06' }]
    ]
    // The floor: one GROUP BY scan of the archive (what a chart without summaries would cost at the least).
    const floorTimes: number[] = []
    for (let i = 0; i < Math.max(5, Math.round(RUNS / 4)); i++) {
      const s = performance.now()
      await ds.query('SELECT category, count(*) FROM cases GROUP BY category')
      floorTimes.push(performance.now() - s)
    }
    const floor = pct(floorTimes, 50)
    console.log(`floor: one GROUP BY scan of cases, median ${floor.toFixed(1)} ms`)
    console.log(`\ntrends.view, 12 months to ${last}, ${RUNS} runs each (ms; × the floor):`)
    for (const [name, f] of filters) {
      const times: number[] = []
      let source = ''
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now()
        const v = await trendsView(ds, f, period)
        times.push(performance.now() - s)
        source = v.source
      }
      if (source === 'summary' && (await sourceFor(ds, f)).narrow) source = 'narrow'
      const [med, p95] = [pct(times, 50), pct(times, 95)]
      console.log(`${name.padEnd(26)} ${source.padEnd(8)} median ${med.toFixed(1).padStart(7)} (${(med / floor).toFixed(2)}×)  p95 ${p95.toFixed(1).padStart(7)} (${(p95 / floor).toFixed(2)}×)`)
    }
    // A writer's added cost: one statement re-tagging 1,000 cases' causes in the summaries.
    t = performance.now()
    await ds.query(`UPDATE cases SET satisfaction = 'satisfied' WHERE id IN (SELECT id FROM cases ORDER BY id LIMIT 1000)`)
    console.log(`\nupdate of 1,000 cases with the summaries kept current: ${Math.round(performance.now() - t)} ms`)
  } finally {
    await db.close()
    target.cleanup()
  }
}

main().catch((e) => { console.error(e); process.exit(1) })
