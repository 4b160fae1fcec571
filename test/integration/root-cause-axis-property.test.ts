// Migration 54: trend_case_facts.root_node and the axis 'rc2' are kept by the same writers as the rest of the
// summaries, and a taxonomy node's move or merge re-applies the cases that roll through it. Property: after any
// sequence of writes to primary tags (any level) and to the nodes' parents and merges (each one statement, the
// node's state recorded as a new taxonomy version, as editTaxonomy records it), the facts and the three axis
// tables hold exactly what a rebuild makes of the archive, and the Pareto from the summaries equals the case
// query at both levels.
import fc from 'fast-check'
import type { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { paretoFromCases } from '../../src-main/rootcause/pareto'
import { paretoFromSummaries } from '../../src-main/rootcause/pareto-summary'
import { currentVersion } from '../../src-main/rootcause/taxonomy-store'
import { connectOwner, resetArchive } from './db'

let owner: DataSource
let ids: number[] = []
let parents: number[] = []
let children: number[] = []

beforeAll(async () => {
  owner = await connectOwner()
  await resetArchive()
  await seedArchive(owner, { seed: 154, cases: 300, from: '2024-06-01', to: '2025-12-31', workers: 0, rootCauses: true })
  await runAudit(owner, { actor: 'test' })
  ids = ((await owner.query('SELECT id FROM cases ORDER BY id')) as { id: number }[]).map((r) => r.id)
  parents = ((await owner.query('SELECT id FROM rc_nodes WHERE parent_id IS NULL ORDER BY id')) as { id: number }[]).map((r) => r.id)
  children = ((await owner.query('SELECT id FROM rc_nodes WHERE parent_id IS NOT NULL ORDER BY id')) as { id: number }[]).map((r) => r.id)
}, 300_000)
afterAll(async () => { await owner?.destroy() })

// The rows that count (a row that fell to zero stays until a rebuild), as sorted JSON.
const ROWS = {
  facts: `SELECT coalesce(jsonb_agg(to_jsonb(f) ORDER BY f.case_id), '[]') AS rows FROM trend_case_facts f`,
  axis: `SELECT coalesce(jsonb_agg(to_jsonb(m) ORDER BY m.month, m.unit_id, m.category, m.channel, m.severity, m.business_line, m.is_group, m.is_repeat, m.axis, m.code), '[]') AS rows FROM trend_axis m WHERE m.cases <> 0`,
  month: `SELECT coalesce(jsonb_agg(to_jsonb(m) ORDER BY m.month, m.unit_id, m.category, m.axis, m.code), '[]') AS rows FROM trend_month_axis m WHERE m.cases <> 0`,
  dims: `SELECT coalesce(jsonb_agg(to_jsonb(m) ORDER BY m.dim, m.value, m.month, m.unit_id, m.category, m.axis, m.code), '[]') AS rows FROM trend_month_dim_axis m WHERE m.cases <> 0`
}
type Tables = Record<keyof typeof ROWS, unknown>
const read = async (q: { query: DataSource['query'] }): Promise<Tables> =>
  Object.fromEntries(await Promise.all(Object.entries(ROWS).map(async ([k, sql]) => [k, (await q.query(sql))[0].rows]))) as Tables

/** What dossier_trends_rebuild makes of the archive now, in a transaction rolled back. */
async function rebuilt(): Promise<Tables> {
  const qr = owner.createQueryRunner()
  await qr.connect()
  await qr.startTransaction()
  try {
    await qr.query('SELECT dossier_trends_rebuild()')
    const out = {} as Tables
    for (const [k, sql] of Object.entries(ROWS)) out[k as keyof Tables] = (await qr.query(sql))[0].rows
    return out
  } finally {
    await qr.rollbackTransaction()
    await qr.release()
  }
}

// A node change as editTaxonomy makes it: rc_nodes in one statement, then its state recorded under a new version.
const nodeEdit = (sql: string): string => `WITH v AS (INSERT INTO rc_taxonomy_versions (version, created_by, note)
    SELECT max(version) + 1, 'test', 'property' FROM rc_taxonomy_versions RETURNING version)
  , e AS (${sql} RETURNING id)
  SELECT 1 FROM v, e`
const RECORD = `INSERT INTO rc_node_history (node_id, version, parent_id, name_zh, name_en, jrt_cause, internal, retired, merged_into)
  SELECT n.id, (SELECT max(version) FROM rc_taxonomy_versions), n.parent_id, n.name_zh, n.name_en, n.jrt_cause, n.internal, n.retired_version IS NOT NULL, n.merged_into
    FROM rc_nodes n WHERE n.id = ANY ($1::int[]) ON CONFLICT (node_id, version) DO UPDATE SET parent_id = EXCLUDED.parent_id, merged_into = EXCLUDED.merged_into`

// The arbitraries are built before the set-up has found the ids: each reads them when it generates.
const pick = <T>(xs: () => T[]): fc.Arbitrary<T> => fc.nat().map((i) => xs()[i % xs().length])
const someIds = fc.array(fc.nat(), { minLength: 1, maxLength: 15 }).map((xs) => [...new Set(xs.map((x) => ids[x % ids.length]))])
const anyNode = fc.oneof(pick(() => parents), pick(() => children))
type Write = { sql: string; params: unknown[]; node?: number }
const write: fc.Arbitrary<Write> = fc.oneof(
  fc.tuple(someIds, anyNode).map(([c, n]) => ({ sql: `INSERT INTO case_root_causes (case_id, node_id, chosen_node_id, role, tagged_by)
    SELECT id, $2, $2, 'primary', 'test' FROM cases WHERE id = ANY ($1) ON CONFLICT DO NOTHING`, params: [c, n] })),
  fc.tuple(someIds, anyNode).map(([c, n]) => ({ sql: `UPDATE case_root_causes t SET node_id = $2 WHERE t.case_id = ANY ($1) AND t.role = 'primary'
    AND NOT EXISTS (SELECT 1 FROM case_root_causes u WHERE u.case_id = t.case_id AND u.node_id = $2)`, params: [c, n] })),
  someIds.map((c) => ({ sql: 'DELETE FROM case_root_causes WHERE case_id = ANY ($1)', params: [c] })),
  fc.tuple(pick(() => children), fc.nat()).map(([n, p]) => ({ sql: nodeEdit('UPDATE rc_nodes SET parent_id = $2 WHERE id = $1'), params: [n, parents[p % parents.length]], node: n })),
  fc.tuple(anyNode, fc.option(anyNode)).map(([n, into]) => ({ sql: nodeEdit('UPDATE rc_nodes SET merged_into = $2 WHERE id = $1 AND id IS DISTINCT FROM $2'), params: [n, into], node: n }))
)

describe('the root-cause axes of the trend summaries', () => {
  it('hold what a rebuild makes of the archive after the seeding', async () => {
    expect(await read(owner)).toEqual(await rebuilt())
  })

  it('stay so after any sequence of tag and taxonomy-node writes, each one statement', async () => {
    await fc.assert(fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 5 }), async (ws) => {
      for (const w of ws) {
        await owner.query(w.sql, w.params)
        if (w.node !== undefined) await owner.query(RECORD, [[w.node]])
      }
      expect(await read(owner)).toEqual(await rebuilt())
      const v = await currentVersion(owner)
      for (const f of [{}, { receivedFrom: '2025-01-01', receivedTo: '2025-12-31' }]) {
        for (const level of [1, 2] as const) expect(await paretoFromSummaries(owner, f, level)).toEqual({ version: v, ...await paretoFromCases(owner, f, level, v) })
      }
    }), { numRuns: 15, seed: 54 })
  }, 600_000)
})
