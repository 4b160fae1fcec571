// DATABASE_URL=… npx tsx test/bench/chart-extras-bench.ts [--cases N] [--runs R]: seeds a fresh database
// `dossier_charts_bench` with N cases (default 100,000) and prints the median / p95 of trends.extras (the
// remediation quartiles read from the offers, the previous period's root causes, the customer counts) and of
// one chart drawn on the server as SVG (trends.chartFile), beside the same-run floor: a plain GROUP BY of the
// period's offers by category (the box plot's rows without the percentiles), with the ratio.
import { parseArgs } from 'node:util'
import pg from 'pg'
import { openDatabase } from '../../src-main/db/database'
import { seedArchive } from '../../src-main/demo/loader'
import { trendExtras } from '../../src-main/trends/extras'
import { chartFile } from '../../src-main/trends/chart-file'
import type { CaseFilter, TrendPeriod } from '../../src-main/shared/contract'

const { values } = parseArgs({ options: { cases: { type: 'string' }, runs: { type: 'string' } } })
const N = Number(values.cases ?? 100_000)
const RUNS = Number(values.runs ?? 15)
const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] }

async function timed(runs: number, fn: () => Promise<unknown>): Promise<[number, number]> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) { const s = performance.now(); await fn(); times.push(performance.now() - s) }
  return [pct(times, 50), pct(times, 95)]
}

async function main(): Promise<void> {
  const server = process.env.DATABASE_URL
  if (!server) throw new Error('set DATABASE_URL (a server this bench may create dossier_charts_bench on)')
  const admin = new pg.Client({ connectionString: server })
  await admin.connect()
  await admin.query('DROP DATABASE IF EXISTS dossier_charts_bench WITH (FORCE)')
  await admin.query('CREATE DATABASE dossier_charts_bench')
  await admin.end()
  const u = new URL(server)
  u.pathname = '/dossier_charts_bench'
  const db = await openDatabase({ url: u.toString() })
  try {
    const ds = db.ds
    const t = performance.now()
    await seedArchive(ds, { seed: 7, cases: N, workers: 2 })
    const [{ offers }] = await ds.query('SELECT count(*)::int AS offers FROM remediation_offers')
    console.log(`seed ${N} cases (${offers} offers): ${Math.round(performance.now() - t)} ms`)
    const [{ unit }] = await ds.query(`SELECT id AS unit FROM units WHERE kind = 'branch' ORDER BY id LIMIT 1`)
    const [{ last }] = await ds.query(`SELECT to_char(max(received_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS last FROM cases`)
    const period: TrendPeriod = { grain: 'month', from: `${Number(last.slice(0, 4)) - 1}-${last.slice(5)}`, to: last }
    const from = `${period.from}-01`
    const [floor] = await timed(RUNS, () => ds.query(`SELECT c.category, count(*), sum(o.amount) FROM remediation_offers o JOIN cases c ON c.id = o.case_id
      WHERE c.received_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') GROUP BY 1`, [from]))
    console.log(`floor: GROUP BY of the period's offers by category, median ${floor.toFixed(1)} ms\n`)
    const filters: [string, CaseFilter][] = [['no filter', {}], ['channel', { channel: 'phone' }], ['unit with sub-branches', { unitId: unit }],
      ['combination', { channel: 'phone', category: 'service_quality', unitId: unit }], ['text search', { text: '扣费' }]]
    for (const [name, f] of filters) {
      const [med, p95] = await timed(RUNS, () => trendExtras(ds, f, period))
      console.log(`trends.extras ${name.padEnd(24)} median ${med.toFixed(1).padStart(7)} (${(med / floor).toFixed(2)}×)  p95 ${p95.toFixed(1).padStart(7)} (${(p95 / floor).toFixed(2)}×)`)
    }
    for (const chart of ['units', 'remediationBox', 'category'] as const) {
      const [med, p95] = await timed(Math.max(3, Math.round(RUNS / 3)), () => chartFile(ds, { filter: {}, period, chart, format: 'svg', locale: 'zh-CN', width: 960 }))
      console.log(`trends.chartFile ${chart.padEnd(21)} median ${med.toFixed(1).padStart(7)} (${(med / floor).toFixed(2)}×)  p95 ${p95.toFixed(1).padStart(7)} (${(p95 / floor).toFixed(2)}×)  (view + extras + SSR)`)
    }
  } finally {
    await db.close()
  }
}

main().catch((e) => { console.error(e); process.exit(1) })
