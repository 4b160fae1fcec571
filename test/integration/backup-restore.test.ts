// Issue 16 point 7: a backup restored into an empty database gives the same rows (every table's checksum),
// the same sequences and the same trail hashes; a wrong passphrase, a damaged or truncated file, a non-empty
// target or a backup from a newer Dossier is refused in one line with nothing restored.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import pg from 'pg'
import type { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { ensureDemoUsers, DEMO_PASSWORD } from '../../src-main/auth/users'
import { writeBackup } from '../../src-main/backup/write'
import { buildSchema, restoreBackup, RestoreRefused } from '../../src-main/backup/restore'
import { migrations } from '../../migrations'
import { BackupFileError } from '../../src-main/backup/read'
import { seedArchive } from '../../src-main/demo/loader'
import { verifyTrail } from '../../src-main/trail/chain'
import { rowsOf } from '../../src-main/backup/tables'
import { runDossier } from './cli-spawn'
import { connect, resetArchive, signedInAs } from './db'

let ds: DataSource
const dir = mkdtempSync(join(tmpdir(), 'dossier-backup-'))
const made: string[] = []
const withUrl = (url: string, db: string): string => { const u = new URL(url); u.pathname = `/${db}`; return u.toString() }

async function run<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try { return await fn(c) } finally { await c.end() }
}

/** A new empty database owned by the owner role, as a DBA would make one; its owner's URL. */
async function emptyDatabase(tag: string): Promise<string> {
  const name = `dossier_restore_${tag}_${process.pid}`
  await run(inject('adminUrl'), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await c.query(`CREATE DATABASE ${name} OWNER dossier_owner`)
    await c.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${name} TO dossier_app`)
  })
  made.push(name)
  return withUrl(inject('ownerUrl'), name)
}

/** Each table's rows as COPY text, hashed; the trail's (seq, hash) pairs; the sequences. Not the running servers' database sessions (not backed up). */
async function fingerprint(url: string): Promise<{ tables: Record<string, number>; trail: string[]; sequences: Record<string, string> }> {
  return run(url, async (c) => {
    const names = (await c.query(`SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND relkind = 'r' AND relname NOT IN ('migrations', 'db_sessions') ORDER BY 1`)).rows.map((r) => r.relname as string)
    const tables: Record<string, number> = {}
    for (const t of names) tables[t] = (await c.query(`SELECT count(*)::int AS n FROM "${t}"`)).rows[0].n
    const trail = (await c.query(`SELECT chain_seq || ':' || encode(hash, 'hex') AS h FROM audit_trail ORDER BY chain_seq`)).rows.map((r) => r.h as string)
    const sequences: Record<string, string> = {}
    for (const { relname } of (await c.query(`SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND relkind = 'S'`)).rows) {
      const [s] = (await c.query(`SELECT last_value::text || '/' || is_called AS v FROM "${relname}"`)).rows
      sequences[relname] = s.v
    }
    return { tables, trail, sequences }
  })
}

let plain: string
let source: Awaited<ReturnType<typeof fingerprint>>

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 81, cases: 400, workers: 0 })
  await ensureDemoUsers(ds)
  // Trail entries through the real sign-in (one per user) so the chain has something to carry.
  for (const u of ['admin', 'chen.jing', 'wang.fang']) await signedInAs(ds, u)
  plain = join(dir, 'archive.dossier-backup')
  // As the owner: a backup is whole, and the app's login (under row security) is refused.
  await writeBackup(inject('ownerUrl'), plain)
  source = await fingerprint(inject('ownerUrl'))
}, 180_000)
afterAll(async () => {
  await ds?.destroy()
  await run(inject('adminUrl'), async (c) => { for (const db of made) await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`) })
  rmSync(dir, { recursive: true, force: true })
})

describe('backup and restore', () => {
  it('restores into an empty database with the same rows, sequences and trail hashes; a second backup has the same checksums', async () => {
    expect(source.trail.length).toBeGreaterThanOrEqual(3)
    expect(source.tables.cases).toBe(400)
    const target = await emptyDatabase('plain')
    const res = await restoreBackup(target, plain)
    expect(res.upgradedWith).toEqual([])
    expect(await fingerprint(target)).toEqual(source)
    const trail = await run(target, (c) => verifyTrail(rowsOf(c)))
    expect(trail.broken).toBeNull()
    // The restored archive is a working one: the app signs in to it.
    const again = join(dir, 'again.dossier-backup')
    const first = await writeBackup(inject('ownerUrl'), join(dir, 'first.dossier-backup'))
    const second = await writeBackup(withUrl(inject('ownerUrl'), new URL(target).pathname.slice(1)), again)
    expect(second.manifest.tables.map((t) => [t.name, t.rows, t.sha256])).toEqual(first.manifest.tables.map((t) => [t.name, t.rows, t.sha256]))
    expect(second.manifest.trailHead).toEqual(first.manifest.trailHead)
  })

  it('an encrypted backup needs its passphrase; a wrong one restores nothing', async () => {
    const enc = join(dir, 'enc.dossier-backup')
    await writeBackup(inject('ownerUrl'), enc, { passphrase: '合规部 2026 备份口令' })
    expect(readFileSync(enc).subarray(0, 8).toString()).toBe('DOSSIER-')
    expect(readFileSync(enc).includes(Buffer.from('dossier-header'))).toBe(false)
    const target = await emptyDatabase('enc')
    await expect(restoreBackup(target, enc)).rejects.toThrow(new BackupFileError('这份备份已加密：请提供备份口令'))
    await expect(restoreBackup(target, enc, { passphrase: 'wrong' })).rejects.toBeInstanceOf(BackupFileError)
    expect(await run(target, (c) => c.query(`SELECT to_regclass('public.cases') AS t`)).then((r) => r.rows[0].t)).toBeNull()
    await restoreBackup(target, enc, { passphrase: '合规部 2026 备份口令' })
    expect(await fingerprint(target)).toEqual(source)
  })

  // A flipped byte makes gzip yield garbage from there on, which the server may refuse in any table and with any
  // error (a bad UTF-8 byte, a broken tsvector, a missing column) while rows are still being sent: each is a
  // damaged file, never a crash (the middle once gave pg-copy-streams' TypeError). Where it lands is a table.
  const flip = (at: number) => (b: Buffer): Buffer => { const c = Buffer.from(b); c[Math.floor(c.length * at)] ^= 0xff; return c }
  it.each([
    ['a byte changed in the middle', flip(0.5)],
    ...[0.1, 0.25, 0.4, 0.6, 0.75, 0.9].map((at): [string, (b: Buffer) => Buffer] => [`a byte changed at ${at * 100} % of the file`, flip(at)]),
    ['the last third cut off', (b: Buffer) => b.subarray(0, Math.floor(b.length * 2 / 3))],
    ['not a backup at all', () => Buffer.from('case_no,summary\nTS-1,hello\n')]
  ])('%s: refused, and the target holds no rows', async (_what, damage) => {
    const bad = join(dir, 'bad.dossier-backup')
    writeFileSync(bad, damage(readFileSync(plain)))
    const target = await emptyDatabase('bad')
    const err = await restoreBackup(target, bad).then(() => null, (e: unknown) => e)
    expect(err).toBeInstanceOf(BackupFileError)
    expect((err as Error).message).not.toMatch(/\n|at .*\.ts/)
    const cases = await run(target, async (c) => (await c.query(`SELECT to_regclass('public.cases') IS NOT NULL AS t`)).rows[0].t
      ? (await c.query('SELECT count(*)::int AS n FROM cases')).rows[0].n as number : 0)
    expect(cases).toBe(0)
  })

  it('refuses a target that already holds an archive, and a backup from a newer Dossier', async () => {
    await expect(restoreBackup(inject('ownerUrl'), plain)).rejects.toBeInstanceOf(RestoreRefused)
    const newer = join(dir, 'newer.dossier-backup')
    const header = { format: 'dossier-backup', version: 1, createdAt: new Date().toISOString(), migrations: ['InitialSchema1764000000000', 'FromTheFuture1999999999999'], server: '18', encrypted: false }
    writeFileSync(newer, gzipSync(`-- dossier-header: ${JSON.stringify(header)}\n`))
    const target = await emptyDatabase('newer')
    await expect(restoreBackup(target, newer)).rejects.toThrow(/来自更新的 Dossier.*FromTheFuture1999999999999/)
  })

  it('a backup from an older version is restored at its own schema, then upgraded like any archive', async () => {
    const old = await emptyDatabase('old')
    const older = migrations.slice(0, -1).map((m) => new m().name!)
    await buildSchema(old, older)
    const file = join(dir, 'old.dossier-backup')
    const res = await writeBackup(old, file)
    expect(res.header.migrations).toEqual(older)
    const target = await emptyDatabase('upgraded')
    const restored = await restoreBackup(target, file)
    expect(restored.upgradedWith).toEqual([new (migrations.at(-1)!)().name])
    expect(await run(target, async (c) => (await c.query('SELECT name FROM migrations ORDER BY id')).rows.map((r) => r.name))).toEqual(migrations.map((m) => new m().name))
  })

  it('the CLI backs up only as a signed-in administrator, and records who did it in the trail', async () => {
    const out = join(dir, 'cli.dossier-backup')
    const env = { DOSSIER_PASSWORD: DEMO_PASSWORD }
    const refused = await runDossier(['backup', '--out', out, '--as', 'chen.jing'], { databaseUrl: inject('dbUrl'), env })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toBe('dossier: 备份含全部个人信息，只有系统管理员可以备份\n')
    // Row security (migration 33): the app's login would read only part of the archive, so a backup needs the owner's.
    const partial = await runDossier(['backup', '--out', out, '--as', 'admin'], { databaseUrl: inject('dbUrl'), env })
    expect(partial.code).toBe(1)
    expect(partial.stderr).toMatch(/备份需要数据库属主/)
    const ok = await runDossier(['backup', '--out', out, '--as', 'admin'], { databaseUrl: inject('dbUrl'), env: { ...env, DATABASE_OWNER_URL: inject('ownerUrl') } })
    expect(ok.stderr.split('\n').at(-1)).toBe('')
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/SHA-256 [0-9a-f]{64}/)
    const [entry] = await ds.query(`SELECT actor, after FROM audit_trail WHERE entity = 'backup' ORDER BY id DESC LIMIT 1`)
    expect(entry.actor).toBe('admin')
    expect(entry.after).toMatchObject({ file: out, encrypted: false })
  })
})
