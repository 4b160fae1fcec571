// The register of issued documents (table `documents`, migration 1764000000004). Versions count per document
// type and subject from 1; registration takes a transaction-scoped advisory lock first, so two generators
// working at once cannot both claim the same next version (the UNIQUE constraint would refuse the second,
// but as an error rather than a wait). Rows are append-only: the database refuses UPDATE and DELETE.
import { createHash } from 'node:crypto'
import type { DataSource, EntityManager } from 'typeorm'
import type { DocType } from './labels'
import { cnYear } from './text'

/**
 * What a document is about: a case, a review, a period, or a remediation offer (the legal opinion; registered
 * with its case too, which row security and the case's document list read — migration 1764000000047).
 */
export type Subject = { caseId: number } | { reviewId: number } | { period: string } | { offerId: number; caseId: number }

export const subjectKey = (s: Subject): string =>
  'offerId' in s ? `offer:${s.offerId}` : 'caseId' in s ? `case:${s.caseId}` : 'reviewId' in s ? `review:${s.reviewId}` : `period:${s.period}`

export interface NewDocument {
  docType: DocType
  subject: Subject
  version: number
  fileName: string
  sha256: string
  bytes: number
  templateVersion: string
  generatedBy: string
  generatedAt: Date
  /** The document batch that issued it (document_batches), when one did. */
  batchId?: number
  /** Its number in the year's series of its type (serialFor), for the types numbered so. */
  serial?: Serial | null
}

/** A document's number: the year of issue (China time) and the serial in that year's series of its type. */
export interface Serial { year: number; n: number }

/**
 * The types numbered by a serial per year of issue (〔2026〕投诉分析第3号). The dossier and the registration
 * form are the case's own forms and keep the case number; the legal opinion, registered per offer, has its own
 * series (〔2026〕法律审查第N号).
 */
export const SERIAL_TYPES: ReadonlySet<DocType> = new Set<DocType>(['review', 'quarterly', 'legal_opinion'])

/**
 * The number of a document about to be registered: the one its subject already has (a re-issued version
 * keeps it), else the next of its type in the China-time year of `at`. Call under the register's lock and
 * register in the same transaction: a rolled-back issue then leaves no gap in the series.
 */
export async function serialFor(em: EntityManager, docType: DocType, subject: Subject, at: Date): Promise<Serial> {
  const [kept] = (await em.query(
    `SELECT serial_year, serial FROM documents WHERE doc_type = $1 AND subject = $2 AND serial IS NOT NULL ORDER BY version LIMIT 1`,
    [docType, subjectKey(subject)])) as { serial_year: number; serial: number }[]
  if (kept) return { year: kept.serial_year, n: kept.serial }
  const year = cnYear(at)
  // Through the owner's function: under row security a reviewer sees only their units' documents and would
  // count only their numbers (migration 1764000000040).
  const [{ n }] = (await em.query('SELECT dossier_document_next_serial($1, $2) AS n', [docType, year])) as { n: number }[]
  return { year, n }
}

export interface DocumentRecord {
  id: number; docType: DocType; caseId: number | null; reviewId: number | null; period: string | null
  /** The remediation offer a legal opinion is about (null for every other type, and for opinions registered before migration 47). */
  offerId: number | null
  version: number
  fileName: string; sha256: string; bytes: number; templateVersion: string; generatedBy: string; generatedAt: string
  serial: Serial | null
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

// An arbitrary constant pair naming "the documents register" among the app's advisory locks.
const LOCK = [0x646f63, 1] as const

/** Serialises version numbering until the caller's transaction ends. */
export async function lockRegistry(em: EntityManager): Promise<void> {
  await em.query('SELECT pg_advisory_xact_lock($1, $2)', [...LOCK])
}

/** The next version of each subject's document of this type (1 for a subject with none yet). Call under the lock. */
export async function nextVersions(em: EntityManager, docType: DocType, subjects: Subject[]): Promise<Map<string, number>> {
  const keys = subjects.map(subjectKey)
  const rows = (await em.query(
    `SELECT subject, max(version)::int AS v FROM documents WHERE doc_type = $1 AND subject = ANY($2::text[]) GROUP BY subject`,
    [docType, keys])) as { subject: string; v: number }[]
  const last = new Map(rows.map((r) => [r.subject, r.v]))
  return new Map(keys.map((k) => [k, (last.get(k) ?? 0) + 1]))
}

/** Registers documents in one statement, however many. */
export async function registerDocuments(em: EntityManager, docs: NewDocument[]): Promise<DocumentRecord[]> {
  if (!docs.length) return []
  const col = <T>(f: (d: NewDocument) => T): T[] => docs.map(f)
  const rows = (await em.query(`
    INSERT INTO documents (doc_type, case_id, review_id, period, version, file_name, sha256, bytes, template_version, generated_by, generated_at, batch_id, serial_year, serial, offer_id, trail_seq, trail_hash)
    SELECT d.*, head.chain_seq, head.hash
      FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::int[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[], $11::timestamptz[], $12::int[], $13::int[], $14::int[], $15::int[]) AS d
      -- The audit trail's head as the document is issued: an anchor a later rewrite of the trail cannot match (trail/anchor.ts).
      LEFT JOIN LATERAL (SELECT chain_seq, hash FROM audit_trail WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1) head ON true
    RETURNING ${COLUMNS}`, [
    col((d) => d.docType), col((d) => ('caseId' in d.subject ? d.subject.caseId : null)), col((d) => ('reviewId' in d.subject ? d.subject.reviewId : null)),
    col((d) => ('period' in d.subject ? d.subject.period : null)), col((d) => d.version), col((d) => d.fileName), col((d) => d.sha256),
    col((d) => d.bytes), col((d) => d.templateVersion), col((d) => d.generatedBy), col((d) => d.generatedAt.toISOString()), col((d) => d.batchId ?? null),
    col((d) => d.serial?.year ?? null), col((d) => d.serial?.n ?? null), col((d) => ('offerId' in d.subject ? d.subject.offerId : null))
  ])) as Row[]
  return rows.map(toRecord)
}

/** Every registered version of the documents about a subject, oldest first. */
export async function documentsOf(em: DataSource | EntityManager, subject: Subject, docType?: DocType): Promise<DocumentRecord[]> {
  const rows = (await em.query(
    `SELECT ${COLUMNS} FROM documents WHERE subject = $1 AND ($2::text IS NULL OR doc_type = $2) ORDER BY doc_type, version`,
    [subjectKey(subject), docType ?? null])) as Row[]
  return rows.map(toRecord)
}

const COLUMNS = 'id, doc_type, case_id, review_id, period, offer_id, version, file_name, sha256, bytes, template_version, generated_by, generated_at, serial_year, serial'
interface Row {
  id: string; doc_type: DocType; case_id: number | null; review_id: number | null; period: string | null; offer_id: number | null; version: number
  file_name: string; sha256: string; bytes: number; template_version: string; generated_by: string; generated_at: Date
  serial_year: number | null; serial: number | null
}
const toRecord = (r: Row): DocumentRecord => ({
  id: Number(r.id), docType: r.doc_type, caseId: r.case_id, reviewId: r.review_id, period: r.period, offerId: r.offer_id, version: r.version,
  fileName: r.file_name, sha256: r.sha256, bytes: r.bytes, templateVersion: r.template_version, generatedBy: r.generated_by,
  generatedAt: r.generated_at.toISOString(), serial: r.serial === null ? null : { year: r.serial_year!, n: r.serial }
})
