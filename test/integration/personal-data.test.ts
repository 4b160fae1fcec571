// Personal data against the real database and real files: a case whose complainant has an 8-character HK ID,
// an 8-digit landline and an address without an administrative area, and whose summary, investigation, reply
// and timeline note have a phone and an ID typed into them. The screens' API (case detail, case list, review
// detail), the review document and the quarterly briefing show them masked; the 客户投诉档案 and the
// 客户投诉登记表 print them in full (README, Personal data rule).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { issueCaseDocument, issueReviewDocument } from '../../src-main/documents/issue'
import { saveConclusion } from '../../src-main/reviews/review-write'
import { reviewDetail } from '../../src-main/reviews/review-read'
import { quarterlyFigures } from '../../src-main/stats/quarterly-figures'
import type { CaseDetail, CaseListResponse, Envelope } from '../../src-main/shared/contract'
import type { ReviewDetail } from '../../src-main/shared/review-types'
import { connect, resetArchive, signedInDispatch, testContext } from './db'
import { makeReviews, type PrintableReviews } from './document-fixtures'
import { parts, text } from './docx-reading'

const SUMMARY = '客户（手机13912345678，身份证350102199001011234）反映理财产品到期未兑付，要求退还12,345.67元。'
const INVESTIGATION = '经调阅案件TS202500000123录音，客户于2025-03-09 14:05致电，留下座机0591-87654321。'
const REPLY = '已按客户要求将书面答复发送至zhang.san@163.com，并短信告知13912345678。'
const NOTE = '客户来电87654321，称银行卡号6222 0212 3456 7894被冻结'
const RAW = ['13912345678', '350102199001011234', '0591-87654321', 'zhang.san@163.com', '6222 0212 3456 7894']

let ds: DataSource
let reviews: PrintableReviews
let caseId: number
let caseNo: string
const out = mkdtempSync(join(tmpdir(), 'dossier-pii-'))

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 43, cases: 240 })
  reviews = await makeReviews(ds)
  ;[{ case_id: caseId, case_no: caseNo }] = await ds.query('SELECT r.case_id, c.case_no FROM reviews r JOIN cases c ON c.id = r.case_id WHERE r.id = $1', [reviews.approvedId])
  await ds.query(`UPDATE cases SET summary = $2, investigation = $3, reply_content = $4, is_anonymous = false, complainant_name = '陈大文',
    complainant_phone = '87654321', complainant_id_no = '12345678', complainant_address = '温泉路12号金山小区5栋302' WHERE id = $1`,
  [caseId, SUMMARY, INVESTIGATION, REPLY])
  await ds.query(`UPDATE case_events SET note = $2 WHERE case_id = $1 AND kind = 'received'`, [caseId, NOTE])
})
afterAll(async () => ds?.destroy())

const ok = <T>(env: Envelope<unknown>): T => {
  if (!env.ok) throw new Error(env.error.message)
  return env.data as T
}

describe('the screens get personal data masked, in the fields and in free text', () => {
  it('case detail: the HK ID, the landline and the address by the new rule; phones, IDs, e-mail and card numbers in every free text', async () => {
    const dispatch = signedInDispatch(testContext(ds), reviews.reviewer)
    const d = ok<CaseDetail>(await dispatch('cases.get', { id: caseId }))
    expect(d.complainant).toEqual({ name: '陈*文', phone: '****4321', idNo: '****5678', address: '****' })
    expect(d.summary).toBe('客户（手机1******5678，身份证350***********1234）反映理财产品到期未兑付，要求退还12,345.67元。')
    expect(d.investigation).toBe('经调阅案件TS202500000123录音，客户于2025-03-09 14:05致电，留下座机05**-****4321。')
    expect(d.reply.content).toBe('已按客户要求将书面答复发送至z****.***@***.com，并短信告知1******5678。')
    expect(d.timeline.find((e) => e.kind === 'received')!.note).toBe('客户来电****4321，称银行卡号622* **** **** 7894被冻结')
    const json = JSON.stringify(d)
    for (const raw of [...RAW, '87654321', '12345678', '温泉路']) expect(json).not.toContain(raw)
  })

  it('case list: the summary excerpt is masked', async () => {
    const dispatch = signedInDispatch(testContext(ds), reviews.reviewer)
    const [{ day }] = await ds.query(`SELECT to_char(received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM cases WHERE id = $1`, [caseId])
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
    const list = ok<CaseListResponse>(await dispatch('cases.list', { filter: { receivedFrom: day, receivedTo: next } }))
    const row = list.rows.find((r) => r.id === caseId)!
    expect(row.summary).toBe('客户（手机1******5678，身份证350***********1234）反映理财产品到期未兑付，要求退还12,345.67元。')
    expect(row.complainantName).toBe('陈*文')
  })

  it('review detail: the reviewer editing a draft gets their text as written; anyone else, and the history, masked', async () => {
    const opinion = '已电话13812345678与客户核实，客户身份证110105198001011238。'
    let d: ReviewDetail = await reviewDetail(ds, reviews.draftId, reviews.reviewer)
    d = await saveConclusion(ds, reviews.reviewer, { id: d.id, version: d.version, conclusion: 'compliant', opinion })
    expect(d.can.edit).toBe(true)
    expect(d.opinion).toBe(opinion) // loaded into the editor and saved back: masking it would overwrite the digits
    expect(JSON.stringify(d.trail)).not.toContain('13812345678')
    const senior = ok<ReviewDetail>(await signedInDispatch(testContext(ds), reviews.senior, 'senior')('reviews.get', { id: reviews.draftId }))
    expect(senior.can.edit).toBe(false)
    expect(senior.opinion).toBe('已电话1******5678与客户核实，客户身份证110***********1238。')
    expect(JSON.stringify(senior)).not.toMatch(/13812345678|110105198001011238/)
    const [{ opinion: stored }] = await ds.query('SELECT opinion FROM reviews WHERE id = $1', [reviews.draftId])
    expect(stored).toBe(opinion) // what is saved is what was typed
    // The review document of that draft prints the opinion masked.
    const issued = await issueReviewDocument(ds, reviews.draftId, { outDir: out, actor: 'test' })
    const body = text(parts(readFileSync(issued.path))['word/document.xml'])
    expect(body).toContain('审查意见：已电话1******5678与客户核实，客户身份证110***********1238。')
    expect(body).not.toMatch(/13812345678|110105198001011238/)
  })
})

describe('documents: the review document masks, the dossier forms print in full', () => {
  it('审查意见书 prints the case summary masked', async () => {
    const issued = await issueReviewDocument(ds, reviews.approvedId, { outDir: out, actor: 'test' })
    const body = text(parts(readFileSync(issued.path))['word/document.xml'])
    expect(body).toContain(caseNo)
    expect(body).toContain('客户（手机1******5678，身份证350***********1234）反映理财产品到期未兑付')
    for (const raw of RAW) expect(body).not.toContain(raw)
  })

  it('客户投诉档案 and 客户投诉登记表 print the personal data in full, in the fields and in the free text', async () => {
    const dossier = text(parts(readFileSync((await issueCaseDocument(ds, 'dossier', caseId, { outDir: out, actor: 'test' })).path))['word/document.xml'])
    for (const full of ['陈大文', '87654321', '温泉路12号金山小区5栋302', SUMMARY, INVESTIGATION, REPLY]) expect(dossier).toContain(full)
    const registration = text(parts(readFileSync((await issueCaseDocument(ds, 'registration', caseId, { outDir: out, actor: 'test' })).path))['word/document.xml'])
    for (const full of ['陈大文', '87654321', '12345678', SUMMARY]) expect(registration).toContain(full)
  })

  it('the quarterly briefing quotes a 重大 case\'s summary masked', async () => {
    const [major] = await ds.query(`SELECT id, extract(year FROM received_at AT TIME ZONE 'Asia/Shanghai')::int AS year,
      extract(quarter FROM received_at AT TIME ZONE 'Asia/Shanghai')::int AS q FROM cases WHERE severity = 'major' ORDER BY received_at, id LIMIT 1`)
    await ds.query('UPDATE cases SET summary = $2 WHERE id = $1', [major.id, `客户手机13712345678，${'反映问题'.repeat(12)}`])
    const f = await quarterlyFigures(ds, { year: major.year, q: major.q })
    const quoted = f.majorCases.find((m) => m.summary.startsWith('客户手机'))!
    expect(quoted.summary).toBe(`客户手机1******5678，${'反映问题'.repeat(12)}`.slice(0, 60))
  })
})
