import { connect as tcpConnect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { buildHandlers, createDispatch } from '../../src-main/transport/dispatch'
import { startWebServer, type WebServer } from '../../src-main/transport/http'
import { createUser } from '../../src-main/auth/users'
import { redeemDownload } from '../../src-main/documents/download-tickets'
import { assignEveryUnit, connect, resetArchive, testContext } from './db'

let ds: DataSource
let web: WebServer
let staticDir: string
const logged: string[] = []

/** What the app's own client sends with every API call (src-renderer/api/transport.ts). */
const API_HEADERS = { 'content-type': 'application/json', 'x-dossier-request': '1' }

/**
 * A raw HTTP call, so the Host header can be set the way a rebinding attack would. Sent with the app's API
 * headers unless `headers` replaces them.
 */
function call(path: string, opts: { method?: string; host?: string; cookie?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port: web.port, path, method: opts.method ?? 'GET',
      headers: { host: opts.host ?? `127.0.0.1:${web.port}`, ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(opts.headers ?? API_HEADERS) }
    }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    if (opts.body !== undefined) req.write(JSON.stringify(opts.body))
    req.end()
  })
}

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 3, cases: 200 })
  const dir = (staticDir = mkdtempSync(join(tmpdir(), 'dossier-static-')))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Dossier</title>')
  const chen = await createUser(ds, { username: 'chen.jing', displayName: '陈静', roles: ['reviewer'], password: 'correct horse' })
  // Row security: a reviewer sees the cases of their units; this one stands for the team.
  await assignEveryUnit(ds, chen.id)
  const ctx = testContext(ds)
  const dispatch = createDispatch(buildHandlers(ctx), ctx.sessions, () => {})
  web = await startWebServer({ dispatch, sessions: ctx.sessions, staticDir: dir, files: (id, ticket) => redeemDownload(ctx, id, ticket), log: (m) => logged.push(m) })
})
afterAll(async () => {
  await web?.close()
  await ds?.destroy()
  if (staticDir) rmSync(staticDir, { recursive: true, force: true })
})

describe('browser mode server', () => {
  it('listens on the loopback address only', () => {
    const addr = web.server.address()
    expect(typeof addr === 'object' && addr?.address).toBe('127.0.0.1')
  })

  it('cannot be reached on any other address of this machine (its network interfaces, IPv6 loopback, 0.0.0.0)', async () => {
    const others = Object.values(networkInterfaces()).flat().filter((i) => !!i && i.address !== '127.0.0.1' && !(i.family === 'IPv6' && i.scopeid))
      .map((i) => i!.address)
    const reach = (host: string): Promise<string> => new Promise((resolve) => {
      const socket = tcpConnect({ host, port: web.port, timeout: 2000 })
      socket.once('connect', () => { socket.destroy(); resolve('connected') })
      socket.once('timeout', () => { socket.destroy(); resolve('timeout') })
      socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
    })
    expect(await reach('127.0.0.1')).toBe('connected')
    for (const host of [...new Set([...others, '::1'])]) expect([host, await reach(host)]).not.toEqual([host, 'connected'])
  })

  it('turns the start token into a cookie and then serves the app and the API', async () => {
    const start = await call(`/?token=${web.token}`)
    expect(start.status).toBe(302)
    const cookie = String(start.headers['set-cookie']).split(';')[0]
    expect(cookie).toBe(`dossier_token=${web.token}`)
    expect(String(start.headers['set-cookie'])).toContain('HttpOnly')
    const page = await call('/', { cookie })
    expect(page.status).toBe(200)
    expect(page.body).toContain('Dossier')
    const anonymous = await call('/api/cases.list', { method: 'POST', cookie, body: { limit: 5 } })
    expect(JSON.parse(anonymous.body).error).toEqual({ code: 'unauthenticated', message: '请先登录' })
    const session = String(anonymous.headers['set-cookie']).split(';')[0]
    expect(session).toMatch(/^dossier_session=[\w-]{32}$/)
    expect(String(anonymous.headers['set-cookie'])).toContain('HttpOnly')
    const both = `${cookie}; ${session}`
    const wrong = await call('/api/auth.signIn', { method: 'POST', cookie: both, body: { username: 'chen.jing', password: 'wrong horse' } })
    expect(JSON.parse(wrong.body).error.message).toBe('用户名或密码不正确')
    const signIn = await call('/api/auth.signIn', { method: 'POST', cookie: both, body: { username: 'chen.jing', password: 'correct horse' } })
    expect(JSON.parse(signIn.body).data).toMatchObject({ username: 'chen.jing', roles: ['reviewer'] })
    // Signing in gives the session a new id; the one from before signing in is not signed in.
    const signedIn = String(signIn.headers['set-cookie']).split(';')[0]
    expect(signedIn).toMatch(/^dossier_session=[\w-]{32}$/)
    expect(signedIn).not.toBe(session)
    expect(JSON.parse((await call('/api/cases.list', { method: 'POST', cookie: both, body: {} })).body).error.code).toBe('unauthenticated')
    // Another browser session (no session cookie) is not signed in.
    expect(JSON.parse((await call('/api/cases.list', { method: 'POST', cookie, body: {} })).body).error.code).toBe('unauthenticated')
    const api = await call('/api/cases.list', { method: 'POST', cookie: `${cookie}; ${signedIn}`, body: { limit: 5 } })
    expect(api.status).toBe(200)
    const env = JSON.parse(api.body)
    expect(env.ok).toBe(true)
    expect(env.data.rows).toHaveLength(5)
  })

  it('refuses calls without the token, with a wrong token, or for another host', async () => {
    expect((await call('/api/cases.list', { method: 'POST', body: {} })).status).toBe(401)
    expect((await call('/', { cookie: 'dossier_token=wrong' })).status).toBe(401)
    expect((await call('/?token=wrong')).status).toBe(401)
    expect((await call('/', { host: 'evil.example:80', cookie: `dossier_token=${web.token}` })).status).toBe(421)
  })

  it('does not serve files outside the renderer folder', async () => {
    const res = await call('/..%2f..%2fetc/passwd', { cookie: `dossier_token=${web.token}` })
    expect([403, 404]).toContain(res.status)
    expect(res.body).not.toContain('root:')
  })

  it('answers a malformed body with a readable error', async () => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: web.port, path: '/api/cases.list', method: 'POST', headers: { host: `127.0.0.1:${web.port}`, cookie: `dossier_token=${web.token}`, ...API_HEADERS } }, (r) => {
        let body = ''
        r.on('data', (c) => (body += c))
        r.on('end', () => resolve({ status: r.statusCode ?? 0, body }))
      })
      req.on('error', reject)
      req.end('{not json')
    })
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body).error.message).toBe('request body is not JSON')
  })

  it('answers a body over 1 MB with 413 in the envelope, not a 500', async () => {
    for (const size of [(1 << 20) + 1, 8 << 20]) {
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: web.port, path: '/api/calendar.import', method: 'POST', headers: { host: `127.0.0.1:${web.port}`, cookie: `dossier_token=${web.token}`, ...API_HEADERS } }, (r) => {
          let body = ''
          r.on('data', (c) => (body += c))
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }))
        })
        // The server may close before the whole body is sent: its answer still arrives.
        req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)))
        req.end(JSON.stringify({ fileName: 'x.csv', content: 'x'.repeat(size) }))
      })
      expect(res.status).toBe(413)
      expect(JSON.parse(res.body)).toEqual({ ok: false, error: { code: 'invalid_request', message: '请求过大（上限 1 MB）' } })
    }
  })

  /** A browser session of chen.jing: the token and session cookies, as the browser would send them. */
  async function signedInCookies(): Promise<string> {
    const token = `dossier_token=${web.token}`
    const res = await call('/api/auth.signIn', { method: 'POST', cookie: token, body: { username: 'chen.jing', password: 'correct horse' } })
    expect(res.status).toBe(200)
    return `${token}; ${String(res.headers['set-cookie']).split(';')[0]}`
  }

  it('refuses API calls a page on another port or site could send with the user\'s cookies (issue 15, point 1)', async () => {
    const cookie = await signedInCookies()
    const forged: [string, Record<string, string>, number][] = [
      ['another port of 127.0.0.1', { ...API_HEADERS, origin: 'http://127.0.0.1:8080' }, 403],
      ['another host', { ...API_HEADERS, origin: 'http://evil.example' }, 403],
      ['an opaque origin (sandboxed frame, file:)', { ...API_HEADERS, origin: 'null' }, 403],
      ['same site, other origin', { ...API_HEADERS, 'sec-fetch-site': 'same-site' }, 403],
      ['cross-site', { ...API_HEADERS, 'sec-fetch-site': 'cross-site' }, 403],
      ['typed into the address bar', { ...API_HEADERS, 'sec-fetch-site': 'none' }, 403],
      ['text/plain (the no-cors attack)', { 'content-type': 'text/plain', 'x-dossier-request': '1' }, 415],
      ['a form', { 'content-type': 'application/x-www-form-urlencoded', 'x-dossier-request': '1' }, 415],
      ['a multipart form', { 'content-type': 'multipart/form-data; boundary=x', 'x-dossier-request': '1' }, 415],
      ['no content type', { 'x-dossier-request': '1' }, 415],
      ['JSON without the app\'s header', { 'content-type': 'application/json' }, 403],
      ['the header with another value', { 'content-type': 'application/json', 'x-dossier-request': 'true' }, 403]
    ]
    for (const [what, headers, status] of forged) {
      // Signing out is a change of state: refused, the session stays signed in.
      const res = await call('/api/auth.signOut', { method: 'POST', cookie, body: {}, headers })
      expect({ what, status: res.status }).toEqual({ what, status })
      expect(JSON.parse(res.body).ok).toBe(false)
      expect(res.headers['set-cookie']).toBeUndefined()
      const still = await call('/api/cases.count', { method: 'POST', cookie, body: {} })
      expect({ what, ok: JSON.parse(still.body).ok }).toEqual({ what, ok: true })
    }
    // The app's own page, from either loopback name, and a JSON type with its charset.
    for (const headers of [
      { ...API_HEADERS, origin: `http://127.0.0.1:${web.port}`, 'sec-fetch-site': 'same-origin' },
      { ...API_HEADERS, origin: `http://localhost:${web.port}` },
      { 'content-type': 'Application/JSON; charset=utf-8', 'x-dossier-request': '1' }
    ]) expect(JSON.parse((await call('/api/cases.count', { method: 'POST', cookie, body: {}, headers })).body).ok).toBe(true)
  })

  it('accepts only session ids it issued, and issues a new one at every sign-in and sign-out (issue 15, point 2)', async () => {
    const token = `dossier_token=${web.token}`
    const planted = `dossier_session=${'f'.repeat(32)}`
    const first = await call('/api/auth.me', { method: 'POST', cookie: `${token}; ${planted}`, body: {} })
    const issued = String(first.headers['set-cookie']).split(';')[0]
    expect(issued).toMatch(/^dossier_session=[\w-]{32}$/)
    expect(issued).not.toBe(planted)
    // An attacker who planted an id and lets the victim sign in with it gets nothing.
    const signIn = await call('/api/auth.signIn', { method: 'POST', cookie: `${token}; ${planted}`, body: { username: 'chen.jing', password: 'correct horse' } })
    const afterSignIn = String(signIn.headers['set-cookie']).split(';')[0]
    expect([planted, issued]).not.toContain(afterSignIn)
    expect(JSON.parse((await call('/api/auth.me', { method: 'POST', cookie: `${token}; ${planted}`, body: {} })).body).data.user).toBeNull()
    // An issued id, signed in with: replaced too; the old one is not signed in.
    const again = await call('/api/auth.signIn', { method: 'POST', cookie: `${token}; ${issued}`, body: { username: 'chen.jing', password: 'correct horse' } })
    const rotated = String(again.headers['set-cookie']).split(';')[0]
    expect(rotated).not.toBe(issued)
    expect(JSON.parse((await call('/api/auth.me', { method: 'POST', cookie: `${token}; ${issued}`, body: {} })).body).data.user).toBeNull()
    expect(JSON.parse((await call('/api/auth.me', { method: 'POST', cookie: `${token}; ${rotated}`, body: {} })).body).data.user.username).toBe('chen.jing')
    // Signing out ends the id as well.
    const out = await call('/api/auth.signOut', { method: 'POST', cookie: `${token}; ${rotated}`, body: {} })
    expect(String(out.headers['set-cookie']).split(';')[0]).not.toBe(rotated)
    expect(JSON.parse((await call('/api/auth.me', { method: 'POST', cookie: `${token}; ${rotated}`, body: {} })).body).data.user).toBeNull()
  })

  it('answers malformed addresses and out-of-range file ids with 4xx, never 500 (issue 15, point 7)', async () => {
    const cookie = await signedInCookies()
    logged.length = 0
    const cases: [string, string, number][] = [
      ['GET', '/%', 400], ['GET', '/%E0%A4%A', 400], ['POST', '/api/%ZZ', 400], ['POST', '/api/%', 400], ['GET', '/api/cases.list', 405],
      ['GET', '/files/99999999999999999999', 404], ['GET', '/files/2147483648', 404], ['GET', '/files/0', 404], ['GET', '/files/1', 404],
      ['POST', '/api/__proto__', 200], ['POST', '/api/constructor', 200]
    ]
    for (const [method, path, status] of cases) {
      const res = await call(path, { method, cookie, body: method === 'POST' ? {} : undefined })
      expect({ path, status: res.status }).toEqual({ path, status })
      if (path.startsWith('/api/') && status === 200) expect(JSON.parse(res.body).error.code).toBe('invalid_request')
    }
    expect(logged).toEqual([])
  })
})
