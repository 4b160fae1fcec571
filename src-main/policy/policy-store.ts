// Policy parameter sets as the database holds them: every version, and saving a new one. A case is judged by
// the set in force on the day it was received (src-main/audit/policies.ts reads the sets that govern).
import type { DataSource } from 'typeorm'
import { recordChange } from '../trail/record'
import { conflict, invalid } from '../transport/errors'
import type { PolicySetView } from '../shared/contract-policy'

interface Row {
  id: number; code: string; kind: 'internal' | 'regulatory'; title: string; effective_from: string; version: number; params: PolicySetView['params']
  source: string | null; note: string | null; created_by: string; created_at: Date; superseded_at: Date | null
}
const view = (r: Row): PolicySetView => ({
  id: r.id, code: r.code, kind: r.kind, title: r.title, effectiveFrom: r.effective_from, version: r.version, params: r.params, source: r.source,
  note: r.note, createdBy: r.created_by, createdAt: r.created_at.toISOString(), supersededAt: r.superseded_at?.toISOString() ?? null
})

/** Every set and every earlier version, by kind and effective day, newest version first. */
export async function listPolicySets(ds: Pick<DataSource, 'query'>): Promise<PolicySetView[]> {
  const rows: Row[] = await ds.query('SELECT * FROM policy_sets ORDER BY kind, effective_from DESC, version DESC')
  return rows.map(view)
}

export interface PolicySetInput {
  kind: 'internal' | 'regulatory'; effectiveFrom: string; title: string; params: PolicySetView['params']; note: string
  /** The version of the day's set the change was made on; null: none existed; undefined: not checked. */
  expectedVersion?: number | null
}

/**
 * Saves a set in force from `effectiveFrom`: a new version when a set of that kind and day exists (the old
 * version is kept, marked superseded), otherwise a new set; recorded in the audit trail with the parameters
 * before and after; one transaction. The caller validates the parameters (contract-policy.ts).
 * @returns the saved version, or null when it would change nothing (same title and parameters)
 * @throws ApiFailure invalid_request when the day is before 2000-01-01 (no archive goes back further);
 *   conflict when the day's set is no longer the version the change was made on (someone saved meanwhile)
 */
export async function savePolicySet(ds: DataSource, input: PolicySetInput, actor: string): Promise<PolicySetView | null> {
  if (input.effectiveFrom < '2000-01-01') throw invalid(`生效日期过早：${input.effectiveFrom}`)
  return ds.transaction(async (em) => {
    await em.query('LOCK TABLE policy_sets IN SHARE ROW EXCLUSIVE MODE')
    const [current]: Row[] = await em.query('SELECT * FROM policy_sets WHERE kind = $1 AND effective_from = $2 AND superseded_at IS NULL', [input.kind, input.effectiveFrom])
    if (input.expectedVersion !== undefined && (current?.version ?? null) !== input.expectedVersion) {
      throw conflict(current
        ? `${input.effectiveFrom} 起的制度参数已由 ${current.created_by} 于 ${current.created_at.toISOString().slice(0, 16).replace('T', ' ')} 保存为第 ${current.version} 版，请在该版本上重新修改`
        : `${input.effectiveFrom} 起的制度参数已不存在，请刷新后重新修改`)
    }
    if (current && current.title === input.title && JSON.stringify(sortKeys(current.params)) === JSON.stringify(sortKeys(input.params))) return null
    const version = current ? current.version + 1 : 1
    const code = `${input.kind === 'internal' ? 'internal' : 'regulatory'}-${input.effectiveFrom}${version > 1 ? `-v${version}` : ''}`
    if (current) await em.query('UPDATE policy_sets SET superseded_at = now() WHERE id = $1', [current.id])
    const [row]: Row[] = await em.query(
      `INSERT INTO policy_sets (code, kind, title, effective_from, params, source, version, created_by, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [code, input.kind, input.title, input.effectiveFrom, JSON.stringify(input.params), current?.source ?? null, version, actor, input.note])
    await recordChange(em, {
      actor, entity: 'policy_set', entityId: `${input.kind}:${input.effectiveFrom}`, action: current ? 'new_version' : 'create',
      before: current ? { code: current.code, title: current.title, params: current.params } : null,
      after: { code, title: input.title, params: input.params, note: input.note }
    })
    return view(row)
  })
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]))
}
