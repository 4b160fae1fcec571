// Issue 14, the wizard's channels for the rest of an archive: a file uploaded in pieces (browser mode's file
// input), its kind suggested from the header, a dry run and a background import of offers, the error file
// by a one-use download address; bad pieces and mappings are clear 4xx answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { ensureDemoUsers } from '../../src-main/auth/users'
import { DEMO_PASSWORD } from '../../src-main/auth/users'
import { buildHandlers, createDispatch } from '../../src-main/transport/dispatch'
import type { AppContext } from '../../src-main/app/context'
import type { ImportInspectResponse, ImportJobStatus, ImportRecordView, ImportSummary } from '../../src-main/shared/contract'
import { redeemErrorFile } from '../../src-main/import/files'
import { connect, data, resetArchive, testContext, type RawCall } from './db'

let ds: DataSource
let ctx: AppContext
let records: RawCall
let caseNo: string

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 9, cases: 5, workers: 0 })
  await ensureDemoUsers(ds)
  ctx = testContext(ds)
  const dispatch = createDispatch(buildHandlers(ctx), ctx.sessions, () => {})
  records = (channel, request = {}) => dispatch(channel, request, 'win:qian.yu')
  data(await records('auth.signIn', { username: 'qian.yu', password: DEMO_PASSWORD }))
  caseNo = (await ds.query('SELECT case_no FROM cases ORDER BY id LIMIT 1'))[0].case_no
})
afterAll(async () => ds?.destroy())

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64')

describe('offers through the wizard channels', () => {
  it('uploads in pieces, suggests the kind, dry-runs, imports in the background and gives the error file once', async () => {
    const text = `\uFEFF投诉编号,方案类型,补偿金额,核定依据\r\n${caseNo},经济补偿,1000,按损失核定\r\n${caseNo},退还费用,-5,\r\n`
    const bytes = Buffer.from(text, 'utf8')
    const first = data<{ uploadId: string; bytes: number; path: null }>(await records('import.upload', { name: '../补偿方案.csv', offset: 0, chunk: bytes.subarray(0, 20).toString('base64'), done: false }))
    // A piece out of order is refused, not appended.
    expect(await records('import.upload', { uploadId: first.uploadId, name: 'x.csv', offset: 5, chunk: b64('x'), done: false })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    const last = data<{ path: string; bytes: number }>(await records('import.upload', { uploadId: first.uploadId, name: 'x.csv', offset: 20, chunk: bytes.subarray(20).toString('base64'), done: true }))
    expect(last.bytes).toBe(bytes.length)
    expect(last.path.endsWith('/补偿方案.csv')).toBe(true)
    expect(readFileSync(last.path)).toEqual(bytes)
    // The upload is over: its id no longer takes pieces.
    expect(await records('import.upload', { uploadId: first.uploadId, name: 'x.csv', offset: bytes.length, chunk: b64('x'), done: true })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })

    const i = data<ImportInspectResponse>(await records('import.inspect', { path: last.path }))
    expect(i).toMatchObject({ detectedKind: 'offers', importKind: 'offers', suggested: { columns: { case_no: '投诉编号', type: '方案类型', amount: '补偿金额', basis: '核定依据' } } })
    expect(i.fields.map((f) => f.key)).toContain('settlement_signed_at')

    const dry = data<ImportSummary>(await records('import.dryRun', { path: last.path, kind: 'offers' }))
    expect(dry.counts).toEqual({ read: 2, new: 1, changed: 0, unchanged: 0, invalid: 1, skipped: 0 })
    expect(dry.errors[0].message).toBe('第 3 行，列「补偿金额」，值「-5」：金额不能为负数')
    // A mapping naming a field offers do not have: refused as invalid, not an internal error.
    expect(await records('import.dryRun', { path: last.path, kind: 'offers', mapping: { columns: { measure: '补偿金额' } } })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await records('import.dryRun', { path: last.path, kind: 'offers', mapping: 'cfpb' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })

    let job = data<ImportJobStatus>(await records('import.start', { path: last.path, kind: 'offers' }))
    for (let n = 0; job.state === 'running' && n < 100; n++) { await new Promise((r) => setTimeout(r, 100)); job = data<ImportJobStatus>(await records('import.status', { jobId: job.jobId })) }
    expect(job.state).toBe('done')
    const id = job.result!.importId!
    const list = data<ImportRecordView[]>(await records('import.list', {}))
    expect(list[0]).toMatchObject({ id, kind: 'offers', fileName: '补偿方案.csv', counts: { new: 1, invalid: 1 } })

    // Browser mode (no desktop services): a one-use address; the file holds the row as it stood and why.
    const e = data<{ rows: number; url: string; path: null }>(await records('import.errorFile', { importId: id }))
    expect(e.rows).toBe(1)
    const ticket = new URL(e.url, 'http://x').searchParams.get('ticket')
    expect(e.url.startsWith(`/import-errors/${id}?ticket=`)).toBe(true)
    const file = await redeemErrorFile(ctx, id, ticket)
    expect(file && 'path' in file && readFileSync(file.path, 'utf8')).toBe(`\uFEFF投诉编号,方案类型,补偿金额,核定依据,"行号","错误"\r\n${caseNo},退还费用,-5,,3,"第 3 行，列「补偿金额」，值「-5」：金额不能为负数"\r\n`)
    expect(await redeemErrorFile(ctx, id, ticket)).toMatchObject({ refused: expect.any(String) })
    const [trail] = await ds.query(`SELECT actor FROM audit_trail WHERE entity = 'import' AND entity_id = $1 AND action = 'download_errors'`, [String(id)])
    expect(trail.actor).toBe('qian.yu')
    expect(await records('import.errorFile', { importId: 999999 })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    // Browser mode has no open dialog: a clear answer.
    expect(await records('import.chooseFile', {})).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
  })
})
