// `npm run bench:backup [-- --cases 1000000 --runs 2 --profile]` (issue 16 point 8): backup and restore of an
// archive of N generated cases on a fresh embedded server (or DATABASE_URL), each beside its floor in the same
// run: the raw COPY of the cases and their events out and into bare tables (test/bench/floors.ts). Each restore
// prints where its time went; `--profile` also restores with the indexes, the keys or both kept during the
// load, to show what each costs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { openDatabase, createDataSource } from '../../src-main/db/database'
import { seedArchive } from '../../src-main/demo/loader'
import { writeBackup } from '../../src-main/backup/write'
import { restoreBackup, type RestoreOptions } from '../../src-main/backup/restore'
import { measureFloors, timesFloor } from './floors'

const { values } = parseArgs({ options: { cases: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '1' }, profile: { type: 'boolean', default: false } } })
const cases = Number(values.cases)
const dir = mkdtempSync(join(tmpdir(), 'dossier-backup-bench-'))
const db = await openDatabase({ dataDir: join(dir, 'server') })
const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
try {
  const seeded = await seedArchive(db.ds, { seed: 8, cases, workers: 2 })
  console.log(`seeded ${cases.toLocaleString()} cases in ${sec(seeded.ms)}`)
  const owner = createDataSource(db.ownerUrl!)
  await owner.initialize()
  const floors = await measureFloors(db.ds, 3, owner)
  await owner.destroy()
  console.log(`floor: raw COPY of cases and events ${sec(floors.copyMs)}`)
  const file = join(dir, 'archive.dossier-backup')
  const b = await writeBackup(db.ownerUrl!, file)
  const rows = b.manifest.tables.reduce((n, t) => n + t.rows, 0)
  console.log(`backup: ${sec(b.ms)} (${timesFloor(b.ms, floors.copyMs)}), ${rows.toLocaleString()} rows in ${b.manifest.tables.length} tables, ${(b.bytes / 2 ** 20).toFixed(0)} MB gzip'd, peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`)
  // Restore into a new database on the same server, owned by the owner role.
  const target = new URL(db.ownerUrl!)
  target.pathname = '/dossier_restore_bench'
  const secret = JSON.parse(readFileSync(join(dir, 'server', 'db-secret.json'), 'utf8')) as { password: string }
  const adminUrl = db.ownerUrl!.replace(/\/\/[^@]+@/, `//postgres:${encodeURIComponent(secret.password)}@`)
  const ways: [string, RestoreOptions['keep']][] = [['indexes and keys dropped for the load', {}]]
  if (values.profile) ways.push(['keys kept', { keys: true }], ['indexes kept', { indexes: true }], ['indexes and keys kept (as before)', { indexes: true, keys: true }])
  for (let run = 1; run <= Number(values.runs); run++) {
    for (const [way, keep] of ways) {
      const admin = new pg.Client({ connectionString: adminUrl })
      await admin.connect()
      await admin.query('DROP DATABASE IF EXISTS dossier_restore_bench')
      await admin.query('CREATE DATABASE dossier_restore_bench OWNER dossier_owner')
      await admin.end()
      const r = await restoreBackup(target.toString(), file, { keep })
      const p = Object.entries(r.phases).map(([k, ms]) => `${k.replace(/Ms$/, '')} ${sec(ms)}`).join(', ')
      console.log(`restore (${way}, run ${run}): ${sec(r.ms)} (${timesFloor(r.ms, floors.copyMs)}), ${r.rows.toLocaleString()} rows, the trail's ${r.trailEntries} entries verified; ${p}`)
    }
  }
} finally {
  await db.close()
  rmSync(dir, { recursive: true, force: true })
}
