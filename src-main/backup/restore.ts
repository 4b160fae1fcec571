// Restoring a backup into an empty archive: the schema is rebuilt by the very migrations the backup was
// taken under, the rows are loaded with COPY in one transaction (triggers off, so the trail keeps its stored
// hashes and no summary is counted twice), every table's checksum and the trail's chain are verified before
// that transaction commits, and migrations newer than the backup then run as on any upgrade. Secondary
// indexes and foreign keys are dropped for the load and built once after it (bulk-restore.ts), and every
// COPY freezes its rows (the tables were emptied in this transaction): near a raw COPY's speed.
import { createHash } from 'node:crypto'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { Writable } from 'node:stream'
import { DataSource } from 'typeorm'
import { migrations as allMigrations } from '../../migrations'
import { createDataSource, migrateAs } from '../db/database'
import { entities } from '../db/entities'
import { APP_ROLE, OWNER_ROLE } from '../db/roles'
import { verifyTrail } from '../trail/chain'
import { ident, type BackupHeader, type TableEntry } from './format'
import { BackupFileError, readBackup } from './read'
import { rowsOf, write } from './tables'
import { dropForLoad, rebuildAfterLoad } from './bulk-restore'

export interface RestoreOptions {
  passphrase?: string
  onProgress?: (p: { table: string; rows: number; tablesDone: number; tables: number | null }) => void
  /** Keep indexes or foreign keys in place during the load (slower; the backup bench's profile compares). */
  keep?: { indexes?: boolean; keys?: boolean }
}

export interface RestoreResult {
  header: BackupHeader
  tables: number
  rows: number
  trailEntries: number
  /** Migrations newer than the backup, run after its rows were loaded. */
  upgradedWith: string[]
  ms: number
  /** Where the time went, ms: the schema, the rows' COPY, rebuilding indexes and keys, checking the trail, statistics, upgrades. */
  phases: { schemaMs: number; copyMs: number; indexMs: number; keyMs: number; verifyMs: number; analyzeMs: number; upgradeMs: number }
}

interface Copying { table: string; stream: Writable; done: Promise<void>; hash: ReturnType<typeof createHash>; rows: number; failed: BackupFileError | null }

/** A restore refused before anything was written (the target is not empty, the backup is from a newer Dossier). */
export class RestoreRefused extends Error {}

const migrationName = (m: (typeof allMigrations)[number]): string => new m().name ?? m.name

async function archiveHasData(c: pg.Client): Promise<boolean> {
  const [{ migrated }] = (await c.query(`SELECT to_regclass('public.migrations') IS NOT NULL AS migrated`)).rows as { migrated: boolean }[]
  if (!migrated) {
    const [{ n }] = (await c.query(`SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'public' AND c.relkind = 'r'`)).rows as { n: number }[]
    return n > 0
  }
  // What people put in: cases, users, the trail, documents. Reference data the migrations load does not count.
  const [{ any }] = (await c.query(`SELECT EXISTS (SELECT 1 FROM cases) OR EXISTS (SELECT 1 FROM users)
    OR EXISTS (SELECT 1 FROM audit_trail) OR EXISTS (SELECT 1 FROM documents) AS any`)).rows as { any: boolean }[]
  return any
}

/** Runs exactly `names` (a prefix of this code's migrations) on an empty schema, as the owner. */
export async function buildSchema(ownerUrl: string, names: string[]): Promise<void> {
  // By name, not as a prefix: TypeORM runs migrations in timestamp order, and a number handed out earlier can
  // be merged later (29 after 31 and 32), so an archive's list is not always a prefix of this code's.
  const subset = allMigrations.filter((m) => names.includes(migrationName(m)))
  const ds = new DataSource({ ...createDataSource(ownerUrl).options, migrations: subset, entities } as ConstructorParameters<typeof DataSource>[0])
  await ds.initialize()
  try { await ds.runMigrations({ transaction: 'each' }) } finally { await ds.destroy() }
}

/**
 * Restores `file` into the archive at `ownerUrl` (the owner's login: it rebuilds the schema), which must hold
 * no cases, users, trail entries or documents.
 * @throws RestoreRefused when the archive is not empty or the backup was taken by a newer Dossier (nothing
 *   written); BackupFileError for a file that cannot be read, a wrong passphrase, or a checksum, row count or
 *   trail chain that does not match (the rows' transaction is rolled back: the archive is left empty)
 */
export async function restoreBackup(ownerUrl: string, file: string, opts: RestoreOptions = {}): Promise<RestoreResult> {
  const started = Date.now()
  const events = readBackup(file, opts.passphrase)
  const first = await events.next()
  if (first.done || first.value.kind !== 'header') throw new BackupFileError(`${file} 不是 Dossier 备份文件`)
  const header = first.value.header
  const known = allMigrations.map(migrationName)
  const unknown = header.migrations.find((n) => !known.includes(n))
  if (unknown) {
    throw new RestoreRefused(`这份备份来自更新的 Dossier（数据库结构含本程序不认识的升级 ${unknown}）：请用更新的 Dossier 恢复`)
  }
  const phases: RestoreResult['phases'] = { schemaMs: 0, copyMs: 0, indexMs: 0, keyMs: 0, verifyMs: 0, analyzeMs: 0, upgradeMs: 0 }
  let mark = Date.now()
  const lap = (): number => { const t = Date.now(); const ms = t - mark; mark = t; return ms }
  let client = new pg.Client({ connectionString: ownerUrl, application_name: 'dossier-restore' })
  await client.connect()
  // The table being copied; `failed` once the server refused its rows (the COPY is over then: writing more
  // into its stream would throw from inside pg-copy-streams, so the refusal is what is reported).
  let current_: Copying | null = null
  try {
    if (await archiveHasData(client)) throw new RestoreRefused('目标数据库已有案卷、用户或留痕：恢复只写入空的数据库（请换一个空的数据目录，或新建一个数据库）')
    const [{ migrated }] = (await client.query(`SELECT to_regclass('public.migrations') IS NOT NULL AS migrated`)).rows as { migrated: boolean }[]
    const current = migrated ? (await client.query('SELECT name FROM migrations ORDER BY id')).rows.map((r: { name: string }) => r.name) : []
    if (JSON.stringify([...current].sort()) !== JSON.stringify([...header.migrations].sort())) {
      // An empty archive at another schema version: start from nothing and build the backup's own version.
      if (current.length) {
        await client.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION ${OWNER_ROLE};
          REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`)
      }
      await client.end()
      await buildSchema(ownerUrl, header.migrations)
      client = new pg.Client({ connectionString: ownerUrl, application_name: 'dossier-restore' })
      await client.connect()
    }
    const tables = (await client.query(`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'migrations' ORDER BY 1`)).rows.map((r: { name: string }) => r.name)
    await client.query('BEGIN')
    // User triggers off for the load (the trail's chaining and no-truncate guards, summaries): rows go in as
    // they were. Foreign keys stay checked; the file holds parents before children.
    for (const t of tables) await client.query(`ALTER TABLE public.${ident(t)} DISABLE TRIGGER USER`)
    // COPY FROM is refused where row security applies, to the owner too under FORCE (migration 33): the load
    // lifts FORCE for its own transaction and puts it back before the commit.
    const forced = (await client.query(`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relforcerowsecurity`)).rows.map((r: { name: string }) => r.name)
    for (const t of forced) await client.query(`ALTER TABLE public.${ident(t)} NO FORCE ROW LEVEL SECURITY`)
    if (tables.length) await client.query(`TRUNCATE ${tables.map((t) => `public.${ident(t)}`).join(', ')} RESTART IDENTITY`)
    const dropped = await dropForLoad(client, tables, opts.keep)
    phases.schemaMs = lap()
    const loaded: TableEntry[] = []
    let rowsAll = 0
    let skip = false
    for await (const ev of events) {
      if (ev.kind === 'copy') {
        skip = ev.table === 'migrations'
        if (skip) continue
        if (!tables.includes(ev.table)) throw new BackupFileError(`备份中的表 ${ev.table} 在按其版本重建的数据库里不存在：备份文件已损坏`)
        const stream = client.query(copyFrom(`COPY public.${ident(ev.table)} (${ev.columns.map(ident).join(', ')}) FROM STDIN (FREEZE)`))
        const cur: Copying = { table: ev.table, stream, done: Promise.resolve(), hash: createHash('sha256'), rows: 0, failed: null }
        cur.done = new Promise<void>((resolve, reject) => {
          stream.on('finish', resolve)
          stream.on('error', (e: Error) => {
            cur.failed = e instanceof BackupFileError ? e : new BackupFileError(`备份文件已损坏：表 ${cur.table} 的数据无法载入（${e.message}）`)
            // The server has ended the COPY: drop what the stream still buffers, or pg-copy-streams would send
            // it down a connection it has let go of (an uncaught TypeError that ends the process).
            if (!stream.destroyed) stream.destroy()
            reject(cur.failed)
          })
        })
        cur.done.catch(() => {})
        current_ = cur
      } else if (ev.kind === 'rows') {
        if (skip) continue
        // Rows outside any COPY: a damaged file that still inflates and parses (the byte-flip test found one).
        if (!current_) throw new BackupFileError('备份文件已损坏：数据行不在任何表的 COPY 之内')
        if (current_!.failed) throw current_!.failed
        current_!.hash.update(ev.data)
        for (let i = ev.data.indexOf(10); i !== -1; i = ev.data.indexOf(10, i + 1)) current_!.rows++
        await write(current_!.stream, ev.data)
      } else if (ev.kind === 'end-copy') {
        if (skip) continue
        if (!current_) throw new BackupFileError('备份文件已损坏：数据行不在任何表的 COPY 之内')
        current_!.stream.end()
        await current_!.done
      } else if (ev.kind === 'table') {
        if (ev.entry.name === 'migrations') continue
        const c = current_
        if (!c || c.table !== ev.entry.name || c.rows !== ev.entry.rows || c.hash.digest('hex') !== ev.entry.sha256) {
          throw new BackupFileError(`备份文件已损坏：表 ${ev.entry.name} 的行数或校验和与备份时不符`)
        }
        loaded.push(ev.entry)
        rowsAll += c.rows
        current_ = null
        opts.onProgress?.({ table: ev.entry.name, rows: rowsAll, tablesDone: loaded.length, tables: null })
      } else if (ev.kind === 'manifest') {
        const m = ev.manifest
        const expected = m.tables.filter((t) => t.name !== 'migrations')
        if (expected.length !== loaded.length || expected.some((t, i) => loaded[i].name !== t.name || loaded[i].sha256 !== t.sha256)) {
          throw new BackupFileError('备份文件已损坏：清单与文件中的表不符')
        }
        for (const s of m.sequences) await client.query(`SELECT pg_catalog.setval($1, $2::bigint, $3)`, [`public.${ident(s.name)}`, s.lastValue, s.isCalled])
        phases.copyMs = lap()
        Object.assign(phases, await rebuildAfterLoad(client, dropped))
        lap()
        for (const t of tables) await client.query(`ALTER TABLE public.${ident(t)} ENABLE TRIGGER USER`)
        for (const t of forced) await client.query(`ALTER TABLE public.${ident(t)} FORCE ROW LEVEL SECURITY`)
        const trail = await verifyTrail(rowsOf(client))
        if (trail.broken || trail.head.seq !== m.trailHead.seq || trail.head.hash !== m.trailHead.hash) {
          throw new BackupFileError(`恢复后的审计留痕与备份时的链头不符${trail.broken ? `：${trail.broken.message}` : ''}`)
        }
        // The GCM tag and gzip's checksum are checked as the stream ends: drain it before committing.
        for await (const rest of events) void rest
        await client.query('COMMIT')
        phases.verifyMs = lap()
        // Fresh statistics: without them the first list queries are planned for empty tables.
        await client.query(`ANALYZE ${tables.map((t) => `public.${ident(t)}`).join(', ')}`)
        phases.analyzeMs = lap()
        await client.end()
        const upgradedWith = header.migrations.length < known.length ? await migrateAs(ownerUrl) : []
        phases.upgradeMs = lap()
        return { header, tables: loaded.length, rows: rowsAll, trailEntries: trail.entries, upgradedWith, ms: Date.now() - started, phases }
      }
    }
    throw new BackupFileError('备份文件不完整（被截断）')
  } catch (err) {
    // A COPY still open would hold the connection: abandon it (CopyFail) so the rollback can run.
    if (current_ && !current_.failed && !current_.stream.writableFinished) {
      current_.stream.destroy(new BackupFileError('恢复中止'))
      await current_.done.catch(() => {})
    }
    await client.query('ROLLBACK').catch(() => {})
    // Whatever the server said about the rows of a COPY (a bad byte, a broken tsvector, a missing column…),
    // that COPY's refusal names the table; the same error may also reach here raw, through a pending write.
    if (current_?.failed) throw current_.failed
    if (err instanceof Error && !(err instanceof BackupFileError) && !(err instanceof RestoreRefused) && (err as { code?: string }).code?.match(/^(22|23)/)) {
      throw new BackupFileError(`备份文件已损坏：数据无法载入（${err.message}）`, { cause: err })
    }
    throw err
  } finally {
    await client.end().catch(() => {})
  }
}
