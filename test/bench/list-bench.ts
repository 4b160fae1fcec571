// npm run bench:list [-- --cases N --workers W --runs R] (and the first part of npm run bench): seeds a fresh archive of N cases (default 1,000,000)
// and prints the seeding time, the audit engine's figures (whole-archive audit time, precision/recall, a
// quarter's plan, opening a review), then the median / p95 latency of the case list queries, before and after
// re-indexing the archive as migration 1764000000009 does, side by side.
// DATABASE_URL set: a fresh database `dossier_bench` on that server; otherwise a new embedded cluster.
// --existing: no seeding; measure the queries on the archive as it is (DATABASE_URL, or the embedded
// server in DOSSIER_DATA_DIR); with --reindex it then re-indexes that archive and measures again.
// --keep: keep the fresh embedded archive and say where, for --existing.
// --as-reviewer: also measures the queries as a reviewer of the largest branch (row security, migration 33).
import { parseArgs } from 'node:util'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createDataSource, openDatabase, type Database } from '../../src-main/db/database'
import { seedArchive } from '../../src-main/demo/loader'
import type { PoolClient } from 'pg'
import { reindexArchive } from '../../src-main/cases/reindex'
import { inUserScope } from '../../src-main/db/session-scope'
import { benchReviewerSession } from './reviewer-session'
import { benchAudit } from './audit-bench'
import { measureList, printFigures, type Figures } from './list-measure'
import { measureFloors, printFloors, timesFloor, type Floors } from './floors'

const { values } = parseArgs({ options: { cases: { type: 'string' }, workers: { type: 'string' }, runs: { type: 'string' }, existing: { type: 'boolean' }, keep: { type: 'boolean' }, reindex: { type: 'boolean' }, 'as-reviewer': { type: 'boolean' } } })
const N = Number(values.cases ?? 1_000_000)
const RUNS = Number(values.runs ?? 40)

async function freshDatabase(): Promise<{ url?: string; dataDir?: string; cleanup: () => Promise<void> }> {
  const external = process.env.DATABASE_URL
  if (external) {
    const admin = new pg.Client({ connectionString: external })
    await admin.connect()
    await admin.query('DROP DATABASE IF EXISTS dossier_bench WITH (FORCE)')
    await admin.query('CREATE DATABASE dossier_bench')
    await admin.end()
    const u = new URL(external)
    u.pathname = '/dossier_bench'
    return { url: u.toString(), cleanup: async () => {} }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'dossier-bench-'))
  return { dataDir, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) }
}

async function main(): Promise<void> {
  if (values.existing && !process.env.DATABASE_URL && !process.env.DOSSIER_DATA_DIR) throw new Error('--existing needs DATABASE_URL or DOSSIER_DATA_DIR')
  const target = values.existing ? { url: process.env.DATABASE_URL || undefined, dataDir: process.env.DOSSIER_DATA_DIR, cleanup: async () => {} } : await freshDatabase()
  if (values.keep && target.dataDir) {
    target.cleanup = async () => console.log(`\nkept: DOSSIER_DATA_DIR=${target.dataDir} npm run bench:list -- --existing`)
  }
  const db = await openDatabase({ url: target.url, dataDir: target.dataDir })
  let seedMs = NaN
  if (!values.existing) {
    console.log(`database: ${db.kind}; seeding ${N.toLocaleString()} cases…`)
    const seeded = await seedArchive(db.ds, {
      seed: 20251, cases: N, workers: Number(values.workers ?? 2),
      onProgress: (d, t) => process.stderr.write(`\r  ${d.toLocaleString()} / ${t.toLocaleString()}`)
    })
    process.stderr.write('\n')
    const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
    console.log(`seeding: ${sec(seeded.ms)}`)
    seedMs = seeded.ms
    console.log(`  generate + copy ${sec(seeded.phases.copyMs)}, indexes ${sec(seeded.phases.indexMs)}, foreign keys ${sec(seeded.phases.foreignKeyMs)}, analyze ${sec(seeded.phases.analyzeMs)}`)
  }
  const [counts] = (await db.ds.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS events`)) as { cases: number; events: number }[]
  console.log(`archive: ${counts.cases.toLocaleString()} cases, ${counts.events.toLocaleString()} timeline events`)
  // Maintenance (the floors' scratch tables, re-indexing) runs as the owner, as it does in the app's migrations.
  const owner = createDataSource(db.ownerUrl!)
  await owner.initialize()
  const floors = await measureFloors(db.ds, RUNS, owner)
  printFloors(floors)
  if (!Number.isNaN(seedMs)) console.log(`  seeding ${(seedMs / 1000).toFixed(1)} s = ${timesFloor(seedMs, floors.copyMs)} (the raw COPY)`)
  // The audit and a quarter's review plan first: the list shows each case's review and audit status, so it is
  // measured on an archive that has them, as the team's will.
  const auditMs = await benchAudit(db.ds, RUNS)
  console.log(`  whole-archive audit ${(auditMs / 1000).toFixed(1)} s = ${timesFloor(auditMs, floors.scanMs)} (one GROUP BY scan)`)
  const layout = async (): Promise<{ heap: string; indexes: string; order: string }> => ((await db.ds.query(
    `SELECT pg_size_pretty(pg_table_size('cases')) AS heap, pg_size_pretty(pg_indexes_size('cases')) AS indexes,
            (SELECT round(correlation::numeric, 3)::text FROM pg_stats WHERE tablename = 'cases' AND attname = 'received_at') AS order`)) as { heap: string; indexes: string; order: string }[])[0]
  const sizeBefore = await layout()

  const before = await measureList(db.ds, RUNS, counts.cases)
  if (values['as-reviewer']) {
    // The same queries under row security as a reviewer of one branch sees them (migration 1764000000033).
    const r = await benchReviewerSession(db.ds)
    const mine = await inUserScope(r.token, () => measureList(db.ds, RUNS, counts.cases))
    printFigures(before, mine, floors.page.median, `before = the app's system session (sees every case), after = a reviewer of ${r.unit}, ${(r.share * 100).toFixed(0)}% of the cases`)
  }
  if (values.existing && !values.reindex) { await owner.destroy(); return finish(db, target, floors, before) }
  // The archive re-indexed as migration 1764000000009 re-indexes an existing one (every case rewritten,
  // as where the normalisation changed them all), then the same queries again.
  const qr = owner.createQueryRunner()
  try {
    console.log('\nre-indexing the archive (search vectors and complainant keys, every case rewritten)…')
    const r = await reindexArchive((await qr.connect()) as PoolClient, {
      force: true, onProgress: (d, t) => process.stderr.write(`\r  ${d.toLocaleString()} / ${t.toLocaleString()}`)
    })
    process.stderr.write('\n')
    const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
    console.log(`re-index: ${r.changed.toLocaleString()} cases in ${sec(r.ms)} = ${timesFloor(r.ms, floors.copyMs)} (the raw COPY): read and compute ${sec(r.phases.computeMs)}, rewrite ${sec(r.phases.rewriteMs)}, indexes ${sec(r.phases.indexMs)}, vacuum analyze ${sec(r.phases.vacuumMs)}`)
    const size = await layout()
    console.log(`cases after re-indexing: table ${size.heap}, indexes ${size.indexes}, storage order of received_at (correlation) ${size.order}` +
      ` (before: ${sizeBefore.heap}, ${sizeBefore.indexes}, ${sizeBefore.order})`)
  } finally {
    await qr.release()
    await owner.destroy()
  }
  await finish(db, target, floors, before, await measureList(db.ds, RUNS, counts.cases))
}

async function finish(db: Database, target: { cleanup: () => Promise<void> }, floors: Floors, before: Figures, after?: Figures): Promise<void> {
  printFigures(before, after, floors.page.median)
  await db.close()
  await target.cleanup()
}

main().catch((e) => { console.error(e); process.exit(1) })
