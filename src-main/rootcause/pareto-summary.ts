// The Pareto of primary causes read from the trend summaries (migration 54's axis 'rc2' beside 'rc') instead of
// the cases: a year at 1,000,000 cases sums some tens of thousands of summary rows, not a million cases and their
// tags. Only where it gives exactly what the case query (pareto.ts) gives: the taxonomy as it is now, a filter
// the summaries key on (trends/source.ts), and a session whose visible cases are the summaries' visible units.
import type { EntityManager } from 'typeorm'
import type { CaseFilter } from '../shared/contract'
import { sourceFor, uncovered } from '../trends/source'

/** A cause's count before its shares: the node as the taxonomy names it at the version read. */
export interface CauseRow { code: string; nameZh: string; jrtCause: string; internal: boolean; cases: number }

// The filter fields whose conditions the summaries key on (or that change nothing on their own: a role without a
// cause, a policy without a rule); `uncovered` turns away the rest, and a field added later to CaseFilter is
// turned away here until someone says how the summaries answer it.
const KEYED = new Set<string>(['receivedFrom', 'receivedTo', 'channel', 'category', 'severity', 'businessLine', 'unitId', 'group', 'repeat',
  'rootCauseRole', 'failedRulePolicy', 'text', 'rootCause', 'retag', 'importId', 'changedAfterReview', 'failedRule'])

/** Whether the summaries can answer this filter (the session's scope is checked when they are read). */
export function summaryAnswers(f: CaseFilter): boolean {
  return uncovered(f) === null && Object.entries(f).every(([k, v]) => v === undefined || KEYED.has(k))
}

// The cases a session sees beyond its units (a reviewer's assigned cases in another unit) are in no summary row
// it sees: such a session is answered from the cases.
const SCOPE_COVERED = `((SELECT dossier_scope_all()) OR NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = ANY ((SELECT dossier_scope_cases())::integer[])
  AND NOT c.unit_id = ANY ((SELECT dossier_scope_units())::integer[])))`

/**
 * The causes and the untagged count of `f` at the current taxonomy version, largest first (ties by position,
 * then code), from the summaries the filter's dimensions pick: axis 'rc' (level 1) or 'rc2' (level 2). One
 * statement, the version read in it: on a loaded machine each statement costs its round trips.
 * @param f a filter `summaryAnswers` accepted
 * @param version the version asked for, if any: another than the current one is left to the case query
 * @returns null when the summaries cannot give the case query's answer: a past version, or this session
 */
export async function paretoFromSummaries(q: Pick<EntityManager, 'query'>, f: CaseFilter, level: 1 | 2, version?: number):
  Promise<{ version: number; rows: CauseRow[]; untagged: number } | null> {
  const src = await sourceFor(q, f)
  if (src.kind !== 'summary') return null
  const params: unknown[] = []
  // Every month: the filter's own dates bound them (source.ts adds them to the month range).
  const axis = src.axisFrom('0001-01-01', '9999-12-01', params)
  const from = src.from('0001-01-01', '9999-12-01', params)
  params.push(version ?? null, level === 1 ? 'rc' : 'rc2')
  const [asked, ax] = [params.length - 1, params.length].map((i) => `$${i}`)
  const [res] = (await q.query(`
    WITH cur AS (SELECT max(version) AS v FROM rc_taxonomy_versions),
    state AS (SELECT DISTINCT ON (node_id) node_id, name_zh, jrt_cause, internal FROM rc_node_history
               WHERE version <= (SELECT v FROM cur) ORDER BY node_id, version DESC),
    counts AS (SELECT s.code, sum(s.n)::int AS cases ${axis} WHERE s.axis = ${ax} GROUP BY s.code HAVING sum(s.n) <> 0),
    ranked AS (SELECT n.code, st.name_zh AS "nameZh", st.jrt_cause AS "jrtCause", st.internal, c.cases, n.position
                 FROM counts c JOIN rc_nodes n ON n.code = c.code JOIN state st ON st.node_id = n.id)
    SELECT (SELECT v FROM cur) AS version,
           (SELECT coalesce(json_agg(json_build_object('code', r.code, 'nameZh', r."nameZh", 'jrtCause', r."jrtCause", 'internal', r.internal, 'cases', r.cases)
              ORDER BY r.cases DESC, r.position, r.code), '[]') FROM ranked r) AS rows,
           (SELECT (coalesce(sum(${src.measure('cases')}), 0) - coalesce(sum(${src.measure('tagged')}), 0))::int ${from}) AS untagged,
           (${asked}::int IS NULL OR ${asked}::int = (SELECT v FROM cur)) AND ${SCOPE_COVERED} AS covered`, params)) as
    { version: number; rows: CauseRow[]; untagged: number; covered: boolean }[]
  return res.covered ? { version: res.version, rows: res.rows, untagged: res.untagged } : null
}
