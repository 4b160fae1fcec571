// The 文书 area's channels as the renderer calls them: roles, generating and listing, versions, the batch in
// the background, and the browser mode's download of a registered file (signed-in sessions only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { ensureDemoUsers, DEMO_PASSWORD } from '../../src-main/auth/users'
import { buildHandlers, createDispatch } from '../../src-main/transport/dispatch'
import { startWebServer, type WebServer } from '../../src-main/transport/http'
import { documentFile } from '../../src-main/documents/handlers'
import type { AppContext } from '../../src-main/app/context'
import type { DocumentBatchStatus, DocumentRow, Envelope } from '../../src-main/shared/contract'
import { connect, resetArchive, testContext } from './db'

let ds: DataSource
let ctx: AppContext
let web: WebServer
const dispatch = (): ReturnType<typeof createDispatch> => createDispatch(buildHandlers(ctx), ctx.sessions, () => {})

async function as(username: string): Promise<<T = unknown>(channel: string, req?: unknown) => Promise<Envelope<T>>> {
  const d = dispatch()
  const key = `win:${username}`
  const signed = await d('auth.signIn', { username, password: DEMO_PASSWORD }, key)
  expect(signed.ok).toBe(true)
  return (channel, req = {}) => d(channel, req, key) as never
}
const data = <T>(e: Envelope<T>): T => { if (!e.ok) throw new Error(e.error.message); return e.data }

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 51, cases: 400 })
  await ensureDemoUsers(ds)
  ctx = testContext(ds)
  const staticDir = mkdtempSync(join(tmpdir(), 'dossier-static-'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html>')
  web = await startWebServer({ dispatch: dispatch(), sessions: ctx.sessions, staticDir, files: (id) => documentFile(ds, ctx.documentsDir, id) })
})
afterAll(async () => { await web?.close(); await ds?.destroy() })

describe('documents over the contract', () => {
  it('issues versions of a case document, lists them, and keeps leadership read-only', async () => {
    const chen = await as('chen.jing')
    const [{ id: caseId, case_no: caseNo }] = await ds.query('SELECT id, case_no FROM cases ORDER BY id LIMIT 1')
    const v1 = data(await chen<DocumentRow>('documents.generate', { type: 'dossier', caseId }))
    const v2 = data(await chen<DocumentRow>('documents.generate', { type: 'dossier', caseId }))
    expect([v1.version, v2.version]).toEqual([1, 2])
    expect(v2).toMatchObject({ docType: 'dossier', titleZh: '客户投诉档案', subject: caseNo, fileExists: true, generatedBy: 'chen.jing' })
    expect(data(await chen<DocumentRow[]>('documents.forCase', { caseId })).map((d) => d.version)).toEqual([2, 1])
    expect(data(await chen<DocumentRow[]>('documents.list', { caseNo: caseNo.slice(-6) })).map((d) => d.id)).toEqual([v2.id, v1.id])
    expect(data(await chen<DocumentRow[]>('documents.list', { docType: 'review' }))).toEqual([])
    const zhou = await as('zhou.qiang')
    expect(await zhou('documents.generate', { type: 'dossier', caseId })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(data(await zhou<DocumentRow[]>('documents.list', {})).length).toBe(2)
    // Browser mode has no desktop: opening answers with the download address.
    expect(data(await zhou('documents.open', { id: v2.id }))).toEqual({ opened: false, downloadUrl: `/files/${v2.id}` })
    expect(await chen('documents.generate', { type: 'dossier', caseId: 999999 })).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('runs a batch in the background with progress, for senior reviewers only', async () => {
    const chen = await as('chen.jing')
    expect(await chen('documents.batchStart', { receivedFrom: '2021-01-01', receivedTo: '2022-01-01' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const wang = await as('wang.fang')
    const started = data(await wang<DocumentBatchStatus>('documents.batchStart', { receivedFrom: '2021-01-01', receivedTo: '2022-01-01' }))
    expect(started.running).toBe(true)
    let status = started
    for (let i = 0; i < 300 && status.running; i++) {
      await new Promise((r) => setTimeout(r, 100))
      status = data(await wang<DocumentBatchStatus>('documents.batchStatus'))
    }
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM cases WHERE received_at < '2022-01-01T00:00:00+08:00'`)
    expect(status).toMatchObject({ running: false, done: n, total: n, cancelled: false, error: null })
    expect(status.zip).toMatch(/documents\.zip$/)
    // Every batch document can be opened from the register like any other.
    const rows = data(await wang<DocumentRow[]>('documents.list', { docType: 'dossier', limit: 500 }))
    expect(rows.length).toBeGreaterThanOrEqual(n)
    expect(rows.every((r) => r.fileExists)).toBe(true)
  })

  it('serves a registered file to a signed-in browser session only', async () => {
    const [{ id }] = await ds.query('SELECT id FROM documents ORDER BY id LIMIT 1')
    const get = (cookie: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: Buffer }> => new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: web.port, path: `/files/${id}`, headers: { host: `127.0.0.1:${web.port}`, cookie, ...headers } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks) }))
      })
      req.on('error', reject)
      req.end()
    })
    const token = `dossier_token=${web.token}`
    expect((await get(token)).status).toBe(401)
    // A session id the client made up is not a session, before or after signing in with it.
    const planted = 'dossier_session=' + 'a'.repeat(32)
    expect((await get(`${token}; ${planted}`)).status).toBe(401)
    const signIn = await new Promise<{ status: number; cookie: string }>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1', port: web.port, path: '/api/auth.signIn', method: 'POST',
        headers: { host: `127.0.0.1:${web.port}`, cookie: `${token}; ${planted}`, 'content-type': 'application/json', 'x-dossier-request': '1' }
      }, (res) => { res.resume(); res.on('end', () => resolve({ status: res.statusCode ?? 0, cookie: String(res.headers['set-cookie']).split(';')[0] })) })
      req.on('error', reject)
      req.end(JSON.stringify({ username: 'zhou.qiang', password: DEMO_PASSWORD }))
    })
    expect(signIn.status).toBe(200)
    expect(signIn.cookie).toMatch(/^dossier_session=[\w-]{32}$/)
    expect(signIn.cookie).not.toBe(planted)
    expect((await get(`${token}; ${planted}`)).status).toBe(401)
    const session = signIn.cookie
    const file = await get(`${token}; ${session}`)
    expect(file.status).toBe(200)
    expect(file.type).toContain('wordprocessingml')
    expect(file.body.subarray(0, 2).toString()).toBe('PK')
    // A link or a fetch on a page elsewhere (another port is another origin but the same site) gets nothing.
    for (const site of ['same-site', 'cross-site']) expect((await get(`${token}; ${session}`, { 'sec-fetch-site': site })).status).toBe(403)
    expect((await get(`${token}; ${session}`, { origin: 'http://127.0.0.1:1' })).status).toBe(403)
    expect((await get(`${token}; ${session}`, { 'sec-fetch-site': 'same-origin' })).status).toBe(200)
    expect((await get(`${token}; ${session}`, { 'sec-fetch-site': 'none' })).status).toBe(200)
  })
})
