// The vocabulary of an audit result: four statuses, and evidence that says what was compared with what.
import type { AuditFacts, RuleContext } from './facts'

export const RULE_STATUSES = ['pass', 'fail', 'not_applicable', 'cannot_tell'] as const
export type RuleStatus = (typeof RULE_STATUSES)[number]

/** One letter per status, for storing a case's sixteen results as a short string (P F N U). */
export const STATUS_LETTER: Record<RuleStatus, string> = { pass: 'P', fail: 'F', not_applicable: 'N', cannot_tell: 'U' }
export const LETTER_STATUS: Record<string, RuleStatus> = { P: 'pass', F: 'fail', N: 'not_applicable', U: 'cannot_tell' }

export type EvidenceValue = string | number | boolean | null
export interface RuleResult {
  status: RuleStatus
  /** What the rule looked at: times compared, limits applied, people matched, fields missing. */
  evidence: Record<string, EvidenceValue>
  /** One sentence in Chinese saying why, for the review screen and the documents. */
  reason: string
}

export type PolicyKind = 'internal' | 'regulatory'

export interface RuleDef {
  code: string
  titleZh: string
  titleEn: string
  /** The policy text the rule comes from (domain.md, seeds 000–004; 银保监会令2020年第3号 for the regulatory floor). */
  source: string
  regulatorySource?: string
  internal: (f: AuditFacts, ctx: RuleContext) => RuleResult
  /** The regulatory floor's version of the rule; absent where the regulation sets no such requirement. */
  regulatory?: (f: AuditFacts, ctx: RuleContext) => RuleResult
}
