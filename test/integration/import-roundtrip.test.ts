// Issue 14: the archive's own export imports back. Export → import into an empty archive (organisation kept)
// → export gives the same file, field by field, personal data included; re-importing the same file changes
// nothing; a changed row updates the case, is recorded in the trail and re-audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { parse } from 'csv-parse/sync'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { exportCases } from '../../src-main/import/export'
import { runImport } from '../../src-main/import/run'
import { asOwner, connect, resetArchive } from './db'

let ds: DataSource
const dir = mkdtempSync(join(tmpdir(), 'dossier-import-rt-'))
const rows = (file: string): string[][] => parse(readFileSync(file, 'utf8'), { bom: true }) as string[][]
const emptyCases = (): Promise<unknown> => asOwner((o) => o.query('TRUNCATE cases, import_cases RESTART IDENTITY CASCADE'))

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 14, cases: 300, workers: 0 })
})
afterAll(async () => ds?.destroy())

describe('export → import → export', () => {
  it('gives the same CSV field by field, and the XLSX the same cells', async () => {
    const first = join(dir, 'first.csv')
    expect(await exportCases(ds, first)).toBe(300)
    await exportCases(ds, join(dir, 'first.xlsx'))
    await emptyCases()
    const r = await runImport(ds, first, { actor: 'tester' })
    expect(r.counts).toEqual({ read: 300, new: 300, changed: 0, unchanged: 0, invalid: 0, skipped: 0 })
    const second = join(dir, 'second.csv')
    await exportCases(ds, second)
    const a = rows(first)
    const b = rows(second)
    expect(b.length).toBe(a.length)
    for (let i = 0; i < a.length; i++) for (let j = 0; j < a[0].length; j++) if (a[i][j] !== b[i][j]) expect(`${a[0][j]} row ${i}: ${b[i][j]}`).toBe(`${a[0][j]} row ${i}: ${a[i][j]}`)
    // The XLSX of the first archive imports to the same archive: nothing changes.
    const x = await runImport(ds, join(dir, 'first.xlsx'), { actor: 'tester' })
    expect(x.counts).toEqual({ read: 300, new: 0, changed: 0, unchanged: 300, invalid: 0, skipped: 0 })
  })

  it('re-importing the same file changes nothing; an edited row is updated, trailed and re-audited', async () => {
    const file = join(dir, 'first.csv')
    const trailBefore = (await ds.query(`SELECT count(*)::int AS n FROM audit_trail WHERE action = 'import_update'`))[0].n
    const again = await runImport(ds, file, { actor: 'tester' })
    expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: 300 })
    expect((await ds.query(`SELECT count(*)::int AS n FROM audit_trail WHERE action = 'import_update'`))[0].n).toBe(trailBefore)
    await runAudit(ds, { actor: 'tester', reason: 'on_demand' })
    const t = rows(file)
    const col = t[0].indexOf('受理时间')
    const caseNo = t[1][0]
    t[1][col] = ''
    writeFileSync(join(dir, 'edited.csv'), '\uFEFF' + t.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n'))
    const dry = await runImport(ds, join(dir, 'edited.csv'), { actor: 'tester', dryRun: true })
    expect(dry.counts).toMatchObject({ changed: 1, unchanged: 299 })
    expect(dry.samples.changed[0]).toMatchObject({ caseNo })
    expect(Object.keys(dry.samples.changed[0].changed!)).toContain('accepted_at')
    expect((await ds.query('SELECT accepted_at FROM cases WHERE case_no = $1', [caseNo]))[0].accepted_at).not.toBeNull()
    // An approved review of the case: the import's change is marked on it (「审查后案卷有变更」).
    const [{ id: caseId }] = await ds.query('SELECT id FROM cases WHERE case_no = $1', [caseNo])
    const reviewId = await asOwner(async (o) => {
      const [u] = await o.query(`INSERT INTO users (username, display_name, password_hash, roles) VALUES ('rev.t', '审查员', 'x', '{reviewer}') RETURNING id`)
      const [p] = await o.query(`INSERT INTO review_plans (name, received_from, received_to, sample_rate, sample_seed, include_flagged, created_by) VALUES ('p', '2020-01-01', '2030-01-01', 1, 1, true, $1) RETURNING id`, [u.id])
      const [rv] = await o.query(`INSERT INTO reviews (plan_id, case_id, reasons, reviewer_id, status, engine, decided_at) VALUES ($1, $2, '{sample}', $3, 'approved', '{}', now()) RETURNING id`, [p.id, caseId, u.id])
      return rv.id as number
    })
    const r = await runImport(ds, join(dir, 'edited.csv'), { actor: 'tester' })
    const marks = await ds.query('SELECT review_id, import_id, fields FROM case_post_review_changes WHERE case_id = $1', [caseId])
    expect(marks).toEqual([{ review_id: reviewId, import_id: r.importId, fields: expect.arrayContaining(['accepted_at']) }])
    expect(r.counts).toMatchObject({ changed: 1, unchanged: 299 })
    expect(r.reaudited).toBe(1)
    const [c] = await ds.query(`SELECT c.id, c.accepted_at, c.version, ar.internal FROM cases c JOIN audit_results ar ON ar.case_id = c.id WHERE c.case_no = $1`, [caseNo])
    expect(c.accepted_at).toBeNull()
    expect(c.internal[0]).toBe('U') // R01 cannot tell without an acceptance time
    const [trail] = await ds.query(`SELECT before, after FROM audit_trail WHERE action = 'import_update' AND entity_id = $1`, [String(c.id)])
    expect(Object.keys(trail.before)).toEqual(expect.arrayContaining(['accepted_at']))
    expect(trail.after.accepted_at).toBeNull()
  })
})
