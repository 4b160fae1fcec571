// The quarterly legal summary (补偿方案法律审查季度汇总) against a real database: the figures of
// stats/legal-figures.ts counted by hand on the archive, the same sentence in the summary and in the quarterly
// report's remediation section, the GB/T 9704 layout, no personal data, and who may issue it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { seedArchive } from '../../src-main/demo/loader'
import { ensureDemoUsers } from '../../src-main/auth/users'
import type { AppContext } from '../../src-main/app/context'
import type { DocumentRow } from '../../src-main/shared/contract'
import { refreshChecks } from '../../src-main/legal/check-store'
import { legalQuarterFigures, legalReviewSentence } from '../../src-main/stats/legal-figures'
import { parseQuarter } from '../../src-main/stats/quarter'
import { assertLayout, assertNesting, parts, text } from './docx-reading'
import { connect, data, resetArchive, signedInTogether, type RawCall } from './db'

let ds: DataSource
let ctx: AppContext
let he: RawCall
let sun: RawCall
let chen: RawCall
let admin: RawCall
let quarter: string

const bodyOf = async (row: DocumentRow): Promise<string> => {
  const [doc] = (await ds.query('SELECT file_name FROM documents WHERE id = $1', [row.id])) as { file_name: string }[]
  return text(parts(readFileSync(join(ctx.documentsDir, doc.file_name)))['word/document.xml'])
}

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 41, cases: 1500 })
  await ensureDemoUsers(ds)
  await ds.transaction((em) => refreshChecks(em))
  ;({ ctx, calls: [he, sun, chen, admin] } = await signedInTogether(ds, ['he.jun', 'sun.li', 'chen.jing', 'admin']))
  // The quarter with the most offers, and in it: one opinion not agreeing, one amended, one agreed.
  ;[{ quarter }] = (await ds.query(`SELECT to_char(c.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY"Q"Q') AS quarter FROM remediation_offers o
    JOIN cases c ON c.id = o.case_id GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`)) as { quarter: string }[]
  const offers = (await ds.query(`SELECT o.id FROM remediation_offers o JOIN cases c ON c.id = o.case_id
    WHERE to_char(c.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY"Q"Q') = $1 ORDER BY o.id LIMIT 3`, [quarter])) as { id: number }[]
  await ds.query('UPDATE remediation_offers SET amount = 100 WHERE id = ANY($1::int[])', [offers.map((o) => o.id)])
  const sign = (offerId: number, decision: string, extra: Record<string, unknown> = {}): Record<string, unknown> =>
    ({ offerId, decision, reasoning: '客户13812345678称损失系市场波动所致，机构无过错。', basisCodes: ['REG-AM-106'], ...extra })
  data(await he('legal.sign', sign(offers[0].id, 'disagree')))
  data(await sun('legal.sign', sign(offers[1].id, 'agree_amended', { amendedAmount: 50 })))
  data(await he('legal.sign', sign(offers[2].id, 'agree')))
})
afterAll(async () => ds?.destroy())

describe('the quarterly legal figures', () => {
  it('count what the archive holds for the quarter', async () => {
    const f = await legalQuarterFigures(ds, parseQuarter(quarter))
    const [want] = (await ds.query(`SELECT count(*)::int AS offers, sum(o.amount)::float8 AS amount,
        count(*) FILTER (WHERE 'caveat_emptor' = ANY(k.failed))::int AS caveat, count(*) FILTER (WHERE k.outlier)::int AS outliers
      FROM remediation_offers o JOIN cases c ON c.id = o.case_id LEFT JOIN offer_checks k ON k.offer_id = o.id
      WHERE to_char(c.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY"Q"Q') = $1`, [quarter])) as { offers: number; amount: number; caveat: number; outliers: number }[]
    expect(f.counts).toMatchObject({ offers: want.offers, caveatEmptor: want.caveat, outliers: want.outliers, final: 3, agree: 1, amended: 1, disagree: 1 })
    expect(f.counts.amount).toBeCloseTo(want.amount, 2)
    expect(f.byType.reduce((s, t) => s + t.offers, 0)).toBe(want.offers)
    expect(f.byUnit.reduce((s, u) => s + u.offers, 0)).toBe(want.offers)
    expect(f.byUnit.reduce((s, u) => s + u.amount, 0)).toBeCloseTo(want.amount, 2)
    expect(f.disagreements.map((d) => d.decision).sort()).toEqual(['agree_amended', 'disagree'])
    expect(f.disagreements.find((d) => d.decision === 'agree_amended')!.amendedAmount).toBe(50)
    expect(f.disagreements.every((d) => !d.reasoning.includes('13812345678'))).toBe(true)
    expect(f.outliers.length).toBe(Math.min(want.outliers, 30))
  })
})

describe('the 补偿方案法律审查季度汇总', () => {
  it('is issued by legal users in the GB/T 9704 layout, with the figures the quarterly report prints', async () => {
    const row = data<DocumentRow>(await he('documents.generate', { type: 'legal_summary', quarter }))
    expect(row).toMatchObject({ docType: 'legal_summary', version: 1, fileName: `legal_summary_${quarter}_v1.docx` })
    const [doc] = (await ds.query('SELECT file_name FROM documents WHERE id = $1', [row.id])) as { file_name: string }[]
    const p = parts(readFileSync(join(ctx.documentsDir, doc.file_name)))
    assertLayout(p)
    assertNesting(p['word/document.xml'])
    const summary = await bodyOf(row)
    const sentence = legalReviewSentence((await legalQuarterFigures(ds, parseQuarter(quarter))).counts)
    for (const part of ['一、总体情况', '二、按方案类型统计', '三、按机构统计', '四、偏离同类先例的方案', '五、买者自负提示', '六、审查意见分歧', '法律合规部']) expect(summary).toContain(part)
    expect(summary).toContain(sentence)
    expect(summary).toContain('不同意')
    expect(summary).not.toMatch(/1[3-9]\d{9}/)

    const report = await bodyOf(data<DocumentRow>(await admin('documents.generate', { type: 'quarterly', quarter })))
    expect(report).toContain(sentence)
    // A second issue is version 2 of the same quarter.
    expect(data<DocumentRow>(await sun('documents.generate', { type: 'legal_summary', quarter })).version).toBe(2)
  })

  it('is refused to other roles and for a malformed quarter', async () => {
    expect(await chen('documents.generate', { type: 'legal_summary', quarter })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await he('documents.generate', { type: 'legal_summary', quarter: '2025Q5' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
  })

  it('says so for a quarter without offers', async () => {
    const row = data<DocumentRow>(await he('documents.generate', { type: 'legal_summary', quarter: '2001Q1' }))
    expect(await bodyOf(row)).toContain('无补偿/赔偿方案')
  })
})
