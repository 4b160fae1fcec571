// The columns of the trend summaries (migration 19) and what each counts, in one place: the migration builds
// its tables and its maintenance SQL from these lists, and the trend queries read the same names, so the
// summary and the fallback scan over trend_case_facts count with the very same expressions.
import { CHANNELS, SEVERITIES } from '../shared/codes'

/** The keys of trend_summary and trend_axis: the case list's filters the summaries answer, and the month. */
export const TREND_DIMS = [
  { name: 'month', type: 'date' },
  { name: 'unit_id', type: 'integer' },
  { name: 'category', type: 'text' },
  { name: 'channel', type: 'text' },
  { name: 'severity', type: 'text' },
  { name: 'business_line', type: 'text' },
  { name: 'is_group', type: 'boolean' },
  { name: 'is_repeat', type: 'boolean' }
] as const

/**
 * A measure: its column in trend_summary, and `fact`, the expression over one row of trend_case_facts (one
 * case) that the column sums. Money in 元 (numeric), everything else a count of cases (findings: of findings).
 */
export interface Measure { name: string; type: 'integer' | 'numeric(16,2)'; fact: string }

const flag = (cond: string): string => `coalesce((${cond})::int, 0)`

export const TREND_MEASURES: readonly Measure[] = [
  { name: 'cases', type: 'integer', fact: '1' },
  { name: 'indirect', type: 'integer', fact: flag('indirect') },
  { name: 'revisited', type: 'integer', fact: flag('satisfaction IS NOT NULL') },
  { name: 'content', type: 'integer', fact: flag("satisfaction IN ('satisfied', 'basically')") },
  { name: 'dissatisfied', type: 'integer', fact: flag("satisfaction = 'dissatisfied'") },
  { name: 'audited', type: 'integer', fact: flag('internal IS NOT NULL') },
  { name: 'flagged', type: 'integer', fact: flag('flagged') },
  { name: 'waiting', type: 'integer', fact: flag('waiting') },
  { name: 'reviewed', type: 'integer', fact: flag('conclusion IS NOT NULL') },
  { name: 'compliant', type: 'integer', fact: flag("conclusion = 'compliant'") },
  { name: 'basically_compliant', type: 'integer', fact: flag("conclusion = 'basically_compliant'") },
  { name: 'non_compliant', type: 'integer', fact: flag("conclusion = 'non_compliant'") },
  { name: 'findings', type: 'integer', fact: 'findings' },
  { name: 'offers', type: 'integer', fact: 'offers' },
  { name: 'remediation', type: 'numeric(16,2)', fact: 'remediation' },
  { name: 'tagged', type: 'integer', fact: flag('root_cause IS NOT NULL') }
]

export type PolicyKind = 'internal' | 'regulatory'
/** A rule outcome column: i04f = rule R04 failed under the internal policy; r…: the regulatory floor. P/F/U letters of audit_results. */
export interface RuleColumn { name: string; policy: PolicyKind; rule: number; letter: 'P' | 'F' | 'U' }

export const RULE_COLUMNS: readonly RuleColumn[] = (['internal', 'regulatory'] as const).flatMap((policy) =>
  Array.from({ length: 16 }, (_, i) => i + 1).flatMap((rule) => (['P', 'F', 'U'] as const).map((letter) => ({
    name: `${policy[0]}${String(rule).padStart(2, '0')}${letter.toLowerCase()}`, policy, rule, letter
  }))))

export const ruleColumn = (policy: PolicyKind, rule: number, letter: 'P' | 'F' | 'U'): string =>
  `${policy[0]}${String(rule).padStart(2, '0')}${letter.toLowerCase()}`

/** The expression over a trend_case_facts row that a rule column sums. */
export const ruleLetterExpr = (r: RuleColumn): string => flag(`substr(${r.policy}, ${r.rule}, 1) = '${r.letter}'`)

/** Every summed column with its per-case expression. */
export const ALL_MEASURES: readonly { name: string; fact: string }[] = [
  ...TREND_MEASURES.map((m) => ({ name: m.name, fact: m.fact })),
  ...RULE_COLUMNS.map((r) => ({ name: r.name, fact: ruleLetterExpr(r) }))
]

/**
 * The keys of the narrow summaries (trend_month, trend_month_axis, migration 31): month × unit × category, about
 * 25,000 rows at 1,000,000 cases against half a million in trend_summary. They answer every filter that names no
 * other dimension (the dashboard's and most of leadership's), and carry the breakdowns the charts need as counts.
 */
export const NARROW_DIMS = ['month', 'unit_id', 'category'] as const

/**
 * Counts of cases by a dimension the narrow summaries do not key on: per channel, per severity, group and
 * repeat complaints. A new channel or severity code needs a migration adding its column.
 */
export const DIM_COUNTS: readonly { name: string; fact: string }[] = [
  ...CHANNELS.map((c) => ({ name: `ch_${c}`, fact: flag(`channel = '${c}'`) })),
  ...SEVERITIES.map((v) => ({ name: `sev_${v}`, fact: flag(`severity = '${v}'`) })),
  { name: 'grp', fact: flag('is_group') },
  { name: 'rpt', fact: flag('is_repeat') }
]

/**
 * The single dimensions trend_month_dim / trend_month_dim_axis (migration 41) key on beside month × unit × category:
 * `dim` is the table's key, `column` the trend_case_facts / trend_summary column (its value stored as text:
 * a code, or 'true' / 'false'), `filter` the CaseFilter field. A filter naming one of them (and otherwise only
 * whole months, a unit and a category) reads those ~25,000 rows of its value instead of trend_summary.
 */
export const SINGLE_DIMS = [
  { dim: 'channel', column: 'channel', filter: 'channel' },
  { dim: 'severity', column: 'severity', filter: 'severity' },
  { dim: 'business_line', column: 'business_line', filter: 'businessLine' },
  { dim: 'group', column: 'is_group', filter: 'group' },
  { dim: 'repeat', column: 'is_repeat', filter: 'repeat' }
] as const
