// Document numbers (issue 10 point 3) and names (point 6): the review opinion and the quarterly report carry a
// serial per type and year of issue, allocated in the register's transaction — gapless (a failed issue takes
// no number), distinct under concurrency, kept by a re-issued version (which adds its version), restarting
// each year; the dossier keeps the case number. Review files are named by case number, not by review id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { issue, issueCaseDocument, issueReviewDocument } from '../../src-main/documents/issue'
import { issueQuarterlyReport } from '../../src-main/documents/quarterly-report'
import { parseQuarter } from '../../src-main/stats/quarter'
import { createPlan } from '../../src-main/reviews/plans'
import { batchDocuments } from '../../src-main/documents/batch'
import { batchStamp } from '../../src-main/documents/batch-handlers'
import { documentsOf } from '../../src-main/documents/registry'
import { connect, resetArchive } from './db'
import { makeReviews, type PrintableReviews } from './document-fixtures'
import { parts, text } from './docx-reading'

let ds: DataSource
let reviews: PrintableReviews
let more: number[]
const out = mkdtempSync(join(tmpdir(), 'dossier-numbers-'))
const IN_2026 = new Date('2026-07-03T02:00:00Z')
const bodyOf = (path: string): string => text(parts(readFileSync(path))['word/document.xml'])

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 37, cases: 200 })
  reviews = await makeReviews(ds)
  const plan = await createPlan(ds, reviews.senior, { name: '编号测试', receivedFrom: '2020-01-01', receivedTo: '2027-01-01', sampleRate: 0.05, sampleSeed: 3, includeFlagged: false, reviewerIds: [reviews.reviewer.id] })
  more = ((await ds.query('SELECT id FROM reviews WHERE plan_id = $1 ORDER BY id LIMIT 3', [plan.id])) as { id: number }[]).map((r) => r.id)
})
afterAll(async () => ds?.destroy())

describe('document numbers', () => {
  it('number review opinions 1, 2, 3… in the year of issue; a re-issue keeps its number and adds its version', async () => {
    const first = await issueReviewDocument(ds, reviews.approvedId, { outDir: out, actor: 'test', now: IN_2026 })
    const second = await issueReviewDocument(ds, reviews.draftId, { outDir: out, actor: 'test', now: IN_2026 })
    expect([first.serial, second.serial]).toEqual([{ year: 2026, n: 1 }, { year: 2026, n: 2 }])
    expect(bodyOf(first.path)).toContain('〔2026〕投诉审查第1号')
    expect(bodyOf(second.path)).toContain('〔2026〕投诉审查第2号')
    const again = await issueReviewDocument(ds, reviews.approvedId, { outDir: out, actor: 'test', now: new Date('2027-01-05T02:00:00Z') })
    expect(again).toMatchObject({ version: 2, serial: { year: 2026, n: 1 } })
    expect(bodyOf(again.path)).toContain('〔2026〕投诉审查第1号（第2版）')
    // Named by case number and number, not by the review's id.
    const [{ case_no: caseNo }] = await ds.query('SELECT c.case_no FROM reviews r JOIN cases c ON c.id = r.case_id WHERE r.id = $1', [reviews.approvedId])
    expect([first.fileName, again.fileName]).toEqual([`review_${caseNo}_2026-1_v1.docx`, `review_${caseNo}_2026-1_v2.docx`])
  })

  it('take no number for an issue that fails, and give concurrent issues distinct consecutive numbers', async () => {
    await expect(issue(ds, {
      docType: 'review', subject: { reviewId: more[0] }, fileName: () => 'never.docx',
      render: async () => { throw new Error('render failed') }
    }, { outDir: out, actor: 'test', now: IN_2026 })).rejects.toThrow('render failed')
    const both = await Promise.all(more.slice(0, 2).map((id) => issueReviewDocument(ds, id, { outDir: out, actor: 'test', now: IN_2026 })))
    expect(both.map((d) => d.serial!.n).sort()).toEqual([3, 4])
    // A new year starts its series again.
    const next = await issueReviewDocument(ds, more[2], { outDir: out, actor: 'test', now: new Date('2027-01-05T02:00:00Z') })
    expect(next.serial).toEqual({ year: 2027, n: 1 })
    const all = (await ds.query(`SELECT serial_year, serial FROM documents WHERE doc_type = 'review' AND version = 1 ORDER BY serial_year, serial`)) as { serial_year: number; serial: number }[]
    expect(all.map((r) => `${r.serial_year}-${r.serial}`)).toEqual(['2026-1', '2026-2', '2026-3', '2026-4', '2027-1'])
  })

  it('number the quarterly report in its own series, without repeating the year; the dossier keeps the case number', async () => {
    const q = await issueQuarterlyReport(ds, parseQuarter('2025Q3'), { outDir: out, actor: 'test', now: IN_2026 })
    const body = bodyOf(q.path)
    expect(body).toContain('〔2026〕投诉分析第1号')
    expect(body).not.toMatch(/第\d{4}Q\d号/)
    const d = await issueCaseDocument(ds, 'dossier', (await ds.query('SELECT id FROM cases ORDER BY id LIMIT 1'))[0].id, { outDir: out, actor: 'test', now: IN_2026 })
    expect(d.serial).toBeNull()
    expect(bodyOf(d.path)).toMatch(/〔\d{4}〕投诉档案第TS\d+号/)
  }, 120_000)
})

describe('batches (issue 10 point 7)', () => {
  it('skip the cases whose document was already issued and count them; --reissue makes new versions', async () => {
    const ids = ((await ds.query('SELECT id FROM cases ORDER BY id LIMIT 6')) as { id: number }[]).map((r) => r.id)
    await issueCaseDocument(ds, 'registration', ids[0], { outDir: out, actor: 'test' })
    const first = await batchDocuments(ds, { caseIds: ids.slice(0, 4), outDir: join(out, 'b1'), actor: 'test', type: 'registration', workers: 0 })
    expect(first).toMatchObject({ total: 3, done: 3, skipped: 1 })
    const second = await batchDocuments(ds, { caseIds: ids, outDir: join(out, 'b2'), actor: 'test', type: 'registration', workers: 0 })
    expect(second).toMatchObject({ total: 2, done: 2, skipped: 4 })
    expect((await documentsOf(ds, { caseId: ids[1] }, 'registration')).map((d) => d.version)).toEqual([1])
    const again = await batchDocuments(ds, { caseIds: ids.slice(0, 2), outDir: join(out, 'b3'), actor: 'test', type: 'registration', workers: 0, reissue: true })
    expect(again).toMatchObject({ total: 2, done: 2, skipped: 0 })
    expect((await documentsOf(ds, { caseId: ids[1] }, 'registration')).map((d) => d.version)).toEqual([1, 2])
  })

  it('name the batch folder in China time, as the screen shows it', () => {
    expect(batchStamp(new Date('2026-07-02T18:05:30.123Z'))).toBe('2026-07-03_02-05-30-123')
  })
})
