// The per-bucket sums of a scan (a text search, a root cause…: the case-level facts `s` of the cases found), with
// the 96 rule columns counted from pre-grouped letters rather than case by case. A case's audit outcome is a string
// of 16 letters per policy set (P pass, F fail, U cannot tell, N not applicable: audit_results); summing
// `substr(letters, k, 1) = 'P'` for every rule, letter and policy costs 96 expressions a case, which was most of a
// text search's time (about 1 s for 13,000 cases at 200,000 under load). Cut into four-letter pieces, the letters
// take few values (at most 4⁴ a piece, a few dozen in practice), so the cases are first counted per bucket and piece
// (one hashing pass, GROUPING SETS) and the 96 columns summed over those counts. The figures are the same sums.
import { DIM_COUNTS, RULE_COLUMNS, TREND_MEASURES, type PolicyKind } from './summary-columns'

const POLICIES: PolicyKind[] = ['internal', 'regulatory']
const PIECES = [0, 1, 2, 3]
const piece = (policy: PolicyKind, q: number): string => `${policy[0]}k${q}`

/** A measure's per-case expression over the facts `s` (summary-columns.ts), its bare columns qualified. */
const overS = (fact: string): string =>
  fact.replace(/\b(indirect|satisfaction|internal|regulatory|flagged|waiting|conclusion|findings|offers|remediation|root_cause|channel|severity|is_group|is_repeat)\b/g, 's.$1')

/**
 * The totals query over `from` (`FROM (…) s`, one row per case): the same columns as the summaries' totals (every
 * measure as float8, every rule column, major / group / repeat), per bucket (`bucket`: an expression over s.month)
 * or for the whole range (null: one row, zeros when no case).
 */
export function scanTotals(from: string, bucket: string | null): string {
  const b = bucket ?? 'NULL::date'
  const pieces = POLICIES.flatMap((p) => PIECES.map((q) => `substr(s.${p}, ${q * 4 + 1}, 4) AS ${piece(p, q)}`))
  const sets = POLICIES.flatMap((p) => PIECES.map((q) => `(b, ${piece(p, q)})`)).join(', ')
  const sum = (expr: string): string => `coalesce(sum(${expr}), 0)::float8`
  const dim = new Map(DIM_COUNTS.map((d) => [d.name, d.fact]))
  const measures = [
    ...TREND_MEASURES.map((m) => `${sum(overS(m.fact))} AS ${m.name}`),
    `${sum(overS(dim.get('sev_major')!))} AS major`, `${sum(overS(dim.get('grp')!))} AS "group"`, `${sum(overS(dim.get('rpt')!))} AS repeat`
  ]
  const rules = RULE_COLUMNS.map((r) => {
    const q = Math.floor((r.rule - 1) / 4)
    return `coalesce(sum(k.n) FILTER (WHERE substr(k.${piece(r.policy, q)}, ${((r.rule - 1) % 4) + 1}, 1) = '${r.letter}'), 0)::float8 AS ${r.name}`
  })
  const names = [...TREND_MEASURES.map((m) => `m.${m.name}`), 'm.major', 'm."group"', 'm.repeat', ...RULE_COLUMNS.map((r) => `r.${r.name}`)].join(', ')
  const by = bucket === null ? '' : 'b, '
  const groupBy = bucket === null ? '' : 'GROUP BY b'
  return `WITH s AS MATERIALIZED (SELECT ${b} AS b, ${pieces.join(', ')}, s.* ${from}),
    k AS (SELECT b, ${POLICIES.flatMap((p) => PIECES.map((q) => piece(p, q))).join(', ')}, count(*) AS n FROM s GROUP BY GROUPING SETS (${sets})),
    m AS (SELECT ${by}${measures.join(', ')} FROM s ${groupBy}),
    r AS (SELECT ${by}${rules.join(', ')} FROM k ${groupBy})
    ${bucket === null ? `SELECT ${names} FROM m CROSS JOIN r` : `SELECT to_char(m.b, 'YYYY-MM-DD') AS bucket, ${names} FROM m JOIN r ON r.b = m.b ORDER BY m.b`}`
}
