// Showing one masked personal-data field of a case in full (issue 15, point 10): the screens mask them by
// default (case-detail.ts); the caller has passed the need-to-know check, and the field, the reason and who
// asked go into the audit trail in the same transaction as the read.
import type { DataSource } from 'typeorm'
import { ApiFailure } from '../transport/errors'
import { recordAccess } from '../privacy/need-to-know'

const COLUMNS = { name: 'complainant_name', phone: 'complainant_phone', idNo: 'complainant_id_no', address: 'complainant_address' } as const
export type PersonalField = keyof typeof COLUMNS

/**
 * @returns the field's stored text ('' when empty)
 * @throws ApiFailure not_found when there is no such case
 */
export async function unmaskField(ds: DataSource, actor: string, caseId: number, field: PersonalField, reason: string): Promise<string> {
  return ds.transaction(async (em) => {
    const [row] = (await em.query(`SELECT ${COLUMNS[field]} AS v FROM cases WHERE id = $1`, [caseId])) as { v: string | null }[]
    if (!row) throw new ApiFailure('not_found', `没有案件 ${caseId}`)
    await recordAccess(em, actor, 'case', caseId, 'unmask', { field, reason })
    return row.v ?? ''
  })
}
