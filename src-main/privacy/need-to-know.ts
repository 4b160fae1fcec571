// Who may see a case's personal data in full (issue 15, point 6; 个人信息保护法 第二十八条, 第五十一条: access
// limited to those whose work needs it): the 档案管理员 and administrators for any case; a reviewer or senior
// reviewer for the cases of their own reviews. 法务 is not among them (issue 13, point 6): the legal review of
// an offer needs the case, not the customer's identity — the legal workbench shows the case facts masked
// (legal/offer-detail.ts) and the legal role issues no document with personal data in full. Every such
// access is given a reason and recorded in the audit trail (trail/record.ts).
import type { EntityManager } from 'typeorm'
import type { SessionUser } from '../shared/review-types'
import { ApiFailure } from '../transport/errors'
import { recordChange } from '../trail/record'

type Query = Pick<EntityManager, 'query'>

/** The documents that carry a complainant's personal data in full. */
export const PERSONAL_DOC_TYPES: readonly string[] = ['dossier', 'registration']

/**
 * @throws ApiFailure forbidden (with who may) when `user` may not see case `caseId`'s personal data;
 *   not_found when there is no such case
 */
export async function assertNeedToKnow(q: Query, user: SessionUser, caseId: number): Promise<void> {
  const [row] = (await q.query(`SELECT
      EXISTS (SELECT 1 FROM reviews WHERE case_id = c.id AND (reviewer_id = $2 OR senior_id = $2)) AS reviews
    FROM cases c WHERE c.id = $1`, [caseId, user.id])) as { reviews: boolean }[]
  if (!row) throw new ApiFailure('not_found', `没有案件 ${caseId}`)
  const has = (r: string): boolean => (user.roles as string[]).includes(r)
  if (has('admin') || has('records')) return
  if ((has('reviewer') || has('senior_reviewer')) && row.reviews) return
  throw new ApiFailure('forbidden', has('legal')
    ? '法务审查补偿方案只需脱敏的案件事实，不能查看或出具含完整个人信息的文书（客户投诉档案、投诉登记表）'
    : '本案的个人信息只对本案的审查人和复核人、档案管理员和管理员开放')
}

/** The reason given for seeing personal data; required, and recorded with the access. */
export function requireReason(reason: string | undefined | null): string {
  const r = reason?.trim() ?? ''
  if (r.length < 2) throw new ApiFailure('invalid_request', '本文书含个人信息：请说明用途（例如 档案移交、监管检查、客户查询）')
  return r
}

/** One access to personal data in the trail: who, when (the entry's time), what and why. */
export async function recordAccess(q: EntityManager, actor: string, entity: string, entityId: number, action: string, details: Record<string, unknown>): Promise<void> {
  await recordChange(q, { actor, entity, entityId, action, before: null, after: details })
}
