// Issue 11: bulk tagging and its undo keep every derived figure exact. After bulkTag (primary and secondary, by ids
// and by a filter, over tagged and untagged cases, secondaries that become the primary, primaries already that
// cause, notes) and undoBulkTag, the trend summaries equal a rebuild from scratch, every stored audit result equals
// a fresh run of the engine on the case as it now stands, and an undo gives back the tags exactly as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { factsFromFields, factsQuery } from '../../src-main/audit/archive-reader'
import { auditCase, statusLetters } from '../../src-main/audit/engine'
import { loadReference } from '../../src-main/audit/policies'
import { bulkTag, undoBulkTag } from '../../src-main/rootcause/bulk'
import { setCaseRootCauses } from '../../src-main/rootcause/tags'
import { connect, connectOwner, resetArchive } from './db'
import { keptSummaries, recountedSummaries } from './summary-recount'

let ds: DataSource // the app's role, as the handlers call bulkTag
let owner: DataSource // reads every summary row and rebuilds them in a transaction it rolls back

beforeAll(async () => {
  ds = await connect()
  owner = await connectOwner()
  await resetArchive()
  // Not a bulk load: the demo tags (35 % of the cases) go through the triggers as the app's writes would.
  await seedArchive(owner, { seed: 52, cases: 600, from: '2024-01-01', to: '2025-12-31', workers: 0, rootCauses: true, bulk: false })
  await runAudit(ds, { actor: 'test' })
}, 300_000)
afterAll(async () => { await ds?.destroy(); await owner?.destroy() })

/** Stored audit results that differ from the engine run afresh on every case: `caseId internal regulatory` lines. */
async function staleResults(): Promise<string[]> {
  const { book, calendar } = await loadReference(owner)
  const ids = ((await owner.query('SELECT case_id FROM audit_results ORDER BY case_id')) as { case_id: number }[]).map((r) => r.case_id)
  const { sql, params } = factsQuery({ ids })
  const fresh = new Map<number, string>()
  for (const row of (await owner.query(sql, params)) as Record<string, string>[]) {
    const a = auditCase(factsFromFields(Object.values(row)), book, calendar)
    const l = statusLetters(a)
    fresh.set(a.caseId!, `${l.internal} ${l.regulatory} ${l.internal.includes('F')}`)
  }
  const stored = (await owner.query('SELECT case_id, internal, regulatory, flagged FROM audit_results ORDER BY case_id')) as { case_id: number; internal: string; regulatory: string; flagged: boolean }[]
  return stored.filter((r) => fresh.get(r.case_id) !== `${r.internal} ${r.regulatory} ${r.flagged}`).map((r) => `${r.case_id} ${r.internal} ${r.regulatory} → ${fresh.get(r.case_id)}`)
}

const TAGS = `SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.case_id, t.node_id), '[]') AS rows FROM case_root_causes t`
const tags = async (): Promise<unknown> => (await owner.query(TAGS))[0].rows

async function expectExact(): Promise<void> {
  expect(await keptSummaries(owner)).toEqual(await recountedSummaries(owner))
  expect(await staleResults()).toEqual([])
}

describe('bulk tagging and its undo, against a recount', () => {
  it('start from summaries and results that agree with a recount', async () => {
    expect((await owner.query(`SELECT count(*)::int AS n FROM case_root_causes WHERE role = 'primary'`))[0].n).toBeGreaterThan(120)
    await expectExact()
  }, 600_000)

  it('tag a primary cause on a mix of cases by ids, then undo it, exactly', async () => {
    const internal = ((await owner.query(`SELECT code FROM rc_nodes WHERE parent_id IS NOT NULL AND internal AND retired_version IS NULL ORDER BY position, code LIMIT 1`))[0]).code as string
    // Some cases carry the cause as a secondary, one already as its primary, one has a note on its primary.
    const tagged = ((await owner.query(`SELECT case_id FROM case_root_causes WHERE role = 'primary' ORDER BY md5(case_id::text) LIMIT 6`)) as { case_id: number }[]).map((r) => r.case_id)
    await setCaseRootCauses(ds, 'li.ming', tagged[0], { primary: { code: 'RC15' }, secondary: [{ code: internal }] })
    await setCaseRootCauses(ds, 'li.ming', tagged[1], { primary: { code: 'RC04' }, secondary: [{ code: internal, note: '次要' }, { code: 'RC07' }] })
    await setCaseRootCauses(ds, 'li.ming', tagged[2], { primary: { code: internal }, secondary: [] })
    await setCaseRootCauses(ds, 'li.ming', tagged[3], { primary: { code: 'RC14', note: '客户原因' }, secondary: [] })
    const ids = ((await owner.query(`SELECT id FROM cases ORDER BY md5(id::text || 'bulk') LIMIT 250`)) as { id: number }[]).map((r) => r.id)
    const target = [...new Set([...ids, ...tagged])]
    const before = await tags()

    const done = await bulkTag(ds, 'zhao.lei', { target: { caseIds: target }, code: internal, role: 'primary' }, target.length)
    expect(done.cases).toBe(target.length)
    const primaries = await owner.query(`SELECT count(*)::int AS n FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id
      WHERE t.case_id = ANY($1::int[]) AND t.role = 'primary' AND n.code = $2 AND t.tagged_by = 'zhao.lei' AND t.note IS NULL`, [target, internal])
    expect(primaries[0].n).toBe(target.length)
    // The cause left the secondaries where it became the primary; the other secondary stayed.
    expect(await owner.query(`SELECT n.code, t.role FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id WHERE t.case_id = $1 ORDER BY t.role`, [tagged[1]]))
      .toEqual([{ code: internal, role: 'primary' }, { code: 'RC07', role: 'secondary' }])
    await expectExact()
    const trail = await owner.query(`SELECT count(*)::int AS n FROM audit_trail WHERE action = 'bulk_tag' AND (after->>'bulkAction')::int = $1`, [done.actionId])
    expect(trail[0].n).toBe(target.length)

    await undoBulkTag(ds, 'zhao.lei')
    expect(await tags()).toEqual(before)
    await expectExact()
    const undone = await owner.query(`SELECT count(*)::int AS n FROM audit_trail WHERE action = 'bulk_undo' AND (after->>'bulkAction')::int = $1`, [done.actionId])
    expect(undone[0].n).toBe(target.length)
  }, 600_000)

  it('tag by a filter, add a secondary cause over its cases, undo both, exactly', async () => {
    const filter = { receivedFrom: '2025-01-01', receivedTo: '2025-04-30' }
    const before = await tags()
    const external = ((await owner.query(`SELECT code FROM rc_nodes WHERE NOT internal AND retired_version IS NULL ORDER BY position, code LIMIT 1`))[0]).code as string
    await bulkTag(ds, 'wang.fang', { target: { filter }, code: external, role: 'primary' })
    await expectExact()
    // (A case with two secondaries already would refuse the whole action: those are left out.)
    const open = ((await owner.query(`SELECT c.id FROM cases c WHERE c.received_at >= '2025-01-01'::timestamp AT TIME ZONE 'Asia/Shanghai'
      AND c.received_at < '2025-05-01'::timestamp AT TIME ZONE 'Asia/Shanghai'
      AND (SELECT count(*) FROM case_root_causes t WHERE t.case_id = c.id AND t.role = 'secondary') < 2`)) as { id: number }[]).map((r) => r.id)
    expect(open.length).toBeGreaterThan(20)
    await bulkTag(ds, 'wang.fang', { target: { caseIds: open }, code: 'RC07', role: 'secondary' })
    await expectExact()
    await undoBulkTag(ds, 'wang.fang')
    await expectExact()
    await undoBulkTag(ds, 'wang.fang')
    expect(await tags()).toEqual(before)
    await expectExact()
  }, 600_000)
})
