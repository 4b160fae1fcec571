// GB/T 9704-2012 §7.3.5: the issuing unit, seal and date never stand on a page without body text. Every
// dossier, registration form and review opinion is paginated by LibreOffice and read back per page with
// pdftotext, over cases of every length — the archive's real cases from shortest to longest, and one case
// grown a line at a time so that the body's end crosses the page boundary at every point. The .docx XML is
// checked too (Word paginates with other fonts than LibreOffice): the closing lines keep with what follows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { loadCaseRecord, loadCaseRecords, type CaseRecord } from '../../src-main/cases/case-record'
import { renderCaseDocument, renderLegalOpinion, renderReviewDocument } from '../../src-main/documents/render'
import { offerDetail } from '../../src-main/legal/offer-detail'
import type { LegalOfferDetail } from '../../src-main/shared/contract'
import { loadReviewRecord, type ReviewRecord } from '../../src-main/documents/review-source'
import type { CaseDocType } from '../../src-main/documents/labels'
import { printableArchive, type PrintableReviews } from './document-fixtures'
import { parts } from './docx-reading'
import { pdfPages } from './pdf-pages'

let ds: DataSource
let reviews: PrintableReviews
const out = mkdtempSync(join(tmpdir(), 'dossier-pages-'))
const meta = { generatedAt: new Date('2026-07-03T02:00:00Z'), generatedBy: 'test' }
const FILLER = '客户称其多次致电客服热线未获答复，要求说明原因并赔偿相应损失。'
const STEPS = 22

beforeAll(async () => {
  ({ ds, reviews } = await printableArchive())
})
afterAll(async () => ds?.destroy())

// Lines of the closing block itself, which do not count as body text on its page.
const CLOSING = [/（盖章）/, /^\d{4} 年 \d{1,2} 月 \d{1,2} 日$/, /^—\s*\d+\s*—$/, /^(法务)?(审查人|复核人)（签字）/, /^附件：/]

/** The text lines of the page holding the seal, less the closing block; null when no page holds a seal. */
function bodyBesideSeal(pages: string[]): string[] | null {
  const page = pages.find((p) => p.includes('（盖章）'))
  if (page === undefined) return null
  return page.split('\n').map((l) => l.trim().replace(/\s+/g, ' ')).filter((l) => l && !CLOSING.some((re) => re.test(l)))
}

async function realCasesByLength(): Promise<CaseRecord[]> {
  // The longest case of each eighth of the archive by the length of its free text, and the shortest case.
  const rows = (await ds.query(`SELECT DISTINCT ON (k) id FROM (
      SELECT id, n, ntile(8) OVER (ORDER BY n, id) AS k FROM (
        SELECT id, length(summary) + length(coalesce(investigation, '')) + length(coalesce(resolution, '')) + length(coalesce(reply_content, '')) AS n
          FROM cases) a) b
     ORDER BY k, n DESC`)) as { id: number }[]
  const first = (await ds.query(`SELECT id FROM cases
    ORDER BY length(summary) + length(coalesce(investigation, '')) + length(coalesce(resolution, '')) + length(coalesce(reply_content, '')), id LIMIT 1`)) as { id: number }[]
  return loadCaseRecords(ds, [...first, ...rows].map((r) => r.id))
}

async function write(name: string, bytes: Buffer): Promise<string> {
  const path = join(out, `${name}.docx`)
  writeFileSync(path, bytes)
  return path
}

describe('the seal block never stands alone on a page', () => {
  it('dossier and registration form: real cases of every length, and one case grown a line at a time', async () => {
    const real = await realCasesByLength()
    const base = (await loadCaseRecord(ds, real[0].id))!
    const grown = Array.from({ length: STEPS }, (_, k): CaseRecord => ({ ...base, summary: `${base.summary}${FILLER.repeat(k)}` }))
    const files: { path: string; what: string }[] = []
    for (const type of ['dossier', 'registration'] as CaseDocType[]) {
      for (const c of real) files.push({ path: await write(`${type}-${c.caseNo}`, await renderCaseDocument(type, c, meta)), what: `${type} ${c.caseNo}` })
      for (const [k, c] of grown.entries()) files.push({ path: await write(`${type}-grown-${k}`, await renderCaseDocument(type, c, meta)), what: `${type} +${k} lines` })
    }
    const pages = pdfPages(files.map((f) => f.path))
    const alone = files.filter((f) => (bodyBesideSeal(pages.get(f.path)!) ?? []).length === 0).map((f) => f.what)
    expect(alone).toEqual([])
    // A short case's dossier is the one-page form it is on paper.
    expect(pages.get(files.find((f) => f.what === `dossier +0 lines`)!.path)!.length).toBe(1)
  }, 600_000)

  it('review opinion: an approved review with an opinion of every length; the draft has no seal at all', async () => {
    const approved = await loadReviewRecord(ds, reviews.approvedId)
    const files: { path: string; what: string }[] = []
    for (let k = 0; k < STEPS; k++) {
      const r: ReviewRecord = { ...approved, review: { ...approved.review, opinion: `${approved.review.opinion ?? ''}${FILLER.repeat(k)}` } }
      files.push({ path: await write(`review-${k}`, await renderReviewDocument(r, meta)), what: `review +${k} lines` })
    }
    const draft = await write('review-draft', await renderReviewDocument(await loadReviewRecord(ds, reviews.draftId), meta))
    const pages = pdfPages([...files.map((f) => f.path), draft])
    const alone = files.filter((f) => (bodyBesideSeal(pages.get(f.path)!) ?? []).length === 0).map((f) => f.what)
    expect(alone).toEqual([])
    expect(bodyBesideSeal(pages.get(draft)!)).toBeNull()
    expect(pages.get(draft)![0]).toContain('草')
  }, 600_000)

  it('法律审查意见书: an opinion of every length, co-signed, keeps its last lines with the sign-offs and the seal', async () => {
    const [{ id }] = (await ds.query('SELECT id FROM remediation_offers ORDER BY id LIMIT 1')) as { id: number }[]
    const detail = await ds.transaction((em) => offerDetail(em, id))
    const at = '2026-07-02T02:00:00Z'
    const files: { path: string; what: string }[] = []
    for (let k = 0; k < STEPS; k++) {
      const d: LegalOfferDetail = { ...detail, opinion: {
        id: 1, offerId: id, status: 'final', decision: 'agree', amendedAmount: null, amendedTerms: null, reasoning: `方案金额在审批权限之内，核定依据充分。${FILLER.repeat(k)}`,
        basisCodes: [], basisText: '《中华人民共和国消费者权益保护法》第四十条', signerId: 1, signerName: '刘法务', signedAt: at, needsCosign: true,
        cosignerId: 2, cosignerName: '孙法务', cosignedAt: at, stale: false, staleReason: null, version: 1, snapshot: {} } }
      files.push({ path: await write(`legal-${k}`, await renderLegalOpinion({ detail: d, institution: '华信银行', offerNo: 1, rootCauseNames: {} }, meta)), what: `legal +${k} lines` })
    }
    const pages = pdfPages(files.map((f) => f.path))
    const alone = files.filter((f) => (bodyBesideSeal(pages.get(f.path)!) ?? []).length === 0).map((f) => f.what)
    expect(alone).toEqual([])
  }, 600_000)

  it('the docx itself keeps the closing lines with the body (keep-with-next, keep-lines), for Word', async () => {
    const c = (await realCasesByLength())[0]
    const docs = [
      await renderCaseDocument('dossier', c, meta), await renderCaseDocument('registration', c, meta),
      await renderReviewDocument(await loadReviewRecord(ds, reviews.approvedId), meta)
    ]
    for (const bytes of docs) {
      const xml = parts(bytes)['word/document.xml']
      const body = xml.slice(xml.indexOf('<w:body>'))
      const paras = body.match(/<w:p>[\s\S]*?<\/w:p>|<w:p [\s\S]*?<\/w:p>/g) ?? []
      const seal = paras.findIndex((p) => p.includes('（盖章）'))
      expect(seal).toBeGreaterThan(0)
      // From the body's last paragraph (the last table row's cells, or the last text paragraph) to the seal:
      // each keeps with the next and is not split.
      const closing = paras.slice(seal - 2, seal + 1)
      for (const p of closing) {
        expect(p).toContain('<w:keepNext/>')
        expect(p).toContain('<w:keepLines/>')
      }
    }
  })
})
