// The figures of a quarterly complaint briefing (季度投诉分析报告), read from the archive and the stored
// audit results. Plain data: the report document, the trends view and tests all read the same object.
import { itemCounts } from '../rectification/items'
import type { DataSource } from 'typeorm'
import { previousQuarter, quarterLabel, quarterRange, sameQuarterLastYear, type Quarter } from './quarter'
import { EXCERPT_MARGIN, maskedExcerpt } from '../privacy'

/** The briefing quotes the first 60 characters of a 重大 case's summary, with personal data masked (the briefing carries none). */
const MAJOR_SUMMARY_CHARS = 60

export interface Kpis {
  cases: number
  major: number
  group: number
  repeat: number
  /** Shares (0–1) of audited cases that met the internal limit: accepted in 24 h (R01), handled in time (R04), replied in time (R05). */
  acceptedInTime: number | null
  handledInTime: number | null
  repliedInTime: number | null
  /** Share of audited cases whose decision was told within the regulatory limit (R04, 银保监会令2020年第3号). */
  regulatoryInTime: number | null
  /** (满意 + 基本满意) / revisited. */
  satisfaction: number | null
  /** Cases with at least one failed rule (internal), of audited cases. */
  flaggedShare: number | null
  remediationAmount: number
  /**
   * Cases whose limits wait on a year's 节假日安排 that is not loaded (audit_results.calendar_missing_year), per
   * year: their R04/R05 cannot be judged yet, so they are left out of the handled/replied shares.
   */
  calendarWaiting: { year: number; cases: number }[]
}

export interface Count { code: string; count: number }

export interface QuarterlyFigures {
  quarter: string
  range: { from: string; to: string }
  kpis: Kpis
  previous: Kpis
  lastYear: Kpis
  byChannel: Count[]
  byCategory: Count[]
  bySeverity: Count[]
  byBusinessLine: Count[]
  /** Until root-cause tagging lands, the JR/T 0169 cause axis (C) stands for the root causes. */
  topCauses: Count[]
  /**
   * Primary root causes of the quarter's tagged cases, rolled up to the taxonomy's first level (issue 11 point 3),
   * with the JR/T 0169 axis-C code each maps to; most cases first. Empty when no case of the quarter is tagged.
   */
  rootCauses: { code: string; name: string; jrt: string; internal: boolean; count: number }[]
  /** Cases of the quarter with a primary root cause. */
  tagged: number
  jrt: { channel: Count[]; business: Count[]; cause: Count[] }
  /** Cases received per month, the 12 months before the quarter and its 3: for the trend chart. */
  monthly: { month: string; count: number }[]
  majorCases: { caseNo: string; receivedAt: string; unit: string; category: string; channel: string; summary: string; reviewStatus: string | null }[]
  remediation: { offers: number; amount: number; paidAmount: number; unpaid: number; byType: (Count & { amount: number })[] }
  /**
   * The legal review of the quarter's offers (issue 13): final opinions by decision, offers still to review,
   * and the stored checks' flags (买者自负, above authority, outliers). Checks not yet computed are not counted.
   */
  legal: { final: number; agree: number; amended: number; disagree: number; toReview: number; caveatEmptor: number; overAuthority: number; outliers: number }
  rectification: { total: number; done: number; overdue: number; open: number }
}

/** Received in [$1, $2), China days; `alias` is the cases table's alias in the query. */
const received = (alias = 'cases'): string =>
  `${alias}.received_at >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai' AND ${alias}.received_at < $2::date::timestamp AT TIME ZONE 'Asia/Shanghai'`

async function kpis(ds: DataSource, q: Quarter): Promise<Kpis> {
  const { from, to } = quarterRange(q)
  const [k] = await ds.query(`
    SELECT count(*)::int AS cases,
      count(*) FILTER (WHERE severity = 'major')::int AS major,
      count(*) FILTER (WHERE is_group OR group_size >= 5)::int AS "group",
      count(*) FILTER (WHERE repeat_of_id IS NOT NULL)::int AS repeat,
      count(a.case_id)::int AS audited,
      count(*) FILTER (WHERE substr(a.internal, 1, 1) = 'P')::int AS r01,
      count(*) FILTER (WHERE substr(a.internal, 4, 1) = 'P')::int AS r04,
      count(*) FILTER (WHERE substr(a.internal, 5, 1) = 'P')::int AS r05,
      count(*) FILTER (WHERE substr(a.internal, 4, 1) = 'U' AND a.calendar_missing_year IS NOT NULL)::int AS r04_waiting,
      count(*) FILTER (WHERE substr(a.internal, 5, 1) = 'U' AND a.calendar_missing_year IS NOT NULL)::int AS r05_waiting,
      count(*) FILTER (WHERE a.calendar_missing_year IS NOT NULL)::int AS waiting,
      count(*) FILTER (WHERE substr(a.regulatory, 4, 1) = 'P')::int AS reg04,
      count(*) FILTER (WHERE substr(a.regulatory, 4, 1) IN ('P', 'F'))::int AS reg_judged,
      count(*) FILTER (WHERE a.flagged)::int AS flagged,
      count(*) FILTER (WHERE satisfaction IN ('satisfied', 'basically'))::int AS content,
      count(*) FILTER (WHERE satisfaction IS NOT NULL)::int AS revisited,
      coalesce((SELECT sum(o.amount) FROM remediation_offers o JOIN cases x ON x.id = o.case_id WHERE ${received('x')}), 0)::float8 AS remediation
    FROM cases c LEFT JOIN audit_results a ON a.case_id = c.id
    WHERE ${received('c')}`, [from, to])
  const share = (n: number, d: number): number | null => (d ? n / d : null)
  return {
    cases: k.cases, major: k.major, group: k.group, repeat: k.repeat,
    acceptedInTime: share(k.r01, k.audited), handledInTime: share(k.r04, k.audited - k.r04_waiting), repliedInTime: share(k.r05, k.audited - k.r05_waiting),
    regulatoryInTime: share(k.reg04, k.reg_judged), satisfaction: share(k.content, k.revisited), flaggedShare: share(k.flagged, k.audited),
    remediationAmount: k.remediation,
    calendarWaiting: k.waiting ? await waitingByYear(ds, q) : []
  }
}

async function waitingByYear(ds: DataSource, q: Quarter): Promise<{ year: number; cases: number }[]> {
  const { from, to } = quarterRange(q)
  return ds.query(`SELECT a.calendar_missing_year AS year, count(*)::int AS cases FROM cases c JOIN audit_results a ON a.case_id = c.id
    WHERE ${received('c')} AND a.calendar_missing_year IS NOT NULL GROUP BY 1 ORDER BY 1`, [from, to])
}

async function countBy(ds: DataSource, column: string, from: string, to: string, limit = 50): Promise<Count[]> {
  return ds.query(`SELECT ${column} AS code, count(*)::int AS count FROM cases WHERE ${received()} AND ${column} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit}`, [from, to])
}

export async function quarterlyFigures(ds: DataSource, q: Quarter): Promise<QuarterlyFigures> {
  const { from, to } = quarterRange(q)
  const [current, previous, lastYear] = await Promise.all([kpis(ds, q), kpis(ds, previousQuarter(q)), kpis(ds, sameQuarterLastYear(q))])
  const monthsFrom = quarterRange(sameQuarterLastYear(q)).from
  const monthly: { month: string; count: number }[] = await ds.query(`
    SELECT to_char(m, 'YYYY-MM') AS month, coalesce(n, 0)::int AS count
    FROM generate_series($1::date, $2::date - interval '1 month', interval '1 month') m
    LEFT JOIN (SELECT date_trunc('month', received_at AT TIME ZONE 'Asia/Shanghai') AS mm, count(*) AS n FROM cases WHERE ${received()} GROUP BY 1) x ON x.mm = m
    ORDER BY m`, [monthsFrom, to])
  const majorCases: QuarterlyFigures['majorCases'] = (await ds.query(`
    SELECT c.case_no, c.received_at, u.name AS unit, c.category, c.channel, left(c.summary, ${MAJOR_SUMMARY_CHARS + EXCERPT_MARGIN}) AS summary,
      (SELECT r.status FROM reviews r WHERE r.case_id = c.id ORDER BY r.id DESC LIMIT 1) AS review_status
    FROM cases c JOIN units u ON u.id = c.unit_id WHERE ${received('c')} AND c.severity = 'major'
    ORDER BY c.received_at, c.id LIMIT 200`, [from, to])).map((r: { case_no: string; received_at: Date; unit: string; category: string; channel: string; summary: string; review_status: string | null }) => ({
    caseNo: r.case_no, receivedAt: r.received_at.toISOString(), unit: r.unit, category: r.category, channel: r.channel, summary: maskedExcerpt(r.summary, MAJOR_SUMMARY_CHARS), reviewStatus: r.review_status
  }))
  const [rem] = await ds.query(`
    SELECT count(*)::int AS offers, coalesce(sum(o.amount), 0)::float8 AS amount,
      coalesce(sum(o.amount) FILTER (WHERE o.paid_at IS NOT NULL), 0)::float8 AS paid, count(*) FILTER (WHERE o.paid_at IS NULL)::int AS unpaid
    FROM remediation_offers o JOIN cases c ON c.id = o.case_id WHERE ${received('c')}`, [from, to])
  const byType = (await ds.query(`
    SELECT o.type AS code, count(*)::int AS count, sum(o.amount)::float8 AS amount FROM remediation_offers o JOIN cases c ON c.id = o.case_id
    WHERE ${received('c')} GROUP BY 1 ORDER BY 3 DESC`, [from, to])) as (Count & { amount: number })[]
  const [legal] = await ds.query(`
    SELECT count(r.id) FILTER (WHERE r.status = 'final' AND r.stale_at IS NULL)::int AS final,
      count(r.id) FILTER (WHERE r.status = 'final' AND r.stale_at IS NULL AND r.decision = 'agree')::int AS agree,
      count(r.id) FILTER (WHERE r.status = 'final' AND r.stale_at IS NULL AND r.decision = 'agree_amended')::int AS amended,
      count(r.id) FILTER (WHERE r.status = 'final' AND r.stale_at IS NULL AND r.decision = 'disagree')::int AS disagree,
      count(*) FILTER (WHERE r.id IS NULL OR r.stale_at IS NOT NULL)::int AS "toReview",
      count(*) FILTER (WHERE 'caveat_emptor' = ANY(k.failed))::int AS "caveatEmptor",
      count(*) FILTER (WHERE 'authority' = ANY(k.failed))::int AS "overAuthority",
      count(*) FILTER (WHERE k.outlier)::int AS outliers
    FROM remediation_offers o JOIN cases c ON c.id = o.case_id
    LEFT JOIN offer_checks k ON k.offer_id = o.id
    LEFT JOIN offer_legal_reviews r ON r.offer_id = o.id AND r.status <> 'superseded'
    WHERE ${received('c')}`, [from, to])
  // The 整改 items as the queue reads them (findings of approved reviews and measures), overdue as of the quarter's end.
  const rect = await itemCounts(ds, from, to, to)
  const rootCauses = (await ds.query(`
    SELECT coalesce(p.code, n.code) AS code, coalesce(p.name_zh, n.name_zh) AS name, coalesce(p.jrt_cause, n.jrt_cause) AS jrt,
      coalesce(p.internal, n.internal) AS internal, count(*)::int AS count
    FROM cases c JOIN case_root_causes t ON t.case_id = c.id AND t.role = 'primary' JOIN rc_nodes n ON n.id = t.node_id LEFT JOIN rc_nodes p ON p.id = n.parent_id
    WHERE ${received('c')} GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC, 1`, [from, to])) as QuarterlyFigures['rootCauses']
  const [byChannel, byCategory, bySeverity, byBusinessLine, causes, jrtChannel, jrtBusiness] = await Promise.all([
    countBy(ds, 'channel', from, to), countBy(ds, 'category', from, to), countBy(ds, 'severity', from, to), countBy(ds, 'business_line', from, to),
    countBy(ds, 'jrt_cause', from, to), countBy(ds, 'jrt_channel', from, to), countBy(ds, 'jrt_business', from, to)
  ])
  return {
    quarter: quarterLabel(q), range: { from, to }, kpis: current, previous, lastYear,
    byChannel, byCategory, bySeverity, byBusinessLine, topCauses: causes.slice(0, 5),
    rootCauses, tagged: rootCauses.reduce((sum, c) => sum + c.count, 0),
    jrt: { channel: jrtChannel, business: jrtBusiness, cause: causes },
    monthly, majorCases,
    remediation: { offers: rem.offers, amount: rem.amount, paidAmount: rem.paid, unpaid: rem.unpaid, byType },
    legal,
    rectification: rect
  }
}
