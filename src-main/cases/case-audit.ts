// One case's audit as the engine judges it now, for the case detail (the list's ⚠预警 says that some rule
// failed; the detail says which, why, and on what evidence). Computed on request from the archive, the
// policy sets and the calendar, like the results a review freezes (reviews/plans.ts).
import type { DataSource } from 'typeorm'
import type { CaseAuditView, RuleResultView } from '../shared/review-types'
import { loadCaseFacts } from '../audit/archive-reader'
import { auditCase } from '../audit/engine'
import { loadReference } from '../audit/policies'
import { RULES } from '../audit/rules'
import { maskFreeText } from '../privacy'
import { NotFoundError } from './case-detail'

/** Order of a rule in the detail: a failure under either policy set first, then what cannot be told, then the rest. */
const RANK: Record<RuleResultView['status'], number> = { fail: 0, cannot_tell: 1, pass: 2, not_applicable: 3 }
const rank = (r: { internal: RuleResultView; regulatory: RuleResultView }): number => Math.min(RANK[r.internal.status], RANK[r.regulatory.status])

/** Evidence and reason with any personal data typed into the archive's text masked, as the detail's other fields. */
const masked = (r: RuleResultView): RuleResultView => ({
  status: r.status,
  reason: maskFreeText(r.reason),
  evidence: Object.fromEntries(Object.entries(r.evidence).map(([k, v]) => [k, typeof v === 'string' ? maskFreeText(v) : v]))
})

/**
 * The 16 rules for case `id`, under internal policy and the regulatory floor in force on its day of receipt:
 * failed rules first (stable by rule code within a rank).
 * @throws NotFoundError (not_found) when there is no such case
 */
export async function caseAudit(ds: DataSource, id: number): Promise<CaseAuditView> {
  const facts = await loadCaseFacts(ds, id)
  if (!facts) throw new NotFoundError(`案件 ${id} 不存在`)
  const { book, calendar } = await loadReference(ds)
  const audit = auditCase(facts, book, calendar)
  const byCode = new Map(RULES.map((r) => [r.code, r]))
  const rules = audit.rules.map((o) => {
    const def = byCode.get(o.code)!
    return {
      code: o.code, titleZh: def.titleZh, titleEn: def.titleEn, source: def.source, regulatorySource: def.regulatorySource ?? null,
      internal: masked(o.internal), regulatory: masked(o.regulatory)
    }
  })
  rules.sort((a, b) => rank(a) - rank(b))
  return { policySets: audit.policySets, rules }
}
