// Request schemas and responses of the 文书 area: the register of issued documents, generating one,
// batches with progress and cancel, and opening or saving a file.
import { z } from 'zod'
import { zDay } from './china-time'
import { INT4_MAX, zId } from './contract-common'

/** A calendar day, YYYY-MM-DD, that exists (2025-02-30 is refused, not rolled over). */
const isoDate = zDay
const id = zId
/** Why personal data is needed (档案移交, 监管检查…): required to issue or open a document that holds it, and recorded. */
export const zReason = z.string().trim().min(2, '请说明用途').max(200)

export const DOC_TYPE_CODES = ['dossier', 'registration', 'review', 'quarterly', 'legal_opinion', 'legal_summary'] as const
export type DocTypeCode = (typeof DOC_TYPE_CODES)[number]
export const DOC_TYPE_ZH: Record<DocTypeCode, string> = {
  dossier: '客户投诉档案', registration: '客户投诉登记表', review: '投诉案件审查意见书', quarterly: '季度投诉分析报告', legal_opinion: '法律审查意见书',
  legal_summary: '补偿方案法律审查季度汇总'
}

export interface DocumentRow {
  id: number; docType: DocTypeCode; titleZh: string
  /** What it is about, as people say it: a case number, TS202600002995 方案2 (a legal opinion's offer), 审查 #12, 2025年第三季度. */
  subject: string
  caseId: number | null; reviewId: number | null; period: string | null
  /** The remediation offer a legal opinion is about (null for other types and for opinions registered before it was kept). */
  offerId: number | null
  version: number; fileName: string; sha256: string; bytes: number; templateVersion: string
  generatedBy: string; generatedAt: string
  /** False when the file is no longer in the documents folder (moved or deleted outside Dossier). */
  fileExists: boolean
}

/** `documents.verify`: whether a file is a registered document (issue 10 point 18). */
export interface DocumentVerification {
  /**
   * registered: these bytes were issued; altered: not these bytes, but a document was issued under this file name;
   * out_of_scope: these bytes were issued, about a case outside the caller's units (row security: no details); unknown: neither.
   */
  status: 'registered' | 'altered' | 'out_of_scope' | 'unknown'
  /** The document with these bytes, or (altered) the one issued under this name. */
  document: DocumentRow | null
  /** A newer version of the same document, when there is one. */
  newer: { version: number; generatedAt: string } | null
  sha256: string; bytes: number
}

export interface DocumentBatchStatus {
  /** The batch's number (document_batches), null before any batch. */
  id: number | null
  /** Who ran it (username): only they may download its zip and manifest. */
  actor: string | null
  running: boolean; done: number; total: number
  outDir: string | null; zip: string | null; manifest: string | null
  cancelled: boolean; error: string | null; finishedAt: string | null
  /** A batch whose process died (killed, power loss), as cleaned up afterwards: documents registered, files removed. */
  interrupted: { registered: number; removed: number } | null
  /** Cases remain that it did not reach: `documents.batchResume` issues them. */
  resumable: boolean
  /** Cases left out because their document was already issued (not asked to re-issue); kept with the batch. */
  skipped: number
}

/** One batch as the list of recent batches shows it (document_batches). */
export interface DocumentBatchRow {
  id: number; docType: 'dossier' | 'registration'; actor: string
  /** The period of receipt [from, to), China dates; null for a batch of listed cases (a resume). */
  receivedFrom: string | null; receivedTo: string | null
  status: 'running' | 'done' | 'cancelled' | 'interrupted' | 'failed'
  total: number; done: number; skipped: number
  /** ISO instants. */
  startedAt: string; finishedAt: string | null
  /** Its zip and manifest are there to download (the zip of a finished batch only). */
  hasZip: boolean; hasManifest: boolean
}

/** A batch's two files besides its documents: the zip of them all (with the manifest inside), or manifest.csv alone. */
export const BATCH_FILES = ['zip', 'manifest'] as const
export type BatchFile = (typeof BATCH_FILES)[number]

export const documentRequestSchemas = {
  'documents.list': z.object({
    docType: z.enum(DOC_TYPE_CODES).optional(),
    /** A case number, or part of one. */
    caseNo: z.string().trim().max(40).optional(),
    generatedFrom: isoDate.optional(),
    generatedTo: isoDate.optional(),
    limit: z.number().int().min(1).max(500).default(200)
  }).strict(),
  'documents.forCase': z.object({ caseId: id }).strict(),
  'documents.generate': z.discriminatedUnion('type', [
    z.object({ type: z.enum(['dossier', 'registration']), caseId: id, reason: zReason }).strict(),
    z.object({ type: z.literal('review'), reviewId: id }).strict(),
    /** A quarter not yet ended is refused unless `interim` asks for a 截至今日 report (issue 10 point 2). */
    z.object({ type: z.literal('quarterly'), quarter: z.string().regex(/^\d{4}Q[1-4]$/, 'expected e.g. 2025Q3'), interim: z.boolean().optional() }).strict(),
    /** 法律审查意见书 of one remediation offer (legal users and administrators). */
    z.object({ type: z.literal('legal_opinion'), offerId: id }).strict(),
    /** 补偿方案法律审查季度汇总 (legal users and administrators): the figures the quarterly report's remediation section prints. */
    z.object({ type: z.literal('legal_summary'), quarter: z.string().regex(/^\d{4}Q[1-4]$/, 'expected e.g. 2025Q3') }).strict()
  ]),
  /** reissue: also issue a new version for cases that already have one (skipped by default, and counted). */
  'documents.batchStart': z.object({ receivedFrom: isoDate, receivedTo: isoDate, type: z.enum(['dossier', 'registration']).default('dossier'), reason: zReason, reissue: z.boolean().default(false) })
    .strict().refine((b) => b.receivedFrom < b.receivedTo, { message: '结束日期应晚于开始日期', path: ['receivedTo'] }),
  'documents.batchStatus': z.object({}).strict(),
  'documents.batchCancel': z.object({}).strict(),
  /** Issues the documents of the cases an interrupted, cancelled or failed batch did not reach, as a new batch. */
  'documents.batchResume': z.object({ id, reason: zReason }).strict(),
  /** The most recent batches, newest first. */
  'documents.batches': z.object({ limit: z.number().int().min(1).max(100).default(10) }).strict(),
  /** A batch's zip or manifest, for the person who ran it: a save dialog (desktop) or a one-use download address (browser mode). */
  'documents.batchDownload': z.object({ id, file: z.enum(BATCH_FILES) }).strict(),
  /** Opens the file in the system's viewer (desktop); in browser mode answers with a download address. */
  'documents.open': z.object({ id, reason: zReason.optional() }).strict(),
  /** Asks where to save a copy (desktop); in browser mode answers with a download address. */
  'documents.saveAs': z.object({ id, reason: zReason.optional() }).strict(),
  /** Whether a file is a registered document: its SHA-256 (hashed where the file is), size and current name. */
  'documents.verify': z.object({
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'expected a SHA-256 in hex'), bytes: z.number().int().min(0).max(INT4_MAX),
    fileName: z.string().trim().min(1).max(255)
  }).strict()
} as const

export interface DocumentResponses {
  'documents.list': DocumentRow[]
  'documents.forCase': DocumentRow[]
  'documents.generate': DocumentRow
  'documents.batchStart': DocumentBatchStatus
  'documents.batchStatus': DocumentBatchStatus
  'documents.batchCancel': DocumentBatchStatus
  'documents.batchResume': DocumentBatchStatus
  'documents.batches': DocumentBatchRow[]
  /** fileName: the name to save it as (ASCII, batch_<id>_documents.zip or batch_<id>_manifest.csv). */
  'documents.batchDownload': { savedTo: string | null; downloadUrl: string | null; fileName: string }
  'documents.open': { opened: boolean; downloadUrl: string | null }
  'documents.saveAs': { savedTo: string | null; downloadUrl: string | null }
  'documents.verify': DocumentVerification
}
