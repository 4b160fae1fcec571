// Dossiers in bulk: for a list of cases or a period of receipt, each document rendered (on worker threads),
// hashed, written to the folder and registered; then manifest.csv (file, case_no, sha256) and a zip of it all.
//
// Memory stays bounded whatever the count: cases are read and rendered a chunk at a time (one query per
// chunk), at most two chunks ahead of the writer, and each document goes to its file and into the zip
// stream as soon as it is ready — nothing holds the batch. Each chunk registers in one transaction.
//
// Zip: fflate's streaming Zip (already installed with docx, no other dependency); documents are stored, not
// deflated again (a .docx is already compressed). fflate writes no ZIP64, so a zipped batch is limited to
// MAX_ZIPPED documents; larger batches go without the zip (zip: false) or in several periods.
//
// Cancelling (AbortSignal) stops after the document in hand: everything written so far is registered and in
// manifest.csv, the incomplete zip is deleted, and the result says `cancelled`. A failure rolls back its
// chunk, deletes that chunk's files and the zip, and rethrows; earlier chunks stay registered and listed.
import { once } from 'node:events'
import { createWriteStream, existsSync, type WriteStream } from 'node:fs'
import { copyFile, link, mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Zip, ZipPassThrough } from 'fflate'
import type { DataSource } from 'typeorm'
import { loadCaseRecords, type CaseRecord } from '../cases/case-record'
import { writeNewFile } from './issue'
import type { CaseDocType } from './labels'
import { lockRegistry, nextVersions, registerDocuments, sha256, subjectKey, type NewDocument } from './registry'
import { TEMPLATE_VERSIONS, caseFileName } from './render'
import { createRenderPool, defaultWorkers } from './render-pool'
import { invalid } from '../transport/errors'

export const MAX_ZIPPED = 65_000
export const MANIFEST = 'manifest.csv'
export const ZIP_NAME = 'documents.zip'

export interface BatchOptions {
  /** The cases, by id; or else every case received from `from` (inclusive) to `to` (exclusive), China dates. */
  caseIds?: number[]
  from?: string
  to?: string
  /** A new or empty folder: a batch never mixes its manifest with another's. */
  outDir: string
  actor: string
  type?: CaseDocType
  /**
   * Issue a new version for cases that already have a registered document of this type. False by default: a
   * batch skips them (and counts them in `skipped`), so running a period twice does not quietly make v2, v3.
   */
  reissue?: boolean
  /** Render threads (0: on this thread). Default: one per core, up to four. */
  workers?: number
  chunkSize?: number
  zip?: boolean
  signal?: AbortSignal
  /** The batch's row (batch-runs.ts): each document registered names it. */
  batchId?: number
  /** A folder to link each chunk's files into as soon as the chunk is registered (the app's documents folder). */
  linkInto?: string
  onProgress?: (done: number, total: number) => void
  /** Once the cases are chosen, before any is rendered: how many will be issued, how many were skipped. */
  onSelected?: (total: number, skipped: number) => Promise<void> | void
  now?: Date
}

export interface BatchResult {
  total: number; done: number; cancelled: boolean; bytes: number; ms: number
  /** Cases left out because they already have a document of the type (unless `reissue`). */
  skipped: number
  outDir: string; manifest: string; zip: string | null
}

type Selected = { id: number; case_no: string; issued: boolean }

async function selectCases(ds: DataSource, opts: BatchOptions, type: CaseDocType): Promise<Selected[]> {
  const issued = `EXISTS (SELECT 1 FROM documents d WHERE d.doc_type = $TYPE AND d.case_id = c.id) AS issued`
  if (opts.caseIds) {
    return ds.query(`SELECT id, case_no, ${issued.replace('$TYPE', '$2')} FROM cases c WHERE id = ANY($1::int[]) ORDER BY array_position($1::int[], id)`, [opts.caseIds, type])
  }
  if (!opts.from || !opts.to) throw invalid('请给出案件编号列表，或投诉日期范围（起止日期）')
  return ds.query(`SELECT id, case_no, ${issued.replace('$TYPE', '$3')} FROM cases c
    WHERE received_at >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai' AND received_at < $2::date::timestamp AT TIME ZONE 'Asia/Shanghai'
    ORDER BY received_at, id`, [opts.from, opts.to, type])
}

const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

/** One line of manifest.csv (file, case_no, sha256), quoted as CSV wants. */
export const manifestLine = (file: string, caseNo: string, sha: string): string => `${csvField(file)},${csvField(caseNo)},${sha}\n`

export async function batchDocuments(ds: DataSource, opts: BatchOptions): Promise<BatchResult> {
  const started = performance.now()
  const type = opts.type ?? 'dossier'
  const wantZip = opts.zip ?? true
  const selected = await selectCases(ds, opts, type)
  const cases = opts.reissue ? selected : selected.filter((c) => !c.issued)
  const skipped = selected.length - cases.length
  await opts.onSelected?.(cases.length, skipped)
  if (wantZip && cases.length > MAX_ZIPPED) throw invalid(`一次打包最多 ${MAX_ZIPPED.toLocaleString()} 份（本次 ${cases.length.toLocaleString()} 份）：请缩小日期范围，或不打包`)
  await mkdir(opts.outDir, { recursive: true, mode: 0o700 })
  const manifestPath = join(opts.outDir, MANIFEST)
  const zipPath = join(opts.outDir, ZIP_NAME)
  if (existsSync(manifestPath) || existsSync(zipPath)) throw invalid(`${opts.outDir} 中已有上一批的 ${MANIFEST} 或 ${ZIP_NAME}，请使用新的目录`)

  const manifest = createWriteStream(manifestPath, { flags: 'wx', mode: 0o600 })
  manifest.write('file,case_no,sha256\n')
  const zipOut: WriteStream | null = wantZip ? createWriteStream(zipPath, { flags: 'wx', mode: 0o600 }) : null
  let zipError: Error | null = null
  let drain = false
  const zip = zipOut ? new Zip((err, chunk, final) => {
    if (err) { zipError = err; return }
    if (!zipOut.write(chunk)) drain = true
    if (final) zipOut.end()
  }) : null
  const addToZip = async (name: string, bytes: Uint8Array): Promise<void> => {
    if (!zip || !zipOut) return
    const entry = new ZipPassThrough(name)
    zip.add(entry)
    entry.push(bytes, true)
    if (zipError) throw zipError
    if (drain) { drain = false; await once(zipOut, 'drain') }
  }

  const meta = { generatedAt: opts.now ?? new Date(), generatedBy: opts.actor }
  const pool = createRenderPool(opts.workers ?? (cases.length >= 50 ? defaultWorkers() : 0))
  const size = opts.chunkSize ?? 100
  const chunks: number[][] = []
  for (let i = 0; i < cases.length; i += size) chunks.push(cases.slice(i, i + size).map((c) => c.id))
  // Read a chunk and hand all its documents to the renderers at once; the writer awaits them in order.
  const prepare = async (ids: number[]): Promise<{ records: CaseRecord[]; renders: Promise<Uint8Array>[] }> => {
    const records = await loadCaseRecords(ds, ids)
    const renders = records.map((r) => pool.render(type, r, meta))
    for (const p of renders) p.catch(() => {}) // awaited below; never an unhandled rejection if the batch stops early
    return { records, renders }
  }

  let done = 0
  let bytesTotal = 0
  let cancelled = false
  try {
    let next = chunks.length ? prepare(chunks[0]) : null
    for (let k = 0; k < chunks.length && next; k++) {
      if (opts.signal?.aborted) { cancelled = true; break }
      const { records, renders } = await next
      next = k + 1 < chunks.length ? prepare(chunks[k + 1]) : null
      next?.catch(() => {})
      const written: string[] = []
      let rows: NewDocument[] = []
      try {
        rows = await ds.transaction(async (em) => {
          await lockRegistry(em)
          const versions = await nextVersions(em, type, records.map((r) => ({ caseId: r.id })))
          const out: NewDocument[] = []
          for (let i = 0; i < records.length; i++) {
            if (opts.signal?.aborted) { cancelled = true; break }
            const r = records[i]
            const bytes = await renders[i]
            const version = versions.get(subjectKey({ caseId: r.id }))!
            const fileName = caseFileName(type, r.caseNo, version)
            await writeNewFile(join(opts.outDir, fileName), bytes)
            written.push(join(opts.outDir, fileName))
            await addToZip(fileName, bytes)
            out.push({ docType: type, subject: { caseId: r.id }, version, fileName, sha256: sha256(bytes), bytes: bytes.length, templateVersion: TEMPLATE_VERSIONS[type], generatedBy: opts.actor, generatedAt: meta.generatedAt, batchId: opts.batchId })
            bytesTotal += bytes.length
            opts.onProgress?.(done + out.length, cases.length)
          }
          await registerDocuments(em, out)
          return out
        })
      } catch (err) {
        await Promise.all(written.map((p) => rm(p, { force: true })))
        throw err
      }
      // Registered: the files belong in the documents folder now, not when the whole batch ends (a batch
      // killed half-way left registered documents the 文书 area could not find).
      if (opts.linkInto) await linkFiles(opts.outDir, opts.linkInto, rows.map((r) => r.fileName))
      const caseNo = new Map(records.map((r) => [r.id, r.caseNo]))
      for (const row of rows) manifest.write(manifestLine(row.fileName, caseNo.get((row.subject as { caseId: number }).caseId)!, row.sha256))
      done += rows.length
      if (cancelled) break
    }
  } catch (err) {
    await closeQuietly(manifest)
    if (zipOut) { zipOut.destroy(); await rm(zipPath, { force: true }) }
    throw err
  } finally {
    await pool.close()
  }

  manifest.end()
  await once(manifest, 'close')
  let zipResult: string | null = null
  if (zip && zipOut) {
    if (cancelled) {
      zipOut.destroy()
      await rm(zipPath, { force: true })
    } else {
      await addToZip(MANIFEST, await readFile(manifestPath))
      zip.end()
      if (!zipOut.closed) await once(zipOut, 'close')
      if (zipError) throw zipError
      zipResult = zipPath
    }
  }
  return { total: cases.length, done, skipped, cancelled, bytes: bytesTotal, ms: performance.now() - started, outDir: opts.outDir, manifest: manifestPath, zip: zipResult }
}

/** Links (same disk; copies otherwise) each named file of `from` into `to`, leaving any already there. */
export async function linkFiles(from: string, to: string, names: string[]): Promise<void> {
  for (const name of names) {
    if (existsSync(join(to, name)) || !existsSync(join(from, name))) continue
    await link(join(from, name), join(to, name)).catch(() => copyFile(join(from, name), join(to, name)))
  }
}

async function closeQuietly(s: WriteStream): Promise<void> {
  if (s.closed) return
  s.end()
  await once(s, 'close').catch(() => {})
}
