// Request schemas and responses of the import area (records office and administrators): look at a file
// (encoding guess, sheets, header, first rows, suggested mapping), dry-run it, start an import in the
// background and follow it (rows/s, ETA, cancel), list past imports, save mapping presets, write an
// import's error file. Files are named by their path on the machine running the main process (the desktop
// app, or the browser-mode server on the same machine).
import { z } from 'zod'
import { zId } from './contract-common'
import { FIELD_BY_KEY } from './import-fields'
import { IMPORT_KINDS, RECORD_FIELD_KEYS, type ImportKind } from './import-record-fields'

const path = z.string().min(1).max(4096)
/** Bytes per upload piece (base64 makes 4/3 of it, under the browser server's 1 MB body limit). */
export const UPLOAD_CHUNK = 512 * 1024
/** One of the import fields (a name such as `constructor` that merely looks like one is refused, not stored). */
const fieldKey = z.string().min(1).max(80).refine((k) => FIELD_BY_KEY.has(k), '不是可导入的字段名')
/** A key an object already answers to (`constructor`, `toString`, `__proto__`…): a lookup by it finds Object's, not the map's. */
const inheritedKey = (k: string) => k in Object.prototype || k === 'prototype'
/** A record whose keys are checked before zod builds it (zod drops an own `__proto__` key silently). */
const record = <V extends z.ZodType>(key: z.ZodString, value: V) =>
  z.unknown().refine((v) => !(v && typeof v === 'object' && Object.getOwnPropertyNames(v).some(inheritedKey)), '不允许的键（与对象自带的名称相同）').pipe(z.record(key, value))
export const importMappingSchema = z.object({
  columns: record(fieldKey, z.string().min(1).max(200)),
  values: record(fieldKey, record(z.string().max(200), z.string().max(40))).optional(),
  missing: z.array(fieldKey).max(100).optional(),
  standins: record(fieldKey, z.string().max(200)).optional(),
  createUnits: z.boolean().optional()
}).strict()
/** A mapping of units, staff, offers, measures or events: field → column, and value maps of coded fields (the runner checks the keys are its kind's). */
const recordKey = z.string().min(1).max(80).refine((k) => RECORD_FIELD_KEYS.has(k), '不是可导入的字段名')
export const recordMappingSchema = z.object({
  columns: record(recordKey, z.string().min(1).max(200)),
  values: record(recordKey, record(z.string().max(200), z.string().max(40))).optional()
}).strict()
/** What a file holds: cases (default), or the rest of an archive keyed by case number or code. */
const kind = z.enum(IMPORT_KINDS).optional()
const source = { path, encoding: z.string().min(1).max(40).optional(), sheet: z.string().min(1).max(100).optional(), kind }
/** A built-in preset ('archive', 'cfpb'), a saved preset's name, or a mapping (of cases, or of the file's kind). */
const mapping = z.union([z.string().min(1).max(80), importMappingSchema, recordMappingSchema]).optional()

export interface ImportFieldView { key: string; zh: string; en: string; required: boolean; coded: boolean }
export interface ImportInspectResponse {
  fileName: string; size: number; kind: 'csv' | 'xlsx'
  encoding: { encoding: string; bom: boolean; confidence: 'bom' | 'valid_utf8' | 'guessed' } | null
  sheet: string | null
  header: string[]
  /** The first rows as read (up to 10). */
  preview: { line: number; cells: string[] }[]
  /** 'cfpb' when the header is the CFPB's, else 'archive'. */
  detectedPreset: 'archive' | 'cfpb'
  /** The kind asked for, or the one the header's names suggest (cases unless another kind's required fields are all named). */
  importKind: ImportKind
  detectedKind: ImportKind
  /** The mapping suggested for `kind` from the header's names, and `kind`'s fields. */
  suggested: { columns: Record<string, string> }
  fields: ImportFieldView[]
  presets: string[]
}

export interface ImportSummary {
  importId: number | null; status: 'done' | 'rejected' | 'dry_run'; fileName: string; preset: string
  counts: { read: number; new: number; changed: number; unchanged: number; invalid: number; skipped: number }
  warnings: string[]; warningCount: number; errors: { line: number; message: string }[]; skipped: { line: number; reason: string }[]
  unknownValues: Record<string, Record<string, number>>
  samples: Record<'new' | 'changed' | 'unchanged', { line: number; caseNo: string; changed?: Record<string, { before: unknown; after: unknown }> }[]>
  reaudited: number; ms: number
}

export interface ImportJobStatus {
  jobId: string
  state: 'running' | 'done' | 'failed' | 'cancelled'
  phase: 'reading' | 'writing' | 'auditing'
  rows: number; rowsPerSec: number
  /** Seconds left, from the share of the file read (CSV); null when it cannot be told (XLSX, or writing). */
  etaSec: number | null
  /** 0–1 share of the file read, or null. */
  fraction: number | null
  result: ImportSummary | null
  error: string | null
}

export interface ImportRecordView {
  id: number; kind: ImportKind; fileName: string; sha256: string; actor: string; preset: string; status: string; startedAt: string; finishedAt: string | null
  counts: ImportSummary['counts'] | null; error: string | null
}

export const importRequestSchemas = {
  'import.inspect': z.object(source).strict(),
  'import.dryRun': z.object({ ...source, mapping }).strict(),
  'import.start': z.object({ ...source, mapping, allOrNothing: z.boolean().default(false) }).strict(),
  'import.status': z.object({ jobId: z.string().min(1).max(64) }).strict(),
  'import.cancel': z.object({ jobId: z.string().min(1).max(64) }).strict(),
  'import.list': z.object({}).strict(),
  'import.savePreset': z.object({ name: z.string().trim().min(1).max(80), mapping: importMappingSchema }).strict(),
  'import.writeErrors': z.object({ importId: zId, path }).strict(),
  /** The error file to download: browser mode gets a one-use address (60 s); the desktop asks where to save it. */
  'import.errorFile': z.object({ importId: zId }).strict(),
  /**
   * Browser mode's file input: the file sent in base64 pieces (each under the 1 MB request limit), appended
   * in order; the last piece answers with the path the import then reads. The first piece has no uploadId.
   */
  'import.upload': z.object({
    uploadId: z.string().regex(/^[\w-]{16,64}$/).optional(), name: z.string().trim().min(1).max(255), offset: z.number().int().min(0).max(2 ** 40),
    chunk: z.string().max(UPLOAD_CHUNK * 4 / 3 + 4).regex(/^[A-Za-z0-9+/]*={0,2}$/), done: z.boolean()
  }).strict(),
  /** The desktop's open-file dialog (browser mode uploads instead). */
  'import.chooseFile': z.object({}).strict()
} as const

export interface ImportResponses {
  'import.inspect': ImportInspectResponse
  'import.dryRun': ImportSummary
  'import.start': ImportJobStatus
  'import.status': ImportJobStatus
  'import.cancel': ImportJobStatus
  'import.list': ImportRecordView[]
  'import.savePreset': { name: string; created: boolean }
  'import.writeErrors': { rows: number; path: string }
  'import.errorFile': { rows: number; url: string | null; path: string | null }
  'import.upload': { uploadId: string; bytes: number; path: string | null }
  'import.chooseFile': { path: string | null }
}
