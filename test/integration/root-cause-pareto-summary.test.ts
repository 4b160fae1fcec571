// Issue 11 (a year's Pareto under 300 ms at 1,000,000 cases), migration 54: the Pareto read from the trend
// summaries gives exactly what the case query gives, for every filter the summaries take, at both levels —
// on a seeded archive, and again after each kind of tag write made through the real handlers (one case, bulk by
// ids and by filter, undo, taxonomy merge, move, retire, split), and under row security.
import type { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { ensureDemoUsers, createUser } from '../../src-main/auth/users'
import { setUserUnits } from '../../src-main/auth/user-units'
import { inUserScope } from '../../src-main/db/session-scope'
import { causePareto, paretoFromCases } from '../../src-main/rootcause/pareto'
import { paretoFromSummaries, summaryAnswers } from '../../src-main/rootcause/pareto-summary'
import { currentVersion } from '../../src-main/rootcause/taxonomy-store'
import type { CaseFilter } from '../../src-main/shared/contract'
import { asOwner, connect, data, resetArchive, signedInAs, type RawCall } from './db'

let ds: DataSource
let filters: [string, CaseFilter][] = []
let tagger: RawCall
let admin: RawCall

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 54, cases: 900, from: '2024-01-01', to: '2025-12-31', workers: 0, rootCauses: true })
  await runAudit(ds, { actor: 'test' })
  await ensureDemoUsers(ds)
  tagger = await signedInAs(ds, 'wang.fang')
  admin = await signedInAs(ds, 'admin')
  const [branch] = (await ds.query(`SELECT u.id FROM units u WHERE u.kind = 'branch' AND EXISTS (SELECT 1 FROM units s WHERE s.parent_id = u.id) ORDER BY u.id LIMIT 1`)) as { id: number }[]
  const [sub] = (await ds.query(`SELECT unit_id AS id FROM cases c JOIN units u ON u.id = c.unit_id WHERE u.kind = 'sub_branch' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)) as { id: number }[]
  const [{ category, channel, severity, line }] = (await ds.query(`SELECT mode() WITHIN GROUP (ORDER BY category) AS category, mode() WITHIN GROUP (ORDER BY channel) AS channel,
    mode() WITHIN GROUP (ORDER BY severity) AS severity, mode() WITHIN GROUP (ORDER BY business_line) AS line FROM cases`)) as { category: CaseFilter['category']; channel: CaseFilter['channel']; severity: CaseFilter['severity']; line: CaseFilter['businessLine'] }[]
  const year: CaseFilter = { receivedFrom: '2025-01-01', receivedTo: '2025-12-31' }
  filters = [
    ['everything', {}], ['a year', year], ['a quarter', { receivedFrom: '2024-04-01', receivedTo: '2024-06-30' }],
    ['from a month on', { receivedFrom: '2025-03-01' }], ['up to a month', { receivedTo: '2024-08-31' }],
    ['a branch with its sub-branches', { ...year, unitId: branch.id }], ['a sub-branch', { unitId: sub.id }],
    ['a category', { ...year, category }], ['a channel', { ...year, channel }], ['a severity', { severity }], ['a business line', { ...year, businessLine: line }],
    ['group', { group: true }], ['not group', { ...year, group: false }], ['repeat', { repeat: true }], ['not repeat', { repeat: false }],
    ['unit, category and channel', { ...year, unitId: branch.id, category, channel }], ['two dimensions', { channel, severity }],
    ['a role without a cause', { ...year, rootCauseRole: 'any' }], ['a unit that does not exist', { unitId: 999_999 }]
  ]
}, 300_000)
afterAll(async () => { await ds?.destroy() })

/** Every filter at both levels: the summaries answer, and exactly as the cases do. */
async function expectSame(when: string): Promise<void> {
  const v = await currentVersion(ds)
  for (const [name, f] of filters) {
    expect(summaryAnswers(f), name).toBe(true)
    for (const level of [1, 2] as const) {
      const fast = await paretoFromSummaries(ds, f, level, v)
      expect(fast, `${when}: ${name}, level ${level}`).toEqual({ version: v, ...await paretoFromCases(ds, f, level, v) })
    }
  }
}

/** Live first-level nodes with at least two live children, in order. */
const firstLevel = async (): Promise<string[]> => ((await ds.query(`SELECT p.code FROM rc_nodes p WHERE p.parent_id IS NULL AND p.retired_version IS NULL
  AND (SELECT count(*) FROM rc_nodes n WHERE n.parent_id = p.id AND n.retired_version IS NULL) >= 2 ORDER BY p.position, p.code`)) as { code: string }[]).map((r) => r.code)
const leaves = async (parent: string): Promise<string[]> => ((await ds.query(`SELECT n.code FROM rc_nodes n JOIN rc_nodes p ON p.id = n.parent_id
  WHERE p.code = $1 AND n.retired_version IS NULL ORDER BY n.position, n.code`, [parent])) as { code: string }[]).map((r) => r.code)
const version = async (): Promise<number> => data<{ version: number }>(await admin('rootCauses.taxonomy', {})).version
const edit = async (e: unknown): Promise<{ version: number; codes?: string[] }> => data(await admin('rootCauses.editTaxonomy', { expectedVersion: await version(), edit: e }))
const casesTaggedWith = async (code: string): Promise<number> =>
  Number((await ds.query(`SELECT count(*)::int AS n FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id WHERE n.code = $1 AND t.role = 'primary'`, [code]))[0].n)

describe('the Pareto from the trend summaries', () => {
  it('equals the case query on the seeded archive, with causes at both levels', async () => {
    const all = await causePareto(ds, {}, { level: 2 })
    expect(all.tagged).toBeGreaterThan(200)
    expect(all.causes.some((c) => c.code.includes('.'))).toBe(true)
    await expectSame('seeded')
  })

  it('stays equal after tag writes through the handlers: one case, bulk by ids and by filter, undo', async () => {
    const ids = ((await ds.query('SELECT id FROM cases ORDER BY md5(id::text) LIMIT 40')) as { id: number }[]).map((r) => r.id)
    const [p1, p2] = await firstLevel()
    const [leaf] = await leaves(p2)
    // One case: at the second level, then at the first, then untagged.
    data(await tagger('rootCauses.setCase', { caseId: ids[0], primary: { code: leaf }, secondary: [] }))
    data(await tagger('rootCauses.setCase', { caseId: ids[1], primary: { code: p1 }, secondary: [{ code: leaf }] }))
    data(await tagger('rootCauses.setCase', { caseId: ids[2], primary: null, secondary: [] }))
    await expectSame('after single tags')
    data(await tagger('rootCauses.bulkTag', { target: { caseIds: ids.slice(3, 30) }, code: leaf, role: 'primary', expectedCount: 27 }))
    await expectSame('after a bulk tag by ids')
    data(await tagger('rootCauses.undoBulk', {}))
    await expectSame('after its undo')
    const f: CaseFilter = { receivedFrom: '2025-02-01', receivedTo: '2025-02-28' }
    const { cases } = data<{ cases: number }>(await tagger('rootCauses.bulkCount', { target: { filter: f } }))
    data(await tagger('rootCauses.bulkTag', { target: { filter: f }, code: p1, role: 'primary', expectedCount: cases }))
    const withPrimary = ((await ds.query(`SELECT t.case_id AS id FROM case_root_causes t WHERE t.role = 'primary' AND (SELECT count(*) FROM case_root_causes u WHERE u.case_id = t.case_id) = 1
      ORDER BY md5(t.case_id::text) LIMIT 10`)) as { id: number }[]).map((r) => r.id)
    data(await tagger('rootCauses.bulkTag', { target: { caseIds: withPrimary }, code: leaf, role: 'secondary', expectedCount: 10 }))
    await expectSame('after a bulk tag by filter and a secondary one')
  })

  it('stays equal after taxonomy edits: move, merge (second and first level), retire, split', async () => {
    const [, , p3, p4, p5] = await firstLevel()
    const [moved, mergedAway] = await leaves(p3)
    expect(await casesTaggedWith(moved)).toBeGreaterThan(0)
    // A move changes no tag: the cases' first-level cause changes with their node's parent.
    await edit({ op: 'move', code: moved, parentCode: p4 })
    await expectSame('after a move')
    expect((await causePareto(ds, {}, { level: 1 })).causes.find((c) => c.code === p4)!.cases).toBeGreaterThanOrEqual(await casesTaggedWith(moved))
    const [into] = await leaves(p4)
    await edit({ op: 'merge', code: mergedAway, intoCode: into })
    await expectSame('after a second-level merge')
    // A first-level node whose children are all moved away can be merged into another first-level node.
    for (const kid of await leaves(p5)) await edit({ op: 'move', code: kid, parentCode: p4 })
    await edit({ op: 'merge', code: p5, intoCode: p4 })
    await expectSame('after a first-level merge')
    const [retired, split] = await leaves(p4)
    await edit({ op: 'retire', code: retired })
    await edit({ op: 'split', code: split, into: [{ nameZh: '拆分甲', nameEn: 'A', definition: '甲' }, { nameZh: '拆分乙', nameEn: 'B', definition: '乙' }] })
    await expectSame('after a retire and a split')
  })

  it('puts a tag an undo restores on a merged node under the node it was merged into, as the case query does', async () => {
    const [p6, other] = (await firstLevel()).slice(-2)
    const [x, z] = await leaves(p6)
    const ids = ((await ds.query(`SELECT c.id FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_root_causes t WHERE t.case_id = c.id) ORDER BY id LIMIT 5`)) as { id: number }[]).map((r) => r.id)
    for (const id of ids) data(await tagger('rootCauses.setCase', { caseId: id, primary: { code: x }, secondary: [] }))
    const [y] = await leaves(other)
    data(await tagger('rootCauses.bulkTag', { target: { caseIds: ids }, code: y, role: 'primary', expectedCount: 5 }))
    await edit({ op: 'merge', code: x, intoCode: z })
    data(await tagger('rootCauses.undoBulk', {}))
    expect(await casesTaggedWith(x)).toBe(5)
    await expectSame('after an undo that restored tags on a merged node')
  })

  it('is what the handler answers, and the case query answers a past taxonomy, text search and days inside a month', async () => {
    const v = await currentVersion(ds)
    const viaHandler = data<{ causes: { code: string; cases: number }[]; untagged: number }>(await tagger('rootCauses.pareto', { filter: filters[1][1], level: 2 }))
    const fast = (await paretoFromSummaries(ds, filters[1][1], 2, v))!
    expect(viaHandler.causes.map((c) => [c.code, c.cases])).toEqual(fast.rows.map((r) => [r.code, r.cases]))
    expect(viaHandler.untagged).toBe(fast.untagged)
    for (const f of [{ text: '扣费' }, { receivedFrom: '2025-01-02', receivedTo: '2025-12-31' }, { rootCause: 'none' as const }, { retag: true }, { failedRule: 4 }]) expect(summaryAnswers(f)).toBe(false)
    // A past version is read from the cases: the merged and split nodes are there, by their names then.
    expect(await paretoFromSummaries(ds, {}, 2, 1)).toBeNull()
    const past = await causePareto(ds, {}, { level: 2, version: 1 })
    expect(past.causes.map((c) => c.code)).toEqual(expect.arrayContaining((await paretoFromCases(ds, {}, 2, 1)).rows.map((r) => r.code)))
  })
})

describe('under row security', () => {
  it('answers from the summaries for a session that sees every case or only its units, and from the cases for one that reviews a case elsewhere', async () => {
    const mk = async (username: string, roles: ('reviewer' | 'leadership')[]): Promise<number> =>
      (await createUser(ds, { username, displayName: username, roles, password: 'pareto-test-password' })).id
    const lead = await mk('pareto.lead', ['leadership'])
    const rev = await mk('pareto.rev', ['reviewer'])
    const [x] = (await ds.query(`SELECT u.id, u.code FROM units u WHERE u.kind = 'branch' AND EXISTS (SELECT 1 FROM units s WHERE s.parent_id = u.id) ORDER BY u.id LIMIT 1`)) as { id: number; code: string }[]
    await setUserUnits(ds, 'admin', 'pareto.rev', [x.code])
    const token = async (id: number): Promise<string> => ((await ds.query('SELECT dossier_session_open($1) AS t', [id])) as { t: string }[])[0].t
    const v = await currentVersion(ds)
    const year = filters[1][1]
    for (const [who, id] of [['leadership', lead], ['a reviewer of one branch', rev]] as const) {
      const t = await token(id)
      for (const level of [1, 2] as const) {
        const [fast, exact, all] = await inUserScope(t, async () => [await paretoFromSummaries(ds, year, level, v), await paretoFromCases(ds, year, level, v), await paretoFromCases(ds, {}, level, v)])
        expect(fast, `${who}, level ${level}`).toEqual({ version: v, ...exact })
        if (who !== 'leadership') expect(all!.untagged).toBeLessThan((await paretoFromCases(ds, {}, level, v)).untagged)
      }
    }
    // Assigned a case of another branch, the reviewer sees it beside the branch's: the summaries cannot count it.
    const [{ id: other }] = (await ds.query(`SELECT c.id FROM cases c JOIN units u ON u.id = c.unit_id WHERE u.id <> $1 AND u.parent_id IS DISTINCT FROM $1
      AND c.received_at >= '2025-01-01' AND c.received_at < '2025-12-01' ORDER BY c.id LIMIT 1`, [x.id])) as { id: number }[]
    await asOwner(async (o) => {
      const [{ id: plan }] = (await o.query(`INSERT INTO review_plans (name, received_from, received_to, sample_rate, sample_seed, include_flagged, created_by)
        VALUES ('pareto', '2020-01-01', '2030-01-01', 0, 1, false, $1) RETURNING id`, [lead])) as { id: number }[]
      await o.query(`INSERT INTO reviews (plan_id, case_id, reasons, reviewer_id, engine) VALUES ($1, $2, '{sample}', $3, '{}')`, [plan, other, rev])
    })
    const t = await token(rev)
    expect(await inUserScope(t, () => paretoFromSummaries(ds, year, 1, v))).toBeNull()
    const [viaPareto, exact] = await inUserScope(t, async () => [await causePareto(ds, year, { level: 1 }), await paretoFromCases(ds, year, 1, v)] as const)
    expect(viaPareto.causes.map((c) => [c.code, c.cases])).toEqual(exact.rows.map((r) => [r.code, r.cases]))
    expect(viaPareto.untagged).toBe(exact.untagged)
  })
})
