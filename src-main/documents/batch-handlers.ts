// 批量生成 behind the contract: one batch at a time per app, its progress from memory while it runs here,
// and otherwise the last batch as remembered in document_batches — including one whose process died, which
// the status cleans up after (batch-runs.ts) and offers to resume.
import { existsSync } from 'node:fs'
import { copyFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import type { DocumentBatchStatus } from '../shared/contract'
import { conflict, forbidden, notFound } from '../transport/errors'
import { recordAccess } from '../privacy/need-to-know'
import { MANIFEST, ZIP_NAME, batchDocuments, type BatchOptions } from './batch'
import { BATCH_FILE_FILTER, batchDownloadUrl, batchFileName, batchFilePath } from './batch-files'
import { batchById, beginBatch, endBatch, latestBatch, noteSelection, recentBatches, recoverDeadBatches, remainingCases, type BatchRow, type NewBatch } from './batch-runs'
import { inBackground } from '../db/background'

/**
 * A batch folder's time in China time, as the screen shows it: 2026-07-03_10-05-30-123 (the UTC ISO stamp
 * named a batch started at 10:05 in Beijing 02-05). Milliseconds keep two batches of one second apart.
 */
export function batchStamp(at: Date): string {
  const cn = new Date(at.getTime() + 8 * 3_600_000).toISOString()
  return `${cn.slice(0, 10)}_${cn.slice(11, 23).replace(/[:.]/g, '-')}`
}

type Channels = 'documents.batchStart' | 'documents.batchStatus' | 'documents.batchCancel' | 'documents.batchResume' | 'documents.batchDownload' | 'documents.batches'

const idle = (): DocumentBatchStatus => ({ id: null, actor: null, running: false, done: 0, total: 0, outDir: null, zip: null, manifest: null, cancelled: false, error: null, finishedAt: null, interrupted: null, resumable: false, skipped: 0 })

function statusOf(b: BatchRow): DocumentBatchStatus {
  const zip = join(b.outDir, ZIP_NAME)
  return {
    id: b.id, actor: b.actor, running: b.status === 'running', done: b.done, total: b.total, outDir: b.outDir,
    zip: b.status === 'done' && existsSync(zip) ? zip : null,
    manifest: existsSync(join(b.outDir, MANIFEST)) ? join(b.outDir, MANIFEST) : null,
    cancelled: b.status === 'cancelled', error: b.status === 'done' || b.status === 'cancelled' ? null : b.error, finishedAt: b.finishedAt,
    interrupted: b.status === 'interrupted' && b.cleanup ? { registered: b.cleanup.registered, removed: b.cleanup.removed.length } : null,
    resumable: (b.status === 'interrupted' || b.status === 'cancelled' || b.status === 'failed') && (b.total === 0 || b.done < b.total),
    skipped: b.skipped
  }
}

export function buildBatchHandlers(ctx: AppContext): HandlerMap<Channels> {
  const { ds, documentsDir: dir } = ctx
  let live: DocumentBatchStatus | null = null
  let abort: AbortController | null = null

  /** Starts a batch in the background; its row and progress are kept as it goes. */
  async function run(b: NewBatch, select: Pick<BatchOptions, 'caseIds' | 'from' | 'to' | 'reissue'>): Promise<DocumentBatchStatus> {
    const { id, stop } = await beginBatch(ds, b)
    abort = new AbortController()
    const mine: DocumentBatchStatus = { ...idle(), id, actor: b.actor, running: true, outDir: b.outDir }
    live = mine
    // Background work of the archive (db/background.ts): closing it stops the batch as a cancel does.
    void inBackground(ds, (signal) => batchDocuments(ds, {
      ...select, type: b.docType, outDir: b.outDir, actor: b.actor, signal, batchId: id, linkInto: dir,
      onProgress: (done, total) => { mine.done = done; mine.total = total },
      onSelected: async (total, skipped) => { Object.assign(mine, { total, skipped }); await noteSelection(ds, id, total, skipped) }
    }).then(async (r) => {
      await endBatch(ds, id, { status: r.cancelled ? 'cancelled' : 'done', total: r.total, done: r.done, skipped: r.skipped })
      Object.assign(mine, { running: false, done: r.done, total: r.total, skipped: r.skipped, zip: r.zip, manifest: r.manifest, cancelled: r.cancelled, finishedAt: new Date().toISOString(), resumable: r.cancelled })
    }).catch(async (err: Error) => {
      await endBatch(ds, id, { status: 'failed', total: mine.total, done: mine.done, error: err.message }).catch(() => {})
      Object.assign(mine, { running: false, error: err.message, finishedAt: new Date().toISOString(), resumable: true })
    }).finally(stop), abort)
    return mine
  }

  const folder = (type: string, what: string): string => join(dir, 'batches', `${type}_${what}_${batchStamp(new Date())}`)

  return {
    async 'documents.batchStart'(req, caller) {
      if (live?.running) return live
      await ds.transaction((em) => recordAccess(em, caller.user!.username, 'document_batch', 0, 'start',
        { type: req.type, receivedFrom: req.receivedFrom, receivedTo: req.receivedTo, reason: req.reason }))
      return run({ docType: req.type, receivedFrom: req.receivedFrom, receivedTo: req.receivedTo, outDir: folder(req.type, `${req.receivedFrom}_${req.receivedTo}`), actor: caller.user!.username, reason: req.reason },
        { from: req.receivedFrom, to: req.receivedTo, reissue: req.reissue })
    },
    async 'documents.batchResume'(req, caller) {
      if (live?.running) throw conflict('已有一批文书正在生成：请等它完成或取消后再继续')
      await recoverDeadBatches(ds)
      const prev = await batchById(ds, req.id)
      if (!prev) throw notFound(`批量生成 #${req.id} 不存在`)
      if (prev.status === 'running') throw conflict(`批量生成 #${req.id} 仍在运行（另一台电脑或进程）`)
      if (prev.status === 'done') throw conflict(`批量生成 #${req.id} 已全部完成，无需继续`)
      const caseIds = await remainingCases(ds, prev)
      await ds.transaction((em) => recordAccess(em, caller.user!.username, 'document_batch', req.id, 'resume', { remaining: caseIds.length, reason: req.reason }))
      return run({ docType: prev.docType, caseIds, outDir: folder(prev.docType, `resume-${prev.id}`), actor: caller.user!.username, reason: req.reason, resumedFrom: prev.id }, { caseIds })
    },
    async 'documents.batchStatus'() {
      if (live?.running) return live
      await recoverDeadBatches(ds)
      const last = await latestBatch(ds)
      return last ? statusOf(last) : idle()
    },
    'documents.batchCancel': async () => { abort?.abort(); return live ?? idle() },
    async 'documents.batches'(req) {
      if (!live?.running) await recoverDeadBatches(ds)
      return (await recentBatches(ds, req.limit)).map((b) => ({
        id: b.id, docType: b.docType, actor: b.actor, receivedFrom: b.receivedFrom, receivedTo: b.receivedTo, status: b.status,
        total: b.total, done: b.done, skipped: b.skipped, startedAt: b.startedAt, finishedAt: b.finishedAt,
        hasZip: 'path' in batchFilePath(b, 'zip'), hasManifest: 'path' in batchFilePath(b, 'manifest')
      }))
    },
    async 'documents.batchDownload'(req, caller) {
      const b = await batchById(ds, req.id)
      if (!b) throw notFound(`批量生成 #${req.id} 不存在`)
      const me = caller.user!.username
      if (b.actor !== me) throw forbidden(`批量生成 #${b.id} 由 ${b.actor} 发起：其文件只提供给发起人下载`)
      const found = batchFilePath(b, req.file)
      if ('missing' in found) throw notFound(found.missing)
      const fileName = batchFileName(b.id, req.file)
      if (!ctx.desktop) return { savedTo: null, downloadUrl: batchDownloadUrl(ctx, b.id, req.file, me), fileName }
      const target = await ctx.desktop.chooseSavePath(fileName, BATCH_FILE_FILTER[req.file])
      if (!target) return { savedTo: null, downloadUrl: null, fileName }
      await copyFile(found.path, target)
      await ds.transaction((em) => recordAccess(em, me, 'document_batch', b.id, 'save_as', { file: req.file, savedTo: target }))
      return { savedTo: target, downloadUrl: null, fileName }
    }
  }
}
