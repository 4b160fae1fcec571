// The trend tests' oracle: a view's figures by plain SQL over the archive's own tables (cases, audit_results,
// reviews, findings, root causes, offers) with the case list's conditions for the filter, in a shape the view's
// figures are turned into (`figures`), so the two compare as sorted lines per chart.
import type { DataSource } from 'typeorm'
import type { Pool } from 'pg'
import { unitScope, whereOf, withText } from '../../src-main/cases/case-filter'
import type { CaseFilter, TrendsView } from '../../src-main/shared/contract'

export type Oracle = Record<string, string[]>
const line = (...xs: unknown[]): string => xs.map(String).join('|')

/** The figures by plain SQL over the archive's own tables, with the case list's conditions for the filter. */
export async function oracleOf(ds: DataSource, f: CaseFilter, DAYS: { from: string; to: string }): Promise<Oracle> {
  const w = withText(whereOf(f, { units: await unitScope(ds, f) }))
  const params = [...w.params, DAYS.from, DAYS.to]
  const n = w.params.length
  const where = [...w.sql, `c.received_at >= ($${n + 1}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`, `c.received_at < (($${n + 2}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`].join(' AND ')
  const month = `to_char(date_trunc('month', c.received_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD')`
  // Rows as arrays (rowMode), so columns of the same name are all kept.
  const q = async (sql: string): Promise<string[]> => ((await (ds.driver as unknown as { master: Pool }).master.query({ text: sql, values: params, rowMode: 'array' })).rows as unknown[][]).map((r) => line(...r)).sort()
  const by = (col: string): Promise<string[]> => q(`SELECT ${month}, ${col}, count(*) FROM cases c WHERE ${where} GROUP BY 1, 2`)
  const latestApproved = `(SELECT r.id, r.conclusion FROM reviews r WHERE r.case_id = c.id AND r.status = 'approved' ORDER BY r.id DESC LIMIT 1)`
  const o: Oracle = {
    category: await by('c.category'), channel: await by('c.channel'), severity: await by('c.severity'),
    cause: await by(`coalesce(c.jrt_cause, '')`),
    rootCause: await q(`SELECT ${month}, coalesce(pn.code, n.code), count(*) FROM cases c JOIN case_root_causes t ON t.case_id = c.id AND t.role = 'primary'
      JOIN rc_nodes n ON n.id = t.node_id LEFT JOIN rc_nodes pn ON pn.id = n.parent_id WHERE ${where} GROUP BY 1, 2`),
    series: await q(`SELECT ${month}, count(*), count(*) FILTER (WHERE NOT c.is_direct), count(*) FILTER (WHERE c.is_group), count(*) FILTER (WHERE c.repeat_of_id IS NOT NULL),
      count(*) FILTER (WHERE c.severity = 'major'), count(c.satisfaction), count(*) FILTER (WHERE c.satisfaction IN ('satisfied', 'basically')), count(*) FILTER (WHERE c.satisfaction = 'dissatisfied'),
      (SELECT count(*) FROM remediation_offers o JOIN cases x ON x.id = o.case_id WHERE x.id = ANY(array_agg(c.id))),
      (SELECT coalesce(sum(o.amount), 0)::float8 FROM remediation_offers o WHERE o.case_id = ANY(array_agg(c.id)))
      FROM cases c WHERE ${where} GROUP BY 1`),
    reviews: await q(`SELECT ${month}, count(rv.id), count(*) FILTER (WHERE rv.conclusion = 'compliant'), count(*) FILTER (WHERE rv.conclusion = 'basically_compliant'),
      count(*) FILTER (WHERE rv.conclusion = 'non_compliant'), (SELECT count(*) FROM findings fi WHERE fi.review_id = ANY(array_agg(rv.id)))
      FROM cases c LEFT JOIN LATERAL ${latestApproved} rv ON true WHERE ${where} GROUP BY 1`),
    rules: await q(`SELECT ${month}, p.policy, k.rule, count(*) FILTER (WHERE substr(p.letters, k.rule, 1) = 'P'), count(*) FILTER (WHERE substr(p.letters, k.rule, 1) = 'F'),
        count(*) FILTER (WHERE substr(p.letters, k.rule, 1) = 'U')
      FROM cases c JOIN audit_results a ON a.case_id = c.id CROSS JOIN LATERAL (VALUES ('internal', a.internal), ('regulatory', a.regulatory)) p(policy, letters)
      CROSS JOIN generate_series(1, 16) k(rule) WHERE ${where} GROUP BY 1, 2, 3`)
  }
  return o
}

/** The view's figures in the oracle's shape. */
export function figures(v: TrendsView): Oracle {
  const cells = (xs: { bucket: string; code: string; cases: number }[]): string[] => xs.map((x) => line(x.bucket, x.code, x.cases)).sort()
  const withCases = v.series.filter((s) => s.cases > 0)
  return {
    category: cells(v.byCategory), channel: cells(v.byChannel), severity: cells(v.bySeverity), cause: cells(v.byCause), rootCause: cells(v.byRootCause),
    series: withCases.map((s) => line(s.bucket, s.cases, s.indirect, s.group, s.repeat, s.major, s.revisited, s.content, s.dissatisfied, s.offers, s.remediation)).sort(),
    reviews: withCases.map((s) => line(s.bucket, s.reviewed, s.compliant, s.basicallyCompliant, s.nonCompliant, s.findings)).sort(),
    rules: v.rules.filter((r) => v.series.find((s) => s.bucket === r.bucket)!.cases > 0 && r.passed + r.failed + r.cannotTell + 0 >= 0)
      .filter((r) => withCases.some((s) => s.bucket === r.bucket) && (v.series.find((s) => s.bucket === r.bucket)!.cases > 0))
      .map((r) => line(r.bucket, r.policy, r.rule, r.passed, r.failed, r.cannotTell)).sort()
  }
}

