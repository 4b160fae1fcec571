// The legal workbench against a real database: who may do what, the two-signature rule (refused in the
// handler and by the database), locking of a final opinion, optimistic locking, stale marking when the offer
// or its case changes, the authority matrix's versions, and the audit trail of each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { ensureDemoUsers } from '../../src-main/auth/users'
import type { LegalOfferDetail, LegalOfferRow } from '../../src-main/shared/contract'
import { saveMatrix } from '../../src-main/legal/matrix-store'
import { OFFER_TYPES } from '../../src-main/shared/codes'
import { trailOf } from '../../src-main/trail/record'
import { connect, data, resetArchive, signedInTogether, type RawCall } from './db'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { assertLayout, assertNesting, parts, text } from './docx-reading'
import type { DocumentRow } from '../../src-main/shared/contract'

let ds: DataSource
let sun: RawCall
let he: RawCall
let chen: RawCall
let admin: RawCall
let documentsDir: string

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 13, cases: 1500 })
  await ensureDemoUsers(ds)
  const together = await signedInTogether(ds, ['sun.li', 'he.jun', 'chen.jing', 'admin'])
  ;[sun, he, chen, admin] = together.calls
  documentsDir = together.ctx.documentsDir
})
afterAll(async () => ds?.destroy())

/** An offer set to a known shape (the triggers drop its stored checks). */
async function shapedOffer(amount: number, level = '总行'): Promise<number> {
  const [o] = (await ds.query(`SELECT o.id FROM remediation_offers o WHERE NOT EXISTS (SELECT 1 FROM offer_legal_reviews r WHERE r.offer_id = o.id)
    ORDER BY o.id LIMIT 1`)) as { id: number }[]
  await ds.query(`UPDATE remediation_offers SET amount = $2, approval_level = $3, approved_at = coalesce(approved_at, now()), basis = '损失测算' WHERE id = $1`, [o.id, amount, level])
  return o.id
}

const sign = (offerId: number, over: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ offerId, decision: 'agree', reasoning: '金额与损失相当，审批合规。', basisCodes: ['LAW-CC-577'], ...over })

describe('the offers list', () => {
  it('is for legal users and administrators, with stored checks', async () => {
    const list = data<{ rows: LegalOfferRow[]; total: number }>(await sun('legal.offers', { limit: 500 }))
    expect(list.total).toBeGreaterThan(10)
    expect(list.rows.every((r) => Array.isArray(r.failed))).toBe(true)
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM offer_checks')
    expect(n).toBe(list.total)
    expect(await chen('legal.offers', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect((await admin('legal.offers', {})).ok).toBe(true)
  })
  it('finds what the demo generator injected (ground truth, policy legal): every check exactly, outliers as far as there are comparables', async () => {
    const rows = (await ds.query(`SELECT x.code, count(*) FILTER (WHERE t.case_id IS NOT NULL)::int AS injected, count(*) FILTER (WHERE f)::int AS flagged,
        count(*) FILTER (WHERE f AND t.case_id IS NOT NULL)::int AS tp
      FROM remediation_offers o JOIN offer_checks k ON k.offer_id = o.id
      CROSS JOIN unnest(ARRAY['authority','basis','acceptance','payment','caveat_emptor','precedent']) AS x(code)
      CROSS JOIN LATERAL (SELECT x.code = ANY(k.failed) AS f) ff
      LEFT JOIN demo_truth t ON t.case_id = o.case_id AND t.policy = 'legal' AND t.rule = x.code
      GROUP BY x.code`)) as { code: string; injected: number; flagged: number; tp: number }[]
    const by = Object.fromEntries(rows.map((r) => [r.code, r]))
    for (const code of ['authority', 'basis', 'acceptance', 'payment', 'caveat_emptor']) {
      expect(by[code].injected, code).toBeGreaterThan(0)
      expect(by[code], code).toMatchObject({ tp: by[code].injected, flagged: by[code].injected })
    }
    // An injected outlier is found unless its comparables are too few to judge (then said: cannot_tell), or the
    // band of its kind is wide enough to hold it.
    expect(by.precedent.tp).toBeGreaterThan(0)
    const missed = (await ds.query(`SELECT r->>'status' AS status, (r->'evidence'->>'amount')::float8 <= (r->'evidence'->>'p90')::float8 AS inside
      FROM demo_truth t JOIN remediation_offers o ON o.case_id = t.case_id JOIN offer_checks k ON k.offer_id = o.id
      CROSS JOIN LATERAL jsonb_array_elements(k.results) r
      WHERE t.policy = 'legal' AND t.rule = 'precedent' AND r->>'code' = 'precedent' AND NOT ('precedent' = ANY(k.failed))`)) as { status: string; inside: boolean | null }[]
    expect(missed.length).toBe(by.precedent.injected - by.precedent.tp)
    for (const m of missed) expect(m.status === 'cannot_tell' || (m.status === 'pass' && m.inside)).toBe(true)
  })

  it('filters by amount range and failed check', async () => {
    const list = data<{ rows: LegalOfferRow[] }>(await sun('legal.offers', { filter: { amountMin: 1000, amountMax: 5000 }, limit: 500 }))
    expect(list.rows.every((r) => r.amount >= 1000 && r.amount <= 5000)).toBe(true)
    const failing = data<{ rows: LegalOfferRow[] }>(await sun('legal.offers', { filter: { check: 'basis' }, limit: 500 }))
    expect(failing.rows.every((r) => r.failed.includes('basis'))).toBe(true)
    expect(await sun('legal.offers', { filter: { amountMin: 5, amountMax: 1 } })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
  })
})

describe('a legal opinion', () => {
  it('above the co-sign amount waits for a second legal signer, who must be someone else (handler and database)', async () => {
    const id = await shapedOffer(80_000)
    const signed = data<LegalOfferDetail>(await sun('legal.sign', sign(id)))
    expect(signed.opinion).toMatchObject({ status: 'awaiting_cosign', needsCosign: true, decision: 'agree' })
    expect(signed.opinion!.snapshot).toMatchObject({ offer: { id, amount: 80_000 }, precedent: expect.any(Object) })
    const op = signed.opinion!
    // The handler refuses the same person…
    expect(await sun('legal.cosign', { id: op.id, version: op.version })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('四眼') } })
    // …and so does the database, whoever writes.
    await expect(ds.query('UPDATE offer_legal_reviews SET cosigner_id = signer_id, cosigned_at = now() WHERE id = $1', [op.id])).rejects.toMatchObject({ driverError: { code: '23514' } })
    // A stale version is refused; the right one finalises.
    expect(await he('legal.cosign', { id: op.id, version: op.version + 1 })).toMatchObject({ ok: false, error: { code: 'conflict' } })
    const done = data<LegalOfferDetail>(await he('legal.cosign', { id: op.id, version: op.version }))
    expect(done.opinion).toMatchObject({ status: 'final', cosignerName: '何军' })
    const trail = await trailOf(ds, 'legal_opinion', op.id)
    expect(trail.map((t) => t.action)).toEqual(['sign', 'cosign'])
    expect(trail[0].actor).toBe('sun.li')
    expect(trail[1].actor).toBe('he.jun')
  })

  it('is locked once final: no new signature over it, no update in the database', async () => {
    const id = await shapedOffer(300)
    const final = data<LegalOfferDetail>(await sun('legal.sign', sign(id)))
    expect(final.opinion).toMatchObject({ status: 'final', needsCosign: false })
    const op = final.opinion!
    expect(await he('legal.sign', sign(id, { replaces: { id: op.id, version: op.version } }))).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('锁定') } })
    expect(await he('legal.sign', sign(id))).toMatchObject({ ok: false, error: { code: 'conflict' } })
    await expect(ds.query(`UPDATE offer_legal_reviews SET reasoning = '改写' WHERE id = $1`, [op.id])).rejects.toMatchObject({ driverError: { code: '23514' } })
    await expect(ds.query('DELETE FROM offer_legal_reviews WHERE id = $1', [op.id])).rejects.toMatchObject({ driverError: { code: '23514' } })
  })

  it('is marked 方案已变更 when the offer or its case changes, returns to the queue, and can be replaced', async () => {
    const id = await shapedOffer(400)
    const op = data<LegalOfferDetail>(await sun('legal.sign', sign(id))).opinion!
    await ds.query('UPDATE remediation_offers SET amount = 450 WHERE id = $1', [id])
    const after = data<LegalOfferDetail>(await sun('legal.offer', { id }))
    expect(after.opinion).toMatchObject({ id: op.id, stale: true, staleReason: expect.stringContaining('方案已变更，需重新审查') })
    const todo = data<{ rows: LegalOfferRow[] }>(await sun('legal.offers', { queue: 'todo', filter: { amountMin: 450, amountMax: 450 } }))
    expect(todo.rows.map((r) => r.id)).toContain(id)
    expect((await trailOf(ds, 'legal_opinion', op.id)).map((t) => t.action)).toEqual(['sign', 'stale'])
    // Replacing needs the stale opinion's current version.
    expect(await he('legal.sign', sign(id, { replaces: { id: op.id, version: op.version } }))).toMatchObject({ ok: false, error: { code: 'conflict' } })
    const redone = data<LegalOfferDetail>(await he('legal.sign', sign(id, { decision: 'agree_amended', amendedAmount: 400, replaces: { id: op.id, version: after.opinion!.version } })))
    expect(redone.opinion).toMatchObject({ status: 'final', decision: 'agree_amended', amendedAmount: 400, stale: false })
    expect(redone.history[0]).toMatchObject({ id: op.id, status: 'superseded' })
    // A correction of the case's facts marks it too.
    const [{ case_id }] = await ds.query('SELECT case_id FROM remediation_offers WHERE id = $1', [id])
    await ds.query(`UPDATE cases SET responsibility = CASE WHEN responsibility = 'internal' THEN 'external' ELSE 'internal' END WHERE id = $1`, [case_id])
    expect(data<LegalOfferDetail>(await sun('legal.offer', { id })).opinion).toMatchObject({ stale: true, staleReason: expect.stringContaining('案件事实已修改') })
  })

  it('refuses what it cannot take: 修改后同意 without amendment, no basis, unknown basis, another signer replacing a pending one', async () => {
    const id = await shapedOffer(90_000)
    expect(await sun('legal.sign', sign(id, { decision: 'agree_amended' }))).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await sun('legal.sign', sign(id, { basisCodes: [] }))).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await sun('legal.sign', sign(id, { basisCodes: ['LAW-NOPE'] }))).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await chen('legal.sign', sign(id))).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const op = data<LegalOfferDetail>(await sun('legal.sign', sign(id, { decision: 'disagree', basisCodes: [], basisText: '超出合理损失范围' }))).opinion!
    expect(await he('legal.sign', sign(id, { replaces: { id: op.id, version: op.version } }))).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    // The signer may revise a pending opinion (the old one superseded), with the current version only.
    const revised = data<LegalOfferDetail>(await sun('legal.sign', sign(id, { replaces: { id: op.id, version: op.version } })))
    expect(revised.opinion).toMatchObject({ status: 'awaiting_cosign', decision: 'agree' })
    expect(await sun('legal.sign', sign(id, { replaces: { id: op.id, version: op.version } }))).toMatchObject({ ok: false, error: { code: 'conflict' } })
  })

  it('the queues: 需第二签 shows others’ pending opinions, 我已审 mine, 已定稿 final ones', async () => {
    const cosign = data<{ rows: LegalOfferRow[] }>(await he('legal.offers', { queue: 'cosign', limit: 500 }))
    expect(cosign.rows.length).toBeGreaterThan(0)
    expect(cosign.rows.every((r) => r.reviewStatus === 'awaiting_cosign' && r.signerName !== '何军')).toBe(true)
    expect(data<{ rows: LegalOfferRow[] }>(await sun('legal.offers', { queue: 'cosign', limit: 500 })).rows.filter((r) => r.signerName === '孙丽')).toEqual([])
    const mine = data<{ rows: LegalOfferRow[] }>(await he('legal.offers', { queue: 'mine', limit: 500 }))
    expect(mine.rows.length).toBeGreaterThanOrEqual(2)
    const final = data<{ rows: LegalOfferRow[] }>(await sun('legal.offers', { queue: 'final', limit: 500 }))
    expect(final.rows.every((r) => r.reviewStatus === 'final')).toBe(true)
  })
})

describe('need to know', () => {
  it('a legal user sees the case masked and issues no document with personal data in full', async () => {
    const [{ id, case_id }] = await ds.query(`SELECT o.id, o.case_id FROM remediation_offers o JOIN cases c ON c.id = o.case_id WHERE NOT c.is_anonymous AND c.complainant_name IS NOT NULL LIMIT 1`)
    const d = data<LegalOfferDetail>(await sun('legal.offer', { id }))
    const [{ complainant_name: name }] = await ds.query('SELECT complainant_name FROM cases WHERE id = $1', [case_id])
    expect(JSON.stringify(d)).not.toContain(name)
    expect(d.caseFacts.complainant).toContain('*')
    expect(await sun('documents.generate', { type: 'dossier', caseId: case_id, reason: '法律审查' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await sun('cases.unmask', { caseId: case_id, field: 'name', reason: '法律审查' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })
})

describe('the 法律审查意见书', () => {
  it('is issued by legal users in the GB/T 9704 layout, registered, with the case facts masked', async () => {
    const [{ id, case_id }] = await ds.query(`SELECT o.id, o.case_id FROM remediation_offers o JOIN offer_legal_reviews r ON r.offer_id = o.id AND r.status = 'final'
      JOIN cases c ON c.id = o.case_id WHERE NOT c.is_anonymous AND c.complainant_phone IS NOT NULL ORDER BY o.id LIMIT 1`)
    expect(await chen('documents.generate', { type: 'legal_opinion', offerId: id })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const row = data<DocumentRow>(await sun('documents.generate', { type: 'legal_opinion', offerId: id }))
    expect(row).toMatchObject({ docType: 'legal_opinion', caseId: case_id, offerId: id, version: 1, titleZh: '法律审查意见书' })
    const [doc] = await ds.query(`SELECT d.file_name, c.case_no, (SELECT count(*)::int FROM remediation_offers o WHERE o.case_id = d.case_id AND o.id <= $2) AS n
      FROM documents d JOIN cases c ON c.id = d.case_id WHERE d.id = $1`, [row.id, id])
    expect(doc.file_name).toBe(`legal_opinion_${doc.case_no}_offer${doc.n}_v1.docx`)
    expect(row.subject).toBe(`${doc.case_no} 方案${doc.n}`)
    const [{ complainant_name: name, complainant_phone: phone, complainant_id_no: idNo }] = await ds.query('SELECT complainant_name, complainant_phone, complainant_id_no FROM cases WHERE id = $1', [case_id])
    const found = join(documentsDir, doc.file_name)
    const p = parts(readFileSync(found))
    assertLayout(p)
    assertNesting(p['word/document.xml'])
    const body = text(p['word/document.xml'])
    expect(body).toContain('法律审查意见书')
    expect(body).toContain('四、法律审查意见')
    expect(body).toContain('审查结论：同意')
    for (const secret of [name, phone, idNo].filter(Boolean)) expect(body).not.toContain(secret)
    // A formal document names the rules it applies, never the archive's seed-file codes (issue 10 point 4).
    expect(body).toContain('来源：《金融服务投诉处理流程规范》')
    expect(body).not.toMatch(/(^|[；：\s])00[0-4](?!\d)/)
    const trail = await ds.query(`SELECT actor FROM audit_trail WHERE entity = 'document' AND action = 'issue' AND entity_id = $1`, [String(row.id)])
    expect(trail).toEqual([{ actor: 'sun.li' }])
  })

  it('the quarterly report’s remediation section sums up the legal review of the quarter', async () => {
    const [{ q, final, disagree }] = await ds.query(`SELECT to_char(c.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY"Q"Q') AS q,
        count(*) FILTER (WHERE r.status = 'final' AND r.stale_at IS NULL)::int AS final, count(*) FILTER (WHERE r.status = 'final' AND r.stale_at IS NULL AND r.decision = 'disagree')::int AS disagree
      FROM offer_legal_reviews r JOIN remediation_offers o ON o.id = r.offer_id JOIN cases c ON c.id = o.case_id
      GROUP BY 1 ORDER BY 2 DESC LIMIT 1`)
    const row = data<DocumentRow>(await admin('documents.generate', { type: 'quarterly', quarter: q }))
    const [doc] = await ds.query('SELECT file_name FROM documents WHERE id = $1', [row.id])
    const body = text(parts(readFileSync(join(documentsDir, doc.file_name)))['word/document.xml'])
    // The quarter is the cases' receipt quarter, as the rest of the report counts.
    const [{ all }] = await ds.query(`SELECT count(*) FILTER (WHERE r.status = 'final' AND r.stale_at IS NULL)::int AS all FROM remediation_offers o JOIN cases c ON c.id = o.case_id
      LEFT JOIN offer_legal_reviews r ON r.offer_id = o.id AND r.status <> 'superseded' WHERE to_char(c.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY"Q"Q') = $1`, [q])
    expect(all).toBeGreaterThanOrEqual(final > 0 ? 1 : 0)
    expect(body).toMatch(new RegExp(`法律审查：已定稿法律意见${all}项（同意\\d+项、修改后同意\\d+项、不同意${disagree}项）`))
  })
})

describe('the authority matrix', () => {
  it('a new version recomputes every offer’s checks, is in the trail, and refuses a stale version', async () => {
    expect(await chen('legal.saveMatrix', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const list = data<{ effectiveFrom: string; version: number }[]>(await admin('legal.matrices', {}))
    const latest = list[0]
    const limits = OFFER_TYPES.flatMap((type) => [
      { level: '分行', rank: 1, type, maxAmount: 1_000 }, { level: '总行', rank: 2, type, maxAmount: null }])
    const req = { effectiveFrom: latest.effectiveFrom, title: '收紧的矩阵', settlementAbove: 5_000, cosignAbove: 10_000, limits, note: '测试', expectedVersion: latest.version }
    const before = (await ds.query(`SELECT count(*)::int AS n FROM offer_checks WHERE 'authority' = ANY(failed)`))[0].n
    const saved = await saveMatrix(ds, req, 'admin')
    expect(saved.matrix.version).toBe(latest.version + 1)
    const [{ n: offers }] = await ds.query('SELECT count(*)::int AS n FROM remediation_offers')
    expect(saved.recomputed).toBe(offers)
    const after = (await ds.query(`SELECT count(*)::int AS n FROM offer_checks WHERE 'authority' = ANY(failed)`))[0].n
    expect(after).toBeGreaterThan(before)
    await expect(saveMatrix(ds, req, 'admin')).rejects.toMatchObject({ code: 'conflict' })
    const trail = await trailOf(ds, 'authority_matrix', latest.effectiveFrom)
    expect(trail.at(-1)).toMatchObject({ actor: 'admin', action: 'new_version', after: expect.objectContaining({ title: '收紧的矩阵' }) })
    await expect(saveMatrix(ds, { ...req, expectedVersion: saved.matrix.version, limits: [{ level: '分行', rank: 1, type: 'refund' as const, maxAmount: 10 }, { level: '总行', rank: 2, type: 'refund' as const, maxAmount: 5 }] }, 'admin'))
      .rejects.toMatchObject({ code: 'invalid_request' })
    // The matrices are reference data the later test files judge by: the original limits are saved back.
    const original = list[0] as unknown as { title: string; settlementAbove: number | null; cosignAbove: number; limits: { level: string; rank: number; type: (typeof OFFER_TYPES)[number]; maxAmount: number | null }[] }
    await saveMatrix(ds, { ...req, title: original.title, settlementAbove: original.settlementAbove, cosignAbove: original.cosignAbove, limits: original.limits, note: '恢复', expectedVersion: saved.matrix.version }, 'admin')
  })
})
