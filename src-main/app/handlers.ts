import type { AppContext } from './context'
import type { AppInfoResponse, OptionsResponse } from '../shared/contract'
import type { HandlerMap } from '../transport/handler-types'
import { needsFirstAdmin } from '../auth/users'

const HAS_DEMO = `EXISTS (SELECT 1 FROM app_meta WHERE key = 'demo')`

export function buildAppHandlers(ctx: AppContext): HandlerMap<'app.info' | 'meta.options'> {
  return {
    async 'app.info'(_req, caller): Promise<AppInfoResponse> {
      // Before sign-in: only what the sign-in screen shows (the version, the demo badge).
      // Whether demo data was loaded is read from app_meta (the loader's record), not from the cases: under row
      // security a caller without a session, or a reviewer of one branch, sees none or only some of them.
      if (!caller.user) {
        const [{ demo }] = (await ctx.ds.query(`SELECT ${HAS_DEMO} AS demo`)) as { demo: boolean }[]
        return { version: ctx.version, demo, needsAdmin: await needsFirstAdmin(ctx.ds) }
      }
      const [row] = (await ctx.ds.query(
        `SELECT (SELECT reltuples::bigint FROM pg_class WHERE oid = 'cases'::regclass) AS estimate,
                ${HAS_DEMO} AS demo`)) as { estimate: string; demo: boolean }[]
      let caseCount = Number(row.estimate)
      // reltuples is -1 before the first ANALYZE and stale on small tables: count those exactly.
      const caseCountEstimated = caseCount >= 100_000
      if (!caseCountEstimated) caseCount = Number(((await ctx.ds.query('SELECT count(*) AS n FROM cases')) as { n: string }[])[0].n)
      // When the archive was last backed up (dossier backup, or before an upgrade): shown to administrators.
      const [last] = (await ctx.ds.query(`SELECT max(at) AS at FROM audit_trail WHERE entity = 'backup' AND action = 'backup_written'`)) as { at: Date | null }[]
      return { version: ctx.version, demo: row.demo, database: ctx.databaseKind, caseCount, caseCountEstimated, lastBackupAt: last?.at ? new Date(last.at).toISOString() : null }
    },
    async 'meta.options'(): Promise<OptionsResponse> {
      const units = (await ctx.ds.query(`SELECT id, name, kind FROM units WHERE kind IN ('branch','sub_branch') ORDER BY code`)) as OptionsResponse['units']
      return { units }
    }
  }
}
