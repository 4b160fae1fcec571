// Bulk tagging: one cause given to a selection of cases or to every case the list's filter matches — counted
// first, applied all or nothing, each case's change in the audit trail, the cases whose audit it can change
// re-judged, and the last bulk action of a user undoable while none of its cases has been changed since.
import type { DataSource, EntityManager } from 'typeorm'
import type { CaseFilter } from '../shared/contract'
import { unitScope, whereOf, whereSql, withText } from '../cases/case-filter'
import { ApiFailure } from '../transport/errors'
import { rejudgeCases } from '../audit/rejudge'
import { MAX_SECONDARY } from './tags'

export type BulkTarget = { caseIds: number[] } | { filter: CaseFilter }
export interface BulkTagRequest { target: BulkTarget; code: string; role: 'primary' | 'secondary' }

/** The cases a target names, as a SELECT of ids with its parameters. */
async function targetSql(ds: DataSource, target: BulkTarget): Promise<{ sql: string; params: unknown[] }> {
  if ('caseIds' in target) return { sql: 'SELECT id FROM cases WHERE id = ANY($1::int[])', params: [target.caseIds] }
  const w = withText(whereOf(target.filter, { units: await unitScope(ds, target.filter) }))
  return { sql: `SELECT c.id FROM cases c ${whereSql(w)}`, params: w.params }
}

/** How many cases the target names (the exact count shown before applying). */
export async function countBulkTarget(ds: DataSource, target: BulkTarget): Promise<number> {
  const t = await targetSql(ds, target)
  const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM (${t.sql}) s`, t.params)) as { n: number }[]
  return n
}

const TAGS_OF = (alias: string): string => `coalesce((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.role, t.node_id) FROM case_root_causes t WHERE t.case_id = ${alias}.case_id), '[]'::jsonb)`
const KEYS_OF = (alias: string): string => `coalesce((SELECT jsonb_agg(jsonb_build_array(t.node_id, t.role) ORDER BY t.role, t.node_id) FROM case_root_causes t WHERE t.case_id = ${alias}.case_id), '[]'::jsonb)`

async function trailEach(em: EntityManager, actionId: number, actor: string, action: string, beforeCol: string, afterCol: string): Promise<void> {
  await em.query(`INSERT INTO audit_trail (actor, entity, entity_id, action, before, after)
    SELECT $2, 'case_root_causes', b.case_id::text, $3, jsonb_build_object('bulkAction', $1::int, 'tags', ${beforeCol}), jsonb_build_object('bulkAction', $1::int, 'tags', ${afterCol})
      FROM rc_bulk_before b WHERE b.action_id = $1`, [actionId, actor, action])
}

/**
 * Gives `code` as the primary cause (replacing each case's primary) or as a secondary one (added where the
 * case does not already carry it) to every case of the target, in one transaction.
 * @throws ApiFailure invalid_request: an unknown or retired cause, no cases, expectedCount no longer the count,
 *   or (secondary) cases without a primary or with two secondary causes already — then nothing is changed
 * @returns the bulk action's id and how many cases it changed
 */
export async function bulkTag(ds: DataSource, actor: string, req: BulkTagRequest, expectedCount?: number): Promise<{ actionId: number; cases: number }> {
  const t = await targetSql(ds, req.target)
  return ds.transaction(async (em) => {
    const [node] = (await em.query('SELECT id, retired_version IS NOT NULL AS retired FROM rc_nodes WHERE code = $1', [req.code])) as { id: number; retired: boolean }[]
    if (!node) throw new ApiFailure('invalid_request', `没有根因分类 ${req.code}`)
    if (node.retired) throw new ApiFailure('invalid_request', `${req.code} 已停用，不能用于新的标注`)
    await em.query('CREATE TEMP TABLE bulk_cases (case_id integer PRIMARY KEY) ON COMMIT DROP')
    await em.query(`INSERT INTO bulk_cases SELECT id FROM (${t.sql}) s`, t.params)
    await em.query('SELECT 1 FROM cases WHERE id IN (SELECT case_id FROM bulk_cases) FOR UPDATE')
    const [{ n }] = (await em.query('SELECT count(*)::int AS n FROM bulk_cases')) as { n: number }[]
    if (n === 0) throw new ApiFailure('invalid_request', '没有符合条件的案件')
    if (expectedCount !== undefined && n !== expectedCount) throw new ApiFailure('conflict', `符合条件的案件已从 ${expectedCount} 件变为 ${n} 件：请确认后再标注`)
    if (req.role === 'secondary') {
      const [bad] = (await em.query(`SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM case_root_causes t WHERE t.case_id = b.case_id AND t.role = 'primary'))::int AS "noPrimary",
        count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM case_root_causes t WHERE t.case_id = b.case_id AND t.node_id = $1)
          AND (SELECT count(*) FROM case_root_causes t WHERE t.case_id = b.case_id AND t.role = 'secondary') >= ${MAX_SECONDARY})::int AS full
        FROM bulk_cases b`, [node.id])) as { noPrimary: number; full: number }[]
      if (bad.noPrimary) throw new ApiFailure('invalid_request', `其中 ${bad.noPrimary} 件尚无主要根因：次要根因须在主要根因之后标注，未作任何修改`)
      if (bad.full) throw new ApiFailure('invalid_request', `其中 ${bad.full} 件已有 ${MAX_SECONDARY} 个次要根因，未作任何修改`)
    }
    const [{ id: actionId }] = (await em.query(`INSERT INTO rc_bulk_actions (actor, node_id, role, cases, filter) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [actor, node.id, req.role, n, JSON.stringify(req.target)])) as { id: number }[]
    // The tags before, kept aside; rc_bulk_before gets them with the keys after in one write once the tags changed.
    await em.query(`CREATE TEMP TABLE bulk_before ON COMMIT DROP AS SELECT b.case_id, ${TAGS_OF('b')} AS tags FROM bulk_cases b`)
    if (req.role === 'primary') {
      // The cause leaves the secondaries; a primary is re-pointed in place and a case without one gets it: each
      // case's tags change in one statement, so the triggers' summaries and offer checks see each case once.
      await em.query(`DELETE FROM case_root_causes t USING bulk_cases b WHERE t.case_id = b.case_id AND t.role = 'secondary' AND t.node_id = $1`, [node.id])
      await em.query(`UPDATE case_root_causes t SET node_id = $1, chosen_node_id = $1, tagged_by = $2, tagged_at = now(), note = NULL
        FROM bulk_cases b WHERE t.case_id = b.case_id AND t.role = 'primary'`, [node.id, actor])
      await em.query(`INSERT INTO case_root_causes (case_id, node_id, chosen_node_id, role, tagged_by) SELECT b.case_id, $1, $1, 'primary', $2 FROM bulk_cases b
        WHERE NOT EXISTS (SELECT 1 FROM case_root_causes t WHERE t.case_id = b.case_id AND t.role = 'primary')`, [node.id, actor])
    } else {
      await em.query(`INSERT INTO case_root_causes (case_id, node_id, chosen_node_id, role, tagged_by) SELECT case_id, $1, $1, 'secondary', $2 FROM bulk_cases
        ON CONFLICT (case_id, node_id) DO NOTHING`, [node.id, actor])
    }
    await em.query(`INSERT INTO rc_bulk_before (action_id, case_id, tags, after_tags) SELECT $1, b.case_id, b.tags, ${KEYS_OF('b')} FROM bulk_before b`, [actionId])
    await trailEach(em, actionId, actor, 'bulk_tag', 'b.tags', TAGS_OF('b'))
    await rejudgeCases(em, await causeMoved(em, 'SELECT case_id, tags FROM bulk_before', []))
    return { actionId, cases: n }
  })
}

/**
 * Of the cases `rows` selects (case_id, and their tags before as TAGS_OF wrote them), those whose primary cause
 * has come or gone or changed between internal and not: the only things of a case's tags the audit reads (R14,
 * through archive-reader's rc.internal; the code is only named in its wording, which is not stored), so the only
 * cases whose stored results a tag change can alter. Secondary causes are not read at all.
 * @returns their ids, ascending
 */
async function causeMoved(em: EntityManager, rows: string, params: unknown[]): Promise<number[]> {
  return ((await em.query(`SELECT x.case_id FROM (${rows}) x
    WHERE (SELECT n.internal FROM jsonb_to_recordset(x.tags) r(node_id integer, role text) JOIN rc_nodes n ON n.id = r.node_id WHERE r.role = 'primary')
      IS DISTINCT FROM (SELECT n.internal FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id WHERE t.case_id = x.case_id AND t.role = 'primary')
    ORDER BY x.case_id`, params)) as { case_id: number }[]).map((r) => r.case_id)
}

/**
 * Puts the action's cases' tags back as rc_bulk_before keeps them, touching only what differs: rows with no equal
 * row before go, a primary that was another cause before is re-pointed in place, rows missing are added back. A
 * case's tags thus change in one statement (the triggers see each case once). Deleting first keeps the keys
 * unique throughout: what stays equals a row of before, and before's rows are unique.
 */
async function restoreBefore(em: EntityManager, actionId: number): Promise<void> {
  await em.query(`CREATE TEMP TABLE undo_before ON COMMIT DROP AS
    SELECT r.* FROM rc_bulk_before b, jsonb_populate_recordset(NULL::case_root_causes, b.tags) r WHERE b.action_id = $1`, [actionId])
  const same = (t: string, u: string): string => `(${u}.case_id, ${u}.node_id, ${u}.chosen_node_id, ${u}.role, ${u}.tagged_by, ${u}.tagged_at, ${u}.note)
    IS NOT DISTINCT FROM (${t}.case_id, ${t}.node_id, ${t}.chosen_node_id, ${t}.role, ${t}.tagged_by, ${t}.tagged_at, ${t}.note)`
  await em.query(`DELETE FROM case_root_causes t USING rc_bulk_before b WHERE b.action_id = $1 AND t.case_id = b.case_id
    AND NOT EXISTS (SELECT 1 FROM undo_before u WHERE u.case_id = t.case_id AND (${same('t', 'u')} OR (t.role = 'primary' AND u.role = 'primary')))`, [actionId])
  await em.query(`UPDATE case_root_causes t SET node_id = u.node_id, chosen_node_id = u.chosen_node_id, tagged_by = u.tagged_by, tagged_at = u.tagged_at, note = u.note
    FROM undo_before u WHERE u.case_id = t.case_id AND u.role = 'primary' AND t.role = 'primary' AND NOT (${same('t', 'u')})`)
  await em.query(`INSERT INTO case_root_causes (case_id, node_id, chosen_node_id, role, tagged_by, tagged_at, note)
    SELECT u.case_id, u.node_id, u.chosen_node_id, u.role, u.tagged_by, u.tagged_at, u.note FROM undo_before u
     WHERE NOT EXISTS (SELECT 1 FROM case_root_causes t WHERE t.case_id = u.case_id AND ${same('t', 'u')})`)
}

/** The user's last bulk action that can still be undone, or null. */
export async function lastBulkAction(q: Pick<EntityManager, 'query'>, actor: string): Promise<{ id: number; code: string; nameZh: string; role: string; cases: number; at: string } | null> {
  const [row] = (await q.query(`SELECT a.id, n.code, n.name_zh AS "nameZh", a.role, a.cases, a.at FROM rc_bulk_actions a JOIN rc_nodes n ON n.id = a.node_id
    WHERE a.actor = $1 AND a.undone_at IS NULL ORDER BY a.id DESC LIMIT 1`, [actor])) as { id: number; code: string; nameZh: string; role: string; cases: number; at: Date }[]
  return row ? { ...row, at: row.at.toISOString() } : null
}

/**
 * Puts every case of the user's last bulk action back as it was before it, in one transaction.
 * @throws ApiFailure not_found (nothing to undo) or conflict (some of its cases were changed since: nothing is undone)
 */
export async function undoBulkTag(ds: DataSource, actor: string): Promise<{ actionId: number; cases: number }> {
  return ds.transaction(async (em) => {
    const last = await lastBulkAction(em, actor)
    if (!last) throw new ApiFailure('not_found', '没有可撤销的批量标注')
    await em.query('SELECT 1 FROM rc_bulk_actions WHERE id = $1 FOR UPDATE', [last.id])
    await em.query('SELECT 1 FROM cases WHERE id IN (SELECT case_id FROM rc_bulk_before WHERE action_id = $1) FOR UPDATE', [last.id])
    const [{ changed }] = (await em.query(`SELECT count(*)::int AS changed FROM rc_bulk_before b WHERE b.action_id = $1 AND b.after_tags <> ${KEYS_OF('b')}`, [last.id])) as { changed: number }[]
    if (changed) throw new ApiFailure('conflict', `批量标注之后，其中 ${changed} 件的根因又被修改过，不能整体撤销：请逐件处理`)
    await em.query('CREATE TEMP TABLE undo_after (case_id integer PRIMARY KEY, tags jsonb) ON COMMIT DROP')
    await em.query(`INSERT INTO undo_after SELECT b.case_id, ${TAGS_OF('b')} FROM rc_bulk_before b WHERE b.action_id = $1`, [last.id])
    await restoreBefore(em, last.id)
    await trailEach(em, last.id, actor, 'bulk_undo', '(SELECT u.tags FROM undo_after u WHERE u.case_id = b.case_id)', 'b.tags')
    await em.query('UPDATE rc_bulk_actions SET undone_at = now(), undone_by = $2 WHERE id = $1', [last.id, actor])
    await rejudgeCases(em, await causeMoved(em, 'SELECT case_id, tags FROM undo_after', []))
    const [{ n }] = (await em.query('SELECT count(*)::int AS n FROM undo_after')) as { n: number }[]
    return { actionId: last.id, cases: n }
  })
}
