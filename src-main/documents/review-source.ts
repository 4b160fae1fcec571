// A review as the 审查意见书 prints it: the review exactly as the review screen reads it (reviews/review-read.ts,
// so the document and the screen cannot disagree), plus the facts of its case the document heads with.
// Personal data stays masked here as on the screens (README, Personal data rule): the review text comes masked
// from reviewDetail (the document reader can never edit the review), the case summary is masked below.
import type { DataSource, EntityManager } from 'typeorm'
import { reviewDetail } from '../reviews/review-read'
import type { ReviewDetail, SessionUser } from '../shared/review-types'
import type { Category, Channel, Severity } from '../shared/codes'
import { maskFreeText } from '../privacy'
import { caseRootCauses, type CaseTag } from '../rootcause/tags'
import { loadPolicySetNames, policySetName, type PolicySetTitle } from './policy-names'

export interface ReviewRecord {
  review: ReviewDetail
  plan: { receivedFrom: string; receivedTo: string }
  case: { caseNo: string; receivedAt: string; closedAt: string; channel: Channel; category: Category; severity: Severity; unitName: string; handler: string | null; summary: string }
  institution: string
  /** The case's root causes as tagged now, primary first (issue 11 point 3). */
  rootCauses: CaseTag[]
  /** The policy sets the review froze, as a reader names them: 内部投诉处理制度（2020年1月1日起施行，第2版）. */
  policyNames: { internal: string | null; regulatory: string | null }
  /** Every policy set's code → its short name, for the codes inside the engine's evidence (policy-names.ts). */
  policySets: Record<string, string>
}

/** Reading for a document is not an action of a signed-in person; the `can` flags this yields are unused. */
const DOCUMENTS: SessionUser = { id: 0, username: 'documents', displayName: '文书生成', roles: [] }

export async function loadReviewRecord(em: DataSource | EntityManager, id: number): Promise<ReviewRecord> {
  const review = await reviewDetail(em, id, DOCUMENTS)
  const [row] = (await em.query(`
    SELECT c.case_no, c.received_at, c.closed_at, c.channel, c.category, c.severity, u.name AS unit_name, h.name AS handler, c.summary,
           p.received_from, p.received_to,
           (SELECT name FROM units WHERE kind = 'head_office' ORDER BY id LIMIT 1) AS head_office
      FROM reviews r JOIN review_plans p ON p.id = r.plan_id JOIN cases c ON c.id = r.case_id JOIN units u ON u.id = c.unit_id
      LEFT JOIN staff h ON h.id = c.handler_id
     WHERE r.id = $1`, [id])) as Record<string, any>[] // eslint-disable-line @typescript-eslint/no-explicit-any
  const sets = (await em.query(`SELECT code, title, effective_from::text AS effective_from, version FROM policy_sets WHERE code = ANY($1)`,
    [[review.policySets.internal, review.policySets.regulatory].filter(Boolean)])) as PolicySetTitle[]
  const policySets = await loadPolicySetNames(em)
  const name = (code: string | null): string | null => {
    const s = sets.find((x) => x.code === code)
    return s ? policySetName(s) : code === null ? null : policySets[code] ?? code
  }
  const { tags } = await caseRootCauses(em, review.caseId)
  return {
    rootCauses: tags,
    policyNames: { internal: name(review.policySets.internal), regulatory: name(review.policySets.regulatory) },
    policySets,
    review,
    plan: { receivedFrom: row.received_from, receivedTo: row.received_to },
    case: {
      caseNo: row.case_no, receivedAt: row.received_at.toISOString(), closedAt: row.closed_at.toISOString(), channel: row.channel,
      category: row.category, severity: row.severity, unitName: row.unit_name, handler: row.handler, summary: maskFreeText(row.summary)
    },
    institution: String(row.head_office ?? '').replace(/总行$/, '')
  }
}
