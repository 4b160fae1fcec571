// npm run bench:legal [-- --cases N --runs R]: seeds a fresh archive of N cases (default 1,000,000; try a small
// N first) and prints the legal workbench's figures: the first computation of every offer's stored checks,
// the precedent band of one offer (median / p95 over R offers), and the offers list with each filter
// (median / p95). Targets (issue 13): precedent under 200 ms p95 and the list under 50 ms p95 at 1,000,000.
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

const { values } = parseArgs({ options: { cases: { type: 'string' }, runs: { type: 'string' } } })
const N = Number(values.cases ?? 1_000_000)
const RUNS = Number(values.runs ?? 40)

const stats = (ms: number[]): string => {
  const s = [...ms].sort((a, b) => a - b)
  const at = (p: number): number => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms`
}

async function main(): Promise<void> {
  let url: string | undefined
  let dataDir: string | undefined
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await admin.connect()
    await admin.query('DROP DATABASE IF EXISTS dossier_bench_legal WITH (FORCE)')
    await admin.query('CREATE DATABASE dossier_bench_legal')
    await admin.end()
    const u = new URL(process.env.DATABASE_URL)
    u.pathname = '/dossier_bench_legal'
    url = u.toString()
  } else dataDir = mkdtempSync(join(tmpdir(), 'dossier-bench-legal-'))
  const db = await openDatabase({ url, dataDir })
  try {
    console.log(`seeding ${N.toLocaleString()} cases…`)
    await seedArchive(db.ds, { seed: 20251, cases: N, workers: 2 })
    const [{ n }] = await db.ds.query('SELECT count(*)::int AS n FROM remediation_offers')
    let t = performance.now()
    const computed = await db.ds.transaction((em) => refreshChecks(em))
    console.log(`offers: ${n.toLocaleString()}; first computation of the stored checks: ${((performance.now() - t) / 1000).toFixed(1)} s (${computed.toLocaleString()})`)

    const rows = await loadOfferRows(db.ds)
    const sample = Array.from({ length: RUNS }, (_, i) => rows[Math.floor((i * 7919) % rows.length)])
    const times: number[] = []
    for (const r of sample) {
      t = performance.now()
      await precedentFor(db.ds, { offerId: r.offerId, amount: r.amount, type: r.type, businessLine: r.businessLine, category: r.category, rootNodeId: r.rootNodeId, rootCode: r.rootCause?.code ?? null, at: r.approvedAt ?? r.receivedAt })
      times.push(performance.now() - t)
    }
    console.log(`precedent of one offer: ${stats(times)}`)

    const filters: Record<string, unknown>[] = [
      {}, { from: '2025-01-01', to: '2025-03-31' }, { unitId: 3 }, { category: 'product' }, { businessLine: 'wealth' }, { type: 'compensation' },
      { product: '理财' }, { rootCause: 'RC11' }, { amountMin: 50_000 }, { amountMin: 100, amountMax: 500 }, { check: 'authority' }, { check: 'any' },
      { reviewStatus: 'none' }
    ]
    for (const filter of filters) {
      for (const sort of ['approved_at', 'amount'] as const) {
        const req = legalRequestSchemas['legal.offers'].parse({ filter, sort, queue: 'all', limit: 100 })
        const ms: number[] = []
        for (let i = 0; i < Math.max(5, Math.floor(RUNS / 4)); i++) {
          t = performance.now()
          await listOffers(db.ds, 1, req)
          ms.push(performance.now() - t)
        }
        console.log(`list ${JSON.stringify(filter)} by ${sort}: ${stats(ms)}`)
      }
    }
  } finally {
    await db.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err) => { console.error(err); process.exit(1) })
