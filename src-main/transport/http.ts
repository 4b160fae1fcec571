// Browser mode: the built renderer and the real handlers over HTTP, bound to 127.0.0.1 only.
// A random token in the start URL becomes an HttpOnly cookie; every API call must carry it, and the Host
// header must be the loopback address (no DNS rebinding).
//
// Cookies are scoped by host, not port: a page served from any other port of 127.0.0.1 gets them sent
// along with its requests (issue 15, point 1). So a cookie alone proves nothing: an API call must also come
// from the app's own origin (Origin, Sec-Fetch-Site) and carry `Content-Type: application/json` and the
// X-Dossier-Request header — which a page elsewhere cannot send without a CORS pre-flight this server
// never grants. Downloads refuse requests another site started.
//
// Session ids are the server's (Sessions.issue): a cookie it did not issue gets a new one, and every
// sign-in and sign-out replaces it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { Dispatch } from './dispatch'
import type { Sessions } from '../auth/sessions'
import { CONTENT_SECURITY_POLICY } from '../shared/csp'
import { API_REQUEST_HEADER, INT4_MAX } from '../shared/contract'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json', '.ico': 'image/x-icon'
}
const MAX_BODY = 1 << 20

export interface WebServer { url: string; port: number; token: string; server: Server; close(): Promise<void> }

/** A registered file by id, for downloads (GET /files/<id>): where it is and the name to save it as. */
export type FileLookup = (id: number, ticket: string | null) => Promise<{ path: string; name: string } | { refused: string } | null>

/** An export written for download (GET /exports?ticket=…), by its one-use ticket. */
export type ExportLookup = (ticket: string | null) => Promise<{ path: string; name: string } | { refused: string } | null>

const DOWNLOAD_TYPES: Record<string, string> = {
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv; charset=utf-8', '.zip': 'application/zip'
}

/**
 * What GET /files/<id> (documents), GET /import-errors/<id> (an import's error file), GET /batches/<id> (a
 * document batch's zip or manifest) and GET /exports?ticket=… (an export) serve.
 */
const DOWNLOADS = [
  { pattern: /^\/files\/(\d+)$/, option: 'files', missing: '文书文件不存在', moved: '文书文件已不在文书文件夹中' },
  { pattern: /^\/batches\/(\d+)$/, option: 'batches', missing: '批次或其文件不存在', moved: '批次文件已不在批次目录中' },
  { pattern: /^\/import-errors\/(\d+)$/, option: 'importErrors', missing: '错误文件不存在', moved: '错误文件已不存在' },
  { pattern: /^\/exports$/, option: 'exports', missing: '导出文件不存在', moved: '导出文件已不存在' }
] as const

export async function startWebServer(opts: {
  dispatch: Dispatch; sessions: Sessions; staticDir: string; port?: number; token?: string; files?: FileLookup; importErrors?: FileLookup; batches?: FileLookup; exports?: ExportLookup; log?: (m: string) => void
}): Promise<WebServer> {
  const log = opts.log ?? console.error
  const token = opts.token ?? randomBytes(24).toString('base64url')
  let port = 0
  const tokenOk = (given: string | undefined): boolean =>
    !!given && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token))
  const cookie = (req: IncomingMessage, name: string): string | undefined =>
    new RegExp(`(?:^|;\\s*)${name}=([^;]+)`).exec(req.headers.cookie ?? '')?.[1]
  const cookieToken = (req: IncomingMessage): string | undefined => cookie(req, 'dossier_token')

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      // A bug here: its message is for the log, not for whoever sent the request.
      log(`[http] ${req.method} ${(req.url ?? '').slice(0, 200)}: ${err.stack ?? err.message}`)
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', '服务器内部错误')
      else res.destroy()
    })
  })
  const ownOrigins = (): string[] => [`http://127.0.0.1:${port}`, `http://localhost:${port}`]
  /** Why a request another site (or another port) started is refused; null when it is the app's own. */
  function foreign(req: IncomingMessage, allowed: readonly string[]): string | null {
    const origin = req.headers.origin
    if (origin !== undefined && !ownOrigins().includes(origin)) return `origin ${origin.slice(0, 100)}`
    const site = req.headers['sec-fetch-site']
    if (site !== undefined && !allowed.includes(String(site))) return `sec-fetch-site ${String(site).slice(0, 20)}`
    return null
  }
  const setSession = (res: ServerResponse, key: string): void => {
    res.setHeader('set-cookie', `dossier_session=${key.slice('http:'.length)}; HttpOnly; SameSite=Strict; Path=/`)
  }
  /** The caller's session key when the cookie names one this server issued and still knows; else null. */
  const sessionKey = (req: IncomingMessage): string | null => {
    const id = cookie(req, 'dossier_session')
    return id && /^[\w-]{32}$/.test(id) && opts.sessions.has(`http:${id}`) ? `http:${id}` : null
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? ''
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 421, 'text/plain', 'wrong host')
    let url: URL
    try { url = new URL(req.url ?? '/', `http://${host}`) } catch { return send(res, 400, 'text/plain; charset=utf-8', '地址无效') }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST only')
      // Refused before anything is read or done, with a status the attacker's page cannot read anyway.
      const from = foreign(req, ['same-origin'])
      if (from) return json(res, 403, { ok: false, error: { code: 'forbidden', message: `拒绝来自其他网页的请求（${from}）` } })
      if (!tokenOk(cookieToken(req)) && !tokenOk(req.headers.authorization?.replace(/^Bearer /, ''))) {
        return json(res, 401, { ok: false, error: { code: 'forbidden', message: '未授权：请使用启动时给出的地址打开' } })
      }
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
      if (type !== 'application/json') return json(res, 415, { ok: false, error: { code: 'invalid_request', message: '请求须为 Content-Type: application/json' } })
      if (req.headers[API_REQUEST_HEADER] !== '1') {
        return json(res, 403, { ok: false, error: { code: 'forbidden', message: `请求缺少 ${API_REQUEST_HEADER} 标头（只接受本应用页面发出的请求）` } })
      }
      let channel: string
      try { channel = decodeURIComponent(url.pathname.slice(5)) } catch { return json(res, 400, { ok: false, error: { code: 'invalid_request', message: '接口地址无效' } }) }
      const body = await readBody(req)
      // Too large: answered in the envelope with 413, and the connection closed (the rest is not read).
      if (body === null) {
        res.setHeader('connection', 'close')
        return json(res, 413, { ok: false, error: { code: 'invalid_request', message: `请求过大（上限 ${MAX_BODY / 2 ** 20} MB）` } })
      }
      let request: unknown
      try { request = body.length ? JSON.parse(body) : {} } catch { return json(res, 400, { ok: false, error: { code: 'invalid_request', message: 'request body is not JSON' } }) }
      // Each browser session signs in on its own: a random HttpOnly cookie, issued here, names it.
      let key = sessionKey(req)
      if (!key) setSession(res, (key = opts.sessions.issue('http:')))
      const envelope = await opts.dispatch(channel, request, key, {
        source: `http-peer:${req.socket.remoteAddress ?? ''}`,
        rekey: (next) => setSession(res, next)
      })
      return json(res, 200, envelope)
    }
    const given = url.searchParams.get('token')
    if (given !== null) {
      if (!tokenOk(given)) return send(res, 401, 'text/plain; charset=utf-8', '令牌无效')
      res.setHeader('set-cookie', `dossier_token=${token}; HttpOnly; SameSite=Strict; Path=/`)
      res.writeHead(302, { location: '/' })
      return void res.end()
    }
    if (!tokenOk(cookieToken(req))) return send(res, 401, 'text/plain; charset=utf-8', '未授权：请使用启动时给出的地址打开')
    for (const d of DOWNLOADS) {
      const download = d.pattern.exec(url.pathname)
      if (!download || !opts[d.option]) continue
      // A link in the app (same-origin) or an address typed or opened from a bookmark (none); not a page elsewhere.
      if (foreign(req, ['same-origin', 'none'])) return send(res, 403, 'text/plain; charset=utf-8', '拒绝来自其他网页的请求')
      // Files are for signed-in people only, as in the desktop app.
      const key = sessionKey(req)
      if (!key || !(await opts.dispatch('auth.me', {}, key) as { ok: boolean; data?: { user: unknown } }).data?.user) return send(res, 401, 'text/plain; charset=utf-8', '请先登录')
      const id = Number(download[1])
      const ticket = url.searchParams.get('ticket')
      const file = d.option === 'exports' ? await opts.exports!(ticket)
        : id >= 1 && id <= INT4_MAX ? await opts[d.option]!(id, ticket) : null
      if (!file) return send(res, 404, 'text/plain; charset=utf-8', d.missing)
      // Only with the one-use ticket a handler just gave (documents/download-tickets.ts, import/files.ts).
      if ('refused' in file) return send(res, 403, 'text/plain; charset=utf-8', file.refused)
      // Registered, but moved or deleted outside Dossier: not a crash.
      const size = await stat(file.path).then((s) => (s.isFile() ? s.size : null), () => null)
      if (size === null) return send(res, 404, 'text/plain; charset=utf-8', d.moved)
      res.setHeader('content-disposition', `attachment; filename="${file.name}"`)
      res.setHeader('content-length', size)
      // Streamed: a batch's zip may be gigabytes.
      head(res, 200, DOWNLOAD_TYPES[extname(file.name).toLowerCase()] ?? 'application/octet-stream')
      return pipeline(createReadStream(file.path), res)
    }
    let rel: string
    try { rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1)) } catch { return send(res, 400, 'text/plain; charset=utf-8', '地址无效') }
    const file = normalize(join(opts.staticDir, rel))
    if (!file.startsWith(normalize(opts.staticDir) + sep)) return send(res, 403, 'text/plain', 'forbidden')
    try {
      const data = await readFile(file)
      send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', data)
    } catch {
      send(res, 404, 'text/plain', 'not found')
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const addr = server.address()
  port = typeof addr === 'object' && addr ? addr.port : 0
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`, port, token, server,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()) })
  }
}

function head(res: ServerResponse, status: number, type: string): void {
  res.writeHead(status, {
    'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store',
    'content-security-policy': CONTENT_SECURITY_POLICY, 'referrer-policy': 'no-referrer'
  })
}
function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  head(res, status, type)
  res.end(body)
}
function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body))
}
/** The body as text, or null when it is larger than MAX_BODY (reading stops there). */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) return null
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}
