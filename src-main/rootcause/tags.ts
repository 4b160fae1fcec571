// A case's root causes (问题根源): one primary and up to two secondary, at the second level where one fits and
// the first otherwise; set one case at a time or in bulk, every change in the audit trail with the tags
// before and after, and the case re-judged in the same transaction (R14 reads the primary cause).
import type { DataSource, EntityManager } from 'typeorm'
import { ApiFailure } from '../transport/errors'
import { recordChange } from '../trail/record'
import { rejudgeCases } from '../audit/rejudge'

export interface TagChoice { code: string; note?: string | null }
export interface CaseTagsInput { primary: TagChoice | null; secondary: TagChoice[] }

export interface CaseTag {
  code: string; nameZh: string; nameEn: string; firstLevelCode: string; firstLevelZh: string; jrtCause: string; internal: boolean
  role: 'primary' | 'secondary'; retired: boolean; chosenCode: string; taggedBy: string; taggedAt: string; note: string | null
}
export interface CaseTags { caseId: number; tags: CaseTag[]; retagQueued: boolean }

export const MAX_SECONDARY = 2

/** The case's causes as they read now (a merged tag under the node it was merged into), primary first. */
export async function caseRootCauses(q: Pick<EntityManager, 'query'>, caseId: number): Promise<CaseTags> {
  const tags = (await q.query(`
    SELECT n.code, n.name_zh AS "nameZh", n.name_en AS "nameEn", coalesce(p.code, n.code) AS "firstLevelCode", coalesce(p.name_zh, n.name_zh) AS "firstLevelZh",
           n.jrt_cause AS "jrtCause", n.internal, t.role, n.retired_version IS NOT NULL AS retired, ch.code AS "chosenCode",
           t.tagged_by AS "taggedBy", t.tagged_at AS "taggedAt", t.note
      FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id LEFT JOIN rc_nodes p ON p.id = n.parent_id JOIN rc_nodes ch ON ch.id = t.chosen_node_id
     WHERE t.case_id = $1 ORDER BY t.role, n.position`, [caseId])) as (Omit<CaseTag, 'taggedAt'> & { taggedAt: Date })[]
  const [{ queued }] = (await q.query('SELECT EXISTS (SELECT 1 FROM rc_retag_queue WHERE case_id = $1) AS queued', [caseId])) as { queued: boolean }[]
  return { caseId, tags: tags.map((t) => ({ ...t, taggedAt: t.taggedAt.toISOString() })), retagQueued: queued }
}

interface NodeRef { id: number; code: string; retired: boolean }

async function nodesByCode(em: EntityManager, codes: string[]): Promise<Map<string, NodeRef>> {
  const rows = (await em.query('SELECT id, code, retired_version IS NOT NULL AS retired FROM rc_nodes WHERE code = ANY($1::text[])', [codes])) as NodeRef[]
  const map = new Map(rows.map((r) => [r.code, r]))
  const unknown = codes.filter((c) => !map.has(c))
  if (unknown.length) throw new ApiFailure('invalid_request', `没有这些根因分类：${unknown.join('、')}`)
  return map
}

/** What a suggestion offered when the tags were set, so accept and override rates can be counted. */
export interface SuggestionOutcome { suggested: string[] }

/**
 * Replaces the case's causes with `input` in one transaction: checks (one primary; at most two secondary,
 * distinct and not the primary; a secondary needs a primary; a retired node only where the case already has
 * it), keeps who/when of tags that stay, clears the case from the 待重新标注 queue once it no longer carries the
 * node that was split, records the change and any suggestion's outcome, and re-judges the case.
 * @throws ApiFailure not_found (no such case) or invalid_request (the checks above)
 */
export async function setCaseRootCauses(ds: DataSource, actor: string, caseId: number, input: CaseTagsInput, suggestion?: SuggestionOutcome): Promise<CaseTags> {
  const wanted = [...(input.primary ? [{ ...input.primary, role: 'primary' as const }] : []), ...input.secondary.map((s) => ({ ...s, role: 'secondary' as const }))]
  if (!input.primary && input.secondary.length) throw new ApiFailure('invalid_request', '请先选主要根因，再选次要根因')
  if (input.secondary.length > MAX_SECONDARY) throw new ApiFailure('invalid_request', `次要根因最多 ${MAX_SECONDARY} 个`)
  if (new Set(wanted.map((w) => w.code)).size !== wanted.length) throw new ApiFailure('invalid_request', '同一根因不能重复选择')
  return ds.transaction(async (em) => {
    const [c] = (await em.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [caseId])) as { id: number }[]
    if (!c) throw new ApiFailure('not_found', `没有案件 ${caseId}`)
    const before = await caseRootCauses(em, caseId)
    const nodes = await nodesByCode(em, wanted.map((w) => w.code))
    const had = new Map(before.tags.map((t) => [t.code, t]))
    for (const w of wanted) {
      if (nodes.get(w.code)!.retired && !had.has(w.code)) throw new ApiFailure('invalid_request', `${w.code} 已停用，不能用于新的标注`)
    }
    await em.query('DELETE FROM case_root_causes WHERE case_id = $1', [caseId])
    for (const w of wanted) {
      const old = had.get(w.code)
      await em.query(`INSERT INTO case_root_causes (case_id, node_id, chosen_node_id, role, tagged_by, tagged_at, note)
        VALUES ($1, $2, coalesce((SELECT id FROM rc_nodes WHERE code = $3), $2), $4, $5, coalesce($6::timestamptz, now()), $7)`,
      [caseId, nodes.get(w.code)!.id, old?.chosenCode ?? w.code, w.role, old && old.role === w.role && (old.note ?? null) === (w.note ?? null) ? old.taggedBy : actor,
        old && old.role === w.role && (old.note ?? null) === (w.note ?? null) ? old.taggedAt : null, w.note ?? null])
    }
    await em.query(`DELETE FROM rc_retag_queue q WHERE q.case_id = $1 AND NOT EXISTS (SELECT 1 FROM case_root_causes t WHERE t.case_id = q.case_id AND t.node_id = q.node_id)`, [caseId])
    const after = await caseRootCauses(em, caseId)
    const brief = (t: CaseTags): { role: string; code: string; note: string | null }[] => t.tags.map((x) => ({ role: x.role, code: x.code, note: x.note }))
    await recordChange(em, { actor, entity: 'case_root_causes', entityId: caseId, action: 'update', before: brief(before), after: brief(after) })
    if (suggestion && input.primary) {
      await em.query('INSERT INTO rc_suggestion_events (case_id, actor, suggested, chosen, accepted) VALUES ($1, $2, $3, $4, $5)',
        [caseId, actor, suggestion.suggested, input.primary.code, suggestion.suggested[0] === input.primary.code])
    }
    await rejudgeCases(em, [caseId])
    return after
  })
}
