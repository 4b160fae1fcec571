// One case with everything the archive holds on it, for the screens: the archive record (case-record.ts,
// the same reader the formal documents use) with the complainant's personal data masked, and every free text
// with the phones, ID, card and account numbers and e-mail addresses typed into it masked the same way.
import type { DataSource } from 'typeorm'
import type { CaseDetail } from '../shared/contract'
import { loadCaseRecord } from './case-record'
import { maskAddress, maskFreeText as free, maskIdentifier, maskName } from '../privacy'

export class NotFoundError extends Error {
  readonly code = 'not_found'
}

export async function getCase(ds: DataSource, id: number): Promise<CaseDetail> {
  const record = await loadCaseRecord(ds, id)
  if (!record) throw new NotFoundError(`案件 ${id} 不存在`)
  const c = record.complainant
  // Only what the contract's CaseDetail names crosses to the renderer (not the documents' extra fields).
  const detail: CaseDetail & Partial<Record<'issuingUnit' | 'institution', unknown>> = { ...record }
  delete detail.issuingUnit
  delete detail.institution
  return {
    ...detail,
    complainant: {
      name: c.name ? maskName(c.name) : '',
      phone: c.phone ? maskIdentifier(c.phone) : '',
      idNo: c.idNo ? maskIdentifier(c.idNo) : '',
      address: c.address ? maskAddress(c.address) : ''
    },
    complainedObject: free(detail.complainedObject), product: free(detail.product),
    summary: free(detail.summary), request: free(detail.request), evidence: free(detail.evidence),
    investigation: free(detail.investigation), facts: free(detail.facts), responsibility: free(detail.responsibility),
    resolution: free(detail.resolution),
    reply: { ...detail.reply, content: free(detail.reply.content) },
    extension: { ...detail.extension, reason: free(detail.extension.reason) },
    revisit: { ...detail.revisit, result: free(detail.revisit.result) },
    rereview: { ...detail.rereview, result: free(detail.rereview.result) },
    timeline: detail.timeline.map((e) => ({ ...e, note: free(e.note) })),
    offers: detail.offers.map((o) => ({ ...o, basis: free(o.basis) })),
    rectifications: detail.rectifications.map((r) => ({ ...r, measure: free(r.measure) }))
  }
}
