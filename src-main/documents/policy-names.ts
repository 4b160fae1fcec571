// The policy sets' names as the documents print them (shared/policy-names.ts). The codes still reach documents
// inside the engine's evidence (the authority matrix migration 20 derived from a set is titled 「据 internal-2020
// 分行审批权限」, and a review freezes that text), so the text is named again as it is printed.
import type { EntityManager } from 'typeorm'
import { policySetShortName, type PolicySetTitle } from '../shared/policy-names'

export { namePolicySets, policySetName, policySetShortName, type PolicySetTitle } from '../shared/policy-names'

/** Every policy set's code → its short name (all versions: a frozen review may cite a superseded one). */
export async function loadPolicySetNames(q: Pick<EntityManager, 'query'>): Promise<Record<string, string>> {
  const rows = (await q.query(`SELECT DISTINCT ON (code) code, title, effective_from::text AS effective_from, version
    FROM policy_sets ORDER BY code, version DESC`)) as PolicySetTitle[]
  return Object.fromEntries(rows.map((r) => [r.code, policySetShortName(r)]))
}
