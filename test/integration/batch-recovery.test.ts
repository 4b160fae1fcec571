// Issue 16 point 2: a document batch killed half-way left registered files the documents folder never got,
// unregistered dossiers with personal data, a `.part` file and a broken zip — and was forgotten at restart.
// Now the next look cleans up after it, lists exactly what was registered, links it, and a resume issues the rest.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DEMO_PASSWORD, ensureDemoUsers } from '../../src-main/auth/users'
import { seedArchive } from '../../src-main/demo/loader'
import { recoverDeadBatches } from '../../src-main/documents/batch-runs'
import type { DocumentBatchStatus } from '../../src-main/shared/contract'
import { REPO } from './cli-spawn'
import { connect, data, resetArchive, signedInDispatch, testContext } from './db'

let ds: DataSource
const out = mkdtempSync(join(tmpdir(), 'dossier-batch-kill-'))
const FROM = '2000-01-01'
const TO = '2100-01-01'

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 91, cases: 260, workers: 0 })
  await ensureDemoUsers(ds)
}, 180_000)
afterAll(async () => {
  await ds?.destroy()
  rmSync(out, { recursive: true, force: true })
})

const registeredBy = async (batch: number): Promise<string[]> =>
  ((await ds.query('SELECT file_name FROM documents WHERE batch_id = $1 ORDER BY file_name', [batch])) as { file_name: string }[]).map((r) => r.file_name)

describe('a document batch killed half-way', () => {
  it('is cleaned up at the next look, lists exactly what was registered, links it, and resumes the rest', async () => {
    const dir = join(out, 'cli-batch')
    const child = spawn(process.execPath, [join(REPO, 'bin/dossier.mjs'), 'doc', 'batch', '--from', FROM, '--to', TO, '--out', dir, '--as', 'qian.yu', '--reason', '年度归档', '--workers', '0'],
      { cwd: REPO, env: { ...process.env, DATABASE_URL: inject('dbUrl'), DOSSIER_PASSWORD: DEMO_PASSWORD }, stdio: 'ignore' })
    let batch: { id: number } | undefined
    for (let i = 0; i < 1200; i++) {
      await new Promise((r) => setTimeout(r, 100))
      ;[batch] = await ds.query(`SELECT b.id FROM document_batches b WHERE b.pid = $1 AND (SELECT count(*) FROM documents d WHERE d.batch_id = b.id) >= 100`, [child.pid])
      if (batch) break
    }
    expect(batch, 'the CLI batch registered its first chunk').toBeDefined()
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    const [row] = await ds.query('SELECT status FROM document_batches WHERE id = $1', [batch!.id])
    expect(row.status).toBe('running')

    // As if the app had started it: its documents folder should receive what was registered.
    const ctx = testContext(ds)
    await ds.query('UPDATE document_batches SET link_into = $2 WHERE id = $1', [batch!.id, ctx.documentsDir])
    const [recovered] = await recoverDeadBatches(ds)
    expect(recovered.id).toBe(batch!.id)
    expect(recovered.status).toBe('interrupted')
    const registered = await registeredBy(batch!.id)
    expect(recovered.done).toBe(registered.length)
    const left = readdirSync(dir)
    expect(left.filter((f) => f.endsWith('.part'))).toEqual([])
    expect(left).not.toContain('documents.zip')
    expect(left.filter((f) => f.endsWith('.docx')).sort()).toEqual(registered)
    const manifest = readFileSync(join(dir, 'manifest.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]).sort()
    expect(manifest).toEqual(registered)
    for (const f of registered) expect(existsSync(join(ctx.documentsDir, f)), f).toBe(true)
    expect(await recoverDeadBatches(ds), 'a second look finds nothing to do').toEqual([])

    // The 文书 area reports it and offers to resume; the resumed batch issues exactly the cases not reached.
    const [{ id: userId }] = await ds.query(`SELECT id FROM users WHERE username = 'qian.yu'`)
    const call = signedInDispatch(ctx, { id: userId, username: 'qian.yu', displayName: '钱宇', roles: ['records'] })
    const status = data<DocumentBatchStatus>(await call('documents.batchStatus', {}))
    expect(status).toMatchObject({ id: batch!.id, running: false, resumable: true, interrupted: { registered: registered.length } })
    let s = data<DocumentBatchStatus>(await call('documents.batchResume', { id: batch!.id, reason: '年度归档' }))
    for (let i = 0; i < 1200 && s.running; i++) {
      await new Promise((r) => setTimeout(r, 200))
      s = data<DocumentBatchStatus>(await call('documents.batchStatus', {}))
    }
    expect(s).toMatchObject({ running: false, error: null, cancelled: false, total: 260 - registered.length, done: 260 - registered.length })
    const perCase = await ds.query(`SELECT count(*)::int AS n FROM documents WHERE doc_type = 'dossier' AND batch_id IS NOT NULL GROUP BY case_id`)
    expect(perCase.length).toBe(260)
    expect(perCase.every((r: { n: number }) => r.n === 1)).toBe(true)
    for (const f of await registeredBy(s.id!)) expect(existsSync(join(ctx.documentsDir, f)), f).toBe(true)
  }, 300_000)
})

