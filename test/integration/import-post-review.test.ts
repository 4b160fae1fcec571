// Issue 14: 「审查后案卷有变更」 — a case an import changes after its review was approved is marked on the
// review (the screen's detail), on the case list's row and in the 审查意见书, with what changed (the fields
// before and after, from the import's trail entries; personal data named, never printed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { exportCases } from '../../src-main/import/export'
import { runImport } from '../../src-main/import/run'
import { runRecordImport } from '../../src-main/import/records/run'
import { listCases } from '../../src-main/cases/list-query'
import { caseListSchema } from '../../src-main/shared/contract'
import { reviewDetail } from '../../src-main/reviews/review-read'
import { loadReviewRecord } from '../../src-main/documents/review-source'
import { renderReviewDocument } from '../../src-main/documents/render'
import { connect, resetArchive } from './db'
import { makeReviews, type PrintableReviews } from './document-fixtures'
import { paragraphs, parts } from './docx-reading'
import { parse } from 'csv-parse/sync'
import { readFileSync } from 'node:fs'

let ds: DataSource
let reviews: PrintableReviews
const dir = mkdtempSync(join(tmpdir(), 'dossier-post-review-'))
const write = (name: string, rows: string[][]): string => {
  const file = join(dir, name)
  writeFileSync(file, '\uFEFF' + rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n'))
  return file
}

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 41, cases: 120, workers: 0 })
  reviews = await makeReviews(ds)
})
afterAll(async () => ds?.destroy())

describe('a case changed by an import after its review was approved', () => {
  it('is marked on the review, the list row and the review document, with what changed', async () => {
    const before = await reviewDetail(ds, reviews.approvedId, reviews.senior)
    expect(before.changedAfterReview).toEqual([])
    const [c] = await ds.query('SELECT id, case_no FROM cases WHERE id = $1', [before.caseId])
    // The case as the archive exports it, with its 处理完成时间, its 投诉人 (personal) and a 经济补偿 changed.
    const file = join(dir, 'all.csv')
    await exportCases(ds, file)
    const t = parse(readFileSync(file, 'utf8'), { bom: true }) as string[][]
    const row = t.find((r) => r[0] === c.case_no)!
    const col = (name: string): number => t[0].indexOf(name)
    row[col('处理完成时间')] = '2031-01-02 09:30:00'
    row[col('投诉人')] = '改名换姓'
    const edited = write('edited.csv', [t[0], row])
    const r = await runImport(ds, edited, { actor: 'tester' })
    expect(r.counts).toMatchObject({ changed: 1 })
    const offers = write('offers.csv', [['投诉编号', '方案编号', '方案类型', '金额'], [c.case_no, 'X-1', '经济补偿', '800']])
    const o = await runRecordImport(ds, offers, { kind: 'offers', actor: 'tester' })
    expect(o.counts).toMatchObject({ new: 1 })

    const after = await reviewDetail(ds, reviews.approvedId, reviews.senior)
    expect(after.changedAfterReview.map((x) => [x.entity, x.importId])).toEqual([['case', r.importId], ['offer', o.importId]])
    const fields = after.changedAfterReview[0].fields
    expect(fields.find((f) => f.key === 'handled_at')).toMatchObject({ label: '处理完成时间', after: '2031-01-02 09:30' })
    // Personal data: that it changed, never the values.
    expect(fields.find((f) => f.key === 'complainant_name')).toEqual({ key: 'complainant_name', label: '投诉人', before: '（个人信息，不显示）', after: '（个人信息，已变更）' })
    expect(JSON.stringify(after.changedAfterReview)).not.toContain('改名换姓')
    expect(after.changedAfterReview[1].fields.find((f) => f.key === 'amount')).toMatchObject({ label: '金额', before: '（空）', after: '800.00 元' })
    // The trail entry the mark names is the import's.
    const [trail] = await ds.query('SELECT action, after FROM audit_trail WHERE id = $1', [after.changedAfterReview[0].trailId])
    expect(trail).toMatchObject({ action: 'import_update', after: expect.objectContaining({ import_id: r.importId }) })

    // The list row.
    const page = await listCases(ds, caseListSchema.parse({ limit: 500 }))
    const flagged = page.rows.filter((x) => x.changedAfterReview).map((x) => x.id)
    expect(flagged).toEqual([c.id])

    // The document: a notice under the title, and section 五 listing each change.
    const doc = await renderReviewDocument(await loadReviewRecord(ds, reviews.approvedId), { generatedAt: new Date('2026-12-01T02:00:00Z'), generatedBy: 'tester' })
    writeFileSync(join(dir, 'review.docx'), doc)
    const ps = paragraphs(parts(doc)['word/document.xml'])
    expect(ps).toContain('【审查后案卷有变更，见第五部分】')
    expect(ps).toContain('五、审查后案卷有变更')
    const lines = ps.filter((p) => /^\d\. .*导入 #\d+/.test(p))
    expect(lines).toHaveLength(2)
    expect(lines[0]).toContain(`导入 #${r.importId}（edited.csv）变更案件信息：`)
    expect(lines[0]).toMatch(/处理完成时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2} → 2031-01-02 09:30/)
    expect(lines[0]).toMatch(/处理完成环节 \d{4}-\d{2}-\d{2} \d{2}:\d{2} → 2031-01-02 09:30/)
    expect(lines[0]).not.toContain('@')
    expect(lines[1]).toContain(`导入 #${o.importId}（offers.csv）变更补偿/赔偿方案：`)
    expect(ps.join('\n')).not.toContain('改名换姓')
    console.log(`review document: ${join(dir, 'review.docx')}`)
  })
})
