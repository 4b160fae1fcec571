// Writing a backup: every table of the archive's schema read in one REPEATABLE READ snapshot (so the tables
// agree with each other and with the trail's head), streamed through COPY into gzip, optionally encryption,
// and a temporary file renamed into place only when complete.
import { createHash } from 'node:crypto'
import { createWriteStream, renameSync, rmSync } from 'node:fs'
import { Transform, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import pg from 'pg'
import { OWNER_ROLE } from '../db/roles'
import { to as copyTo } from 'pg-copy-streams'
import { trailHead } from '../trail/chain'
import {
  BACKUP_FORMAT, BACKUP_VERSION, HEADER_PREFIX, MANIFEST_PREFIX, TABLE_PREFIX, ident, newCipher,
  type BackupHeader, type BackupManifest, type SequenceEntry, type TableEntry
} from './format'
import { archiveTables, rowsOf, write } from './tables'

export interface BackupOptions {
  /** Encrypts the file (AES-256-GCM, key by scrypt) when given. */
  passphrase?: string
  /** Called after each table: its name, rows so far in the whole backup, tables done and in all. */
  onProgress?: (p: { table: string; rows: number; tablesDone: number; tables: number }) => void
}

export interface BackupResult { file: string; header: BackupHeader; manifest: BackupManifest; bytes: number; ms: number }

function encrypting(passphrase: string): Transform {
  const { preamble, cipher } = newCipher(passphrase)
  let started = false
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (!started) { started = true; this.push(preamble) }
      cb(null, cipher.update(chunk))
    },
    flush(cb) {
      if (!started) this.push(preamble)
      this.push(cipher.final())
      cb(null, cipher.getAuthTag())
    }
  })
}

/**
 * Writes a backup of the archive at `url`: a login that reads every row — the owner's, or a superuser's. Since
 * migration 33 the app's login sees only what a session's user may (row security): it is refused, so that a
 * backup is never quietly partial.
 * @param file the backup's path; written as `file.part` and renamed when complete, so a crash leaves no
 *   half file under the real name
 * @returns the header and manifest written, the file's size (bytes) and the time taken (ms)
 * @throws Error when the database cannot be read or the file cannot be written (the `.part` file is removed)
 */
export async function writeBackup(url: string, file: string, opts: BackupOptions = {}): Promise<BackupResult> {
  const started = Date.now()
  const client = new pg.Client({ connectionString: url, application_name: 'dossier-backup' })
  await client.connect()
  const part = `${file}.part`
  // A `.part` left by a backup that was killed is removed: this one replaces it.
  rmSync(part, { force: true })
  const gzip = createGzip({ level: 4 })
  const sink = createWriteStream(part, { mode: 0o600 })
  const stages: (Transform | Writable)[] = opts.passphrase ? [encrypting(opts.passphrase), sink] : [sink]
  const flowing = pipeline(gzip, ...stages as [Writable])
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    const [{ partial }] = (await client.query<{ partial: boolean }>(`SELECT to_regclass('public.cases') IS NOT NULL AND row_security_active('public.cases')
      AND NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${OWNER_ROLE}' AND pg_has_role(current_user, oid, 'USAGE')) AS partial`)).rows
    if (partial) throw new Error('备份需要数据库属主（dossier_owner）的账号：应用账号受行级安全限制，读不到全部案卷（请设置 DATABASE_OWNER_URL）')
    const migrations = (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).rows.map((r) => r.name)
    const server = (await client.query<{ v: string }>('SHOW server_version')).rows[0].v
    const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), migrations, server, encrypted: !!opts.passphrase }
    await write(gzip, `-- Dossier backup: PostgreSQL plain format (psql can read it); restore with \`dossier restore\`\n${HEADER_PREFIX}${JSON.stringify(header)}\n`)
    await write(gzip, 'SET session_replication_role = replica;\n')
    const tables = await archiveTables(client)
    const entries: TableEntry[] = []
    let rowsAll = 0
    for (const t of tables) {
      const cols = t.columns.map(ident).join(', ')
      await write(gzip, `COPY public.${ident(t.name)} (${cols}) FROM stdin;\n`)
      const hash = createHash('sha256')
      let rows = 0
      const copy = client.query(copyTo(`COPY public.${ident(t.name)} (${cols}) TO STDOUT`))
      for await (const chunk of copy as AsyncIterable<Buffer>) {
        hash.update(chunk)
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++
        await write(gzip, chunk)
      }
      const entry: TableEntry = { name: t.name, columns: t.columns, rows, sha256: hash.digest('hex') }
      entries.push(entry)
      rowsAll += rows
      await write(gzip, `\\.\n${TABLE_PREFIX}${JSON.stringify(entry)}\n`)
      opts.onProgress?.({ table: t.name, rows: rowsAll, tablesDone: entries.length, tables: tables.length })
    }
    const sequences: SequenceEntry[] = []
    for (const { name } of (await client.query<{ name: string }>(`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY 1`)).rows) {
      const [s] = (await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM public.${ident(name)}`)).rows
      sequences.push({ name, lastValue: s.last_value, isCalled: s.is_called })
      await write(gzip, `SELECT pg_catalog.setval('public.${ident(name)}', ${s.last_value}, ${s.is_called});\n`)
    }
    const manifest: BackupManifest = { tables: entries, sequences, trailHead: await trailHead(rowsOf(client)) }
    await write(gzip, `${MANIFEST_PREFIX}${JSON.stringify(manifest)}\n`)
    await client.query('COMMIT')
    gzip.end()
    await flowing
    renameSync(part, file)
    return { file, header, manifest, bytes: sink.bytesWritten, ms: Date.now() - started }
  } catch (err) {
    gzip.destroy()
    await flowing.catch(() => {})
    rmSync(part, { force: true })
    throw err
  } finally {
    await client.end().catch(() => {})
  }
}
