// A finished batch's zip and manifest for the person who ran it (issue 10 point 7): on the desktop saved where
// they choose; in browser mode — where the folder is the server's and the page has no way into it — fetched
// once from GET /batches/<id>?ticket=…&file=zip|manifest, with a ticket `documents.batchDownload` issued a
// moment before, as documents (download-tickets.ts) and import error files (import/files.ts) are.
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { AppContext, FileFilter } from '../app/context'
import type { BatchFile } from '../shared/contract'
import { recordAccess } from '../privacy/need-to-know'
import { MANIFEST, ZIP_NAME } from './batch'
import { batchById, type BatchRow } from './batch-runs'

const TTL_MS = 60_000

/** The name a batch file is saved as: ASCII, since it goes into a Content-Disposition header. */
export const batchFileName = (id: number, file: BatchFile): string => (file === 'zip' ? `batch_${id}_documents.zip` : `batch_${id}_manifest.csv`)

export const BATCH_FILE_FILTER: Record<BatchFile, FileFilter> = { zip: { name: 'ZIP', extensions: ['zip'] }, manifest: { name: 'CSV', extensions: ['csv'] } }

/**
 * Where batch `b`'s file is, or why there is none: a zip only for a batch that finished (a cancelled,
 * failed or interrupted batch deletes its unfinished zip; `--no-zip` writes none), a manifest once written.
 */
export function batchFilePath(b: BatchRow, file: BatchFile): { path: string } | { missing: string } {
  if (file === 'zip') {
    const path = join(b.outDir, ZIP_NAME)
    if (b.status === 'running') return { missing: `批量生成 #${b.id} 尚未完成，压缩包还没有写完` }
    if (b.status !== 'done') return { missing: `批量生成 #${b.id} 未完成（已取消、失败或中断），没有压缩包：已生成的文书见清单和文书列表` }
    return existsSync(path) ? { path } : { missing: `批量生成 #${b.id} 没有压缩包（未打包，或文件已被移走）` }
  }
  const path = join(b.outDir, MANIFEST)
  return existsSync(path) ? { path } : { missing: `批量生成 #${b.id} 没有清单文件（${MANIFEST} 不在批次目录中）` }
}

interface Ticket { batchId: number; file: BatchFile; actor: string; expires: number }
const stores = new WeakMap<AppContext, Map<string, Ticket>>()

function storeOf(ctx: AppContext): Map<string, Ticket> {
  let s = stores.get(ctx)
  if (!s) stores.set(ctx, (s = new Map()))
  return s
}

/** A one-use download address (60 s) for batch `batchId`'s `file`, for `actor`. */
export function batchDownloadUrl(ctx: AppContext, batchId: number, file: BatchFile, actor: string, now = Date.now()): string {
  const store = storeOf(ctx)
  for (const [k, t] of store) if (t.expires < now) store.delete(k)
  const ticket = randomBytes(18).toString('base64url')
  store.set(ticket, { batchId, file, actor, expires: now + TTL_MS })
  return `/batches/${batchId}?ticket=${ticket}`
}

/**
 * For GET /batches/<id>?ticket=…: takes the ticket (one use), records the download in the trail (entity
 * document_batch, action download) and gives the file the ticket was issued for; null when the batch or its
 * file is gone, `{ refused }` for a missing, used, expired or other batch's ticket.
 */
export async function redeemBatchFile(ctx: AppContext, batchId: number, ticket: string | null, now = Date.now()): Promise<{ path: string; name: string } | { refused: string } | null> {
  const store = storeOf(ctx)
  const t = ticket ? store.get(ticket) : undefined
  if (ticket) store.delete(ticket)
  if (!t || t.batchId !== batchId || t.expires < now) return { refused: '下载地址已失效或不属于此批次：请在批量生成结果中重新点“下载”' }
  const b = await batchById(ctx.ds, batchId)
  const found = b ? batchFilePath(b, t.file) : null
  if (!found || !('path' in found)) return null
  const name = batchFileName(batchId, t.file)
  await ctx.ds.transaction((em) => recordAccess(em, t.actor, 'document_batch', batchId, 'download', { file: t.file, fileName: name }))
  return { path: found.path, name }
}
