// Start-up shared by the Electron app and browser mode: open the database (running migrations), load
// the demo archive into a brand-new embedded database, and build the handler map.
import { userInfo } from 'node:os'
import { openDatabase, type Database } from '../db/database'
import { seedArchive } from '../demo/loader'
import { buildHandlers, createDispatch, type Dispatch } from '../transport/dispatch'
import type { AppContext } from './context'

export const DEMO_CASES = 3000
export const DEMO_SEED = 20251

export interface StartOptions {
  /** A team server; otherwise DATABASE_URL, otherwise the embedded server in dataDir. */
  url?: string
  dataDir?: string
  version: string
  /** Load the demo archive even on a DATABASE_URL server (only when it holds no cases). */
  demo?: boolean
  log?: (m: string) => void
}

export interface Started { db: Database; ctx: AppContext; dispatch: Dispatch; close(): Promise<void> }

export async function startBackend(opts: StartOptions): Promise<Started> {
  const log = opts.log ?? ((m: string) => console.log(m))
  const db = await openDatabase({ url: opts.url, dataDir: opts.dataDir, log: () => {} })
  try {
    const [{ n, demoLoaded }] = (await db.ds.query(
      `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM cases LIMIT 1) s) AS n,
              EXISTS (SELECT 1 FROM app_meta WHERE key = 'demo') AS "demoLoaded"`)) as { n: number; demoLoaded: boolean }[]
    // An empty embedded archive that never had the demo gets it (also when a first start was cut short);
    // a team server only when asked.
    const wanted = (db.kind === 'embedded' && !demoLoaded) || opts.demo || process.env.DOSSIER_DEMO === '1'
    if (n === 0 && wanted) {
      log(`loading the demo archive (${DEMO_CASES} cases)…`)
      const res = await seedArchive(db.ds, { seed: DEMO_SEED, cases: DEMO_CASES })
      log(`demo archive loaded in ${(res.ms / 1000).toFixed(1)} s`)
    }
  } catch (err) {
    await db.close()
    throw err
  }
  const ctx: AppContext = { ds: db.ds, databaseKind: db.kind, version: opts.version, user: { name: userInfo().username } }
  const dispatch = createDispatch(buildHandlers(ctx))
  return { db, ctx, dispatch, close: () => db.close() }
}
