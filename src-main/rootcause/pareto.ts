// Counts of primary root causes over the case list's filter, largest first with the cumulative share (the
// Pareto the 根因 view and the quarterly report draw), by the taxonomy as it is now or as it was at a version.
import type { DataSource } from 'typeorm'
import type { CaseFilter } from '../shared/contract'
import { unitScope, whereOf, whereSql, withText } from '../cases/case-filter'
import { currentVersion } from './taxonomy-store'
import { paretoFromSummaries, summaryAnswers, type CauseRow } from './pareto-summary'

export interface CauseCount {
  code: string; nameZh: string; jrtCause: string; internal: boolean
  /** cases whose primary cause is this node (level 2) or under it (level 1) */
  cases: number
  /** of the tagged cases, 0–1; cumulative down the list */
  share: number; cumulative: number
}
export interface CausePareto { version: number; level: 1 | 2; tagged: number; untagged: number; causes: CauseCount[] }

/**
 * Primary causes of the cases `filter` matches. `version` (default: now) reads the taxonomy as it was then:
 * each tag counts under the node the reviewer chose, followed through the merges made up to that version,
 * with that version's names and parents; by default a tag counts where it points now. Level 1 rolls second-
 * level causes up to their first-level node (a case tagged at the first level counts there at both levels).
 * The taxonomy as it is now and a filter the trend summaries key on (whole months, unit, category, channel…)
 * are read from the summaries (pareto-summary.ts: the same counts); anything else from the cases and their tags.
 */
export async function causePareto(ds: DataSource, filter: CaseFilter, opts: { level: 1 | 2; version?: number }): Promise<CausePareto> {
  const fast = summaryAnswers(filter) ? await paretoFromSummaries(ds, filter, opts.level, opts.version) : null
  const version = fast?.version ?? opts.version ?? await currentVersion(ds)
  const { rows, untagged } = fast ?? await paretoFromCases(ds, filter, opts.level, version)
  const tagged = rows.reduce((s, r) => s + r.cases, 0)
  let running = 0
  const causes = rows.map((r) => {
    running += r.cases
    return { ...r, share: tagged ? r.cases / tagged : 0, cumulative: tagged ? running / tagged : 0 }
  })
  return { version, level: opts.level, tagged, untagged, causes }
}

/**
 * The causes and the untagged count from the cases matching `filter` and their primary tags, at any `version`
 * (rows as causePareto orders them, before shares). Exported for the test that holds the summaries to it.
 */
export async function paretoFromCases(ds: DataSource, filter: CaseFilter, level: 1 | 2, version: number): Promise<{ rows: CauseRow[]; untagged: number }> {
  const w = withText(whereOf(filter, { units: await unitScope(ds, filter) }))
  const v = `$${w.params.length + 1}`
  const lv = `$${w.params.length + 2}`
  // Row security's test on the tags hides from the planner that the year's tags are thousands, not dozens: it
  // then probes the cases once per tag (~0.1 ms each, seconds at a million cases). One hash join of the
  // filter's case ids with the primary tags is what the count needs, whatever the filter.
  return ds.transaction(async (em) => {
    await em.query('SET LOCAL enable_nestloop = off')
    await em.query('SET LOCAL jit = off')
    const rows = (await em.query(`
      WITH scope AS (SELECT c.id FROM cases c ${whereSql(w)}),
      state AS (SELECT DISTINCT ON (node_id) node_id, parent_id, name_zh, jrt_cause, internal, merged_into FROM rc_node_history
                 WHERE version <= ${v}::int ORDER BY node_id, version DESC),
      tagged AS (
        -- A node made after that version (a split's part, say) counts under its parent as it was then.
        SELECT coalesce(m.node_id, s.node_id, p.node_id) AS node_id
          FROM case_root_causes t JOIN scope ON scope.id = t.case_id
          JOIN rc_nodes chosen ON chosen.id = CASE WHEN ${v}::int >= (SELECT max(version) FROM rc_taxonomy_versions) THEN t.node_id ELSE t.chosen_node_id END
          LEFT JOIN state s ON s.node_id = chosen.id
          LEFT JOIN state m ON m.node_id = s.merged_into
          LEFT JOIN state p ON p.node_id = chosen.parent_id
         WHERE t.role = 'primary'),
      rolled AS (SELECT CASE WHEN ${lv}::int = 1 THEN coalesce(s.parent_id, s.node_id) ELSE s.node_id END AS node_id
                   FROM tagged JOIN state s ON s.node_id = tagged.node_id)
      -- A case has at most one primary tag (case_root_causes_primary_idx): the untagged are the scope less the
      -- tagged, from the scope read once (it is used twice, so materialised), not a second scan with an anti-join.
      SELECT n.code, s.name_zh AS "nameZh", s.jrt_cause AS "jrtCause", s.internal, count(*)::int AS cases,
             (SELECT count(*) FROM scope)::int - (SELECT count(*) FROM tagged)::int AS untagged
        FROM rolled r JOIN rc_nodes n ON n.id = r.node_id JOIN state s ON s.node_id = r.node_id
       GROUP BY n.code, s.name_zh, s.jrt_cause, s.internal, n.position
       ORDER BY cases DESC, n.position, n.code`, [...w.params, version, level])) as (CauseRow & { untagged: number })[]
    // No tagged case in the scope: no row to carry the count.
    const untagged = rows.length ? rows[0].untagged
      : ((await em.query(`SELECT count(*)::int AS n FROM cases c ${whereSql(w)}`, w.params)) as { n: number }[])[0].n
    return { rows: rows.map(({ untagged: _, ...r }) => r), untagged }
  })
}
