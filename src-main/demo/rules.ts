// Which review rules (domain.md R01–R16) the generator breaks on purpose, and how often. A rate is the
// share of the cases the rule applies to (e.g. R10 of group complaints) that get a violation injected.
export const RULE_CODES = ['R01', 'R02', 'R03', 'R04', 'R05', 'R06', 'R07', 'R08', 'R09', 'R10', 'R11', 'R12', 'R13', 'R14', 'R15', 'R16'] as const
export type RuleCode = (typeof RULE_CODES)[number]

export const DEFAULT_VIOLATION_RATES: Record<RuleCode, number> = {
  R01: 0.03, // late acceptance or no acceptance notice
  R02: 0.03, // classified after 48 h
  R03: 0.03, // registration incomplete (evidence not noted)
  R04: 0.04, // handled past 7/15 working days without an extension
  R05: 0.03, // reply later than 10 working days after handling
  R06: 0.05, // handled by the complained person (of cases with a complained person)
  R07: 0.02, // no first receiver recorded
  R08: 0.15, // 严重/重大 without approval (of cases needing it)
  R09: 0.15, // not escalated, or late (of cases needing it)
  R10: 0.2, // group complaint not flagged (of group complaints)
  R11: 0.1, // regulator/media transfer not classed 重大 (of such cases)
  R12: 0.04, // no revisit, or dissatisfaction without re-review
  R13: 0.1, // offer without basis, acceptance, in-time payment or right approval (of offers)
  R14: 0.1, // internal cause without rectification (of internal-cause cases)
  R15: 0.3, // repeat complaint not linked (of repeat complaints)
  R16: 0.03 // archive form incomplete
}
