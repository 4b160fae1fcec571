// The evidence behind a drilled-down rule bar (issue 12, point 2: "drilling down to the failing cases with their
// evidence"): for the cases on the case list's page, what the audit engine found for one rule under one policy
// set — recomputed from the cases as stored, as the review screen does (audit_results keeps only the letters).
import type { DataSource } from 'typeorm'
import { factsFromFields, factsQuery } from '../audit/archive-reader'
import { auditCase } from '../audit/engine'
import { loadReference } from '../audit/policies'
import { RULE_BY_CODE } from '../audit/rules'
import { LETTER_STATUS } from '../audit/types'
import type { RuleEvidenceResponse } from '../shared/contract-trends'

/**
 * One rule's result with its evidence for each of `caseIds` (at most a page; unknown ids are left out).
 * Three queries whatever the page size: the facts, the staff names they mention, the stored letters.
 * @param rule 1–16 (R01…R16)
 * @returns rows in the order of `caseIds`; `stored` is the letter of audit_results as a status (null: never audited),
 *   `status`/`reason`/`evidence` the engine's answer now (they differ only while a re-audit is due)
 */
export async function ruleEvidence(ds: DataSource, caseIds: number[], rule: number, policy: 'internal' | 'regulatory'): Promise<RuleEvidenceResponse> {
  const code = `R${String(rule).padStart(2, '0')}`
  const def = RULE_BY_CODE.get(code)!
  const head = { rule: code, policy, title: def.titleZh, titleEn: def.titleEn }
  if (!caseIds.length) return { ...head, rows: [] }
  const { sql, params } = factsQuery({ ids: caseIds })
  const [facts, staff, stored, { book, calendar }] = await Promise.all([
    ds.query(sql, params) as Promise<Record<string, string>[]>,
    ds.query(`SELECT DISTINCT s.id, s.name FROM staff s JOIN cases c ON s.id IN (c.first_receiver_id, c.handler_id, c.complained_staff_id, c.approver_id, c.further_extension_approver_id)
      WHERE c.id = ANY($1::int[])`, [caseIds]) as Promise<{ id: number; name: string }[]>,
    ds.query(`SELECT case_id, substr(${policy === 'regulatory' ? 'regulatory' : 'internal'}, $2::int, 1) AS letter FROM audit_results WHERE case_id = ANY($1::int[])`, [caseIds, rule]) as Promise<{ case_id: number; letter: string }[]>,
    loadReference(ds)
  ])
  const names = new Map(staff.map((s) => [String(s.id), s.name]))
  const letterOf = new Map(stored.map((s) => [s.case_id, s.letter]))
  const byId = new Map(facts.map((row) => {
    const a = auditCase(factsFromFields(Object.values(row), names), book, calendar)
    const r = a.rules[rule - 1][policy]
    const letter = letterOf.get(a.caseId!)
    return [a.caseId!, { caseId: a.caseId!, caseNo: a.caseNo, stored: letter ? LETTER_STATUS[letter] : null, status: r.status, reason: r.reason, evidence: r.evidence }]
  }))
  return { ...head, rows: caseIds.flatMap((id) => byId.get(id) ?? []) }
}
