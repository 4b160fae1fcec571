// Document batches as remembered work (issue 16 point 2). A batch is a row with a heartbeat lease; each
// document it registers names it. When a batch's process died (killed, power loss), the next look cleans
// up after it — unregistered documents (personal data nobody registered), `.part` files, the unfinished
// zip — writes its manifest from what was registered, links those files into the documents folder, and
// marks it interrupted; a resume issues the documents of the cases it had not reached.
import { existsSync } from 'node:fs'
import { readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { returnedRows } from '../db/returning'
import { deadLeases, keepAlive, thisHost, type LeaseRow } from '../runs/lease'
import { recordAccess } from '../privacy/need-to-know'
import { MANIFEST, ZIP_NAME, linkFiles, manifestLine } from './batch'
import type { CaseDocType } from './labels'

export interface BatchCleanup {
  /** Registered documents found, linked into the documents folder when the batch had one. */
  registered: number
  /** Files removed: documents written but never registered, `.part` files, the unfinished zip. */
  removed: string[]
}

export interface BatchRow {
  id: number; docType: CaseDocType; receivedFrom: string | null; receivedTo: string | null; caseIds: number[] | null
  outDir: string; linkInto: string | null; actor: string; reason: string | null
  status: 'running' | 'done' | 'cancelled' | 'interrupted' | 'failed'
  total: number; done: number
  /** Cases of the selection left out because their document was already issued (not asked to re-issue). */
  skipped: number
  startedAt: string; finishedAt: string | null; error: string | null
  cleanup: BatchCleanup | null; resumedFrom: number | null
}

interface Raw extends LeaseRow {
  doc_type: CaseDocType; received_from: string | null; received_to: string | null; case_ids: number[] | null
  out_dir: string; link_into: string | null; actor: string; reason: string | null; status: BatchRow['status']
  total: number; done: number; skipped: number; started_at: Date; finished_at: Date | null; error: string | null; cleanup: BatchCleanup | null; resumed_from: number | null
}

const toRow = (r: Raw): BatchRow => ({
  id: r.id, docType: r.doc_type, receivedFrom: r.received_from, receivedTo: r.received_to, caseIds: r.case_ids,
  outDir: r.out_dir, linkInto: r.link_into, actor: r.actor, reason: r.reason, status: r.status, total: r.total, done: r.done, skipped: r.skipped,
  startedAt: r.started_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null, error: r.error, cleanup: r.cleanup, resumedFrom: r.resumed_from
})

export interface NewBatch {
  docType: CaseDocType; receivedFrom?: string; receivedTo?: string; caseIds?: number[]
  outDir: string; linkInto?: string | null; actor: string; reason?: string | null; resumedFrom?: number | null
}

/**
 * Records a batch as running in this process, with its lease renewed until the returned `stop` is called.
 * @returns the batch's id and the function that ends its heartbeat
 */
export async function beginBatch(ds: DataSource, b: NewBatch): Promise<{ id: number; stop: () => void }> {
  const [{ id }] = (await ds.query(`INSERT INTO document_batches (doc_type, received_from, received_to, case_ids, out_dir, link_into, actor, reason, resumed_from, host, pid, heartbeat_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now()) RETURNING id`,
  [b.docType, b.receivedFrom ?? null, b.receivedTo ?? null, b.caseIds ?? null, b.outDir, b.linkInto ?? null, b.actor, b.reason ?? null, b.resumedFrom ?? null, thisHost(), process.pid])) as { id: number }[]
  return { id, stop: keepAlive(ds, 'document_batches', id) }
}

/**
 * Records what a batch will issue once its cases are chosen: `total` documents, `skipped` cases left out as
 * already issued. Kept at once, so a batch that dies or is looked at from another window still says it.
 */
export async function noteSelection(ds: DataSource, id: number, total: number, skipped: number): Promise<void> {
  await ds.query('UPDATE document_batches SET total = $2, skipped = $3 WHERE id = $1', [id, total, skipped])
}

export interface BatchEnd { status: 'done' | 'cancelled' | 'failed'; total: number; done: number; skipped?: number; error?: string | null }

/**
 * Records how a batch ended (done, cancelled or failed) with its counts, and the ending in the audit trail
 * (entity document_batch, action finish; after: { status, total, done, skipped, error }) under the batch's
 * actor. `skipped` left out keeps what noteSelection stored (a batch that failed before it chose its cases: 0).
 */
export async function endBatch(ds: DataSource, id: number, end: BatchEnd): Promise<void> {
  await ds.transaction(async (em) => {
    const [r] = returnedRows<{ actor: string; doc_type: string; skipped: number }>(await em.query(`UPDATE document_batches SET status = $2, total = $3, done = $4, error = $5,
        skipped = coalesce($6, skipped), finished_at = now() WHERE id = $1 RETURNING actor, doc_type, skipped`,
    [id, end.status, end.total, end.done, end.error ?? null, end.skipped ?? null]))
    if (r) {
      await recordAccess(em, r.actor, 'document_batch', id, 'finish',
        { type: r.doc_type, status: end.status, total: end.total, done: end.done, skipped: r.skipped, error: end.error ?? null })
    }
  })
}

/** Cleans up after one dead batch; see the module comment. */
async function cleanUp(ds: DataSource, b: Raw): Promise<BatchCleanup> {
  const docs = (await ds.query(`SELECT d.file_name, c.case_no, d.sha256 FROM documents d LEFT JOIN cases c ON c.id = d.case_id WHERE d.batch_id = $1 ORDER BY d.id`, [b.id])) as { file_name: string; case_no: string | null; sha256: string }[]
  const registered = new Set(docs.map((d) => d.file_name))
  const removed: string[] = []
  const present = existsSync(b.out_dir) ? await readdir(b.out_dir) : []
  for (const name of present) {
    const unregisteredDoc = name.endsWith('.docx') && !registered.has(name)
    if (unregisteredDoc || name.endsWith('.part') || name === ZIP_NAME) {
      await rm(join(b.out_dir, name), { force: true })
      removed.push(name)
    }
  }
  if (existsSync(b.out_dir)) {
    const lines = docs.map((d) => manifestLine(d.file_name, d.case_no ?? '', d.sha256))
    await writeFile(join(b.out_dir, MANIFEST), `file,case_no,sha256\n${lines.join('')}`, { mode: 0o600 })
  }
  if (b.link_into) await linkFiles(b.out_dir, b.link_into, [...registered])
  return { registered: docs.length, removed }
}

/**
 * Finds running batches whose process died (lease.ts), cleans up after each and marks it interrupted with
 * what was done. Batches alive in other processes are left alone.
 * @returns the batches it recovered
 */
export async function recoverDeadBatches(ds: DataSource, now = Date.now()): Promise<BatchRow[]> {
  const rows = (await ds.query(`SELECT * FROM document_batches WHERE status = 'running'`)) as Raw[]
  const out: BatchRow[] = []
  for (const b of deadLeases(rows, now)) {
    const cleanup = await cleanUp(ds, b)
    const [r] = returnedRows<Raw>(await ds.query(`UPDATE document_batches SET status = 'interrupted', done = $2, cleanup = $3, finished_at = now(),
        error = '批量生成中断：进程已退出或失去响应（' || coalesce(host, '未知主机') || ' 进程 ' || coalesce(pid::text, '?') || '）'
      WHERE id = $1 AND status = 'running' RETURNING *`, [b.id, cleanup.registered, JSON.stringify(cleanup)]))
    if (r) out.push(toRow(r))
  }
  return out
}

/** The most recent batch started (any status), or null. */
export async function latestBatch(ds: DataSource): Promise<BatchRow | null> {
  const [r] = (await ds.query('SELECT * FROM document_batches ORDER BY id DESC LIMIT 1')) as Raw[]
  return r ? toRow(r) : null
}

/** The `limit` most recent batches (any status), newest first. */
export async function recentBatches(ds: DataSource, limit: number): Promise<BatchRow[]> {
  return ((await ds.query('SELECT * FROM document_batches ORDER BY id DESC LIMIT $1', [limit])) as Raw[]).map(toRow)
}

export async function batchById(ds: DataSource, id: number): Promise<BatchRow | null> {
  const [r] = (await ds.query('SELECT * FROM document_batches WHERE id = $1', [id])) as Raw[]
  return r ? toRow(r) : null
}

/**
 * The cases an interrupted (or cancelled) batch did not reach: those of its selection with no document of its
 * type registered by it or by an earlier batch it resumed, in the batch's own order.
 */
export async function remainingCases(ds: DataSource, b: BatchRow): Promise<number[]> {
  const chain = (await ds.query(`WITH RECURSIVE up AS (SELECT id, resumed_from FROM document_batches WHERE id = $1
      UNION ALL SELECT p.id, p.resumed_from FROM document_batches p JOIN up ON p.id = up.resumed_from) SELECT id FROM up`, [b.id])) as { id: number }[]
  const [selection, params] = b.caseIds
    ? ['SELECT c.id, array_position($3::int[], c.id) AS ord FROM cases c WHERE c.id = ANY($3::int[])', [b.caseIds]]
    : [`SELECT c.id, row_number() OVER (ORDER BY c.received_at, c.id) AS ord FROM cases c
        WHERE c.received_at >= $3::date::timestamp AT TIME ZONE 'Asia/Shanghai' AND c.received_at < $4::date::timestamp AT TIME ZONE 'Asia/Shanghai'`, [b.receivedFrom, b.receivedTo]]
  const rows = (await ds.query(`SELECT s.id FROM (${selection}) s
     WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.case_id = s.id AND d.doc_type = $2 AND d.batch_id = ANY($1::int[]))
     ORDER BY s.ord`, [chain.map((c) => c.id), b.docType, ...params])) as { id: number }[]
  return rows.map((r) => r.id)
}
