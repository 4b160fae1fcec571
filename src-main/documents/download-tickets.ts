// Browser mode's downloads: GET /files/<id> answers only with a ticket that documents.open or documents.saveAs
// issued a moment before to the same signed-in person — after the need-to-know check and the reason were
// recorded there — so a download address is never a standing permission. One use, 60 seconds.
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { AppContext } from '../app/context'
import { recordAccess } from '../privacy/need-to-know'

const TTL_MS = 60_000
interface Ticket { docId: number; actor: string; expires: number }
const stores = new WeakMap<AppContext, Map<string, Ticket>>()

function storeOf(ctx: AppContext): Map<string, Ticket> {
  let s = stores.get(ctx)
  if (!s) stores.set(ctx, (s = new Map()))
  return s
}

/** A one-use download address for document `docId`, for `actor`. */
export function downloadUrl(ctx: AppContext, docId: number, actor: string, now = Date.now()): string {
  const store = storeOf(ctx)
  for (const [k, t] of store) if (t.expires < now) store.delete(k)
  const ticket = randomBytes(18).toString('base64url')
  store.set(ticket, { docId, actor, expires: now + TTL_MS })
  return `/files/${docId}?ticket=${ticket}`
}

export type Download = { path: string; name: string } | { refused: string } | null

/**
 * For GET /files/<id>?ticket=…: takes the ticket (it cannot be used again), records the download in the
 * trail, and gives the file; `{ refused }` for a missing, used, expired or other document's ticket.
 */
export async function redeemDownload(ctx: AppContext, docId: number, ticket: string | null, now = Date.now()): Promise<Download> {
  const [row] = (await ctx.ds.query('SELECT file_name, doc_type, case_id FROM documents WHERE id = $1', [docId])) as { file_name: string; doc_type: string; case_id: number | null }[]
  if (!row || !existsSync(join(ctx.documentsDir, row.file_name))) return null
  const store = storeOf(ctx)
  const t = ticket ? store.get(ticket) : undefined
  if (ticket) store.delete(ticket)
  if (!t || t.docId !== docId || t.expires < now) return { refused: '下载地址已失效或不属于此文书：请在文书列表中重新点“打开”或“另存为”' }
  await ctx.ds.transaction((em) => recordAccess(em, t.actor, 'document', docId, 'download', { docType: row.doc_type, caseId: row.case_id, fileName: row.file_name }))
  return { path: join(ctx.documentsDir, row.file_name), name: row.file_name }
}

// Exports (the offers list as CSV or XLSX): a file written for one person, in browser mode fetched once from
// GET /exports?ticket=…; the export itself was recorded in the trail when it was written.
interface ExportTicket { path: string; name: string; actor: string; expires: number }
const exportStores = new WeakMap<AppContext, Map<string, ExportTicket>>()

/** A one-use download address for the export file at `path`, saved as `name` (ASCII: it goes into a header). */
export function exportDownloadUrl(ctx: AppContext, path: string, name: string, actor: string, now = Date.now()): string {
  let store = exportStores.get(ctx)
  if (!store) exportStores.set(ctx, (store = new Map()))
  for (const [k, t] of store) if (t.expires < now) store.delete(k)
  const ticket = randomBytes(18).toString('base64url')
  store.set(ticket, { path, name, actor, expires: now + TTL_MS })
  return `/exports?ticket=${ticket}`
}

/** For GET /exports?ticket=…: takes the ticket (one use) and gives the file; `{ refused }` for a used or expired one. */
export function redeemExport(ctx: AppContext, ticket: string | null, now = Date.now()): Download {
  const store = exportStores.get(ctx)
  const t = ticket ? store?.get(ticket) : undefined
  if (ticket) store?.delete(ticket)
  if (!t || t.expires < now) return { refused: '下载地址已失效：请重新导出' }
  return existsSync(t.path) ? { path: t.path, name: t.name } : null
}
