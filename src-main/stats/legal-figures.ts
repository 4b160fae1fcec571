// The legal review of a quarter's remediation offers (issue 13 point 4): the one source of the figures the
// quarterly legal summary (documents/legal-summary.ts) and the quarterly report's remediation section
// (documents/quarterly-report.ts) print, so the two documents cannot disagree. The quarter is the one the
// quarterly report uses: offers on cases received in it (China days). Amounts in 元. Stored check results
// are read as they are: the issuers compute the missing ones first (legal/check-store.ts refreshChecks).
import type { DataSource } from 'typeorm'
import { maskedExcerpt, EXCERPT_MARGIN } from '../privacy'
import { quarterLabel, quarterRange, type Quarter } from './quarter'

/** Each list in the summary stops here; the counts above it are whole. */
export const LIST_LIMIT = 30
/** Characters of an opinion's reasoning quoted for a disagreement (masked). */
const REASON_CHARS = 80

export interface LegalReviewCounts {
  /** Offers on the quarter's cases, and their amount. */
  offers: number; amount: number
  /** Final opinions (current, not stale) by decision. */
  final: number; agree: number; amended: number; disagree: number
  awaitingCosign: number
  /** No opinion yet, or the opinion went stale (方案已变更，需重新审查). */
  toReview: number
  /** The stored checks' flags. */
  caveatEmptor: number; overAuthority: number; outliers: number; noBasis: number; noAcceptance: number; latePayment: number
}

export interface LegalQuarterFigures {
  quarter: string
  range: { from: string; to: string }
  counts: LegalReviewCounts
  byType: { code: string; offers: number; amount: number; final: number; flagged: number }[]
  byUnit: { unit: string; offers: number; amount: number; final: number; flagged: number }[]
  outliers: { offerId: number; caseNo: string; type: string; amount: number; median: number | null; p10: number | null; p90: number | null }[]
  caveatEmptor: { offerId: number; caseNo: string; product: string | null; type: string; amount: number }[]
  /** Final opinions that did not simply agree: 不同意 and 修改后同意. */
  disagreements: { offerId: number; caseNo: string; type: string; amount: number; decision: 'agree_amended' | 'disagree'; amendedAmount: number | null; signer: string; cosigner: string | null; reasoning: string }[]
}

const IN_QUARTER = `c.received_at >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai' AND c.received_at < $2::date::timestamp AT TIME ZONE 'Asia/Shanghai'`
const FROM = `FROM remediation_offers o JOIN cases c ON c.id = o.case_id
  LEFT JOIN offer_checks k ON k.offer_id = o.id
  LEFT JOIN offer_legal_reviews r ON r.offer_id = o.id AND r.status <> 'superseded'`
const FINAL = `r.status = 'final' AND r.stale_at IS NULL`
const flagged = (code: string): string => `'${code}' = ANY(k.failed)`

export async function legalQuarterFigures(ds: Pick<DataSource, 'query'>, q: Quarter): Promise<LegalQuarterFigures> {
  const { from, to } = quarterRange(q)
  const p = [from, to]
  const [counts] = (await ds.query(`SELECT count(*)::int AS offers, coalesce(sum(o.amount), 0)::float8 AS amount,
      count(*) FILTER (WHERE ${FINAL})::int AS final,
      count(*) FILTER (WHERE ${FINAL} AND r.decision = 'agree')::int AS agree,
      count(*) FILTER (WHERE ${FINAL} AND r.decision = 'agree_amended')::int AS amended,
      count(*) FILTER (WHERE ${FINAL} AND r.decision = 'disagree')::int AS disagree,
      count(*) FILTER (WHERE r.status = 'awaiting_cosign' AND r.stale_at IS NULL)::int AS "awaitingCosign",
      count(*) FILTER (WHERE r.id IS NULL OR r.stale_at IS NOT NULL)::int AS "toReview",
      count(*) FILTER (WHERE ${flagged('caveat_emptor')})::int AS "caveatEmptor",
      count(*) FILTER (WHERE ${flagged('authority')})::int AS "overAuthority",
      count(*) FILTER (WHERE k.outlier)::int AS outliers,
      count(*) FILTER (WHERE ${flagged('basis')})::int AS "noBasis",
      count(*) FILTER (WHERE ${flagged('acceptance')})::int AS "noAcceptance",
      count(*) FILTER (WHERE ${flagged('payment')})::int AS "latePayment"
    ${FROM} WHERE ${IN_QUARTER}`, p)) as LegalReviewCounts[]
  const group = (key: string): string => `SELECT ${key}, count(*)::int AS offers, coalesce(sum(o.amount), 0)::float8 AS amount,
      count(*) FILTER (WHERE ${FINAL})::int AS final, count(*) FILTER (WHERE cardinality(k.failed) > 0)::int AS flagged`
  const byType = (await ds.query(`${group('o.type AS code')} ${FROM} WHERE ${IN_QUARTER} GROUP BY o.type ORDER BY amount DESC, code`, p)) as LegalQuarterFigures['byType']
  const byUnit = (await ds.query(`${group('u.name AS unit')} ${FROM} JOIN units u ON u.id = c.unit_id WHERE ${IN_QUARTER}
    GROUP BY u.id, u.name ORDER BY amount DESC, u.id`, p)) as LegalQuarterFigures['byUnit']
  const outliers = ((await ds.query(`SELECT o.id, c.case_no, o.type, o.amount::float8 AS amount, x.evidence
      ${FROM} CROSS JOIN LATERAL (SELECT e->'evidence' AS evidence FROM jsonb_array_elements(k.results) e WHERE e->>'code' = 'precedent') x
      WHERE ${IN_QUARTER} AND k.outlier ORDER BY o.amount DESC, o.id LIMIT ${LIST_LIMIT}`, p)) as { id: number; case_no: string; type: string; amount: number; evidence: Record<string, number | null> }[])
    .map((r) => ({ offerId: r.id, caseNo: r.case_no, type: r.type, amount: r.amount, median: r.evidence?.median ?? null, p10: r.evidence?.p10 ?? null, p90: r.evidence?.p90 ?? null }))
  const caveatEmptor = ((await ds.query(`SELECT o.id, c.case_no, c.product, o.type, o.amount::float8 AS amount ${FROM}
      WHERE ${IN_QUARTER} AND ${flagged('caveat_emptor')} ORDER BY o.amount DESC, o.id LIMIT ${LIST_LIMIT}`, p)) as { id: number; case_no: string; product: string | null; type: string; amount: number }[])
    .map((r) => ({ offerId: r.id, caseNo: r.case_no, product: r.product, type: r.type, amount: r.amount }))
  const disagreements = ((await ds.query(`SELECT o.id, c.case_no, o.type, o.amount::float8 AS amount, r.decision, r.amended_amount::float8 AS amended_amount,
      us.display_name AS signer, uc.display_name AS cosigner, left(r.reasoning, ${REASON_CHARS + EXCERPT_MARGIN}) AS reasoning
      ${FROM} JOIN users us ON us.id = r.signer_id LEFT JOIN users uc ON uc.id = r.cosigner_id
      WHERE ${IN_QUARTER} AND ${FINAL} AND r.decision <> 'agree' ORDER BY r.decision DESC, o.amount DESC, o.id LIMIT ${LIST_LIMIT}`, p)) as
      { id: number; case_no: string; type: string; amount: number; decision: 'agree_amended' | 'disagree'; amended_amount: number | null; signer: string; cosigner: string | null; reasoning: string }[])
    .map((r) => ({ offerId: r.id, caseNo: r.case_no, type: r.type, amount: r.amount, decision: r.decision, amendedAmount: r.amended_amount, signer: r.signer, cosigner: r.cosigner, reasoning: maskedExcerpt(r.reasoning, REASON_CHARS) }))
  return { quarter: quarterLabel(q), range: { from, to }, counts, byType, byUnit, outliers, caveatEmptor, disagreements }
}

/** The legal review in one sentence, as both documents print it. */
export function legalReviewSentence(c: LegalReviewCounts, n: (x: number) => string = (x) => x.toLocaleString('zh-CN')): string {
  return `法律审查：已定稿法律意见${n(c.final)}项（同意${n(c.agree)}项、修改后同意${n(c.amended)}项、不同意${n(c.disagree)}项），待第二签${n(c.awaitingCosign)}项，待审${n(c.toReview)}项；`
    + `检查提示买者自负${n(c.caveatEmptor)}项、超审批权限${n(c.overAuthority)}项、偏离同类先例${n(c.outliers)}项、核定依据缺失${n(c.noBasis)}项、客户确认或和解协议缺失${n(c.noAcceptance)}项、未按期支付${n(c.latePayment)}项。`
}
