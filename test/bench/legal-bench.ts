// npm run bench:legal [-- --cases N --runs R]: seeds a fresh archive of N cases (default 200,000; the issue's
// scale is --cases 1000000, which seeds for several minutes) and prints the legal workbench's figures: the
// first computation of every offer's stored checks, the precedent band of one offer (median / p95 over R
// offers), and the offers list with each filter and queue (median / p95), each beside the same run's floor —
// a plain indexed page of 100 offers (remediation_offers by approval time) — as a ratio of p95s.
// --reuse (with DATABASE_URL): measure the archive an earlier run seeded, without seeding again. --skip-checks:
// do not compute the stored checks first (the JS computation takes tens of minutes at 1,000,000 cases on a
// loaded 2-core machine); the check filters then match nothing, every other figure is unaffected.
// Targets (issue 13): precedent under 200 ms p95 and the list under 50 ms p95 at 1,000,000 cases.
// DATABASE_URL set: a fresh database `dossier_bench_legal` on that server; otherwise a new embedded cluster.
import { parseArgs } from 'node:util'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openDatabase } from '../../src-main/db/database'
import { seedArchive } from '../../src-main/demo/loader'
import { refreshChecks, loadOfferRows } from '../../src-main/legal/check-store'
import { precedentFor } from '../../src-main/legal/precedent'
import { listOffers } from '../../src-main/legal/offer-list'
import { legalRequestSchemas } from '../../src-main/shared/contract-legal'

const { values } = parseArgs({ options: { cases: { type: 'string' }, runs: { type: 'string' }, reuse: { type: 'boolean' }, 'skip-checks': { type: 'boolean' } } })
const N = Number(values.cases ?? 200_000)
const RUNS = Number(values.runs ?? 40)

const pct = (ms: number[], p: number): number => {
  const s = [...ms].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]
}
let floorP95 = 1
const stats = (ms: number[]): string =>
  `median ${pct(ms, 0.5).toFixed(1)} ms, p95 ${pct(ms, 0.95).toFixed(1)} ms (${(pct(ms, 0.95) / floorP95).toFixed(1)}× floor)`

async function timed(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await fn()
    ms.push(performance.now() - t)
  }
  return ms
}

async function main(): Promise<void> {
  let url: string | undefined
  let dataDir: string | undefined
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await admin.connect()
    if (!values.reuse) {
      await admin.query('DROP DATABASE IF EXISTS dossier_bench_legal WITH (FORCE)')
      await admin.query('CREATE DATABASE dossier_bench_legal')
    }
    await admin.end()
    const u = new URL(process.env.DATABASE_URL)
    u.pathname = '/dossier_bench_legal'
    url = u.toString()
  } else dataDir = mkdtempSync(join(tmpdir(), 'dossier-bench-legal-'))
  const db = await openDatabase({ url, dataDir })
  try {
    if (!values.reuse || !url) {
      console.log(`seeding ${N.toLocaleString()} cases…`)
      await seedArchive(db.ds, { seed: 20251, cases: N, workers: 2 })
    }
    const [{ n, cases: caseCount }] = await db.ds.query('SELECT (SELECT count(*) FROM remediation_offers)::int AS n, (SELECT count(*) FROM cases)::int AS cases')
    if (values['skip-checks']) console.log(`cases: ${caseCount.toLocaleString()}; offers: ${n.toLocaleString()}; stored checks not computed (--skip-checks)`)
    else {
      const t = performance.now()
      const computed = await db.ds.transaction((em) => refreshChecks(em))
      console.log(`cases: ${caseCount.toLocaleString()}; offers: ${n.toLocaleString()}; first computation of the stored checks: ${((performance.now() - t) / 1000).toFixed(1)} s (${computed.toLocaleString()})`)
    }

    // The steady state: autovacuum visits a table this many rows changed in within a minute (here, at once).
    if (db.ownerUrl) {
      const owner = new pg.Client({ connectionString: db.ownerUrl })
      await owner.connect()
      await owner.query('VACUUM ANALYZE legal_offer_list')
      await owner.end()
    }
    const floor = await timed(Math.max(20, RUNS), () => db.ds.query('SELECT * FROM remediation_offers ORDER BY approved_at DESC, id DESC LIMIT 100'))
    floorP95 = pct(floor, 0.95)
    console.log(`floor (a plain indexed page of 100 offers): median ${pct(floor, 0.5).toFixed(1)} ms, p95 ${floorP95.toFixed(1)} ms`)

    const rows = await loadOfferRows(db.ds)
    const sample = Array.from({ length: RUNS }, (_, i) => rows[Math.floor((i * 7919) % rows.length)])
    let k = 0
    const times = await timed(sample.length, () => {
      const r = sample[k++]
      return precedentFor(db.ds, { offerId: r.offerId, amount: r.amount, type: r.type, businessLine: r.businessLine, category: r.category, rootNodeId: r.rootNodeId, rootCode: r.rootCause?.code ?? null, at: r.approvedAt ?? r.receivedAt })
    })
    console.log(`precedent of one offer: ${stats(times)}`)

    const [unit] = (await db.ds.query('SELECT unit_id FROM legal_offer_list GROUP BY unit_id ORDER BY count(*) LIMIT 1')) as { unit_id: number }[]
    const filters: Record<string, unknown>[] = [
      {}, { from: '2025-01-01', to: '2025-03-31' }, { unitId: 3 }, { unitId: unit.unit_id }, { category: 'product' }, { businessLine: 'wealth' }, { type: 'compensation' },
      { product: '理财' }, { product: '不存在的产品' }, { rootCause: 'RC11' }, { rootCause: 'RC06.01' }, { amountMin: 50_000 }, { amountMin: 100, amountMax: 500 },
      { check: 'authority' }, { check: 'caveat_emptor' }, { check: 'any' }, { check: 'none' }, { reviewStatus: 'none' }, { reviewStatus: 'final' },
      { businessLine: 'wealth', check: 'any', amountMin: 1000 }
    ]
    const cases: { filter: Record<string, unknown>; queue: string }[] = [
      ...filters.map((filter) => ({ filter, queue: 'all' })),
      ...['todo', 'mine', 'cosign', 'final'].map((queue) => ({ filter: {}, queue }))
    ]
    let worst = 0
    for (const { filter, queue } of cases) {
      for (const sort of ['approved_at', 'amount', 'case_no'] as const) {
        const req = legalRequestSchemas['legal.offers'].parse({ filter, sort, queue, limit: 100 })
        const ms = await timed(Math.max(10, Math.floor(RUNS / 2)), () => listOffers(db.ds, 1, req))
        worst = Math.max(worst, pct(ms, 0.95))
        console.log(`list ${JSON.stringify(filter)} queue ${queue} by ${sort}: ${stats(ms)}`)
      }
    }
    console.log(`list, worst p95 over every filter, queue and sort: ${worst.toFixed(1)} ms (${(worst / floorP95).toFixed(1)}× floor)`)
  } finally {
    await db.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err) => { console.error(err); process.exit(1) })
