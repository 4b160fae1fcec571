// One register row as the contract shows it (documents.list, forCase, verify): the subject as people say it
// and whether the file is still in the documents folder.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { DocumentRow } from '../shared/contract'
import { DOC_TYPE_ZH } from '../shared/contract'
import { parseQuarter, quarterZh } from '../stats/quarter'

export interface Row {
  id: string; doc_type: DocumentRow['docType']; case_id: number | null; case_no: string | null; review_id: number | null; period: string | null
  offer_id: number | null; offer_no: number | null
  version: number; file_name: string; sha256: string; bytes: number; template_version: string; generated_by: string; generated_at: Date
}

// A legal opinion's offer by its ordinal in the case (as its file name and number line say it), not its id.
export const SELECT = `SELECT d.id, d.doc_type, d.case_id, c.case_no, d.review_id, d.period, d.offer_id,
  (SELECT count(*)::int FROM remediation_offers o WHERE o.case_id = d.case_id AND o.id <= d.offer_id) AS offer_no, d.version, d.file_name, d.sha256, d.bytes,
  d.template_version, d.generated_by, d.generated_at FROM documents d LEFT JOIN cases c ON c.id = d.case_id`

function subjectOf(r: Row): string {
  if (r.case_no) return r.offer_no ? `${r.case_no} 方案${r.offer_no}` : r.case_no
  if (r.review_id) return `审查 #${r.review_id}`
  const q = /^(\d{4})-Q([1-4])$/.exec(r.period ?? '')
  return q ? quarterZh(parseQuarter(`${q[1]}Q${q[2]}`)) : (r.period ?? '')
}

export function documentRow(r: Row, dir: string): DocumentRow {
  return {
    id: Number(r.id), docType: r.doc_type, titleZh: DOC_TYPE_ZH[r.doc_type], subject: subjectOf(r), caseId: r.case_id, reviewId: r.review_id, period: r.period, offerId: r.offer_id,
    version: r.version, fileName: r.file_name, sha256: r.sha256, bytes: r.bytes, templateVersion: r.template_version,
    generatedBy: r.generated_by, generatedAt: r.generated_at.toISOString(), fileExists: existsSync(join(dir, r.file_name))
  }
}
