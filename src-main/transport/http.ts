// Browser mode: the built renderer and the real handlers over HTTP, bound to 127.0.0.1 only.
// A random token in the start URL becomes an HttpOnly cookie; every API call must carry it, and the Host
// header must be the loopback address (no DNS rebinding).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { Dispatch } from './dispatch'
import { CONTENT_SECURITY_POLICY } from '../shared/csp'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json', '.ico': 'image/x-icon'
}
const MAX_BODY = 1 << 20

export interface WebServer { url: string; port: number; token: string; server: Server; close(): Promise<void> }

/** A registered file by id, for downloads (GET /files/<id>): where it is and the name to save it as. */
export type FileLookup = (id: number) => Promise<{ path: string; name: string } | null>

export async function startWebServer(opts: { dispatch: Dispatch; staticDir: string; port?: number; token?: string; files?: FileLookup }): Promise<WebServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  let port = 0
  const tokenOk = (given: string | undefined): boolean =>
    !!given && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token))
  const cookie = (req: IncomingMessage, name: string): string | undefined =>
    new RegExp(`(?:^|;\\s*)${name}=([^;]+)`).exec(req.headers.cookie ?? '')?.[1]
  const cookieToken = (req: IncomingMessage): string | undefined => cookie(req, 'dossier_token')

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => send(res, 500, 'text/plain; charset=utf-8', err.message))
  })
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? ''
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 421, 'text/plain', 'wrong host')
    const url = new URL(req.url ?? '/', `http://${host}`)
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST only')
      if (!tokenOk(cookieToken(req)) && !tokenOk(req.headers.authorization?.replace(/^Bearer /, ''))) {
        return json(res, 401, { ok: false, error: { code: 'forbidden', message: '未授权：请使用启动时给出的地址打开' } })
      }
      const body = await readBody(req)
      // Too large: answered in the envelope with 413, and the connection closed (the rest is not read).
      if (body === null) {
        res.setHeader('connection', 'close')
        return json(res, 413, { ok: false, error: { code: 'invalid_request', message: `请求过大（上限 ${MAX_BODY / 2 ** 20} MB）` } })
      }
      let request: unknown
      try { request = body.length ? JSON.parse(body) : {} } catch { return json(res, 400, { ok: false, error: { code: 'invalid_request', message: 'request body is not JSON' } }) }
      // Each browser session signs in on its own: a random HttpOnly cookie names it.
      let session = cookie(req, 'dossier_session')
      if (!session || !/^[\w-]{32}$/.test(session)) {
        session = randomBytes(24).toString('base64url')
        res.setHeader('set-cookie', `dossier_session=${session}; HttpOnly; SameSite=Strict; Path=/`)
      }
      const envelope = await opts.dispatch(decodeURIComponent(url.pathname.slice(5)), request, `http:${session}`)
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
    const download = /^\/files\/(\d+)$/.exec(url.pathname)
    if (download && opts.files) {
      // Documents are for signed-in people only, as in the desktop app.
      const session = cookie(req, 'dossier_session')
      if (!session || !(await opts.dispatch('auth.me', {}, `http:${session}`) as { ok: boolean; data?: { user: unknown } }).data?.user) return send(res, 401, 'text/plain; charset=utf-8', '请先登录')
      const file = await opts.files(Number(download[1]))
      if (!file) return send(res, 404, 'text/plain; charset=utf-8', '文书文件不存在')
      res.setHeader('content-disposition', `attachment; filename="${file.name}"`)
      return send(res, 200, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', await readFile(file.path))
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1))
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

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store',
    'content-security-policy': CONTENT_SECURITY_POLICY, 'referrer-policy': 'no-referrer'
  })
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
