// Issue 12 point 5: a senior reviewer closes a quarter; its report is written from the figures frozen at close,
// the same after an import, a re-audit, a tag and a review touch the quarter through the real writers; those
// changes are listed beside the frozen figures (which case, what, when, who); an administrator reopens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { ensureDemoUsers } from '../../src-main/auth/users'
import { exportCases } from '../../src-main/import/export'
import { runImport } from '../../src-main/import/run'
import { issueQuarterlyReport } from '../../src-main/documents/quarterly-report'
import { quarterlyFigures } from '../../src-main/stats/quarterly-figures'
import { quarterStatus } from '../../src-main/stats/quarter-close'
import { parseQuarter } from '../../src-main/stats/quarter'
import type { AuditStatus, PostCloseChange, QuarterClose, QuarterStatus } from '../../src-main/shared/contract'
import { parts } from './docx-reading'
import { asOwner, connect, data, resetArchive, signedInAs, type RawCall } from './db'

let ds: DataSource
let wang: RawCall // senior reviewer
let admin: RawCall
let chen: RawCall // reviewer
let zhou: RawCall // leadership
const out = mkdtempSync(join(tmpdir(), 'dossier-quarter-close-'))
const Q = '2025Q3'

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 24, cases: 1200, from: '2025-01-01', to: '2025-12-31' })
  await runAudit(ds, { actor: 'test' })
  await ensureDemoUsers(ds)
  ;[wang, admin, chen, zhou] = await Promise.all(['wang.fang', 'admin', 'chen.jing', 'zhou.qiang'].map((u) => signedInAs(ds, u)))
}, 120_000)
afterAll(async () => {
  // Other files share this database: the policy sets as the migrations left them.
  await ds?.query(`DELETE FROM policy_sets WHERE version > 1; UPDATE policy_sets SET superseded_at = NULL`)
  await ds?.destroy()
})

/** The report as a reader sees it: every part of the .docx (the charts' PNGs too) but its properties (the issue time). */
async function report(now: string): Promise<Record<string, string>> {
  const issued = await issueQuarterlyReport(ds, parseQuarter(Q), { outDir: out, actor: 'test', now: new Date(now) })
  const p = parts(readFileSync(issued.path))
  delete p['docProps/core.xml']
  // The drawing ids count the images the process has drawn so far: not a figure.
  p['word/document.xml'] = p['word/document.xml'].replace(/<wp:docPr id="\d+"/g, '<wp:docPr id=""')
    // A re-issue keeps the number and adds its version (issue 10 point 3): the version is the register's, not a figure.
    .replace(/（第\d+版）/g, '')
  return p
}

const INTERNAL = { acceptHours: 24, classifyHours: 48, handleWorkdays: 7, complexHandleWorkdays: 15, replyWorkdays: 10, groupMinPeople: 5, escalationHours: 24, escalateAtOncePeople: 10, massGatheringReportHours: 1, branchApprovalLimit: 50000 }
/** Each of the quarter's cases' audit letters as the trend facts keep them, by case number. */
const letters = async (): Promise<Map<string, string>> => new Map(((await ds.query(`SELECT c.case_no, concat_ws('|', a.internal, a.regulatory, a.flagged, a.calendar_missing_year IS NOT NULL) AS l
  FROM cases c JOIN audit_results a ON a.case_id = c.id WHERE c.received_at >= '2025-07-01T00:00:00+08' AND c.received_at < '2025-10-01T00:00:00+08'`)) as { case_no: string; l: string }[]).map((r) => [r.case_no, r.l]))

const diffText = (a: string, b: string): string => { let i = 0; while (i < a.length && a[i] === b[i]) i++; return `${a.slice(i - 200, i + 200)}\n---\n${b.slice(i - 200, i + 200)}` }
const changes = async (closeId: number): Promise<PostCloseChange[]> => data<{ rows: PostCloseChange[] }>(await zhou('quarters.changes', { closeId, limit: 500 })).rows

describe('closing a quarter', () => {
  let close: QuarterClose
  let before: Record<string, string>

  it('is a senior reviewer\'s: others are refused, an unended quarter is refused, a second close conflicts', async () => {
    for (const who of [chen, zhou, admin]) expect((await who('quarters.close', { quarter: Q })) as unknown).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await wang('quarters.close', { quarter: '2099Q1' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await wang('quarters.close', { quarter: '2025Q5' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    // The list offers the last eight ended quarters as of the clock: Q (2025Q3) only until 2027-09-30, so it is
    // read as of a fixed day inside 2026Q1 as well as through the handler (what the screen is given today).
    const asOf = Date.parse('2026-02-10T02:00:00Z')
    const eightBefore2026Q1 = ['2025Q4', '2025Q3', '2025Q2', '2025Q1', '2024Q4', '2024Q3', '2024Q2', '2024Q1']
    expect((await quarterStatus(ds, asOf)).closable).toEqual(eightBefore2026Q1)
    const status = data<QuarterStatus>(await zhou('quarters.list', {}))
    expect(status.closable).toHaveLength(8)
    close = data<QuarterClose>(await wang('quarters.close', { quarter: Q, note: '三季度报告定稿' }))
    expect(close).toMatchObject({ quarter: Q, closedBy: 'wang.fang', reopenedAt: null, changes: 0 })
    const live = await quarterlyFigures(ds, parseQuarter(Q))
    expect(close.frozen).toEqual({ cases: live.kpis.cases, major: live.kpis.major, remediationAmount: live.kpis.remediationAmount })
    expect(close.frozen.cases).toBeGreaterThan(100)
    expect(await wang('quarters.close', { quarter: Q })).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect((await quarterStatus(ds, asOf)).closable).toEqual(eightBefore2026Q1.filter((q) => q !== Q))
    expect(data<QuarterStatus>(await zhou('quarters.list', {})).closable).not.toContain(Q)
    const [trail] = await ds.query(`SELECT actor, action, after FROM audit_trail WHERE entity = 'quarter_close' AND entity_id = $1`, [String(close.id)])
    expect(trail).toMatchObject({ actor: 'wang.fang', action: 'close', after: { quarter: Q, cases: close.frozen.cases } })
    before = await report('2025-10-20T02:00:00Z')
    expect(before['word/document.xml']).toContain('季度关账时冻结的数据')
  })

  it('keeps its report\'s figures after an import, a re-audit, a tag and a review touch the quarter, and lists each change', async () => {
    const q = parseQuarter(Q)
    const frozen = await quarterlyFigures(ds, q)
    const l0 = await letters()
    // An import: one case of the quarter loses its acceptance time (re-audited by the import), one new case arrives.
    const file = join(out, 'q3.csv')
    await exportCases(ds, file, { from: '2025-07-01', to: '2025-10-01' })
    const t = parse(readFileSync(file, 'utf8'), { bom: true }) as string[][]
    const accepted = t[0].indexOf('受理时间')
    const edited = t[1][0]
    t[1][accepted] = ''
    const added = [...t[2]]
    added[0] = `${added[0]}-N`
    writeFileSync(join(out, 'edited.csv'), '\uFEFF' + [t[0], t[1], added].map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n'))
    const imported = await runImport(ds, join(out, 'edited.csv'), { actor: 'qian.yu' })
    expect(imported.counts).toMatchObject({ new: 1, changed: 1 })
    const l1 = await letters()
    // A re-audit: a shorter handling limit, saved by an administrator, re-judges the archive (most of it: the
    // summaries are rebuilt from scratch rather than moved case by case).
    data(await admin('policy.save', { kind: 'internal', effectiveFrom: '2020-01-01', title: '内部投诉处理制度', params: { ...INTERNAL, handleWorkdays: 3 }, note: '收紧办理时限' }))
    for (let i = 0; i < 600 && data<AuditStatus>(await admin('audit.status')).running; i++) await new Promise((r) => setTimeout(r, 100))
    const l2 = await letters()
    // A tag, by a reviewer through the handler.
    const [tagged] = await ds.query(`SELECT id, case_no FROM cases WHERE received_at >= '2025-08-01T00:00:00+08' AND received_at < '2025-09-01T00:00:00+08' ORDER BY id LIMIT 1`)
    data(await chen('rootCauses.setCase', { caseId: tagged.id, primary: { code: 'RC04' }, secondary: [] }))
    // A change to a case of another quarter is no post-close change.
    const [other] = await ds.query(`SELECT id FROM cases WHERE received_at >= '2025-11-01T00:00:00+08' ORDER BY id LIMIT 1`)
    data(await chen('rootCauses.setCase', { caseId: other.id, primary: { code: 'RC04' }, secondary: [] }))
    const l3 = await letters()

    const live = await quarterlyFigures(ds, q)
    expect(live.kpis.cases).toBe(frozen.kpis.cases + 1)
    expect(live).not.toEqual(frozen)
    const again = await report('2025-10-20T02:00:00Z')
    expect(Object.keys(again).sort()).toEqual(Object.keys(before).sort())
    for (const k of Object.keys(before)) if (again[k] !== before[k]) expect.fail(`${k} differs: ${diffText(before[k], again[k])}`)

    const list = await changes(close.id)
    const has = (caseNo: string, kind: string, actor: string | null): void => {
      expect(list.some((c) => c.caseNo === caseNo && c.kind === kind && c.actor === actor), `${caseNo} ${kind} by ${actor}: ${JSON.stringify(list)}`).toBe(true)
    }
    has(edited, 'case', 'qian.yu')
    has(edited, 'audit', 'qian.yu') // the import re-audits the case it changed
    has(added[0], 'case', 'qian.yu')
    has(tagged.case_no, 'tag', 'chen.jing')
    // Exactly the cases whose letters changed, at the import or at the re-audit (a case new to the quarter from its first letters on).
    const differ = (a: Map<string, string>, b: Map<string, string>): string[] => [...b.keys()].filter((k) => a.has(k) && a.get(k) !== b.get(k))
    // (and the new case: it arrives unjudged, and the import that brought it judges it in the same transaction)
    const audited = new Set([...differ(l0, l1), ...differ(l1, l2), ...differ(l2, l3), added[0]])
    expect(differ(l1, l2).length).toBeGreaterThan(10)
    expect([...new Set(list.filter((c) => c.kind === 'audit').map((c) => c.caseNo))].sort()).toEqual([...audited].sort())
    expect(list.filter((c) => c.kind === 'audit' && ![edited, added[0], tagged.case_no].includes(c.caseNo)).every((c) => c.actor === 'admin')).toBe(true)
    expect([...new Set(list.filter((c) => c.kind !== 'audit').map((c) => c.caseNo))].sort()).toEqual([edited, added[0], tagged.case_no].sort())
    expect(list.every((c) => !Number.isNaN(Date.parse(c.at)))).toBe(true)
    const status = data<QuarterStatus>(await zhou('quarters.list', {}))
    expect(status.closes[0]).toMatchObject({ id: close.id, changes: list.length })
  }, 120_000)

  it('notes a re-audit that rebuilds the summaries only where a case\'s letters changed', async () => {
    const n = (await changes(close.id)).length
    await asOwner((o) => o.query('SELECT dossier_trends_rebuild()'))
    expect((await changes(close.id)).length).toBe(n)
    // A whole-archive re-audit that changes nothing notes nothing either.
    await runAudit(ds, { actor: 'test' })
    expect((await changes(close.id)).length).toBe(n)
  }, 60_000)

  it('is reopened by an administrator only, in the trail; the quarter can then be closed again on the figures as they stand', async () => {
    expect(await wang('quarters.reopen', { closeId: close.id, reason: '数据更正' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await admin('quarters.reopen', { closeId: close.id, reason: '' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await admin('quarters.reopen', { closeId: 999_999, reason: '数据更正' })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    const reopened = data<QuarterClose>(await admin('quarters.reopen', { closeId: close.id, reason: '数据更正后重新关账' }))
    expect(reopened).toMatchObject({ reopenedBy: 'admin', reopenReason: '数据更正后重新关账' })
    expect(await admin('quarters.reopen', { closeId: close.id, reason: '再次' })).toMatchObject({ ok: false, error: { code: 'conflict' } })
    const [trail] = await ds.query(`SELECT actor FROM audit_trail WHERE entity = 'quarter_close' AND action = 'reopen' AND entity_id = $1`, [String(close.id)])
    expect(trail.actor).toBe('admin')
    // Open: the report is written from the archive as it stands now.
    const live = await report('2025-10-21T02:00:00Z')
    expect(live['word/document.xml']).not.toBe(before['word/document.xml'])
    const second = data<QuarterClose>(await wang('quarters.close', { quarter: Q }))
    expect(second.id).not.toBe(close.id)
    expect(second.frozen.cases).toBe(close.frozen.cases + 1)
    const status = data<QuarterStatus>(await zhou('quarters.list', {}))
    expect(status.closes.map((c) => [c.id, c.reopenedAt === null])).toEqual([[second.id, true], [close.id, false]])
    // The first close's list is kept as history; a change now goes to the second.
    const [tagged] = await ds.query(`SELECT id FROM cases WHERE received_at >= '2025-09-01T00:00:00+08' AND received_at < '2025-10-01T00:00:00+08' ORDER BY id LIMIT 1`)
    const kept = (await changes(close.id)).length
    data(await chen('rootCauses.setCase', { caseId: tagged.id, primary: { code: 'RC09' }, secondary: [] }))
    expect((await changes(close.id)).length).toBe(kept)
    // (A tag re-judges its case: the rule on tracing the root cause may change with it.)
    const now = await changes(second.id)
    expect(now.map((c) => c.kind)).toContain('tag')
    expect(now.every((c) => c.caseId === tagged.id && c.actor === 'chen.jing')).toBe(true)
  }, 60_000)
})
