// One case with everything the archive holds on it, for the screens: the archive record (case-record.ts,
// the same reader the formal documents use) with the complainant's personal data masked.
import type { DataSource } from 'typeorm'
import type { CaseDetail } from '../shared/contract'
import { loadCaseRecord } from './case-record'
import { maskAddress, maskIdNo, maskName, maskPhone } from './masking'

export class NotFoundError extends Error {
  readonly code = 'not_found'
}

export async function getCase(ds: DataSource, id: number): Promise<CaseDetail> {
  const record = await loadCaseRecord(ds, id)
  if (!record) throw new NotFoundError(`案件 ${id} 不存在`)
  const c = record.complainant
  // Only what the contract's CaseDetail names crosses to the renderer (not the documents' extra fields).
  const detail: CaseDetail & Partial<Record<'handledAt' | 'issuingUnit' | 'institution', unknown>> = { ...record }
  delete detail.handledAt
  delete detail.issuingUnit
  delete detail.institution
  return {
    ...detail,
    complainant: {
      name: c.name ? maskName(c.name) : '',
      phone: c.phone ? maskPhone(c.phone) : '',
      idNo: c.idNo ? maskIdNo(c.idNo) : '',
      address: c.address ? maskAddress(c.address) : ''
    }
  }
}
