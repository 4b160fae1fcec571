// Where a bench seeds its archive: a fresh database `name` on the DATABASE_URL server (dropped and created
// again), or a new embedded cluster in a temporary folder removed by `cleanup`. For the benches that each
// wrote this themselves (list, trends, docs, import, chart extras), to move to when next touched.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

export interface BenchTarget { url?: string; dataDir?: string; cleanup: () => void }

/** `name`: a database name ([a-z0-9_]+), e.g. dossier_bench_export. */
export async function freshBenchDatabase(name: string): Promise<BenchTarget> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`)
  const external = process.env.DATABASE_URL
  if (external) {
    const admin = new pg.Client({ connectionString: external })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    const u = new URL(external)
    u.pathname = `/${name}`
    return { url: u.toString(), cleanup: () => {} }
  }
  const dataDir = mkdtempSync(join(tmpdir(), `${name.replace(/_/g, '-')}-`))
  return { dataDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) }
}
