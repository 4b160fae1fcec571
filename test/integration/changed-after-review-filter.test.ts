// Issue 14: the 「审查后案卷有变更」 filter — in the case list's filter bar (cases.list / cases.count, the shared
// case filter, so also the trend view's scan) and in the review queue (reviews.queue) — backed by the post-review
// change marks an import writes. The filter and the row marks agree: the same cases, by every sort, and none
// before anything changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { exportCases } from '../../src-main/import/export'
import { runImport } from '../../src-main/import/run'
import { listCases } from '../../src-main/cases/list-query'
import { countCases } from '../../src-main/cases/case-count'
import { caseListSchema, caseFilterSchema, CASE_SORTS } from '../../src-main/shared/contract'
import { reviewQueue } from '../../src-main/reviews/review-read'
import { uncovered } from '../../src-main/trends/source'
import { connect, data, resetArchive, signedInAs } from './db'
import { makeReviews, type PrintableReviews } from './document-fixtures'

let ds: DataSource
let reviews: PrintableReviews
const dir = mkdtempSync(join(tmpdir(), 'dossier-changed-filter-'))
const list = (filter: Record<string, unknown>, sort: (typeof CASE_SORTS)[number] = 'received_at') => listCases(ds, caseListSchema.parse({ filter, sort, limit: 500 }))

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 43, cases: 120, workers: 0 })
  reviews = await makeReviews(ds)
})
afterAll(async () => ds?.destroy())

describe('「审查后案卷有变更」 filter', () => {
  it('finds nothing before an import changed a reviewed case, then exactly the marked case, in the list, the count and the queue', async () => {
    expect((await list({ changedAfterReview: true })).rows).toEqual([])
    const [{ case_id: caseId, plan_id: planId }] = await ds.query('SELECT case_id, plan_id FROM reviews WHERE id = $1', [reviews.approvedId])
    const [{ case_no: caseNo }] = await ds.query('SELECT case_no FROM cases WHERE id = $1', [caseId])
    // A second case of the same plan changed too, but its review is not approved: no mark, not in the filter.
    const [{ case_id: draftCase }] = await ds.query('SELECT case_id FROM reviews WHERE id = $1', [reviews.draftId])
    const [{ case_no: draftNo }] = await ds.query('SELECT case_no FROM cases WHERE id = $1', [draftCase])

    const file = join(dir, 'all.csv')
    await exportCases(ds, file)
    const t = parse(readFileSync(file, 'utf8'), { bom: true }) as string[][]
    const col = t[0].indexOf('客户投诉摘要')
    const rows = t.filter((r) => r[0] === caseNo || r[0] === draftNo).map((r) => { const x = [...r]; x[col] = `${x[col]}（补充）`; return x })
    const edited = join(dir, 'edited.csv')
    writeFileSync(edited, '\uFEFF' + [t[0], ...rows].map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n'))
    const r = await runImport(ds, edited, { actor: 'tester' })
    expect(r.counts).toMatchObject({ changed: 2 })

    // Every sort gives the one marked case; the row says so, as the unfiltered list's row does.
    for (const sort of CASE_SORTS) {
      const page = await list({ changedAfterReview: true }, sort)
      expect(page.rows.map((x) => [x.id, x.changedAfterReview])).toEqual([[caseId, true]])
    }
    const all = await list({})
    expect(all.rows.filter((x) => x.changedAfterReview).map((x) => x.id)).toEqual([caseId])
    expect(await countCases(ds, caseFilterSchema.parse({ changedAfterReview: true }))).toMatchObject({ count: 1, capped: false })
    // With other filters: still that case when they hold for it, none when they do not.
    const [{ channel }] = await ds.query('SELECT channel FROM cases WHERE id = $1', [caseId])
    expect((await list({ changedAfterReview: true, channel })).rows.map((x) => x.id)).toEqual([caseId])
    expect((await list({ changedAfterReview: true, channel: channel === 'phone' ? 'letter' : 'phone' })).rows).toEqual([])

    // The review queue of the plan: all its reviews, or only the marked one.
    const everything = await reviewQueue(ds, reviews.senior, 'plan', planId)
    expect(everything.rows.length).toBeGreaterThan(1)
    expect(everything.rows.filter((x) => x.changedAfterReview).map((x) => x.id)).toEqual([reviews.approvedId])
    const only = await reviewQueue(ds, reviews.senior, 'plan', planId, undefined, { changedAfterReview: true })
    expect(only).toMatchObject({ total: 1, rows: [{ id: reviews.approvedId, changedAfterReview: true }] })
    // The reviewer's own queue holds no approved review, so nothing there is marked.
    expect((await reviewQueue(ds, reviews.reviewer, 'mine', undefined, undefined, { changedAfterReview: true })).rows).toEqual([])
    // The trend view answers this filter by scanning the cases, and says so.
    expect(uncovered({ changedAfterReview: true })).toMatch(/审查后案卷有变更/)
  })

  it('goes through the contract: a boolean only, and the queue refuses anything else', async () => {
    const call = await signedInAs(ds, 'wang.fang')
    const page = data<{ rows: { id: number }[] }>(await call('cases.list', { filter: { changedAfterReview: true } }))
    expect(page.rows).toHaveLength(1)
    const bad = await call('cases.list', { filter: { changedAfterReview: 'yes' } })
    expect(bad.ok).toBe(false)
    const [{ plan_id: planId }] = await ds.query('SELECT plan_id FROM reviews WHERE id = $1', [reviews.approvedId])
    const q = data<{ rows: { id: number }[] }>(await call('reviews.queue', { scope: 'plan', planId, changedAfterReview: true }))
    expect(q.rows.map((x) => x.id)).toEqual([reviews.approvedId])
    expect((await call('reviews.queue', { scope: 'plan', planId, changedAfterReview: 1 })).ok).toBe(false)
  })
})
