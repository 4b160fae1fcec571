// The trend summaries as kept by the triggers, and as dossier_trends_rebuild makes them of the archive now: two
// tests' oracle for "every derived figure is exact" after writes (bulk tagging, writes applied at commit).
import type { DataSource } from 'typeorm'

export const SUMMARIES = ['trend_summary', 'trend_axis', 'trend_month', 'trend_month_axis', 'trend_month_dim', 'trend_month_dim_axis']
// Every summary's rows that count (a row fallen to zero stays until a rebuild), and every case's facts, as sorted JSON.
const ROWS = (t: string): string => `SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY to_jsonb(x)::text), '[]') AS rows FROM ${t} x${t === 'trend_case_facts' ? '' : ' WHERE x.cases <> 0'}`

/** The facts and summaries as stored, table by table (read by `q`: the owner reads every row). */
export async function keptSummaries(q: Pick<DataSource, 'query'>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  for (const t of ['trend_case_facts', ...SUMMARIES]) out[t] = (await q.query(ROWS(t)))[0].rows
  return out
}

/** The summaries as dossier_trends_rebuild makes them of the archive now, by `owner` in a transaction rolled back. */
export async function recountedSummaries(owner: DataSource): Promise<Record<string, unknown>> {
  const qr = owner.createQueryRunner()
  await qr.connect()
  await qr.startTransaction()
  try {
    await qr.query('SELECT dossier_trends_rebuild()')
    return await keptSummaries(qr)
  } finally {
    await qr.rollbackTransaction()
    await qr.release()
  }
}
