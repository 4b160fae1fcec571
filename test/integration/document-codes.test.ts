// No codes in formal documents (issue 10 point 4): every document type, issued on a demo archive with legal
// opinions signed, root causes tagged and reviews approved, prints names — the root-cause node's name, the
// policy set's title, the regulation's title, Chinese durations — never the archive's codes (RC04.02,
// internal-2020, cbirc-2020-3, 000；003, 1 h 51 min). The scan reads word/document.xml as a records office would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { issueCaseDocument, issueLegalOpinion, issueReviewDocument, type IssuedDocument } from '../../src-main/documents/issue'
import { issueQuarterlyReport } from '../../src-main/documents/quarterly-report'
import { issueLegalSummary } from '../../src-main/documents/legal-summary'
import { parseQuarter } from '../../src-main/stats/quarter'
import type { LegalOfferDetail } from '../../src-main/shared/contract'
import { setCaseRootCauses } from '../../src-main/rootcause/tags'
import { data, signedInTogether } from './db'
import { printableArchive, type PrintableReviews } from './document-fixtures'
import { parts, text } from './docx-reading'

/** What a formal document must never print, by what it is. */
const FORBIDDEN: [string, RegExp][] = [
  ['root-cause code', /\bRC\d{2}(\.\d{2})?\b/],
  ['internal policy-set code', /internal-20\d\d/],
  ['regulatory policy-set code', /cbirc-/i],
  ['English duration', /\d+ ?h \d+ ?min\b|\b\d+ ?h\b(?! *[A-Za-z])|\d+ ?min\b/],
  ['seed-file codes', /(?<![\d.])00[0-4](?:；|;|、| )\s*00[0-4](?![\d.])|(?<![\d.])\b00[0-4] (?:受理|§)/],
  ['legal-basis code', /\b(?:LAW|REG|INT)-[A-Z0-9-]+\b/],
  ['check code', /\b(?:caveat_emptor|authority|acceptance|precedent|not_applicable|cannot_tell)\b/],
  ['responsibility code', /\b(?:internal|external|shared)\b/]
]

let ds: DataSource
let reviews: PrintableReviews
const out = mkdtempSync(join(tmpdir(), 'dossier-codes-'))
const issued: { type: string; doc: IssuedDocument }[] = []

beforeAll(async () => {
  ;({ ds, reviews } = await printableArchive(300, 31))
  const { calls: [sun, he] } = await signedInTogether(ds, ['sun.li', 'he.jun'])
  // The largest offers (a failed authority check among them prints the matrix's title), their cases tagged with
  // a second-level root cause as primary and a first-level one as secondary.
  const offers = (await ds.query('SELECT o.id, o.case_id FROM remediation_offers o ORDER BY o.amount DESC, o.id LIMIT 4')) as { id: number; case_id: number }[]
  const nodes = (await ds.query(`SELECT code FROM rc_nodes WHERE retired_version IS NULL AND code ~ '^RC0[1-4]' ORDER BY code`)) as { code: string }[]
  const leaf = nodes.find((n) => n.code.includes('.'))!.code
  const top = nodes.find((n) => !n.code.includes('.') && !leaf.startsWith(n.code))!.code
  for (const o of offers) {
    await setCaseRootCauses(ds, 'test', o.case_id, { primary: { code: leaf }, secondary: [{ code: top }] })
    const d = data<LegalOfferDetail>(await sun('legal.sign', { offerId: o.id, decision: 'agree', reasoning: '金额与损失相当，审批合规。', basisCodes: ['LAW-CC-577'] }))
    if (d.opinion?.status === 'awaiting_cosign') data(await he('legal.cosign', { id: d.opinion.id, version: d.opinion.version }))
    issued.push({ type: 'legal_opinion', doc: await issueLegalOpinion(ds, o.id, { outDir: out, actor: 'test' }) })
  }
  // Cases failing R01/R02/R04/R08 (positions in the result string) print durations and matrices; the case of the first offer prints its root cause.
  const [{ ids }] = (await ds.query(`SELECT array_agg(DISTINCT case_id) AS ids FROM (
      (SELECT case_id FROM audit_results WHERE 'F' IN (substr(internal, 1, 1), substr(internal, 2, 1), substr(internal, 4, 1), substr(internal, 8, 1)) ORDER BY case_id LIMIT 6)
      UNION ALL SELECT $1::int) x`, [offers[0].case_id])) as { ids: number[] }[]
  for (const id of ids) {
    for (const type of ['dossier', 'registration'] as const) issued.push({ type, doc: await issueCaseDocument(ds, type, id, { outDir: out, actor: 'test' }) })
  }
  for (const id of [reviews.approvedId, reviews.draftId]) issued.push({ type: 'review', doc: await issueReviewDocument(ds, id, { outDir: out, actor: 'test' }) })
  const [{ q }] = (await ds.query(`SELECT to_char(max(received_at) AT TIME ZONE 'Asia/Shanghai' - interval '3 months', 'YYYY"Q"Q') AS q FROM cases`)) as { q: string }[]
  issued.push({ type: 'quarterly', doc: await issueQuarterlyReport(ds, parseQuarter(q), { outDir: out, actor: 'test' }) })
  issued.push({ type: 'legal_summary', doc: await issueLegalSummary(ds, parseQuarter(q), { outDir: out, actor: 'test' }) })
}, 600_000)
afterAll(async () => ds?.destroy())

describe('formal documents print names, not codes', () => {
  it('every type is in the scan', () => {
    expect(new Set(issued.map((i) => i.type))).toEqual(new Set(['dossier', 'registration', 'review', 'quarterly', 'legal_opinion', 'legal_summary']))
    // The texts that carried codes are in the scan, named: durations, the authority matrix, root causes, sources.
    const all = issued.map(({ doc }) => text(parts(readFileSync(doc.path))['word/document.xml'])).join('\n')
    for (const named of [/\d+小时\d+分/, /审批权限矩阵（据《内部投诉处理制度》（2020版）分行审批权限）/, /同根因（[\u4e00-\u9fff]/, /来源：《金融服务投诉处理流程规范》/]) expect(all).toMatch(named)
  })

  it('no document text matches a forbidden pattern', () => {
    const hits: string[] = []
    for (const { doc } of issued) {
      const lines = text(parts(readFileSync(doc.path))['word/document.xml']).split('\n')
      for (const [what, re] of FORBIDDEN) {
        for (const line of lines) if (re.test(line)) hits.push(`${doc.fileName}: ${what}: ${line.slice(0, 160)}`)
      }
    }
    expect([...new Set(hits)]).toEqual([])
  })

  it('the legal opinion prints the root cause by its name', () => {
    const body = text(parts(readFileSync(issued[0].doc.path))['word/document.xml'])
    expect(body).toMatch(/问题根源[\s\S]{0,4}[\u4e00-\u9fff]/)
  })
})
