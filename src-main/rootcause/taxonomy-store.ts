// The root-cause taxonomy in the archive (migrations/1764000000015-root-causes.ts): read as it is now or as
// it was at any version, and edited by administrators — every edit a new version, in the audit trail.
import type { DataSource, EntityManager } from 'typeorm'
import { JRT_CAUSE } from '../shared/jrt'
import { ApiFailure } from '../transport/errors'
import { recordChange } from '../trail/record'
import { returnedRows } from '../db/returning'
import { rejudgeCases } from '../audit/rejudge'
import { taxonomyOf, type CauseNode, type Taxonomy } from './taxonomy-types'

type Query = Pick<EntityManager, 'query'>

export interface TaxonomyNode {
  id: number; code: string; parentCode: string | null; nameZh: string; nameEn: string; definition: string
  jrtCause: string; internal: boolean; retired: boolean; mergedInto: string | null
}
export interface TaxonomyView { version: number; nodes: TaxonomyNode[] }

/** What an administrator may do to the taxonomy. Codes name nodes; a new node's code is given by the archive. */
export type TaxonomyEdit =
  | { op: 'add'; parentCode: string | null; nameZh: string; nameEn: string; definition: string; jrtCause: string; internal: boolean }
  | { op: 'rename'; code: string; nameZh?: string; nameEn?: string; definition?: string }
  | { op: 'move'; code: string; parentCode: string }
  | { op: 'merge'; code: string; intoCode: string }
  | { op: 'split'; code: string; into: { nameZh: string; nameEn: string; definition: string }[] }
  | { op: 'retire'; code: string }

export async function currentVersion(q: Query): Promise<number> {
  const [{ v }] = (await q.query('SELECT max(version)::int AS v FROM rc_taxonomy_versions')) as { v: number }[]
  return v
}

/**
 * The taxonomy now (no `version`) or as it was at `version`: names, parents, axis-C codes and whether each
 * node was retired then. Nodes made later than `version` are left out.
 */
export async function loadTaxonomy(q: Query, version?: number): Promise<TaxonomyView> {
  const v = version ?? await currentVersion(q)
  const rows = (await q.query(`
    SELECT n.id, n.code, p.code AS "parentCode", h.name_zh AS "nameZh", h.name_en AS "nameEn", n.definition, h.jrt_cause AS "jrtCause",
           h.internal, h.retired, m.code AS "mergedInto"
      FROM rc_nodes n
      JOIN LATERAL (SELECT * FROM rc_node_history WHERE node_id = n.id AND version <= $1 ORDER BY version DESC LIMIT 1) h ON true
      LEFT JOIN rc_nodes p ON p.id = h.parent_id
      LEFT JOIN rc_nodes m ON m.id = h.merged_into
     ORDER BY n.position`, [v])) as TaxonomyNode[]
  return { version: v, nodes: rows }
}

/** The live taxonomy as the suggester reads it, phrases included. */
export async function suggesterTaxonomy(q: Query): Promise<Taxonomy> {
  const rows = (await q.query(`
    SELECT n.code, p.code AS parent, n.name_zh, n.name_en, n.definition, n.jrt_cause, n.internal, n.phrases, n.topics, n.retired_version IS NOT NULL AS retired
      FROM rc_nodes n LEFT JOIN rc_nodes p ON p.id = n.parent_id ORDER BY n.position`)) as
    { code: string; parent: string | null; name_zh: string; name_en: string; definition: string; jrt_cause: string; internal: boolean; phrases: string[]; topics: string[]; retired: boolean }[]
  const nodes: CauseNode[] = rows.map((r) => ({ code: r.code, parent: r.parent, nameZh: r.name_zh, nameEn: r.name_en, definition: r.definition,
    jrtCause: r.jrt_cause, internal: r.internal, phrases: r.phrases, topics: r.topics, retired: r.retired }))
  return taxonomyOf(nodes)
}

interface NodeRow { id: number; code: string; parent_id: number | null; name_zh: string; name_en: string; definition: string; jrt_cause: string; internal: boolean; retired_version: number | null }

async function node(em: EntityManager, code: string): Promise<NodeRow> {
  const [n] = (await em.query('SELECT id, code, parent_id, name_zh, name_en, definition, jrt_cause, internal, retired_version FROM rc_nodes WHERE code = $1', [code])) as NodeRow[]
  if (!n) throw new ApiFailure('not_found', `没有根因分类 ${code}`)
  return n
}
const live = (n: NodeRow, what: string): void => { if (n.retired_version !== null) throw new ApiFailure('invalid_request', `${n.code} ${n.name_zh} 已停用，不能${what}`) }

async function nextCode(em: EntityManager, parent: NodeRow | null): Promise<string> {
  const pattern = parent ? `^${parent.code.replace('.', '\\.')}\\.[0-9]{2}$` : '^RC[0-9]{2}$'
  const [{ n }] = (await em.query(`SELECT coalesce(max(substring(code from '[0-9]{2}$')::int), 0) + 1 AS n FROM rc_nodes WHERE code ~ $1`, [pattern])) as { n: number }[]
  if (n > 99) throw new ApiFailure('invalid_request', `${parent ? parent.code + ' 下' : '第一级'}已有 99 个分类，不能再增加`)
  return `${parent ? parent.code + '.' : 'RC'}${String(n).padStart(2, '0')}`
}

async function snapshot(em: EntityManager, ids: number[], version: number): Promise<void> {
  await em.query(`INSERT INTO rc_node_history (node_id, version, parent_id, name_zh, name_en, jrt_cause, internal, retired, merged_into)
    SELECT id, $2, parent_id, name_zh, name_en, jrt_cause, internal, retired_version IS NOT NULL, merged_into FROM rc_nodes WHERE id = ANY($1::int[])
    ON CONFLICT (node_id, version) DO UPDATE SET parent_id = EXCLUDED.parent_id, name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en,
      jrt_cause = EXCLUDED.jrt_cause, internal = EXCLUDED.internal, retired = EXCLUDED.retired, merged_into = EXCLUDED.merged_into`, [ids, version])
}

async function insertNode(em: EntityManager, parent: NodeRow | null, f: { nameZh: string; nameEn: string; definition: string; jrtCause: string; internal: boolean }, version: number): Promise<NodeRow> {
  if (!(f.jrtCause in JRT_CAUSE)) throw new ApiFailure('invalid_request', `${f.jrtCause} 不是 JR/T 0169 C 轴（投诉原因）的代码`)
  const code = await nextCode(em, parent)
  const [row] = (await em.query(`INSERT INTO rc_nodes (code, parent_id, name_zh, name_en, definition, jrt_cause, internal, position, since_version)
    VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT coalesce(max(position), 0) + 1 FROM rc_nodes), $8)
    RETURNING id, code, parent_id, name_zh, name_en, definition, jrt_cause, internal, retired_version`,
  [code, parent?.id ?? null, f.nameZh, f.nameEn, f.definition, f.jrtCause, f.internal, version])) as NodeRow[]
  return row
}

/**
 * Applies one edit as a new taxonomy version, in one transaction with its audit-trail entry.
 * - add: a first-level node, or a second-level one under a live first-level node;
 * - rename / move (second level only, to a live first-level node);
 * - merge: tags on the node are re-pointed to `intoCode` (each recorded), the node retired (a node with live
 *   children cannot be merged: move or merge them first);
 * - split: new sibling nodes are made, the node retired, its tags left on it and its cases queued 待重新标注;
 * - retire: kept readable and reportable, no longer offered for new tags.
 * @throws ApiFailure conflict when the taxonomy is no longer at `expectedVersion`; invalid_request or not_found
 * @returns the new version
 */
export async function editTaxonomy(ds: DataSource, actor: string, expectedVersion: number, edit: TaxonomyEdit): Promise<{ version: number; code?: string; codes?: string[] }> {
  return ds.transaction(async (em) => {
    await em.query('LOCK TABLE rc_taxonomy_versions IN SHARE ROW EXCLUSIVE MODE')
    const current = await currentVersion(em)
    if (current !== expectedVersion) throw new ApiFailure('conflict', `根因分类已被他人修改（现为第 ${current} 版）：请刷新后再改`)
    const version = current + 1
    await em.query('INSERT INTO rc_taxonomy_versions (version, created_by, note) VALUES ($1, $2, $3)', [version, actor, describe(edit)])
    const changed: number[] = []
    const trail: Record<string, unknown> = { version, edit }
    let result: { version: number; code?: string; codes?: string[] } = { version }
    if (edit.op === 'add') {
      const parent = edit.parentCode ? await node(em, edit.parentCode) : null
      if (parent) { live(parent, '在其下增加分类'); if (parent.parent_id !== null) throw new ApiFailure('invalid_request', '根因分类只有两级') }
      const made = await insertNode(em, parent, edit, version)
      changed.push(made.id)
      result = { version, code: made.code }
    } else {
      const n = await node(em, edit.code)
      const before = { nameZh: n.name_zh, nameEn: n.name_en, definition: n.definition, parentId: n.parent_id, retired: n.retired_version !== null }
      trail.before = before
      if (edit.op === 'rename') {
        live(n, '改名')
        await em.query('UPDATE rc_nodes SET name_zh = coalesce($2, name_zh), name_en = coalesce($3, name_en), definition = coalesce($4, definition) WHERE id = $1',
          [n.id, edit.nameZh ?? null, edit.nameEn ?? null, edit.definition ?? null])
        changed.push(n.id)
      } else if (edit.op === 'move') {
        live(n, '移动')
        if (n.parent_id === null) throw new ApiFailure('invalid_request', '第一级分类不能移到别的分类下')
        const to = await node(em, edit.parentCode)
        live(to, '接收移入的分类')
        if (to.parent_id !== null) throw new ApiFailure('invalid_request', '只能移到第一级分类下')
        await em.query('UPDATE rc_nodes SET parent_id = $2 WHERE id = $1', [n.id, to.id])
        changed.push(n.id)
      } else if (edit.op === 'merge') {
        live(n, '合并')
        const into = await node(em, edit.intoCode)
        live(into, '接收合并')
        if (into.id === n.id || into.parent_id === n.id) throw new ApiFailure('invalid_request', '不能并入自身或自己的下级')
        const [{ kids }] = (await em.query('SELECT count(*)::int AS kids FROM rc_nodes WHERE parent_id = $1 AND retired_version IS NULL', [n.id])) as { kids: number }[]
        if (kids > 0) throw new ApiFailure('invalid_request', `${n.code} ${n.name_zh} 下还有 ${kids} 个在用的二级分类：请先移动或合并它们`)
        // A case tagged with both keeps one tag: the merged one gives way to the one it is merged into.
        // (it inherits the primary role if the merged one had it).
        const both = returnedRows<{ case_id: number; role: string }>(await em.query(`DELETE FROM case_root_causes t WHERE t.node_id = $1
          AND EXISTS (SELECT 1 FROM case_root_causes u WHERE u.case_id = t.case_id AND u.node_id = $2) RETURNING case_id, role`, [n.id, into.id]))
        const promoted = both.filter((b) => b.role === 'primary').map((b) => b.case_id)
        if (promoted.length) await em.query(`UPDATE case_root_causes SET role = 'primary' WHERE node_id = $1 AND case_id = ANY($2::int[])`, [into.id, promoted])
        const moved = [...both, ...returnedRows<{ case_id: number }>(await em.query('UPDATE case_root_causes SET node_id = $2 WHERE node_id = $1 RETURNING case_id', [n.id, into.id]))]
        await em.query('UPDATE rc_nodes SET retired_version = $2, merged_into = $3 WHERE id = $1', [n.id, version, into.id])
        changed.push(n.id)
        trail.repointedCases = moved.map((m) => m.case_id)
        // A merge can change a case's primary cause, and with it R14.
        await rejudgeCases(em, [...new Set(moved.map((m) => m.case_id))])
      } else if (edit.op === 'split') {
        live(n, '拆分')
        if (edit.into.length < 2) throw new ApiFailure('invalid_request', '拆分至少要分成两个分类')
        const parent = n.parent_id === null ? null : (await em.query('SELECT id, code, parent_id, name_zh, name_en, definition, jrt_cause, internal, retired_version FROM rc_nodes WHERE id = $1', [n.parent_id]) as NodeRow[])[0]
        const codes: string[] = []
        for (const part of edit.into) {
          const made = await insertNode(em, parent, { ...part, jrtCause: n.jrt_cause, internal: n.internal }, version)
          changed.push(made.id)
          codes.push(made.code)
        }
        await em.query('UPDATE rc_nodes SET retired_version = $2 WHERE id = $1', [n.id, version])
        const queued = (await em.query(`INSERT INTO rc_retag_queue (case_id, node_id, version) SELECT DISTINCT case_id, $1::int, $2::int FROM case_root_causes WHERE node_id = $1::int
          ON CONFLICT (case_id) DO UPDATE SET node_id = EXCLUDED.node_id, version = EXCLUDED.version, queued_at = now() RETURNING case_id`, [n.id, version])) as unknown[]
        changed.push(n.id)
        trail.queuedForRetagging = queued.length
        result = { version, codes }
      } else {
        live(n, '停用')
        await em.query('UPDATE rc_nodes SET retired_version = $2 WHERE id = $1', [n.id, version])
        changed.push(n.id)
      }
    }
    await snapshot(em, changed, version)
    await recordChange(em, { actor, entity: 'root_cause_taxonomy', entityId: version, action: edit.op, before: trail.before ?? null, after: trail })
    return result
  })
}

function describe(e: TaxonomyEdit): string {
  switch (e.op) {
    case 'add': return `新增 ${e.nameZh}${e.parentCode ? `（${e.parentCode} 下）` : ''}`
    case 'rename': return `修改 ${e.code}${e.nameZh ? ` 为 ${e.nameZh}` : ''}`
    case 'move': return `${e.code} 移至 ${e.parentCode} 下`
    case 'merge': return `${e.code} 并入 ${e.intoCode}`
    case 'split': return `${e.code} 拆分为 ${e.into.map((x) => x.nameZh).join('、')}`
    case 'retire': return `停用 ${e.code}`
  }
}
