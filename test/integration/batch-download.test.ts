// A finished batch (issue 10 point 7): how many cases it skipped is kept with the batch (a reload, another
// window and the audit trail say it), and its zip and manifest are offered to the person who ran it — in
// browser mode through GET /batches/<id> with a one-use ticket, on the desktop through a save dialog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { ensureDemoUsers, DEMO_PASSWORD } from '../../src-main/auth/users'
import { buildHandlers, createDispatch } from '../../src-main/transport/dispatch'
import { startWebServer, type WebServer } from '../../src-main/transport/http'
import { redeemBatchFile } from '../../src-main/documents/batch-files'
import type { AppContext } from '../../src-main/app/context'
import type { DocumentBatchStatus, Envelope } from '../../src-main/shared/contract'
import { connect, resetArchive, testContext } from './db'

let ds: DataSource
let ctx: AppContext
let web: WebServer
const FROM = '2025-07-01'
const TO = '2025-08-01'

type Call = <T = unknown>(channel: string, req?: unknown) => Promise<Envelope<T>>
/** A user signed in at a window of the app `c` (a new context is another app: a reload, another process). */
async function as(username: string, c: AppContext = ctx): Promise<Call> {
  const d = createDispatch(buildHandlers(c), c.sessions, () => {})
  const key = `win:${username}`
  expect((await d('auth.signIn', { username, password: DEMO_PASSWORD }, key)).ok).toBe(true)
  return (channel, req = {}) => d(channel, req, key) as never
}
const data = <T>(e: Envelope<T>): T => { if (!e.ok) throw new Error(e.error.message); return e.data }

async function finish(call: Call, started: DocumentBatchStatus): Promise<DocumentBatchStatus> {
  let s = started
  for (let i = 0; i < 600 && s.running; i++) {
    await new Promise((r) => setTimeout(r, 100))
    s = data(await call<DocumentBatchStatus>('documents.batchStatus'))
  }
  return s
}

type Got = { status: number; type: string; disposition: string; body: Buffer }
function get(path: string, cookie: string): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: web.port, path, headers: { host: `127.0.0.1:${web.port}`, cookie, 'sec-fetch-site': 'same-origin' } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), disposition: String(res.headers['content-disposition']), body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}
function post<T>(channel: string, cookie: string, body: unknown): Promise<{ cookie: string; json: Envelope<T> }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port: web.port, path: `/api/${channel}`, method: 'POST',
      headers: { host: `127.0.0.1:${web.port}`, cookie, 'content-type': 'application/json', 'x-dossier-request': '1' }
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ cookie: String(res.headers['set-cookie']).split(';')[0], json: JSON.parse(Buffer.concat(chunks).toString()) as Envelope<T> }))
    })
    req.on('error', reject)
    req.end(JSON.stringify(body))
  })
}

let batch: DocumentBatchStatus
let periodCases = 0

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 52, cases: 300 })
  await ensureDemoUsers(ds)
  ctx = testContext(ds)
  const staticDir = mkdtempSync(join(tmpdir(), 'dossier-static-'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html>')
  const dispatch = createDispatch(buildHandlers(ctx), ctx.sessions, () => {})
  web = await startWebServer({ dispatch, sessions: ctx.sessions, staticDir, batches: (id, ticket) => redeemBatchFile(ctx, id, ticket) })
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM cases WHERE received_at >= '${FROM}T00:00:00+08:00' AND received_at < '${TO}T00:00:00+08:00'`)
  periodCases = n
}, 120_000)
afterAll(async () => { await web?.close(); await ds?.destroy() })

describe('a batch remembers what it skipped', () => {
  it('stores the skipped count: the status after a reload, the row and the audit trail say it', async () => {
    expect(periodCases).toBeGreaterThan(3)
    const qian = await as('qian.yu')
    // Two cases of the period already have their 投诉档案: the batch leaves them out.
    const issued = (await ds.query(`SELECT id FROM cases WHERE received_at >= '${FROM}T00:00:00+08:00' AND received_at < '${TO}T00:00:00+08:00' ORDER BY id LIMIT 2`)) as { id: number }[]
    for (const c of issued) data(await qian('documents.generate', { type: 'dossier', caseId: c.id, reason: '档案移交' }))
    batch = await finish(qian, data(await qian<DocumentBatchStatus>('documents.batchStart', { receivedFrom: FROM, receivedTo: TO, reason: '年度归档' })))
    expect(batch).toMatchObject({ running: false, error: null, done: periodCases - 2, total: periodCases - 2, skipped: 2 })
    expect(batch.zip).toMatch(/documents\.zip$/)

    // Another app on the same archive (or this one after a restart) knew nothing of it before.
    const other = await as('qian.yu', testContext(ds))
    expect(data(await other<DocumentBatchStatus>('documents.batchStatus'))).toMatchObject({ id: batch.id, skipped: 2, done: periodCases - 2 })
    // The list of recent batches says it too (records office and administrators).
    expect(data(await other<unknown[]>('documents.batches', {}))[0]).toMatchObject({ id: batch.id, status: 'done', skipped: 2, done: periodCases - 2, actor: 'qian.yu', receivedFrom: FROM, receivedTo: TO, hasZip: true, hasManifest: true })
    expect(await (await as('chen.jing'))('documents.batches', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const [row] = await ds.query('SELECT status, skipped, total, done FROM document_batches WHERE id = $1', [batch.id])
    expect(row).toEqual({ status: 'done', skipped: 2, total: periodCases - 2, done: periodCases - 2 })
    const trail = await ds.query(`SELECT actor, after FROM audit_trail WHERE entity = 'document_batch' AND entity_id = $1 AND action = 'finish'`, [String(batch.id)])
    expect(trail).toEqual([{ actor: 'qian.yu', after: { type: 'dossier', status: 'done', total: periodCases - 2, done: periodCases - 2, skipped: 2, error: null } }])
  })
})

describe('a batch\'s zip and manifest for the person who ran it', () => {
  it('answers with a one-use address for the records officer who ran it, and clear refusals otherwise', async () => {
    const qian = await as('qian.yu')
    const zip = data(await qian<{ downloadUrl: string; savedTo: null; fileName: string }>('documents.batchDownload', { id: batch.id, file: 'zip' }))
    expect(zip).toMatchObject({ savedTo: null, fileName: `batch_${batch.id}_documents.zip` })
    expect(zip.downloadUrl).toMatch(new RegExp(`^/batches/${batch.id}\\?ticket=[\\w-]{24}$`))
    // Role checks as for the batch itself: a reviewer runs no batches and downloads none.
    expect(await (await as('chen.jing'))('documents.batchDownload', { id: batch.id, file: 'zip' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    // An administrator may run batches, but this one is another person's.
    expect(await (await as('admin'))('documents.batchDownload', { id: batch.id, file: 'manifest' }))
      .toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('qian.yu') } })
    expect(await qian('documents.batchDownload', { id: 999999, file: 'zip' })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('#999999') } })
    expect(await qian('documents.batchDownload', { id: batch.id, file: 'everything' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    // A cancelled batch deleted its unfinished zip: said so, not a crash or an empty file.
    const dir = mkdtempSync(join(tmpdir(), 'dossier-cancelled-'))
    const [{ id: cancelled }] = await ds.query(`INSERT INTO document_batches (doc_type, received_from, received_to, out_dir, actor, status, finished_at) VALUES ('dossier', '2025-01-01', '2025-02-01', $1, 'qian.yu', 'cancelled', now()) RETURNING id`, [dir])
    expect(await qian('documents.batchDownload', { id: cancelled, file: 'zip' })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('没有压缩包') } })
    expect(await qian('documents.batchDownload', { id: cancelled, file: 'manifest' })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('清单') } })
  })

  it('serves the bytes on disk once per ticket to the signed-in browser session, and records the download', async () => {
    const token = `dossier_token=${web.token}`
    const signIn = await post('auth.signIn', token, { username: 'qian.yu', password: DEMO_PASSWORD })
    expect(signIn.json.ok).toBe(true)
    const cookie = `${token}; ${signIn.cookie}`
    const ask = async (file: 'zip' | 'manifest'): Promise<string> => {
      const r = await post<{ downloadUrl: string }>('documents.batchDownload', cookie, { id: batch.id, file })
      return data(r.json).downloadUrl
    }
    // Signed in, but without a ticket: no file.
    expect((await get(`/batches/${batch.id}`, cookie)).status).toBe(403)
    const url = await ask('zip')
    expect((await get(url, token)).status).toBe(401) // not signed in
    const got = await get(url, cookie)
    expect(got.status).toBe(200)
    expect(got.type).toBe('application/zip')
    expect(got.disposition).toBe(`attachment; filename="batch_${batch.id}_documents.zip"`)
    expect(got.body.equals(readFileSync(batch.zip!))).toBe(true)
    expect((await get(url, cookie)).status).toBe(403) // used once
    // A ticket names its batch: it opens no other.
    const other = (await ask('zip')).replace(`/batches/${batch.id}?`, `/batches/${batch.id! + 1}?`)
    expect((await get(other, cookie)).status).toBe(403)

    const manifest = await get(await ask('manifest'), cookie)
    expect(manifest.status).toBe(200)
    expect(manifest.type).toContain('text/csv')
    expect(manifest.body.equals(readFileSync(batch.manifest!))).toBe(true)
    expect(manifest.body.toString().split('\n').filter(Boolean)).toHaveLength(periodCases - 2 + 1)

    // The zip moved away after the address was given: 404 with what happened.
    const late = await ask('zip')
    renameSync(batch.zip!, `${batch.zip!}.moved`)
    try {
      const gone = await get(late, cookie)
      expect(gone.status).toBe(404)
      expect(gone.body.toString()).toContain('不存在')
      expect(await (await as('qian.yu'))('documents.batchDownload', { id: batch.id, file: 'zip' })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    } finally {
      renameSync(`${batch.zip!}.moved`, batch.zip!)
    }
    const trail = await ds.query(`SELECT actor, after->>'file' AS file FROM audit_trail WHERE entity = 'document_batch' AND entity_id = $1 AND action = 'download' ORDER BY id`, [String(batch.id)])
    expect(trail).toEqual([{ actor: 'qian.yu', file: 'zip' }, { actor: 'qian.yu', file: 'manifest' }])
  })

  it('on the desktop saves a copy where the person chooses', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'dossier-save-')), 'saved.zip')
    const asked: string[] = []
    const desktop = { openPath: async () => '', chooseSavePath: async (name: string) => { asked.push(name); return target } }
    const qian = await as('qian.yu', { ...ctx, desktop })
    expect(data(await qian('documents.batchDownload', { id: batch.id, file: 'zip' }))).toEqual({ savedTo: target, downloadUrl: null, fileName: `batch_${batch.id}_documents.zip` })
    expect(asked).toEqual([`batch_${batch.id}_documents.zip`])
    expect(existsSync(target) && readFileSync(target).equals(readFileSync(batch.zip!))).toBe(true)
  })
})
