// npm run bench:export [-- --cases N --runs R --formats csv,xlsx --existing]: exports the whole case list
// (no filter, newest first: N rows) as the list's export does (cases/case-export.ts: server-side cursor,
// masking, formula neutralising, the shared table writer) and prints rows/s, the peak resident memory, and
// the resident memory at 10 %, 50 % and 90 % of the rows (flat memory means these stay level), each beside
// its floor: a raw `COPY (the same SELECT) TO STDOUT (FORMAT csv)` of the same rows into a file; and the
// CPU time the export took in this process (the wall time on a shared machine is partly other work).
// DATABASE_URL set: --existing measures that archive as it is; otherwise a fresh database
// `dossier_bench_export` there, seeded with N cases (default 1,000,000). Without DATABASE_URL: a new
// embedded cluster in a temporary folder.
import { parseArgs } from 'node:util'
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { PoolClient } from 'pg'
import { to as copyTo } from 'pg-copy-streams'
import { openDatabase } from '../../src-main/db/database'
import { seedArchive } from '../../src-main/demo/loader'
import { freshBenchDatabase, type BenchTarget } from './fresh-database'
import { caseExportSql, exportCaseList, type CaseExportRequest } from '../../src-main/cases/case-export'
import type { CaseExportFormat } from '../../src-main/shared/contract'

const { values } = parseArgs({ options: { cases: { type: 'string' }, runs: { type: 'string' }, formats: { type: 'string' }, existing: { type: 'boolean' } } })
const N = Number(values.cases ?? 1_000_000)
const RUNS = Number(values.runs ?? 2)
const FORMATS = (values.formats ?? 'csv,xlsx').split(',') as CaseExportFormat[]
const MB = (b: number): string => `${(b / 1048576).toFixed(0)} MB`
const REQ: Omit<CaseExportRequest, 'format'> = { filter: {}, sort: 'received_at', dir: 'desc' }

async function target(): Promise<BenchTarget> {
  const external = process.env.DATABASE_URL
  if (external && values.existing) return { url: external, cleanup: () => {} }
  return freshBenchDatabase('dossier_bench_export')
}

/** ms and bytes of the floor: the export's own SELECT copied out as CSV by PostgreSQL into a file. */
async function floor(client: PoolClient, select: string, file: string): Promise<{ ms: number; bytes: number }> {
  const t = performance.now()
  await pipeline(client.query(copyTo(`COPY (${select}) TO STDOUT (FORMAT csv, HEADER)`)), createWriteStream(file))
  return { ms: performance.now() - t, bytes: statSync(file).size }
}

async function main(): Promise<void> {
  const where = await target()
  const db = await openDatabase({ url: where.url, dataDir: where.dataDir })
  const out = mkdtempSync(join(tmpdir(), 'dossier-export-out-'))
  try {
    if (!values.existing) {
      console.log(`seeding ${N.toLocaleString()} cases…`)
      await seedArchive(db.ds, { seed: 20251, cases: N, workers: 2 })
    }
    const { select, params } = await caseExportSql(db.ds, REQ)
    if (params.length) throw new Error('the floor needs a query without parameters')
    const pool = (db.ds.driver as unknown as { master: { connect(): Promise<PoolClient> } }).master
    for (let run = 1; run <= RUNS; run++) {
      const client = await pool.connect()
      const f = await floor(client, select, join(out, 'floor.csv')).finally(() => client.release())
      console.log(`run ${run} floor: COPY … TO STDOUT (FORMAT csv) ${(f.ms / 1000).toFixed(1)} s, ${MB(f.bytes)}`)
      for (const format of FORMATS) {
        global.gc?.()
        const base = process.memoryUsage().rss
        let peak = base
        const at: Record<string, number> = {}
        const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 50)
        const file = join(out, `cases.${format}`)
        const cpu = process.cpuUsage()
        const t = performance.now()
        const rows = await exportCaseList(db.ds, { ...REQ, format }, file, {
          onProgress: (done, total) => {
            const rss = process.memoryUsage().rss
            peak = Math.max(peak, rss)
            for (const p of [10, 50, 90]) if (at[p] === undefined && done >= (total * p) / 100) at[p] = rss
          }
        })
        const ms = performance.now() - t
        const used = process.cpuUsage(cpu)
        clearInterval(sampler)
        console.log(`run ${run} ${format}: ${rows.toLocaleString()} rows in ${(ms / 1000).toFixed(1)} s = ${Math.round(rows / (ms / 1000)).toLocaleString()} rows/s` +
          ` (floor ${Math.round(rows / (f.ms / 1000)).toLocaleString()} rows/s; ${(ms / f.ms).toFixed(1)}× the floor's time);` +
          ` this process's CPU ${((used.user + used.system) / 1e6).toFixed(1)} s (on a shared machine wall time is not its own); ${MB(statSync(file).size)};` +
          ` RSS before ${MB(base)}, at 10/50/90 % ${MB(at[10])} / ${MB(at[50])} / ${MB(at[90])}, peak ${MB(peak)}`)
        rmSync(file, { force: true })
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true })
    await db.close()
    where.cleanup()
  }
}

main().catch((err) => { console.error(err); process.exit(1) })
