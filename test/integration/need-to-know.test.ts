// Issue 15, points 6 and 10: personal data in full only for those whose work needs it, each time with a
// reason that goes into the audit trail; documents and the data folder readable by the user alone.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { mkdtempSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { DEMO_PASSWORD, ensureDemoUsers } from '../../src-main/auth/users'
import { secureDocumentsDir } from '../../src-main/db/data-dir'
import { connect, resetArchive, signedInAs, type RawCall } from './db'
import { runDossier } from './cli-spawn'

let ds: DataSource
let withOffer: number
let withoutOffer: number
let reviewed: number

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 61, cases: 300 })
  await ensureDemoUsers(ds)
  ;[{ id: withOffer }] = await ds.query('SELECT case_id AS id FROM remediation_offers ORDER BY case_id LIMIT 1')
  ;[{ id: withoutOffer }] = await ds.query('SELECT id FROM cases c WHERE NOT EXISTS (SELECT 1 FROM remediation_offers o WHERE o.case_id = c.id) ORDER BY id LIMIT 1')
  reviewed = withoutOffer
  const [{ id: planId }] = await ds.query(`INSERT INTO review_plans (name, received_from, received_to, sample_rate, sample_seed, include_flagged, created_by)
    VALUES ('t', '2020-01-01', '2030-01-01', 0, 1, false, (SELECT id FROM users WHERE username = 'wang.fang')) RETURNING id`)
  await ds.query(`INSERT INTO reviews (plan_id, case_id, reasons, reviewer_id, engine) VALUES ($1, $2, '{sample}', (SELECT id FROM users WHERE username = 'li.ming'), '{}')`, [planId, reviewed])
})
afterAll(async () => ds?.destroy())

describe('unmasking a field', () => {
  const unmask = (call: RawCall, caseId: number, reason = '客户回访核实') => call('cases.unmask', { caseId, field: 'phone', reason })
  it.each([
    ['admin', 'withoutOffer', true], ['qian.yu', 'withoutOffer', true],
    ['li.ming', 'reviewed', true], ['chen.jing', 'reviewed', false],
    // 法务 reviews offers on masked case facts (issue 13): no personal data in full, offer or not.
    ['sun.li', 'withOffer', false], ['sun.li', 'withoutOffer', false],
    ['zhou.qiang', 'withOffer', false], ['wang.fang', 'withOffer', false]
  ] as const)('%s on the %s case: allowed %s, and an allowed one is recorded with its reason', async (who, which, allowed) => {
    const caseId = { withOffer, withoutOffer, reviewed }[which]
    const call = await signedInAs(ds, who)
    const before = (await ds.query(`SELECT count(*)::int AS n FROM audit_trail WHERE entity = 'case' AND action = 'unmask'`))[0].n
    const res = await unmask(call, caseId)
    const [{ phone }] = await ds.query('SELECT complainant_phone AS phone FROM cases WHERE id = $1', [caseId])
    if (allowed) {
      expect(res).toEqual({ ok: true, data: { value: phone ?? '' } })
      const [last] = await ds.query(`SELECT actor, entity_id, after FROM audit_trail WHERE entity = 'case' AND action = 'unmask' ORDER BY id DESC LIMIT 1`)
      expect(last).toEqual({ actor: who, entity_id: String(caseId), after: { field: 'phone', reason: '客户回访核实' } })
    } else {
      expect(res).toMatchObject({ ok: false, error: { code: 'forbidden' } })
      expect((await ds.query(`SELECT count(*)::int AS n FROM audit_trail WHERE entity = 'case' AND action = 'unmask'`))[0].n).toBe(before)
    }
  })

  it('asks for a reason, and refuses a field it does not know', async () => {
    const call = await signedInAs(ds, 'admin')
    expect(await unmask(call, withOffer, ' ')).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await call('cases.unmask', { caseId: withOffer, field: 'password', reason: '看看' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await unmask(call, 99_999_999)).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })
})

describe('the documents folder', () => {
  it('is made private at start: the folder 0700, every file in it 0600, including ones an older version left 0644', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dossier-docs-')), 'documents')
    mkdirSync(join(dir, 'batches', 'b1'), { recursive: true, mode: 0o755 })
    writeFileSync(join(dir, 'dossier_X_v1.docx'), 'x', { mode: 0o644 })
    writeFileSync(join(dir, 'batches', 'b1', 'manifest.csv'), 'x', { mode: 0o644 })
    secureDocumentsDir(dir)
    const mode = (p: string): number => statSync(p).mode & 0o777
    expect(mode(dir)).toBe(0o700)
    expect(mode(join(dir, 'batches', 'b1'))).toBe(0o700)
    expect(mode(join(dir, 'dossier_X_v1.docx'))).toBe(0o600)
    expect(mode(join(dir, 'batches', 'b1', 'manifest.csv'))).toBe(0o600)
  })
})

describe('the command line', () => {
  it('issues a case document only as a named user who needs to know, for a reason, and says so in one line otherwise', async () => {
    const [{ case_no: caseNo }] = await ds.query('SELECT case_no FROM cases WHERE id = $1', [reviewed])
    const out = mkdtempSync(join(tmpdir(), 'dossier-cli-docs-'))
    const run = (args: string[], env: Record<string, string> = {}) => runDossier(['doc', 'case', caseNo, '--out', out, ...args], { databaseUrl: inject('dbUrl'), env })
    const anonymous = await run([])
    expect(anonymous.code).toBe(1)
    expect(anonymous.stderr.trim().split('\n')).toHaveLength(1)
    expect(anonymous.stderr).toMatch(/须以具名用户执行：加上 --as/)
    expect((await run(['--as', 'li.ming', '--reason', '审查'], { DOSSIER_PASSWORD: 'wrong' })).stderr).toMatch(/用户名或密码不正确/)
    expect((await run(['--as', 'chen.jing', '--reason', '审查'], { DOSSIER_PASSWORD: DEMO_PASSWORD })).stderr).toMatch(/只对本案的审查人/)
    expect((await run(['--as', 'li.ming'], { DOSSIER_PASSWORD: DEMO_PASSWORD })).stderr).toMatch(/请说明用途/)
    const ok = await run(['--as', 'li.ming', '--reason', '审查取证'], { DOSSIER_PASSWORD: DEMO_PASSWORD })
    expect(ok.code).toBe(0)
    const path = ok.stdout.split('\n')[0]
    expect(statSync(path).mode & 0o777).toBe(0o600)
    const [entry] = await ds.query(`SELECT actor, after->>'reason' AS reason FROM audit_trail WHERE entity = 'document' AND action = 'issue' ORDER BY id DESC LIMIT 1`)
    expect(entry).toEqual({ actor: 'li.ming', reason: '审查取证' })
  })
})
