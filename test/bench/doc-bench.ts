// npm run bench:docs [-- --cases N --runs R --workers W --existing]: the formal documents' figures.
//   single: one 客户投诉档案 issued end to end (read the case, render, hash, write, register), median / p95
//   batch:  N dossiers (default 10,000) streamed to a folder with manifest.csv and the zip: documents per
//           second, and the process's resident memory (peak while the batch ran, and the lifetime peak)
// DATABASE_URL set: a fresh database `dossier_docbench` on that server; otherwise a new embedded cluster
// (seeded with N + 10 % cases). --existing: the archive as it is (DATABASE_URL, or the embedded server in
// DOSSIER_DATA_DIR); the generated documents are registered there like any others.
import { parseArgs } from 'node:util'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openDatabase } from '../../src-main/db/database'
import { seedArchive } from '../../src-main/demo/loader'
import { issueCaseDocument } from '../../src-main/documents/issue'
import { batchDocuments } from '../../src-main/documents/batch'
import { defaultWorkers } from '../../src-main/documents/render-pool'

const { values } = parseArgs({ options: { cases: { type: 'string' }, runs: { type: 'string' }, workers: { type: 'string' }, existing: { type: 'boolean' } } })
const N = Number(values.cases ?? 10_000)
const RUNS = Number(values.runs ?? 60)

async function freshDatabase(): Promise<{ url?: string; dataDir?: string; cleanup: () => Promise<void> }> {
  const external = process.env.DATABASE_URL
  if (external) {
    const admin = new pg.Client({ connectionString: external })
    await admin.connect()
    await admin.query('DROP DATABASE IF EXISTS dossier_docbench WITH (FORCE)')
    await admin.query('CREATE DATABASE dossier_docbench')
    await admin.end()
    const u = new URL(external)
    u.pathname = '/dossier_docbench'
    return { url: u.toString(), cleanup: async () => {} }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'dossier-docbench-'))
  return { dataDir, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) }
}

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]
const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(0)} MB`

async function main(): Promise<void> {
  if (values.existing && !process.env.DATABASE_URL && !process.env.DOSSIER_DATA_DIR) throw new Error('--existing needs DATABASE_URL or DOSSIER_DATA_DIR')
  const target = values.existing ? { url: process.env.DATABASE_URL || undefined, dataDir: process.env.DOSSIER_DATA_DIR, cleanup: async () => {} } : await freshDatabase()
  const db = await openDatabase({ url: target.url, dataDir: target.dataDir })
  const out = mkdtempSync(join(tmpdir(), 'dossier-docbench-out-'))
  try {
    if (!values.existing) {
      const cases = Math.ceil(N * 1.1)
      console.log(`database: ${db.kind}; seeding ${cases.toLocaleString()} cases…`)
      await seedArchive(db.ds, { seed: 20251, cases, workers: 2 })
    }
    const ids = ((await db.ds.query('SELECT id FROM cases ORDER BY id LIMIT $1', [N])) as { id: number }[]).map((r) => r.id)
    if (ids.length < N) console.log(`(the archive holds ${ids.length.toLocaleString()} cases; the batch takes them all)`)

    // Single documents, as the CLI and the app issue them: on the calling thread, one transaction each.
    const times: number[] = []
    for (let i = 0; i < RUNS + 5; i++) {
      const id = ids[(i * 7919) % ids.length]
      const t = performance.now()
      await issueCaseDocument(db.ds, 'dossier', id, { outDir: join(out, 'single'), actor: 'bench' })
      if (i >= 5) times.push(performance.now() - t) // the first few warm up the JIT and the connection pool
    }
    console.log(`single 客户投诉档案 (read + render + SHA-256 + write + register), ${RUNS} runs: median ${pct(times, 0.5).toFixed(1)} ms, p95 ${pct(times, 0.95).toFixed(1)} ms`)

    const workers = values.workers === undefined ? defaultWorkers() : Number(values.workers)
    let peak = process.memoryUsage().rss
    const before = peak
    // Resident memory at each quarter: flat from the first quarter on means the batch holds nothing.
    const quarters: number[] = []
    const res = await batchDocuments(db.ds, {
      caseIds: ids, outDir: join(out, 'batch'), actor: 'bench', workers,
      onProgress: (done, total) => {
        if (done % 250 === 0 || done === total) {
          const rss = process.memoryUsage().rss
          peak = Math.max(peak, rss)
          if (done >= ((quarters.length + 1) * total) / 4) quarters.push(rss)
          process.stderr.write(`\r  ${done.toLocaleString()} / ${total.toLocaleString()}`)
        }
      }
    })
    process.stderr.write('\n')
    const rate = (res.done / res.ms) * 1000
    console.log(`batch of ${res.done.toLocaleString()} 客户投诉档案 (${workers} render threads, files + manifest + zip, registered): ${(res.ms / 1000).toFixed(1)} s, ${rate.toFixed(0)} documents/s, ${mb(res.bytes)} written`)
    console.log(`  resident memory: ${mb(before)} before, peak ${mb(peak)} during the batch (at 25/50/75/100 %: ${quarters.map(mb).join(', ')}); lifetime peak ${mb(process.resourceUsage().maxRSS * 1024)}`)
  } finally {
    rmSync(out, { recursive: true, force: true })
    await db.close()
    await target.cleanup()
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1) })
