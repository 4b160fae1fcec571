import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { buildHandlers, createDispatch } from '../../src-main/transport/dispatch'
import { startWebServer, type WebServer } from '../../src-main/transport/http'
import { createUser } from '../../src-main/auth/users'
import { connect, resetArchive, testContext } from './db'

let ds: DataSource
let web: WebServer
let staticDir: string

/** A raw HTTP call, so the Host header can be set the way a rebinding attack would. */
function call(path: string, opts: { method?: string; host?: string; cookie?: string; body?: unknown } = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port: web.port, path, method: opts.method ?? 'GET',
      headers: { host: opts.host ?? `127.0.0.1:${web.port}`, ...(opts.cookie ? { cookie: opts.cookie } : {}), 'content-type': 'application/json' }
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
  await createUser(ds, { username: 'chen.jing', displayName: '陈静', roles: ['reviewer'], password: 'correct horse' })
  const ctx = testContext(ds)
  const dispatch = createDispatch(buildHandlers(ctx), ctx.sessions, () => {})
  web = await startWebServer({ dispatch, staticDir: dir })
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
    // Another browser session (no session cookie) is not signed in.
    expect(JSON.parse((await call('/api/cases.list', { method: 'POST', cookie, body: {} })).body).error.code).toBe('unauthenticated')
    const api = await call('/api/cases.list', { method: 'POST', cookie: both, body: { limit: 5 } })
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
      const req = request({ host: '127.0.0.1', port: web.port, path: '/api/cases.list', method: 'POST', headers: { host: `127.0.0.1:${web.port}`, cookie: `dossier_token=${web.token}` } }, (r) => {
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
        const req = request({ host: '127.0.0.1', port: web.port, path: '/api/calendar.import', method: 'POST', headers: { host: `127.0.0.1:${web.port}`, cookie: `dossier_token=${web.token}`, 'content-type': 'application/json' } }, (r) => {
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
})
