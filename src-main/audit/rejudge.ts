// Re-judging chosen cases at once, inside the transaction of the change that calls for it (a root cause
// tagged, merged or undone): their stored results are rewritten in place, so the list, the counts and the
// trends agree with the case the moment the change commits. Cases never audited are left to the next run.
import type { EntityManager } from 'typeorm'
import { factsFromFields, factsQuery } from './archive-reader'
import { auditCase, statusLetters } from './engine'
import { loadReference } from './policies'

const CHUNK = 5000

/**
 * Recomputes the audit of `caseIds` and updates their rows of audit_results (letters, flagged, policy sets).
 * @returns how many stored results were rewritten
 */
export async function rejudgeCases(em: EntityManager, caseIds: number[]): Promise<number> {
  if (!caseIds.length) return 0
  const { book, calendar } = await loadReference(em as unknown as Parameters<typeof loadReference>[0])
  let updated = 0
  for (let i = 0; i < caseIds.length; i += CHUNK) {
    const { sql, params } = factsQuery({ ids: caseIds.slice(i, i + CHUNK) })
    const rows = (await em.query(sql, params)) as Record<string, string>[]
    const cols = { id: [] as number[], internal: [] as string[], regulatory: [] as string[], flagged: [] as boolean[], iset: [] as (string | null)[], rset: [] as (string | null)[], year: [] as (number | null)[] }
    for (const row of rows) {
      const a = auditCase(factsFromFields(Object.values(row)), book, calendar)
      const letters = statusLetters(a)
      cols.id.push(a.caseId!); cols.internal.push(letters.internal); cols.regulatory.push(letters.regulatory); cols.flagged.push(letters.internal.includes('F'))
      cols.iset.push(a.policySets.internal ?? null); cols.rset.push(a.policySets.regulatory ?? null); cols.year.push(a.calendarMissingYear ?? null)
    }
    // Only results that read differently are written: an unchanged row's update would still wake the trend
    // triggers for its case. Every stored result recomputed is counted, written or not.
    const [{ n }] = (await em.query(`
      WITH x AS (SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::bool[], $5::text[], $6::text[], $7::int[]) AS x(id, i, g, f, s, t, y)),
      w AS (UPDATE audit_results r SET internal = x.i, regulatory = x.g, flagged = x.f, internal_set = x.s, regulatory_set = x.t, calendar_missing_year = x.y
        FROM x WHERE r.case_id = x.id
          AND (r.internal, r.regulatory, r.flagged, r.internal_set, r.regulatory_set, r.calendar_missing_year) IS DISTINCT FROM (x.i, x.g, x.f, x.s, x.t, x.y)
        RETURNING r.case_id)
      SELECT count(*)::int AS n FROM audit_results r JOIN x ON r.case_id = x.id`,
    [cols.id, cols.internal, cols.regulatory, cols.flagged, cols.iset, cols.rset, cols.year])) as { n: number }[]
    updated += n
  }
  return updated
}
