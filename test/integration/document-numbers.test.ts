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
import { issue, issueCaseDocument, issueLegalOpinion, issueReviewDocument } from '../../src-main/documents/issue'
import { verifyDocument } from '../../src-main/documents/verify'
import { createHash } from 'node:crypto'
import { issueQuarterlyReport } from '../../src-main/documents/quarterly-report'
import { parseQuarter } from '../../src-main/stats/quarter'
import { createPlan } from '../../src-main/reviews/plans'
import { batchDocuments } from '../../src-main/documents/batch'
import { batchStamp } from '../../src-main/documents/batch-handlers'
import { documentsOf, lockRegistry, registerDocuments, sha256 } from '../../src-main/documents/registry'
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

describe('legal opinions, registered per offer (issue 10 points 3 and 6)', () => {
  let caseNo: string
  let caseId: number
  let offers: number[]
  beforeAll(async () => {
    // A case with two offers (a second one added to the first offer's case), and offers of other cases for the concurrent issue.
    await ds.query(`INSERT INTO remediation_offers (case_id, type, amount, basis) SELECT case_id, 'goodwill', 200, '致歉补偿' FROM remediation_offers ORDER BY id LIMIT 1`)
    const [c] = (await ds.query(`SELECT c.id, c.case_no, array_agg(o.id ORDER BY o.id) AS offers FROM cases c JOIN remediation_offers o ON o.case_id = c.id
      GROUP BY c.id HAVING count(*) >= 2 ORDER BY c.id LIMIT 1`)) as { id: number; case_no: string; offers: number[] }[]
    expect(c).toBeDefined()
    ;({ case_no: caseNo, id: caseId } = c)
    offers = c.offers
  })

  it('give two offers of one case their own versions and numbers; a re-issue keeps its number; the name has the case number', async () => {
    const a1 = await issueLegalOpinion(ds, offers[0], { outDir: out, actor: 'test', now: IN_2026 })
    const b1 = await issueLegalOpinion(ds, offers[1], { outDir: out, actor: 'test', now: IN_2026 })
    const a2 = await issueLegalOpinion(ds, offers[0], { outDir: out, actor: 'test', now: new Date('2027-01-05T02:00:00Z') })
    expect([a1, b1, a2].map((d) => [d.version, d.serial, d.offerId, d.caseId])).toEqual([
      [1, { year: 2026, n: 1 }, offers[0], caseId], [1, { year: 2026, n: 2 }, offers[1], caseId], [2, { year: 2026, n: 1 }, offers[0], caseId]])
    expect([a1.fileName, b1.fileName, a2.fileName]).toEqual([
      `legal_opinion_${caseNo}_offer1_v1.docx`, `legal_opinion_${caseNo}_offer2_v1.docx`, `legal_opinion_${caseNo}_offer1_v2.docx`])
    const a1Body = bodyOf(a1.path)
    expect(a1Body).toContain('〔2026〕法律审查第1号')
    expect(a1Body).toMatch(/方案编号\n方案1\n/)
    expect(bodyOf(b1.path)).toContain('〔2026〕法律审查第2号')
    expect(bodyOf(a2.path)).toContain('〔2026〕法律审查第1号（第2版）')
    expect((await documentsOf(ds, { offerId: offers[0], caseId }, 'legal_opinion')).map((d) => d.version)).toEqual([1, 2])
  })

  it('allocate gapless distinct numbers to two opinions issued at once', async () => {
    const others = ((await ds.query(`SELECT id FROM remediation_offers WHERE case_id <> $1 ORDER BY id LIMIT 2`, [caseId])) as { id: number }[]).map((r) => r.id)
    const both = await Promise.all(others.map((id) => issueLegalOpinion(ds, id, { outDir: out, actor: 'test', now: IN_2026 })))
    expect(both.map((d) => d.serial!.n).sort()).toEqual([3, 4])
    const all = (await ds.query(`SELECT serial FROM documents WHERE doc_type = 'legal_opinion' AND serial_year = 2026 AND version = 1 ORDER BY serial`)) as { serial: number }[]
    expect(all.map((r) => r.serial)).toEqual([1, 2, 3, 4])
  })

  it('keep an opinion registered under its case (before migration 47) listed and verifiable, beside the offer’s own series', async () => {
    const [{ id: offer, case_id: owner }] = (await ds.query(`SELECT o.id, o.case_id FROM remediation_offers o
      WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.offer_id = o.id) ORDER BY o.id DESC LIMIT 1`)) as { id: number; case_id: number }[]
    const bytes = Buffer.from(`old opinion of offer ${offer}`)
    const [old] = await ds.transaction(async (em) => {
      await lockRegistry(em)
      return registerDocuments(em, [{ docType: 'legal_opinion', subject: { caseId: owner }, version: 1, fileName: `legal_opinion_${offer}_v1.docx`, sha256: sha256(bytes),
        bytes: bytes.length, templateVersion: 'legal-2', generatedBy: 'test', generatedAt: new Date('2026-06-01T02:00:00Z') }])
    })
    expect(old).toMatchObject({ caseId: owner, offerId: null, serial: null })
    const probe = { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, fileName: old.fileName }
    expect(await verifyDocument(ds, out, probe)).toMatchObject({ status: 'registered', document: { id: old.id, version: 1, offerId: null }, newer: null })
    const now = await issueLegalOpinion(ds, offer, { outDir: out, actor: 'test', now: IN_2026 })
    expect(now).toMatchObject({ version: 1, offerId: offer, serial: { year: 2026, n: 5 } })
    expect((await documentsOf(ds, { caseId: owner }, 'legal_opinion')).map((d) => d.id)).toEqual([old.id])
    const v = await verifyDocument(ds, out, { ...probe, sha256: sha256(readFileSync(now.path)), fileName: now.fileName })
    expect(v).toMatchObject({ status: 'registered', document: { offerId: offer } })
    expect(v.document!.subject).toMatch(/^TS\d+ 方案\d+$/)
  })
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
