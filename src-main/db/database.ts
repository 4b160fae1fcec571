// One way to reach the archive, whether the app, browser mode, the CLI or a test asks:
// DATABASE_URL names a team server; otherwise an embedded server in the data folder is started.
import pg from 'pg'
import { DataSource } from 'typeorm'
import { migrations } from '../../migrations'
import { entities } from './entities'
import { startEmbedded, type EmbeddedServer } from './embedded'
import { defaultDataDir } from './data-dir'
import { describeDbError } from './db-errors'
import { resolveLogins } from './roles'
import { closeSessionScope, installSessionScope } from './session-scope'
import { settleBackground } from './background'
import { migrateSafely, recordUpgradeBackup } from '../backup/pre-migration'

// A DATE is a calendar day, not an instant: keep it as 'YYYY-MM-DD' instead of a local-midnight Date.
pg.types.setTypeParser(1082, (v: string) => v)

export interface Database {
  ds: DataSource
  kind: 'embedded' | 'external'
  /** True when the embedded cluster was created by this start (a fresh install). */
  fresh: boolean
  /** The app's login (roles.ts): what `ds` is connected as. */
  url: string
  /** The owner's login when this machine has it (embedded server, a superuser or owner URL, DATABASE_OWNER_URL). */
  ownerUrl: string | null
  close(): Promise<void>
}

export interface OpenOptions {
  url?: string
  dataDir?: string
  log?: (m: string) => void
  runMigrations?: boolean
  /** The caller owns the embedded server for its life (the app): refuse a folder another process serves. */
  exclusive?: boolean
  /** One line for the user about what the start did (a server left by an app that died, stopped). */
  notice?: (m: string) => void
  /** Maintenance (the CLI's migrate): an owner's URL may be used as it is. */
  asOwner?: boolean
}

/**
 * A data source for `url`. Once initialised, an app login works under row security: every transaction names
 * its caller's database session (session-scope.ts), and the process's system session closes with it.
 */
export function createDataSource(url: string): DataSource {
  const ds = new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    // TypeORM's error log prints the failed statement with its parameters (password hashes, ID numbers);
    // every caller reports its own errors (the CLI in one line, dispatch with the stack).
    logging: false,
    // No JIT compilation: the archive's statements (an audit's facts of a few thousand cases, the summaries' upkeep)
    // carry long expression lists and high estimated costs, and a team server's default (jit = on) spent 1.5 s
    // compiling a facts query that runs in 1.3 s (issue 11's bulk tagging; the embedded server runs with it off).
    extra: { max: 8, application_name: 'dossier', options: '-c jit=off' }
  })
  const initialize = ds.initialize.bind(ds)
  const destroy = ds.destroy.bind(ds)
  ds.initialize = async () => { await initialize(); await installSessionScope(ds); return ds }
  ds.destroy = async () => { await settleBackground(ds); await closeSessionScope(ds); await destroy() }
  return ds
}

/**
 * Opens the archive as the app role: starts (or joins) the embedded server unless a URL is given, provisions
 * the owner and app roles when the URL is a superuser's, runs pending migrations as the owner, and connects
 * as the app. A URL that logs in as the owner serves maintenance only (`asOwner`).
 * @throws Error with one readable line: the server cannot be reached, migrations are pending and no owner
 *   login is known, or the owner's login was given to run the app
 */
export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  const url = opts.url || process.env.DATABASE_URL || undefined
  let embedded: EmbeddedServer | undefined
  if (!url) embedded = await startEmbedded(opts.dataDir ?? defaultDataDir(), opts.log, { exclusive: opts.exclusive, notice: opts.notice })
  const where = url ? 'DATABASE_URL' : `内置数据库，${opts.dataDir ?? defaultDataDir()}`
  let ds: DataSource | undefined
  let ownerUrl: string | null
  try {
    await requireUtf8(url ?? embedded!.url)
    const logins = await resolveLogins(url ?? embedded!.url, embedded?.rolePasswords)
    ownerUrl = logins.ownerUrl
    if (logins.given === 'owner' && !opts.asOwner) throw new Error('这是数据库属主（dossier_owner）的账号，只用于升级和维护：请以应用账号（dossier_app）连接')
    const upgrade = opts.runMigrations !== false && ownerUrl ? await migrateSafely(ownerUrl, opts.dataDir ?? defaultDataDir(), opts.log) : null
    const appUrl = logins.given === 'owner' ? ownerUrl! : logins.appUrl
    ds = createDataSource(appUrl)
    await ds.initialize()
    if (upgrade?.backup) await recordUpgradeBackup(ds, upgrade)
    if (opts.runMigrations !== false && !ownerUrl && (await pendingMigrations(ds)).length) {
      throw new Error('数据库结构需要升级，而本机没有数据库属主的账号：请管理员设置 DATABASE_OWNER_URL 后运行 dossier migrate')
    }
  } catch (err) {
    if (ds?.isInitialized) await ds.destroy().catch(() => {})
    await embedded?.stop()
    const why = describeDbError(err) ?? (err as Error).message
    throw new Error(`无法打开数据库（${where}）：${why}`, { cause: err })
  }
  const app = ds
  return {
    ds: app,
    kind: embedded ? 'embedded' : 'external',
    fresh: embedded?.created ?? false,
    url: app.options.type === 'postgres' ? (app.options.url ?? '') : '',
    ownerUrl,
    async close() {
      if (app.isInitialized) await app.destroy()
      await embedded?.stop()
    }
  }
}

/**
 * Refuses a database whose server encoding is not UTF8 (SQL_ASCII stores bytes unchecked; a GBK-family
 * server encoding does not exist, but a team server may have been created with another one): Chinese text,
 * search bigrams and identity keys all assume UTF-8 (issue 16 point 6).
 * @throws Error in one line naming the encoding found
 */
export async function requireUtf8(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 30_000 })
  await client.connect()
  try {
    const [{ enc }] = (await client.query(`SELECT pg_encoding_to_char(encoding) AS enc FROM pg_database WHERE datname = current_database()`)).rows as { enc: string }[]
    if (enc !== 'UTF8') throw new Error(`数据库 ${client.database} 的编码是 ${enc}，Dossier 需要 UTF8：请以 ENCODING 'UTF8' 新建数据库（见 README「A team server instead of the embedded one」）`)
  } finally {
    await client.end().catch(() => {})
  }
}

/** The migrations not yet run, read without writing (TypeORM's own check would create its table, which the app may not). */
export async function pendingMigrations(ds: DataSource): Promise<string[]> {
  const [{ exists }] = (await ds.query(`SELECT to_regclass('public.migrations') IS NOT NULL AS exists`)) as { exists: boolean }[]
  const done = new Set(exists ? ((await ds.query('SELECT name FROM migrations')) as { name: string }[]).map((r) => r.name) : [])
  return migrations.map((m) => m.name).filter((n) => !done.has(n))
}

/** Runs pending migrations as the owner, on a connection of their own. */
export async function migrateAs(ownerUrl: string): Promise<string[]> {
  const owner = createDataSource(ownerUrl)
  await owner.initialize()
  try {
    return (await owner.runMigrations({ transaction: 'each' })).map((m) => m.name)
  } finally {
    await owner.destroy()
  }
}
