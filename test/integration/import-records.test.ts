// Issue 14: the rest of an archive by import — units and staff, remediation offers, rectification measures,
// and a timeline as a file of events — each validated per row, dry-run counted, written in one transaction
// through COPY staging, idempotent on re-import, with an error file; after offers the legal checks and
// R13/R14 run on the imported data; a change after an approved review marks the review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { runRecordImport } from '../../src-main/import/records/run'
import { writeErrorFile } from '../../src-main/import/error-file'
import { asOwner, connect, resetArchive } from './db'

let ds: DataSource
const dir = mkdtempSync(join(tmpdir(), 'dossier-import-rec-'))
const csv = (name: string, rows: string[][]): string => {
  const file = join(dir, name)
  writeFileSync(file, '\uFEFF' + rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n')
  return file
}
const R13 = 12
const R14 = 13
let cases: { id: number; case_no: string }[]

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 26, cases: 60, workers: 0 })
  await runAudit(ds, { actor: 'tester', reason: 'on_demand' })
  // Cases without offers or measures of their own, so what the import brings is all they have.
  cases = await ds.query(`SELECT id, case_no FROM cases c WHERE NOT EXISTS (SELECT 1 FROM remediation_offers o WHERE o.case_id = c.id)
    AND NOT EXISTS (SELECT 1 FROM rectifications r WHERE r.case_id = c.id) ORDER BY id LIMIT 3`)
  expect(cases.length).toBe(3)
})
afterAll(async () => ds?.destroy())

describe('units and staff', () => {
  it('imports units keyed by code (a parent from the same file), refuses an unknown parent and a duplicate code, and is idempotent', async () => {
    const [head] = await ds.query(`SELECT code FROM units WHERE kind = 'head_office' LIMIT 1`)
    const file = csv('units.csv', [
      ['机构代码', '机构名称', '机构类型', '上级机构代码', '地区'],
      ['ZZ01', '测试分行', '分行', head.code, '福建'],
      ['ZZ0101', '测试支行', 'sub_branch', 'ZZ01', '福建'],
      ['ZZ0102', '另一支行', '支行', 'NOPE', ''],
      ['ZZ01', '重复', '分行', '', ''],
      ['ZZ0103', '怪支行', '营业所', 'ZZ01', '']
    ])
    const dry = await runRecordImport(ds, file, { kind: 'units', actor: 'tester', dryRun: true })
    expect(dry.counts).toEqual({ read: 5, new: 2, changed: 0, unchanged: 0, invalid: 3, skipped: 0 })
    expect(dry.errors.map((e) => e.message)).toEqual([
      '第 4 行，列「上级机构代码」，值「NOPE」：机构代码在档案中不存在（请先导入机构）',
      '第 5 行：机构代码与第 2 行重复（文件内每条只能出现一次）',
      expect.stringMatching(/^第 6 行，列「机构类型」，值「营业所」：无法识别的代码值/)
    ])
    expect(dry.unknownValues).toEqual({ kind: { 营业所: 1 } })
    expect((await ds.query(`SELECT count(*)::int AS n FROM units WHERE code LIKE 'ZZ%'`))[0].n).toBe(0)
    const r = await runRecordImport(ds, file, { kind: 'units', actor: 'tester' })
    expect(r.counts).toMatchObject({ new: 2, invalid: 3 })
    const [sub] = await ds.query(`SELECT u.name, u.kind, p.code AS parent FROM units u JOIN units p ON p.id = u.parent_id WHERE u.code = 'ZZ0101'`)
    expect(sub).toEqual({ name: '测试支行', kind: 'sub_branch', parent: 'ZZ01' })
    const again = await runRecordImport(ds, file, { kind: 'units', actor: 'tester' })
    expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: 2, invalid: 3 })
    // The error file: the header, and each invalid row as it stood, with its line and message.
    const out = join(dir, 'units-errors.csv')
    expect(await writeErrorFile(ds, r.importId!, out)).toBe(3)
    const lines = readFileSync(out, 'utf8').split('\r\n')
    expect(lines[0]).toBe('\uFEFF机构代码,机构名称,机构类型,上级机构代码,地区,"行号","错误"')
    expect(lines[1]).toBe('ZZ0102,另一支行,支行,NOPE,,4,"第 4 行，列「上级机构代码」，值「NOPE」：机构代码在档案中不存在（请先导入机构）"')
  })

  it('imports staff into known units; a changed title is an update in the trail', async () => {
    const file = csv('staff.csv', [['工号', '姓名', '所属机构代码', '职务'], ['ZS001', '林一', 'ZZ01', '客户经理'], ['ZS002', '林二', 'QQ99', '柜员']])
    const r = await runRecordImport(ds, file, { kind: 'staff', actor: 'tester' })
    expect(r.counts).toMatchObject({ read: 2, new: 1, invalid: 1 })
    expect(r.errors[0].message).toBe('第 3 行，列「所属机构代码」，值「QQ99」：机构代码在档案中不存在（请先导入机构）')
    const edited = csv('staff2.csv', [['工号', '姓名', '所属机构代码', '职务'], ['ZS001', '林一', 'ZZ01', '理财经理']])
    const e = await runRecordImport(ds, edited, { kind: 'staff', actor: 'tester' })
    expect(e.counts).toMatchObject({ changed: 1 })
    const [s] = await ds.query(`SELECT id, title FROM staff WHERE code = 'ZS001'`)
    expect(s.title).toBe('理财经理')
    const trail = await ds.query(`SELECT action, before, after FROM audit_trail WHERE entity = 'staff' AND entity_id = $1 ORDER BY id`, [String(s.id)])
    expect(trail.map((x: { action: string }) => x.action)).toEqual(['import_create', 'import_update'])
    expect(trail[1].before).toEqual({ title: '客户经理' })
    expect(trail[1].after).toMatchObject({ title: '理财经理', import_id: e.importId })
  })
})

describe('remediation offers', () => {
  it('imports offers by case number: per-row messages, the legal checks and R13 run on them, re-import changes nothing', async () => {
    const [a, b] = cases
    const file = csv('offers.csv', [
      ['投诉编号', '方案类型', '补偿金额', '核定依据', '审批层级', '审批时间', '客户是否接受', '客户接受时间', '支付时间'],
      [a.case_no, '经济补偿', '1,200元', '按利息损失核定', '支行', '2025/3/9 14:05', '是', '2025-03-10', '2025年3月12日'],
      [a.case_no, 'refund', '0.5万元', '', '', '', '', '', ''],
      [b.case_no, '退还费用', '3.5E+03', '', '', '', '', '', ''],
      ['NO-SUCH-CASE', '退还费用', '100', '', '', '', '', '', '']
    ])
    const dry = await runRecordImport(ds, file, { kind: 'offers', actor: 'tester', dryRun: true })
    expect(dry.counts).toEqual({ read: 4, new: 2, changed: 0, unchanged: 0, invalid: 2, skipped: 0 })
    expect(dry.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^第 4 行，列「补偿金额」，值「3.5E\+03」：是科学计数法/),
      '第 5 行，列「投诉编号」，值「NO-SUCH-CASE」：投诉编号在档案中不存在（请先导入案件）'
    ])
    const r = await runRecordImport(ds, file, { kind: 'offers', actor: 'tester' })
    expect(r.counts).toMatchObject({ new: 2, invalid: 2 })
    expect(r.reaudited).toBe(1)
    const offers = await ds.query(`SELECT o.id, o.source_ref, o.type, o.amount, o.paid_at, k.failed FROM remediation_offers o
      LEFT JOIN offer_checks k ON k.offer_id = o.id WHERE o.case_id = $1 ORDER BY o.source_ref`, [a.id])
    expect(offers.map((o: { source_ref: string; type: string; amount: string }) => [o.source_ref, o.type, o.amount])).toEqual([['#1', 'compensation', '1200.00'], ['#2', 'refund', '5000.00']])
    // The legal checks ran on both (stored results), and R13 now judges the case's offers: the second has no basis.
    expect(offers.every((o: { failed: string[] | null }) => Array.isArray(o.failed))).toBe(true)
    const [ar] = await ds.query('SELECT internal FROM audit_results WHERE case_id = $1', [a.id])
    expect(ar.internal[R13]).toBe('F')
    const again = await runRecordImport(ds, file, { kind: 'offers', actor: 'tester' })
    expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: 2, invalid: 2 })
    expect(again.reaudited).toBe(0)
  })

  it('a changed offer of a case whose review was approved marks the review, with the trail entry and what changed', async () => {
    const [a] = cases
    const reviewId = await asOwner(async (o) => {
      const [u] = await o.query(`INSERT INTO users (username, display_name, password_hash, roles) VALUES ('rev.o', '审查员', 'x', '{reviewer}') RETURNING id`)
      const [p] = await o.query(`INSERT INTO review_plans (name, received_from, received_to, sample_rate, sample_seed, include_flagged, created_by) VALUES ('p', '2000-01-01', '2100-01-01', 1, 1, true, $1) RETURNING id`, [u.id])
      const [rv] = await o.query(`INSERT INTO reviews (plan_id, case_id, reasons, reviewer_id, status, engine, decided_at) VALUES ($1, $2, '{sample}', $3, 'approved', '{}', now()) RETURNING id`, [p.id, a.id, u.id])
      return rv.id as number
    })
    const file = csv('offers2.csv', [
      ['投诉编号', '方案类型', '补偿金额', '核定依据', '审批层级', '审批时间', '客户是否接受', '客户接受时间', '支付时间'],
      [a.case_no, '经济补偿', '1,500元', '按利息损失核定', '支行', '2025/3/9 14:05', '是', '2025-03-10', '2025年3月12日'],
      [a.case_no, 'refund', '0.5万元', '', '', '', '', '', '']
    ])
    const r = await runRecordImport(ds, file, { kind: 'offers', actor: 'tester' })
    expect(r.counts).toMatchObject({ changed: 1, unchanged: 1 })
    expect(r.samples.changed[0].changed).toEqual({ amount: { before: 1200, after: 1500 } })
    const marks = await ds.query(`SELECT m.review_id, m.entity, m.fields, m.before, m.after, t.entity AS trail_entity, t.action
      FROM case_post_review_changes m JOIN audit_trail t ON t.id = m.trail_id WHERE m.case_id = $1`, [a.id])
    expect(marks).toEqual([{ review_id: reviewId, entity: 'offer', fields: ['amount'], before: { amount: 1200 }, after: { amount: 1500, case_id: a.id }, trail_entity: 'offer', action: 'import_update' }])
  })
})

describe('rectification measures and events', () => {
  it('imports measures by case number (R14 re-judged) and a timeline as a file of events', async () => {
    const [, , c] = cases
    const rect = csv('rect.csv', [['投诉编号', '整改编号', '整改措施', '整改期限', '完成日期'], [c.case_no, 'R-1', '修订告知流程\n并培训', '2025-06-30', '2025/6/1'], [c.case_no, 'R-2', '', '', '']])
    const r = await runRecordImport(ds, rect, { kind: 'rectifications', actor: 'tester' })
    expect(r.counts).toMatchObject({ new: 1, invalid: 1 })
    // Lines are the file's: the measure before it spans lines 2 and 3.
    expect(r.errors[0].message).toBe('第 4 行，列「整改措施」：必填，不能为空')
    const [m] = await ds.query(`SELECT measure, due_on, done_on, source_ref FROM rectifications WHERE case_id = $1`, [c.id])
    expect(m).toEqual({ measure: '修订告知流程\n并培训', due_on: '2025-06-30', done_on: '2025-06-01', source_ref: 'R-1' })
    const [ar] = await ds.query('SELECT internal FROM audit_results WHERE case_id = $1', [c.id])
    expect(r.reaudited).toBe(1)
    expect(ar.internal[R14]).toMatch(/[PFNU]/)

    const [before] = await ds.query(`SELECT received_at, accepted_at FROM cases WHERE id = $1`, [c.id])
    const accepted = new Date(before.received_at.getTime() + 3_600_000)
    const ev = csv('events.csv', [['投诉编号', '环节', '时间'], [c.case_no, '受理', accepted.toISOString()], [c.case_no, 'offer_paid', '2025-07-01'], [c.case_no, '神游', '2025-07-01']])
    const dry = await runRecordImport(ds, ev, { kind: 'events', actor: 'tester', dryRun: true })
    expect(dry.counts.invalid).toBe(1)
    expect(dry.counts.read).toBe(3)
    const e = await runRecordImport(ds, ev, { kind: 'events', actor: 'tester' })
    expect(e.counts.new + e.counts.changed).toBe(2)
    const [after] = await ds.query(`SELECT accepted_at FROM cases WHERE id = $1`, [c.id])
    expect(after.accepted_at.getTime()).toBe(accepted.getTime())
    const kinds = await ds.query(`SELECT kind, at FROM case_events WHERE case_id = $1 AND kind IN ('accepted', 'offer_paid') ORDER BY kind`, [c.id])
    expect(kinds.map((k: { kind: string }) => k.kind)).toEqual(['accepted', 'offer_paid'])
    const seqs = await ds.query(`SELECT seq FROM case_events WHERE case_id = $1 ORDER BY at, seq`, [c.id])
    expect(seqs.map((s: { seq: number }) => s.seq)).toEqual(seqs.map((_: unknown, i: number) => i + 1))
    const again = await runRecordImport(ds, ev, { kind: 'events', actor: 'tester' })
    expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: 2, invalid: 1 })
  })
})

describe('cancel', () => {
  it('a cancelled import of offers writes nothing, leaves no staging behind and is recorded as failed', async () => {
    const [, b] = cases
    const file = csv('offers-cancel.csv', [['投诉编号', '方案类型', '金额'], [b.case_no, '经济补偿', '10']])
    const before = (await ds.query('SELECT count(*)::int AS n FROM remediation_offers'))[0].n
    const ac = new AbortController()
    ac.abort()
    await expect(runRecordImport(ds, file, { kind: 'offers', actor: 'tester', signal: ac.signal })).rejects.toThrow('导入已取消')
    expect((await ds.query('SELECT count(*)::int AS n FROM remediation_offers'))[0].n).toBe(before)
    const [imp] = await ds.query(`SELECT status, error, kind FROM imports ORDER BY id DESC LIMIT 1`)
    expect(imp).toEqual({ status: 'failed', error: '已取消，档案未作任何改动', kind: 'offers' })
    expect((await ds.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'rec_%' AND relpersistence = 't'`))[0].n).toBe(0)
  })
})
