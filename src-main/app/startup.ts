// Start-up shared by the Electron app and browser mode: open the database (running migrations), load
// the demo archive into a brand-new embedded database, and build the handler map.
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { defaultDataDir, secureDocumentsDir } from '../db/data-dir'
import { recoverInterruptedWork } from '../runs/recover'
import { openDatabase, type Database } from '../db/database'
import { seedArchive } from '../demo/loader'
import { buildHandlers, createDispatch, type Dispatch } from '../transport/dispatch'
import type { AppContext, DesktopServices } from './context'
import { Sessions } from '../auth/sessions'
import { ensureDemoUsers } from '../auth/users'
import { refreshAudit } from '../audit/handlers'
import { writeAnchor } from '../trail/anchor'
import { catchUpInBackground } from '../db/catch-up'

export const DEMO_CASES = 3000
export const DEMO_SEED = 20251
const ANCHOR_EVERY_MS = 5 * 60_000
/** How often the trend summaries are caught up with any large write (one cheap call when none is pending). */
const TREND_CATCH_UP_EVERY_MS = 10_000

export interface StartOptions {
  /** A team server; otherwise DATABASE_URL, otherwise the embedded server in dataDir. */
  url?: string
  dataDir?: string
  version: string
  /** Load the demo archive even on a DATABASE_URL server (only when it holds no cases). */
  demo?: boolean
  log?: (m: string) => void
  /** The desktop's file services (Electron); browser mode has none. */
  desktop?: DesktopServices
}

export interface Started { db: Database; ctx: AppContext; dispatch: Dispatch; close(): Promise<void> }

export async function startBackend(opts: StartOptions): Promise<Started> {
  const log = opts.log ?? ((m: string) => console.log(m))
  // The app runs its embedded server for its whole life: a folder another process serves is refused, not joined.
  const db = await openDatabase({ url: opts.url, dataDir: opts.dataDir, log: () => {}, exclusive: true, notice: (m) => console.log(m) })
  try {
    const [{ n, demoLoaded }] = (await db.ds.query(
      `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM cases LIMIT 1) s) AS n,
              EXISTS (SELECT 1 FROM app_meta WHERE key = 'demo') AS "demoLoaded"`)) as { n: number; demoLoaded: boolean }[]
    // An empty embedded archive that never had the demo gets it (also when a first start was cut short);
    // a team server only when asked.
    const asked = opts.demo === true || process.env.DOSSIER_DEMO === '1'
    const wanted = (db.kind === 'embedded' && !demoLoaded) || asked
    if (n === 0 && wanted) {
      log(`loading the demo archive (${DEMO_CASES} cases)…`)
      const res = await seedArchive(db.ds, { seed: DEMO_SEED, cases: DEMO_CASES, rootCauses: true })
      log(`demo archive loaded in ${(res.ms / 1000).toFixed(1)} s`)
    }
    // The demo team comes with demo data, so the review workflow can be tried at once. Its password is
    // published: on a team server (where `dossier seed` may have put generated cases) only when asked.
    const [{ demo }] = await db.ds.query('SELECT EXISTS (SELECT 1 FROM cases WHERE is_demo) AS demo')
    if (demo && (db.kind === 'embedded' || asked)) await ensureDemoUsers(db.ds)
    // Stale or missing audit results are recomputed at start: awaited for a small archive (about a second),
    // in the background for a large one (progress in 审查).
    const run = await refreshAudit(db.ds)
    const [{ small }] = await db.ds.query(`SELECT reltuples < 100000 AS small FROM pg_class WHERE oid = 'cases'::regclass`)
    if (small) await run
  } catch (err) {
    await db.close()
    throw err
  }
  const dataDir = opts.dataDir ?? defaultDataDir()
  // The trail's head is written down outside the database at start, every few minutes and at quit
  // (trail/anchor.ts), so that a rewrite of the trail can be caught later by `dossier verify-trail`.
  const anchor = (): Promise<void> => writeAnchor(db.ds, dataDir).then(() => {}, (err: Error) => log(`trail anchor not written: ${err.message}`))
  await anchor()
  const anchorTimer = setInterval(() => void anchor(), ANCHOR_EVERY_MS)
  anchorTimer.unref()
  // A large write (a bulk tag, a re-audit, a taxonomy merge) leaves the trend summaries to a catch-up after its
  // commit (migration 56); its handler may start one, and this sweeps up any other, and what a killed process left.
  let closing = false
  const catchUp = (): void => void catchUpInBackground(db.ds, (err) => { if (!closing) log(`trend summaries not caught up yet: ${(err as Error).message}`) })
  catchUp()
  const catchUpTimer = setInterval(catchUp, TREND_CATCH_UP_EVERY_MS)
  catchUpTimer.unref()
  const documentsDir = process.env.DOSSIER_DOCUMENTS_DIR || join(dataDir, 'documents')
  secureDocumentsDir(documentsDir)
  // A batch whose process died is cleaned up after now (its status in 文书 says what was done and offers to resume).
  // Work a killed process left (audit runs, imports, document batches) is failed or cleaned up after now.
  const recovered = await recoverInterruptedWork(db.ds)
  if (recovered.auditRuns.length + recovered.imports.length + recovered.batches.length) log(`interrupted work recovered: ${JSON.stringify(recovered)}`)
  const ctx: AppContext = { ds: db.ds, databaseKind: db.kind, version: opts.version, user: { name: userInfo().username }, sessions: new Sessions(), documentsDir, desktop: opts.desktop }
  const dispatch = createDispatch(buildHandlers(ctx), ctx.sessions)
  return {
    db, ctx, dispatch,
    async close() {
      closing = true
      clearInterval(anchorTimer)
      clearInterval(catchUpTimer)
      await anchor()
      await db.close()
    }
  }
}
