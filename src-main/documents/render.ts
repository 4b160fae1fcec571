// From a record to .docx bytes, per document type: the one place that knows each type's builder, template
// version and file name. Pure (no database, no files), so a worker thread can run it too.
import { buildDossier, DOSSIER_TEMPLATE, type IssueMeta } from './case-dossier'
import type { CaseRecord } from '../cases/case-record'
import type { CaseDocType } from './labels'
import type { Serial } from './registry'
import { pack } from './layout'
import { buildRegistration, REGISTRATION_TEMPLATE } from './registration-form'
import { buildReviewOpinion, REVIEW_TEMPLATE } from './review-opinion'
import type { ReviewRecord } from './review-source'
import { buildLegalOpinion, LEGAL_TEMPLATE, type LegalOpinionRecord } from './legal-opinion'

import { LAYOUT_VERSION } from './layout'

/** The quarterly report is built in quarterly-report.ts (it needs the chart renderer, which workers do not load). */
export const QUARTERLY_TEMPLATE = `quarterly-1+${LAYOUT_VERSION}`
export const LEGAL_SUMMARY_TEMPLATE = `legal-summary-1+${LAYOUT_VERSION}`
export const TEMPLATE_VERSIONS = { dossier: DOSSIER_TEMPLATE, registration: REGISTRATION_TEMPLATE, review: REVIEW_TEMPLATE, quarterly: QUARTERLY_TEMPLATE, legal_opinion: LEGAL_TEMPLATE,
  legal_summary: LEGAL_SUMMARY_TEMPLATE } as const

/**
 * File names are ASCII (type, case number, version): they survive every zip tool, file system
 * and e-mail gateway a records office uses; the Chinese title is inside the document and in its properties.
 */
export const caseFileName = (type: CaseDocType, caseNo: string, version: number): string =>
  `${type}_${caseNo.replace(/[^A-Za-z0-9-]/g, '_')}_v${version}.docx`
/**
 * review_TS202600002995_2026-3_v1.docx: the case number, then the opinion's number in its yearly series
 * (〔2026〕投诉审查第3号), which also tells apart two reviews of one case.
 */
export const reviewFileName = (caseNo: string, serial: Serial | null, version: number): string =>
  `review_${caseNo.replace(/[^A-Za-z0-9-]/g, '_')}${serial ? `_${serial.year}-${serial.n}` : ''}_v${version}.docx`
/**
 * legal_opinion_TS202600002995_offer2_v1.docx: the case number, then which of the case's offers (its ordinal in
 * the case, 方案2 in the document — not the database id), then the version.
 */
export const legalFileName = (caseNo: string, offerNo: number, version: number): string =>
  `legal_opinion_${caseNo.replace(/[^A-Za-z0-9-]/g, '_')}_offer${offerNo}_v${version}.docx`

export function renderCaseDocument(type: CaseDocType, c: CaseRecord, meta: IssueMeta): Promise<Buffer> {
  return pack(type === 'dossier' ? buildDossier(c, meta) : buildRegistration(c, meta))
}

export function renderReviewDocument(r: ReviewRecord, meta: IssueMeta): Promise<Buffer> {
  return pack(buildReviewOpinion(r, meta))
}

export function renderLegalOpinion(r: LegalOpinionRecord, meta: IssueMeta): Promise<Buffer> {
  return pack(buildLegalOpinion(r, meta))
}
