// Issue 16 point 7: an archive with cases is backed up before its schema is upgraded (the last three kept),
// the upgrade runs in one transaction so a failing migration leaves the database as it was, and the time of
// the last backup reaches the app.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { migrations } from '../../migrations'
import { buildSchema, restoreBackup } from '../../src-main/backup/restore'
import { BACKUP_DIR, pruneBackups } from '../../src-main/backup/pre-migration'
import { openDatabase } from '../../src-main/db/database'
import { seedArchive } from '../../src-main/demo/loader'

const dir = mkdtempSync(join(tmpdir(), 'dossier-upgrade-'))
const name = `dossier_upgrade_${process.pid}`
const withDb = (url: string): string => { const u = new URL(url); u.pathname = `/${name}`; return u.toString() }
const owner = withDb(inject('ownerUrl'))
async function run<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try { return await fn(c) } finally { await c.end() }
}
afterAll(async () => {
  await run(inject('adminUrl'), (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
  rmSync(dir, { recursive: true, force: true })
})

const names = migrations.map((m) => new m().name!)
/**
 * The newest migration that creates a table (read from its own SQL), and that table: holding its name makes that
 * migration fail, whichever migrations come after it. The archive under test lacks it and the one before it.
 */
const failing = migrations.findLastIndex((m) => /CREATE TABLE (\w+)/.test(String(new m().up)))
const newestTable = /CREATE TABLE (\w+)/.exec(String(new migrations[failing]().up))![1]
const pending = names.length - failing + 1
const state = (): Promise<{ migrations: string[]; cases: number; importsTable: boolean; batchColumn: boolean }> => run(owner, async (c) => ({
  migrations: (await c.query('SELECT name FROM migrations ORDER BY id')).rows.map((r) => r.name as string),
  cases: (await c.query('SELECT count(*)::int AS n FROM cases')).rows[0].n as number,
  importsTable: (await c.query(`SELECT to_regclass('public.imports') IS NOT NULL AS t`)).rows[0].t as boolean,
  batchColumn: (await c.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'document_batches' AND column_name = 'resumed_from'`)).rows[0].n === 1
}))

describe('upgrading an archive that holds cases', () => {
  it('backs it up first; a failing migration rolls the whole upgrade back; a good one applies, and the app shows the backup', async () => {
    await run(inject('adminUrl'), async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.query(`CREATE DATABASE ${name} OWNER dossier_owner`)
      await c.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${name} TO dossier_app`)
    })
    // An archive behind by the failing migration, the one before it and any after it, with cases in it.
    await buildSchema(owner, names.slice(0, -pending))
    const db0 = await openDatabase({ url: owner, asOwner: true, runMigrations: false })
    await seedArchive(db0.ds, { seed: 5, cases: 120, workers: 0 })
    await db0.close()
    const before = await state()
    expect(before).toMatchObject({ migrations: names.slice(0, -pending), cases: 120 })

    // That migration will fail: something already holds the name of the table it creates.
    await run(owner, (c) => c.query(`CREATE TABLE ${newestTable} (stray integer)`))
    const err = await openDatabase({ url: owner, asOwner: true, dataDir: dir }).then(() => null, (e: unknown) => e as Error)
    expect(err?.message).toMatch(/^无法打开数据库（DATABASE_URL）：升级数据库结构失败（.+）：本次升级已全部撤回，数据库保持原样；升级前的备份在 .+pre-migration-.+\.dossier-backup$/)
    const after = await state()
    // The earlier pending migration was rolled back with the failing one: exactly as before.
    expect(after.migrations).toEqual(before.migrations)
    expect(after.cases).toBe(120)
    expect(after.importsTable).toBe(before.importsTable)
    expect(readdirSync(join(dir, BACKUP_DIR))).toHaveLength(1)

    await run(owner, (c) => c.query(`DROP TABLE ${newestTable}`))
    const db = await openDatabase({ url: owner, asOwner: true, dataDir: dir })
    try {
      expect((await state()).migrations).toEqual(names)
      expect(readdirSync(join(dir, BACKUP_DIR))).toHaveLength(2)
      const [entry] = await db.ds.query(`SELECT actor, after FROM audit_trail WHERE entity = 'backup' ORDER BY id DESC LIMIT 1`)
      expect(entry.actor).toBe('system')
      expect(entry.after.migrations).toEqual(names.slice(-pending))
    } finally {
      await db.close()
    }
    // The backup restores the archive as it was before the upgrade (then upgrades it).
    const newest = readdirSync(join(dir, BACKUP_DIR)).sort().at(-1)!
    expect(existsSync(join(dir, BACKUP_DIR, newest))).toBe(true)
    await run(owner, (c) => c.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION dossier_owner; REVOKE CREATE ON SCHEMA public FROM PUBLIC`))
    const restored = await restoreBackup(owner, join(dir, BACKUP_DIR, newest))
    expect(restored.upgradedWith).toEqual(names.slice(-pending))
    expect((await state()).cases).toBe(120)
  }, 240_000)

  it('keeps the newest three pre-migration backups', () => {
    const d = mkdtempSync(join(dir, 'prune-'))
    for (const t of ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01']) writeFileSync(join(d, `pre-migration-${t}.dossier-backup`), '')
    writeFileSync(join(d, 'by-hand.dossier-backup'), '')
    expect(pruneBackups(d)).toEqual(['pre-migration-2026-01-01.dossier-backup', 'pre-migration-2026-02-01.dossier-backup'])
    expect(readdirSync(d).sort()).toEqual(['by-hand.dossier-backup', 'pre-migration-2026-03-01.dossier-backup', 'pre-migration-2026-04-01.dossier-backup', 'pre-migration-2026-05-01.dossier-backup'])
  })
})
