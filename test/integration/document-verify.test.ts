// A records office checks a file against the register (issue 10 point 18): the same question asked of the
// domain function, the `documents.verify` channel and `dossier doc verify`, on real issued files and on
// copies that were edited, renamed as browsers and Windows rename them, or never issued at all.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { issueQuarterlyReport } from '../../src-main/documents/quarterly-report'
import { registeredNameOf, verifyDocument } from '../../src-main/documents/verify'
import { sha256 } from '../../src-main/documents/registry'
import { parseQuarter } from '../../src-main/stats/quarter'
import { connect, resetArchive, signedInAs } from './db'
import { ensureDemoUsers } from '../../src-main/auth/users'
import { runDossier } from './cli-spawn'

let ds: DataSource
const out = mkdtempSync(join(tmpdir(), 'dossier-verify-'))
const probe = (path: string, name = path.split('/').pop()!): { sha256: string; bytes: number; fileName: string } => {
  const b = readFileSync(path)
  return { sha256: sha256(b), bytes: b.length, fileName: name }
}

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 7, cases: 300 })
  await ensureDemoUsers(ds)
})
afterAll(async () => ds?.destroy())

describe('registeredNameOf', () => {
  it.each([
    ['quarterly_2025Q3_v1.docx', 'quarterly_2025Q3_v1.docx'],
    ['quarterly_2025Q3_v1 (1).docx', 'quarterly_2025Q3_v1.docx'],
    ['quarterly_2025Q3_v1(12).docx', 'quarterly_2025Q3_v1.docx'],
    ['quarterly_2025Q3_v1 - 副本.docx', 'quarterly_2025Q3_v1.docx'],
    ['quarterly_2025Q3_v1 - Copy (2).docx', 'quarterly_2025Q3_v1.docx'],
    ['C:\\Users\\张伟\\Downloads\\quarterly_2025Q3_v1.docx', 'quarterly_2025Q3_v1.docx'],
    ['/home/x/quarterly (draft).docx', 'quarterly (draft).docx']
  ])('%s → %s', (name, registered) => expect(registeredNameOf(name)).toBe(registered))
})

describe('verifying a file against the register', () => {
  it('names the document and version for registered bytes, a newer version when there is one, and tells altered and unknown files apart', async () => {
    const q = parseQuarter('2025Q3')
    const v1 = await issueQuarterlyReport(ds, q, { outDir: out, actor: 'test' })
    const first = await verifyDocument(ds, out, probe(v1.path))
    expect(first).toMatchObject({ status: 'registered', newer: null, document: { id: v1.id, version: 1, docType: 'quarterly', fileExists: true } })

    const v2 = await issueQuarterlyReport(ds, q, { outDir: out, actor: 'test' })
    expect(await verifyDocument(ds, out, probe(v1.path))).toMatchObject({ status: 'registered', document: { id: v1.id, version: 1 }, newer: { version: 2 } })
    expect(await verifyDocument(ds, out, probe(v2.path))).toMatchObject({ status: 'registered', document: { id: v2.id }, newer: null })
    // Registered bytes under any name are still the registered document.
    expect((await verifyDocument(ds, out, { ...probe(v2.path), fileName: '季度报告.docx' })).status).toBe('registered')

    // One byte changed, under the registered name or as a browser's second download: altered, and which one.
    const bytes = Buffer.from(readFileSync(v1.path))
    bytes[bytes.length - 30] ^= 1
    for (const name of [v1.fileName, v1.fileName.replace('.docx', ' (1).docx')]) {
      const r = await verifyDocument(ds, out, { sha256: sha256(bytes), bytes: bytes.length, fileName: name })
      expect(r, name).toMatchObject({ status: 'altered', document: { id: v1.id, sha256: v1.sha256 }, newer: { version: 2 } })
    }
    // Never issued.
    expect(await verifyDocument(ds, out, { sha256: sha256(Buffer.from('hello')), bytes: 5, fileName: 'hello.docx' })).toMatchObject({ status: 'unknown', document: null, newer: null })
  })

  it('answers through the channel, and refuses a malformed request with a 4xx', async () => {
    const call = await signedInAs(ds, 'qian.yu')
    const [doc] = await ds.query('SELECT file_name, sha256, bytes FROM documents ORDER BY id LIMIT 1')
    const ok = await call('documents.verify', { sha256: doc.sha256, bytes: doc.bytes, fileName: doc.file_name })
    expect(ok).toMatchObject({ ok: true, data: { status: 'registered', document: { fileName: doc.file_name } } })
    for (const bad of [{ sha256: 'xyz', bytes: 1, fileName: 'a' }, { sha256: doc.sha256, bytes: -1, fileName: 'a' }, { sha256: doc.sha256, bytes: 1, fileName: '' }, { sha256: doc.sha256, bytes: 1 }]) {
      expect(await call('documents.verify', bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    }
  })

  it('`dossier doc verify FILE` prints the answer and exits 0 registered, 3 altered, 4 unknown', async () => {
    const [doc] = await ds.query(`SELECT file_name FROM documents ORDER BY id LIMIT 1`)
    const path = join(out, doc.file_name)
    const env = { DOSSIER_DOCUMENTS_DIR: out }
    const registered = await runDossier(['doc', 'verify', path], { databaseUrl: inject('dbUrl'), env })
    expect(registered.stderr).toBe('')
    expect(registered.code).toBe(0)
    expect(registered.stdout).toMatch(/^已登记：季度投诉分析报告（2025年第三季度）第 1 版/)
    const altered = join(mkdtempSync(join(tmpdir(), 'dossier-verify-')), doc.file_name)
    writeFileSync(altered, Buffer.concat([readFileSync(path), Buffer.from(' ')]))
    const changed = await runDossier(['doc', 'verify', altered, '--json'], { databaseUrl: inject('dbUrl'), env })
    expect(changed.code).toBe(3)
    expect(JSON.parse(changed.stdout)).toMatchObject({ status: 'altered', document: { fileName: doc.file_name } })
    const stranger = join(out, 'stranger.txt')
    writeFileSync(stranger, 'not a document')
    expect((await runDossier(['doc', 'verify', stranger], { databaseUrl: inject('dbUrl'), env })).code).toBe(4)
    const missing = await runDossier(['doc', 'verify', join(out, 'nope.docx')], { databaseUrl: inject('dbUrl'), env })
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toContain('无法读取文件')
    expect(missing.stderr).not.toMatch(/at .*\.ts:\d+/)
  })
})
