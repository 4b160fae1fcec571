// Files the import wizard moves between the browser and the main process in browser mode: an uploaded
// export (the file input's file, sent in pieces through the API, so every piece passes the same origin,
// session and role checks as any call) and an import's error file, downloaded at GET /import-errors/<id>
// with a one-use ticket issued a moment before to the same person (as documents are, download-tickets.ts).
// Both live in a private folder under the documents folder; uploads older than a day are removed.
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { AppContext } from '../app/context'
import { recordAccess } from '../privacy/need-to-know'
import { writeErrorFile } from './error-file'

const TTL_MS = 60_000
const UPLOAD_TTL_MS = 86_400_000
/** The largest file accepted by upload (the 1,000,000-row bench file is about 400 MB). */
export const MAX_UPLOAD = 2 * 1024 ** 3

interface Ticket { importId: number; actor: string; expires: number }
interface Upload { dir: string; path: string; bytes: number; actor: string }
const tickets = new WeakMap<AppContext, Map<string, Ticket>>()
const uploads = new WeakMap<AppContext, Map<string, Upload>>()
const mapOf = <V>(m: WeakMap<AppContext, Map<string, V>>, ctx: AppContext): Map<string, V> => {
  let s = m.get(ctx)
  if (!s) m.set(ctx, (s = new Map()))
  return s
}
const folder = (ctx: AppContext, sub: string): string => join(ctx.documentsDir, '.import-files', sub)

/** A file name as given, without folders or characters a file system refuses. */
const safeName = (name: string): string =>
  [...basename(name.replace(/\\/g, '/'))].map((c) => (c.charCodeAt(0) < 32 || '<>:"|?*'.includes(c) ? '_' : c)).join('').slice(0, 200) || 'upload.csv'

export class UploadError extends Error { readonly userFacing = true }

/**
 * Appends one piece of an upload (base64) at `offset`, which must be the bytes received so far.
 * @returns the upload's id, the bytes so far, and once `done` the path to import from
 * @throws UploadError for an unknown upload, another person's, a piece out of order or a file too large
 */
export async function receivePiece(ctx: AppContext, actor: string, req: { uploadId?: string; name: string; offset: number; chunk: string; done: boolean }): Promise<{ uploadId: string; bytes: number; path: string | null }> {
  const store = mapOf(uploads, ctx)
  let up: Upload | undefined
  let id = req.uploadId
  if (!id) {
    await sweep(ctx)
    id = randomBytes(18).toString('base64url')
    const dir = join(folder(ctx, 'uploads'), id)
    await mkdir(dir, { recursive: true, mode: 0o700 })
    up = { dir, path: join(dir, safeName(req.name)), bytes: 0, actor }
    store.set(id, up)
  } else {
    up = store.get(id)
    if (!up || up.actor !== actor) throw new UploadError('上传不存在或已结束，请重新选择文件')
  }
  if (req.offset !== up.bytes) throw new UploadError(`上传片段顺序不符：应从第 ${up.bytes} 字节续传，收到 ${req.offset}`)
  const data = Buffer.from(req.chunk, 'base64')
  if (up.bytes + data.length > MAX_UPLOAD) { store.delete(id); await rm(up.dir, { recursive: true, force: true }); throw new UploadError('文件过大（上限 2 GB）') }
  const fh = await open(up.path, up.bytes === 0 ? 'w' : 'a', 0o600)
  try { await fh.write(data) } finally { await fh.close() }
  up.bytes += data.length
  if (!req.done) return { uploadId: id, bytes: up.bytes, path: null }
  store.delete(id)
  return { uploadId: id, bytes: up.bytes, path: up.path }
}

/** Removes uploads older than a day (an abandoned wizard leaves its file behind). */
async function sweep(ctx: AppContext): Promise<void> {
  const root = folder(ctx, 'uploads')
  if (!existsSync(root)) return
  for (const name of await readdir(root)) {
    const p = join(root, name)
    const s = await stat(p).catch(() => null)
    if (s && Date.now() - s.mtimeMs > UPLOAD_TTL_MS) await rm(p, { recursive: true, force: true })
  }
}

const errorPath = (ctx: AppContext, importId: number): string => join(folder(ctx, 'errors'), `import_${importId}_errors.csv`)

/**
 * Writes import `importId`'s error file and gives a one-use address for `actor` (browser mode).
 * @throws Error 没有导入记录 for an unknown import
 */
export async function errorFileUrl(ctx: AppContext, importId: number, actor: string, now = Date.now()): Promise<{ rows: number; url: string }> {
  await mkdir(folder(ctx, 'errors'), { recursive: true, mode: 0o700 })
  const rows = await writeErrorFile(ctx.ds, importId, errorPath(ctx, importId))
  const store = mapOf(tickets, ctx)
  for (const [k, t] of store) if (t.expires < now) store.delete(k)
  const ticket = randomBytes(18).toString('base64url')
  store.set(ticket, { importId, actor, expires: now + TTL_MS })
  return { rows, url: `/import-errors/${importId}?ticket=${ticket}` }
}

/** For GET /import-errors/<id>?ticket=…: takes the ticket, records the download (the rows hold personal data), gives the file. */
export async function redeemErrorFile(ctx: AppContext, importId: number, ticket: string | null, now = Date.now()): Promise<{ path: string; name: string } | { refused: string } | null> {
  const path = errorPath(ctx, importId)
  if (!existsSync(path)) return null
  const store = mapOf(tickets, ctx)
  const t = ticket ? store.get(ticket) : undefined
  if (ticket) store.delete(ticket)
  if (!t || t.importId !== importId || t.expires < now) return { refused: '下载地址已失效：请在导入页面重新点“下载错误文件”' }
  await ctx.ds.transaction((em) => recordAccess(em, t.actor, 'import', importId, 'download_errors', { fileName: basename(path) }))
  return { path, name: basename(path) }
}
