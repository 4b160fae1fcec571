// The 文书 area's channels as the renderer calls them: roles, generating and listing, versions, the batch in
// the background, and the browser mode's download of a registered file (signed-in sessions only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { ensureDemoUsers, DEMO_PASSWORD } from '../../src-main/auth/users'
import { buildHandlers, createDispatch } from '../../src-main/transport/dispatch'
import { startWebServer, type WebServer } from '../../src-main/transport/http'
import { redeemDownload } from '../../src-main/documents/download-tickets'
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
  web = await startWebServer({ dispatch: dispatch(), sessions: ctx.sessions, staticDir, files: (id, ticket) => redeemDownload(ctx, id, ticket) })
})
afterAll(async () => { await web?.close(); await ds?.destroy() })

describe('documents over the contract', () => {
  it('issues versions of a case document, lists them, and keeps leadership read-only', async () => {
    const chen = await as('chen.jing')
    const [{ id: caseId, case_no: caseNo }] = await ds.query('SELECT id, case_no FROM cases ORDER BY id LIMIT 1')
    // A reviewer sees personal data only for the cases of their own reviews (issue 15, point 6).
    expect(await chen('documents.generate', { type: 'dossier', caseId, reason: '审查' })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('审查人') } })
    const [{ id: chenId }] = await ds.query(`SELECT id FROM users WHERE username = 'chen.jing'`)
    const [{ id: planId }] = await ds.query(`INSERT INTO review_plans (name, received_from, received_to, sample_rate, sample_seed, include_flagged, created_by) VALUES ('t', '2020-01-01', '2030-01-01', 0, 1, false, (SELECT id FROM users WHERE username = 'wang.fang')) RETURNING id`)
    await ds.query('INSERT INTO reviews (plan_id, case_id, reasons, reviewer_id, engine) VALUES ($1, $2, $3, $4, $5)', [planId, caseId, ['sample'], chenId, '{}'])
    expect(await chen('documents.generate', { type: 'dossier', caseId })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    const v1 = data(await chen<DocumentRow>('documents.generate', { type: 'dossier', caseId, reason: '审查取证' }))
    const v2 = data(await chen<DocumentRow>('documents.generate', { type: 'dossier', caseId, reason: '审查取证' }))
    expect([v1.version, v2.version]).toEqual([1, 2])
    expect(v2).toMatchObject({ docType: 'dossier', titleZh: '客户投诉档案', subject: caseNo, fileExists: true, generatedBy: 'chen.jing' })
    // Readable by the user alone (issue 15, point 6).
    expect(statSync(join(ctx.documentsDir, v2.fileName)).mode & 0o777).toBe(0o600)
    const issued = await ds.query(`SELECT actor, after->>'reason' AS reason FROM audit_trail WHERE entity = 'document' AND action = 'issue' AND entity_id = $1`, [String(v2.id)])
    expect(issued).toEqual([{ actor: 'chen.jing', reason: '审查取证' }])
    expect(data(await chen<DocumentRow[]>('documents.forCase', { caseId })).map((d) => d.version)).toEqual([2, 1])
    expect(data(await chen<DocumentRow[]>('documents.list', { caseNo: caseNo.slice(-6) })).map((d) => d.id)).toEqual([v2.id, v1.id])
    expect(data(await chen<DocumentRow[]>('documents.list', { docType: 'review' }))).toEqual([])
    const zhou = await as('zhou.qiang')
    expect(await zhou('documents.generate', { type: 'dossier', caseId, reason: '了解' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(data(await zhou<DocumentRow[]>('documents.list', {})).length).toBe(2)
    // Leadership reads the register but does not open a case's personal data.
    expect(await zhou('documents.open', { id: v2.id, reason: '了解' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    // Browser mode has no desktop: opening answers with a one-use download address, once a reason is given.
    expect(await chen('documents.open', { id: v2.id })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('请说明用途') } })
    expect(data(await chen<{ downloadUrl: string }>('documents.open', { id: v2.id, reason: '核对' })).downloadUrl).toMatch(new RegExp(`^/files/${v2.id}\\?ticket=[\\w-]{24}$`))
    expect(await chen('documents.generate', { type: 'dossier', caseId: 999999, reason: '审查' })).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('runs a batch in the background with progress, for the records office only', async () => {
    for (const who of ['chen.jing', 'wang.fang']) {
      expect(await (await as(who))('documents.batchStart', { receivedFrom: '2021-01-01', receivedTo: '2022-01-01', reason: '归档' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    const wang = await as('qian.yu')
    const chenCancel = async (): Promise<unknown> => (await as('chen.jing'))('documents.batchCancel')
    expect(await wang('documents.batchStart', { receivedFrom: '2021-01-01', receivedTo: '2022-01-01' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    // Whoever may start a batch may cancel it (a records officer could not, and a batch ran on).
    expect(await chenCancel()).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await wang('documents.batchCancel')).toMatchObject({ ok: true })
    const started = data(await wang<DocumentBatchStatus>('documents.batchStart', { receivedFrom: '2021-01-01', receivedTo: '2022-01-01', reason: '年度归档', reissue: true }))
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
    // The same period again, not asked to re-issue: every case is skipped, and the finished status says how many
    // (issue 10 point 7; the status read back from document_batches said 0).
    status = data(await wang<DocumentBatchStatus>('documents.batchStart', { receivedFrom: '2021-01-01', receivedTo: '2022-01-01', reason: '年度归档' }))
    for (let i = 0; i < 300 && status.running; i++) {
      await new Promise((r) => setTimeout(r, 100))
      status = data(await wang<DocumentBatchStatus>('documents.batchStatus'))
    }
    expect(status).toMatchObject({ running: false, done: 0, skipped: n, error: null })
  })

  it('serves a registered file to a signed-in browser session only, with the one-use ticket its opening gave', async () => {
    const id = Number((await ds.query(`SELECT id FROM documents WHERE doc_type = 'dossier' ORDER BY id LIMIT 1`))[0].id)
    const get = (path: string, cookie: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: Buffer }> => new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: web.port, path, headers: { host: `127.0.0.1:${web.port}`, cookie, ...headers } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks) }))
      })
      req.on('error', reject)
      req.end()
    })
    const post = (channel: string, cookie: string, body: unknown): Promise<{ status: number; cookie: string; json: { ok: boolean; data?: { downloadUrl: string } } }> => new Promise((resolve, reject) => {
      const req = request({
        host: '127.0.0.1', port: web.port, path: `/api/${channel}`, method: 'POST',
        headers: { host: `127.0.0.1:${web.port}`, cookie, 'content-type': 'application/json', 'x-dossier-request': '1' }
      }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, cookie: String(res.headers['set-cookie']).split(';')[0], json: JSON.parse(Buffer.concat(chunks).toString() || '{}') }))
      })
      req.on('error', reject)
      req.end(JSON.stringify(body))
    })
    const token = `dossier_token=${web.token}`
    expect((await get(`/files/${id}`, token)).status).toBe(401)
    // A session id the client made up is not a session, before or after signing in with it.
    const planted = 'dossier_session=' + 'a'.repeat(32)
    expect((await get(`/files/${id}`, `${token}; ${planted}`)).status).toBe(401)
    const signIn = await post('auth.signIn', `${token}; ${planted}`, { username: 'qian.yu', password: DEMO_PASSWORD })
    expect(signIn.status).toBe(200)
    expect(signIn.cookie).toMatch(/^dossier_session=[\w-]{32}$/)
    expect(signIn.cookie).not.toBe(planted)
    expect((await get(`/files/${id}`, `${token}; ${planted}`)).status).toBe(401)
    const cookie = `${token}; ${signIn.cookie}`
    // Signed in, but without the ticket an opening gives: no file (a download address is not a standing permission).
    expect((await get(`/files/${id}`, cookie)).status).toBe(403)
    const opened = async (): Promise<string> => { const r = await post('documents.open', cookie, { id, reason: '档案移交' }); if (!r.json.data) throw new Error(JSON.stringify(r)); return r.json.data.downloadUrl }
    const url = await opened()
    // A link or a fetch on a page elsewhere (another port is another origin but the same site) gets nothing.
    for (const site of ['same-site', 'cross-site']) expect((await get(url, cookie, { 'sec-fetch-site': site })).status).toBe(403)
    expect((await get(url, cookie, { origin: 'http://127.0.0.1:1' })).status).toBe(403)
    const file = await get(url, cookie, { 'sec-fetch-site': 'same-origin' })
    expect(file.status).toBe(200)
    expect(file.type).toContain('wordprocessingml')
    expect(file.body.subarray(0, 2).toString()).toBe('PK')
    expect((await get(url, cookie)).status).toBe(403) // used once
    expect((await get(await opened(), cookie, { 'sec-fetch-site': 'none' })).status).toBe(200)
    const trail = await ds.query(`SELECT action, actor, after->>'reason' AS reason FROM audit_trail WHERE entity = 'document' AND entity_id = $1 AND action IN ('open', 'download') ORDER BY id`, [String(id)])
    expect(trail).toEqual([
      { action: 'open', actor: 'qian.yu', reason: '档案移交' }, { action: 'download', actor: 'qian.yu', reason: null },
      { action: 'open', actor: 'qian.yu', reason: '档案移交' }, { action: 'download', actor: 'qian.yu', reason: null }
    ])
  })
})
