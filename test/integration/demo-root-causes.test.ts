// Demo data for root causes (issue 11 point 8): the generator gives every case a cause it knows (ground truth),
// findings that state it, tags a realistic share of cases as a reviewer would (in the trail, as the generator's)
// and leaves the rest untagged; the suggester is measured on those it held out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { DEMO_TAGGED_SHARE, DEMO_TAGGER } from '../../src-main/demo/rootcause-truth'
import { archiveModel } from '../../src-main/rootcause/archive-model'
import { heldOutDemoAccuracy, heldOutDemoLine } from '../../src-main/rootcause/demo-heldout'
import { connect, resetArchive } from './db'

let ds: DataSource
const N = 1200

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 17, cases: N, rootCauses: true })
}, 240_000)
afterAll(async () => { await ds?.destroy() })

describe('the demo archive\'s root causes', () => {
  it('gives every case one cause of its own responsibility, and tags about a third of them with it, as the generator', async () => {
    const [c] = await ds.query(`
      SELECT count(*)::int AS cases,
             count(d.case_id)::int AS with_truth,
             count(*) FILTER (WHERE d.rule = 'tagged')::int AS tagged_truth,
             count(t.case_id)::int AS tagged,
             count(*) FILTER (WHERE t.case_id IS NOT NULL AND (d.rule IS DISTINCT FROM 'tagged' OR n.code <> d.detail OR t.tagged_by <> $1 OR t.role <> 'primary'))::int AS wrong,
             count(*) FILTER (WHERE dn.internal <> (cs.responsibility = 'internal'))::int AS other_responsibility,
             count(*) FILTER (WHERE dn.id IS NULL OR dn.parent_id IS NULL)::int AS not_second_level
        FROM cases cs
        LEFT JOIN demo_truth d ON d.case_id = cs.id AND d.policy = 'rootcause'
        LEFT JOIN rc_nodes dn ON dn.code = d.detail
        LEFT JOIN case_root_causes t ON t.case_id = cs.id
        LEFT JOIN rc_nodes n ON n.id = t.node_id`, [DEMO_TAGGER])
    expect(c.cases).toBe(N)
    expect(c.with_truth).toBe(N)
    expect(c.tagged).toBe(c.tagged_truth)
    expect(c.wrong).toBe(0)
    expect(c.other_responsibility).toBe(0)
    expect(c.not_second_level).toBe(0)
    expect(c.tagged / N).toBeGreaterThan(DEMO_TAGGED_SHARE - 0.05)
    expect(c.tagged / N).toBeLessThan(DEMO_TAGGED_SHARE + 0.05)
  })

  it('records each tag in the trail as the generator\'s, before empty and after the primary cause', async () => {
    const rows = (await ds.query(`
      SELECT a.actor, a.action, a.before, a.after, n.code FROM audit_trail a
        JOIN case_root_causes t ON t.case_id = a.entity_id::int JOIN rc_nodes n ON n.id = t.node_id
       WHERE a.entity = 'case_root_causes'`)) as { actor: string; action: string; before: unknown; after: unknown; code: string }[]
    const [{ tagged }] = await ds.query(`SELECT count(*)::int AS tagged FROM case_root_causes`)
    expect(rows).toHaveLength(tagged)
    for (const r of rows) expect(r).toEqual({ actor: DEMO_TAGGER, action: 'demo_tag', before: [], after: [{ role: 'primary', code: r.code, note: null }], code: r.code })
  })

  it('writes findings that state the cause: the suggester finds the held-out cases\' causes, and eval prints it', async () => {
    const model = await archiveModel(ds)
    const r = await heldOutDemoAccuracy(ds, model)
    const [{ held }] = await ds.query(`SELECT count(*)::int AS held FROM demo_truth WHERE policy = 'rootcause' AND rule = 'held_out'`)
    expect(r.n).toBe(Math.min(1000, held))
    expect(r.top1).toBeGreaterThan(0.8)
    expect(r.top3).toBeGreaterThan(0.9)
    expect(heldOutDemoLine(r)).toMatch(/top1 \d\.\d\d top3 \d\.\d\d n \d+$/)
    console.log(heldOutDemoLine(r))
  }, 120_000)
})
