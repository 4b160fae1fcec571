// Upgrading an archive safely (issue 16 point 7): before migrations run on an archive that holds cases, a
// backup is written to the data folder's backups/ (the last KEEP kept), and the pending migrations run in
// one transaction where they can, so a failing one leaves the database exactly as it was. The backup is the
// way back from anything a migration does outside a transaction (a re-index's VACUUM).
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { migrations as allMigrations } from '../../migrations'
import { createDataSource, pendingMigrations } from '../db/database'
import { writeBackup, type BackupResult } from './write'
import type { DataSource } from 'typeorm'
import { recordChange } from '../trail/record'

/** Pre-migration backups kept in the data folder; older ones are removed. */
export const KEEP = 3
export const BACKUP_DIR = 'backups'
const PREFIX = 'pre-migration-'

export interface SafeMigration {
  ran: string[]
  /** The backup written first, when the archive held cases. */
  backup: BackupResult | null
}

async function holdsCases(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    const [{ t }] = (await c.query(`SELECT to_regclass('public.cases') IS NOT NULL AS t`)).rows as { t: boolean }[]
    return t && (await c.query('SELECT EXISTS (SELECT 1 FROM cases) AS any')).rows[0].any as boolean
  } finally {
    await c.end()
  }
}

/** Removes all but the newest `keep` pre-migration backups (names sort by time). */
export function pruneBackups(dir: string, keep = KEEP): string[] {
  const mine = readdirSync(dir).filter((f) => f.startsWith(PREFIX)).sort()
  const gone = mine.slice(0, Math.max(0, mine.length - keep))
  for (const f of gone) rmSync(join(dir, f), { force: true })
  return gone
}

/**
 * Runs the pending migrations as the owner, after a backup when the archive holds cases.
 * @param dataDir where backups/ goes (the desktop's data folder, for a team server too)
 * @throws Error in one line when a migration fails: the migrations of this run are rolled back together
 *   (when none of them must run outside a transaction), and the line names the backup written before
 */
export async function migrateSafely(ownerUrl: string, dataDir: string, log: (m: string) => void = () => {}): Promise<SafeMigration> {
  const owner = createDataSource(ownerUrl)
  await owner.initialize()
  try {
    const pending = await pendingMigrations(owner)
    if (!pending.length) return { ran: [], backup: null }
    let backup: BackupResult | null = null
    if (await holdsCases(ownerUrl)) {
      const dir = join(dataDir, BACKUP_DIR)
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      const file = join(dir, `${PREFIX}${new Date().toISOString().replace(/[:.]/g, '-')}.dossier-backup`)
      log(`升级数据库结构前先备份：${file}`)
      backup = await writeBackup(ownerUrl, file)
      pruneBackups(dir)
    }
    // One transaction for the whole upgrade, unless a pending migration must run outside one.
    const outside = allMigrations.filter((m) => pending.includes(new m().name!) && (new m() as { transaction?: boolean }).transaction === false)
    try {
      const ran = await owner.runMigrations({ transaction: outside.length ? 'each' : 'all' })
      return { ran: ran.map((m) => m.name), backup }
    } catch (err) {
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err)
      const undo = outside.length ? '已完成的升级步骤未撤回' : '本次升级已全部撤回，数据库保持原样'
      throw new Error(`升级数据库结构失败（${why}）：${undo}${backup ? `；升级前的备份在 ${backup.file}` : ''}`, { cause: err })
    }
  } finally {
    await owner.destroy()
  }
}

/** The automatic backup in the audit trail (as the system), so the app can show when the archive was last backed up. */
export async function recordUpgradeBackup(ds: DataSource, m: SafeMigration): Promise<void> {
  if (!m.backup) return
  const b = m.backup
  await ds.transaction((em) => recordChange(em, {
    actor: 'system', entity: 'backup', entityId: 'pre-migration', action: 'backup_written', before: null,
    after: { file: b.file, bytes: b.bytes, tables: b.manifest.tables.length, trailHead: b.manifest.trailHead, encrypted: false, migrations: m.ran }
  }))
}
