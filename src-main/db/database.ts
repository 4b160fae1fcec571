// One way to reach the archive, whether the app, browser mode, the CLI or a test asks:
// DATABASE_URL names a team server; otherwise an embedded server in the data folder is started.
import pg from 'pg'
import { DataSource } from 'typeorm'
import { migrations } from '../../migrations'
import { entities } from './entities'
import { startEmbedded, type EmbeddedServer } from './embedded'
import { defaultDataDir } from './data-dir'
import { describeDbError } from './db-errors'

// A DATE is a calendar day, not an instant: keep it as 'YYYY-MM-DD' instead of a local-midnight Date.
pg.types.setTypeParser(1082, (v: string) => v)

export interface Database {
  ds: DataSource
  kind: 'embedded' | 'external'
  /** True when the embedded cluster was created by this start (a fresh install). */
  fresh: boolean
  url: string
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
}

export function createDataSource(url: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    // TypeORM's error log prints the failed statement with its parameters (password hashes, ID numbers);
    // every caller reports its own errors (the CLI in one line, dispatch with the stack).
    logging: false,
    extra: { max: 8, application_name: 'dossier' }
  })
}

export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  const url = opts.url || process.env.DATABASE_URL || undefined
  let embedded: EmbeddedServer | undefined
  if (!url) embedded = await startEmbedded(opts.dataDir ?? defaultDataDir(), opts.log, { exclusive: opts.exclusive, notice: opts.notice })
  const target = url ?? embedded!.url
  const ds = createDataSource(target)
  try {
    await ds.initialize()
    if (opts.runMigrations !== false) await ds.runMigrations({ transaction: 'each' })
  } catch (err) {
    if (ds.isInitialized) await ds.destroy().catch(() => {})
    await embedded?.stop()
    const why = describeDbError(err) ?? (err as Error).message
    throw new Error(`无法打开数据库（${url ? 'DATABASE_URL' : `内置数据库，${opts.dataDir ?? defaultDataDir()}`}）：${why}`, { cause: err })
  }
  return {
    ds,
    kind: embedded ? 'embedded' : 'external',
    fresh: embedded?.created ?? false,
    url: target,
    async close() {
      if (ds.isInitialized) await ds.destroy()
      await embedded?.stop()
    }
  }
}
