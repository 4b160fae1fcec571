// The formal documents, opened as a records office's software would: unzip the .docx and read its XML.
// Layout facts (GB/T 9704 page and margins in twips, East Asian font on every run, the page-number footer,
// well-formed tables), content (every form field with the case's unmasked values), the register (versions,
// hashes, append-only) and the batch (files, manifest, zip, cancel).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Packer } from 'docx'
import type { DataSource } from 'typeorm'
import { getCase } from '../../src-main/cases/case-detail'
import { batchDocuments, MANIFEST, ZIP_NAME } from '../../src-main/documents/batch'
import { buildDossier } from '../../src-main/documents/case-dossier'
import { loadCaseRecord, type CaseRecord } from '../../src-main/cases/case-record'
import { issueCaseDocument, issueReviewDocument } from '../../src-main/documents/issue'
import { setCaseRootCauses } from '../../src-main/rootcause/tags'
import { pack } from '../../src-main/documents/layout'
import { documentsOf, sha256 } from '../../src-main/documents/registry'
import { RULES } from '../../src-main/audit/rules'
import { CHANNEL_ZH } from '../../src-main/shared/codes'
import { asOwner } from './db'
import { printableArchive, type PrintableReviews } from './document-fixtures'
import { unzipSync } from 'fflate'
import { assertLayout, assertTables, parts, tablesOf, text } from './docx-reading'

let ds: DataSource
let reviews: PrintableReviews
const out = mkdtempSync(join(tmpdir(), 'dossier-docs-'))
const NOW = new Date('2025-07-03T02:00:00Z') // 2025年7月3日 in China

beforeAll(async () => {
  ({ ds, reviews } = await printableArchive())
})
afterAll(async () => ds?.destroy())

async function richCase(): Promise<CaseRecord> {
  const [row] = await ds.query(`SELECT c.id FROM cases c WHERE NOT c.is_anonymous AND c.complainant_id_no IS NOT NULL
    AND EXISTS (SELECT 1 FROM remediation_offers o WHERE o.case_id = c.id) AND EXISTS (SELECT 1 FROM rectifications r WHERE r.case_id = c.id)
    ORDER BY c.id LIMIT 1`)
  return (await loadCaseRecord(ds, row.id))!
}

describe('客户投诉档案 and 客户投诉登记表', () => {
  it('lay out the dossier form on the GB/T 9704 page with every 附件3 field and the full, unmasked personal data', async () => {
    const c = await richCase()
    const issued = await issueCaseDocument(ds, 'dossier', c.caseNo, { outDir: out, actor: 'test', now: NOW })
    const p = parts(readFileSync(issued.path))
    assertLayout(p)
    // The form, and its last row with the seal block in an unsplittable holder row (tables.ts closingTable).
    expect(assertTables(p['word/document.xml'])).toBe(3)
    const body = text(p['word/document.xml'])
    for (const field of ['填写时间', '客户姓名', '地址', '联系电话', '投诉方式', '投诉时间', '被投诉单位/\n人员/产品', '客户投诉摘要', '调查情况', '处理方案及\n整改措施', '回复客户情况']) {
      expect(body).toContain(field)
    }
    const screen = await getCase(ds, c.id)
    expect(screen.complainant.phone).not.toBe(c.complainant.phone) // the screens stay masked…
    for (const v of [c.complainant.name, c.complainant.phone, c.complainant.address, c.summary, c.investigation!, c.resolution!, c.reply.content!, CHANNEL_ZH[c.channel]]) {
      expect(body).toContain(v) // …the official record is in full
    }
    expect(body).toContain(`〔${c.receivedAt.slice(0, 4)}〕投诉档案第${c.caseNo}号`)
    expect(body).toContain(c.rectifications[0].measure)
    expect(body).toContain('2025年7月3日') // date line
    expect(body).toContain('（盖章）')
  })

  it('records the registration form: flow (受理/责任/协助), registration facts and every dated step', async () => {
    const c = await richCase()
    const issued = await issueCaseDocument(ds, 'registration', c.id, { outDir: out, actor: 'test', now: NOW })
    const p = parts(readFileSync(issued.path))
    assertLayout(p)
    expect(assertTables(p['word/document.xml'])).toBe(6)
    const body = text(p['word/document.xml'])
    for (const field of ['投诉编号', '投诉时间', '受理时间', '投诉渠道', '投诉人', '证件号码', '业务类别', '严重程度', '投诉摘要', '投诉请求', '证据材料',
      '受理单位/人', '责任单位/人', '协助处理\n单位/人', '处理经过', '回复客户\n及回访', '办结时间']) expect(body).toContain(field)
    for (const v of [c.caseNo, c.complainant.name, c.complainant.idNo, c.complainant.phone, c.request, c.firstReceiver!.name]) expect(body).toContain(v)
    // One table row per timeline event, after the header row.
    const steps = tablesOf(p['word/document.xml'])[2]
    expect(steps.match(/<w:tr>/g)!.length).toBe(c.timeline.length + 1)
    expect(steps).toMatch(/<w:tblHeader\/>/)
  })

  it('prints an anonymous complaint as such, with no invented personal data', async () => {
    const [{ id }] = await ds.query('SELECT id FROM cases WHERE is_anonymous ORDER BY id LIMIT 1')
    const c = (await loadCaseRecord(ds, id))!
    const body = text(parts(await pack(buildDossier(c, { generatedAt: NOW, generatedBy: 'test' })))['word/document.xml'])
    expect(body).toMatch(/客户姓名\n匿名/)
  })
})

describe('审查意见书 with its 审查工作底稿', () => {
  it('prints every rule with both results, evidence and decision, the findings, and the sign-offs of an approved review', async () => {
    const issued = await issueReviewDocument(ds, reviews.approvedId, { outDir: out, actor: 'test', now: NOW })
    const p = parts(readFileSync(issued.path))
    assertLayout(p)
    expect(assertTables(p['word/document.xml'])).toBe(3)
    const body = text(p['word/document.xml'])
    for (const rule of RULES) expect(body).toContain(`${rule.code} ${rule.titleZh}`)
    expect(body).toContain('附件：审查工作底稿')
    expect(body).toMatch(/【(通过|不通过|不适用|无法判断)】/)
    expect(body).toContain('改判：不通过\n首问人未在登记表签字确认，改判不通过')
    expect(body).toContain('办理超过时限且未向客户说明延期原因')
    expect(body).toMatch(/审查结论：(合规|基本合规)。/)
    const [row] = await ds.query('SELECT submitted_at, decided_at FROM reviews WHERE id = $1', [reviews.approvedId])
    const day = (d: Date): string => { const x = new Date(d.getTime() + 8 * 3_600_000); return `${x.getUTCFullYear()}年${x.getUTCMonth() + 1}月${x.getUTCDate()}日` }
    expect(body).toContain(`审查人（签字）：${reviews.reviewer.displayName}\u3000\u3000日期：${day(row.submitted_at)}`)
    expect(body).toContain(`复核人（签字）：${reviews.senior.displayName}\u3000\u3000日期：${day(row.decided_at)}`)
    expect(body).not.toContain('未经复核批准')
    expect(body).toMatch(/投诉时间 2\d{3}-\d{2}-\d{2} \d{2}:\d{2}/) // evidence, with its Chinese label
    // The policy sets by their names, never their codes.
    expect(body).toContain('内部制度：内部投诉处理制度（2020年1月1日起施行）；监管规定：银行业保险业消费投诉处理管理办法（银保监会令2020年第3号）（2020年3月1日起施行）')
    expect(body).not.toMatch(/internal-20|cbirc-20/)
    // Durations in Chinese units and sources by their titles, not the engine's 「19 h 35 min」 or 「000；004」.
    expect(body).not.toMatch(/\d h\b|\d+ min\b|来源：00\d/)
    expect(body).toMatch(/\d+小时\d+分/)
    expect(body).toContain('来源：《金融服务投诉处理流程规范》受理；《金融客户服务规范与投诉处理指南》§3.1')
  })

  it('leaves the sign-off lines blank and says so while the review is not approved', async () => {
    const issued = await issueReviewDocument(ds, reviews.draftId, { outDir: out, actor: 'test', now: NOW })
    const body = text(parts(readFileSync(issued.path))['word/document.xml'])
    expect(body).toContain('未经复核批准，不作为正式审查意见')
    expect(body).toContain(`审查人（签字）：${'\u3000'.repeat(6)}\u3000\u3000日期：${'\u3000'.repeat(8)}`)
    expect(body).not.toContain(reviews.senior.displayName)
    expect(body).toContain('尚有14项未确认')
  })

  it('names the case\'s root causes with their JR/T code and whether they are the institution\'s own (issue 11 point 3)', async () => {
    const [{ case_id: caseId }] = await ds.query('SELECT case_id FROM reviews WHERE id = $1', [reviews.approvedId])
    const before = text(parts(readFileSync((await issueReviewDocument(ds, reviews.approvedId, { outDir: out, actor: 'test', now: NOW })).path))['word/document.xml'])
    expect(before).toContain('问题根源\n尚未标注')
    await setCaseRootCauses(ds, 'test', caseId, { primary: { code: 'RC06.01' }, secondary: [{ code: 'RC04' }] })
    const [p, s] = await ds.query(`SELECT n.name_zh, n.jrt_cause, n.internal, pn.name_zh AS parent FROM rc_nodes n LEFT JOIN rc_nodes pn ON pn.id = n.parent_id WHERE n.code IN ('RC06.01', 'RC04') ORDER BY n.code DESC`)
    const body = text(parts(readFileSync((await issueReviewDocument(ds, reviews.approvedId, { outDir: out, actor: 'test', now: NOW })).path))['word/document.xml'])
    expect(body).toContain(`主要根源：${p.parent}—${p.name_zh}（JR/T ${p.jrt_cause}，${p.internal ? '机构自身原因，需溯源整改' : '非机构原因'}）`)
    expect(body).toContain(`次要根源：${s.name_zh}（JR/T ${s.jrt_cause}`)
  })
})

describe('the register', () => {
  it('numbers regenerations as new versions, keeps every earlier file and row, and proves each by its hash', async () => {
    const c = await richCase()
    const before = await documentsOf(ds, { caseId: c.id }, 'dossier')
    const again = await issueCaseDocument(ds, 'dossier', c.id, { outDir: out, actor: 'someone.else' })
    const after = await documentsOf(ds, { caseId: c.id }, 'dossier')
    expect(after.map((d) => d.version)).toEqual([...before.map((d) => d.version), before.length + 1])
    expect(again.fileName).toBe(`dossier_${c.caseNo}_v${before.length + 1}.docx`)
    for (const d of after) {
      const bytes = readFileSync(join(out, d.fileName))
      expect(sha256(bytes)).toBe(d.sha256)
      expect(bytes.length).toBe(d.bytes)
      expect(d.templateVersion).toMatch(/^dossier-\d+\+gbt9704-\d+$/)
    }
    expect(after.at(-1)).toMatchObject({ generatedBy: 'someone.else', caseId: c.id, reviewId: null, period: null })
    // The app role has no right to change the register; its owner is stopped by the append-only trigger.
    await expect(ds.query('UPDATE documents SET sha256 = $1 WHERE id = $2', ['0'.repeat(64), again.id])).rejects.toThrow(/permission denied/)
    await expect(ds.query('DELETE FROM documents WHERE id = $1', [again.id])).rejects.toThrow(/permission denied/)
    await asOwner(async (owner) => {
      await expect(owner.query('UPDATE documents SET sha256 = $1 WHERE id = $2', ['0'.repeat(64), again.id])).rejects.toThrow(/不能修改或删除/)
      await expect(owner.query('DELETE FROM documents WHERE id = $1', [again.id])).rejects.toThrow(/不能修改或删除/)
    })
    // Two generators at once still get distinct versions (the advisory lock serialises numbering).
    const both = await Promise.all([1, 2].map(() => issueCaseDocument(ds, 'registration', c.id, { outDir: out, actor: 'test' })))
    expect(new Set(both.map((d) => d.version)).size).toBe(2)
  })

  it('registers nothing and leaves no file when the case does not exist', async () => {
    await expect(issueCaseDocument(ds, 'dossier', 'TS209900000000', { outDir: out, actor: 'test' })).rejects.toThrow(/不存在/)
  })
})

describe('batch', () => {
  it('writes each dossier, a manifest with matching hashes and a zip of it all, and registers every one', async () => {
    const dir = join(out, 'batch')
    const ids = ((await ds.query('SELECT id FROM cases ORDER BY id LIMIT 120')) as { id: number }[]).map((r) => r.id)
    const progress: number[] = []
    const res = await batchDocuments(ds, { caseIds: ids, outDir: dir, actor: 'batch', reissue: true, workers: 2, chunkSize: 25, onProgress: (d) => progress.push(d) })
    expect(res).toMatchObject({ total: 120, done: 120, cancelled: false })
    expect(progress.at(-1)).toBe(120)
    const lines = readFileSync(join(dir, MANIFEST), 'utf8').trim().split('\n')
    expect(lines[0]).toBe('file,case_no,sha256')
    expect(lines).toHaveLength(121)
    const zipped = unzipSync(readFileSync(res.zip!))
    expect(Object.keys(zipped).sort()).toEqual([...lines.slice(1).map((l) => l.split(',')[0]), MANIFEST].sort())
    for (const line of lines.slice(1)) {
      const [file, caseNo, hash] = line.split(',')
      expect(sha256(readFileSync(join(dir, file)))).toBe(hash)
      expect(sha256(zipped[file])).toBe(hash)
      expect(file).toContain(caseNo)
    }
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM documents WHERE generated_by = 'batch' AND sha256 = ANY($1)`, [lines.slice(1).map((l) => l.split(',')[2])])
    expect(n).toBe(120)
    // A finished batch's folder is not reused: its manifest would be replaced.
    await expect(batchDocuments(ds, { caseIds: ids.slice(0, 2), outDir: dir, actor: 'batch' })).rejects.toThrow(/新的目录/)
  })

  it('selects a period of receipt in China time', async () => {
    const [{ day }] = await ds.query(`SELECT to_char(received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM cases ORDER BY received_at LIMIT 1 OFFSET 40`)
    const to = new Date(Date.parse(day) + 30 * 86_400_000).toISOString().slice(0, 10)
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM cases WHERE received_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND received_at < ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai')`, [day, to])
    const res = await batchDocuments(ds, { from: day, to, outDir: join(out, 'period'), actor: 'batch', type: 'registration', workers: 0, zip: false })
    expect(res).toMatchObject({ total: n, done: n, zip: null })
    expect(readdirSync(join(out, 'period')).filter((f) => f.startsWith('registration_'))).toHaveLength(n)
  })

  it('stops cleanly when cancelled: what was written is registered and listed, nothing else, and no zip', async () => {
    const dir = join(out, 'cancelled')
    const controller = new AbortController()
    const res = await batchDocuments(ds, {
      caseIds: ((await ds.query('SELECT id FROM cases ORDER BY id DESC LIMIT 200')) as { id: number }[]).map((r) => r.id),
      outDir: dir, actor: 'cancel-test', reissue: true, workers: 2, chunkSize: 20, signal: controller.signal,
      onProgress: (done) => { if (done === 45) controller.abort() }
    })
    expect(res).toMatchObject({ cancelled: true, done: 45, total: 200, zip: null })
    const files = readdirSync(dir)
    expect(files.filter((f) => f.endsWith('.docx'))).toHaveLength(45)
    expect(files).not.toContain(ZIP_NAME)
    expect(files.filter((f) => f.endsWith('.part'))).toEqual([])
    expect(readFileSync(join(dir, MANIFEST), 'utf8').trim().split('\n')).toHaveLength(46)
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM documents WHERE generated_by = 'cancel-test'`)
    expect(n).toBe(45)
  })
})

describe('packaging', () => {
  it('writes the same package docx’s own Packer writes, part for part', async () => {
    const c = await richCase()
    const ours = parts(await pack(buildDossier(c, { generatedAt: NOW, generatedBy: 'test' })))
    const theirs = parts(await Packer.toBuffer(buildDossier(c, { generatedAt: NOW, generatedBy: 'test' })))
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort())
    const timeless = (s: string): string => s.replace(/<dcterms:(created|modified)[^>]*>[^<]*</g, '<t>')
    for (const k of Object.keys(theirs)) if (k !== 'word/fontTable.xml') expect(timeless(ours[k]), k).toBe(timeless(theirs[k]))
  })
})
