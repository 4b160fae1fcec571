// Migration 41: trend_month_dim / trend_month_dim_axis (one row per single dimension's value × month × unit ×
// category) are kept by the statement-level triggers in the writer's own statement. Property: after any sequence
// of random writes to the tables a figure reads (cases' dimensions, months and units, deletions, audit letters,
// offers, root-cause tags), each as one multi-row statement, they hold exactly what a fresh rebuild makes of the
// archive — and what trend_month holds once summed over a dimension's values.
import fc from 'fast-check'
import type { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { BUSINESS_LINES, CHANNELS, SEVERITIES } from '../../src-main/shared/codes'
import { connectOwner, resetArchive } from './db'

let owner: DataSource
let ids: number[] = []
let units: number[] = []

beforeAll(async () => {
  owner = await connectOwner()
  await resetArchive()
  // A bulk load (triggers skipped, indexes dropped): the tables come from the rebuild at the load's end.
  await seedArchive(owner, { seed: 41, cases: 300, from: '2024-01-01', to: '2025-12-31', workers: 0, bulk: true })
  await runAudit(owner, { actor: 'test' })
  ids = ((await owner.query('SELECT id FROM cases ORDER BY id')) as { id: number }[]).map((r) => r.id)
  units = ((await owner.query('SELECT id FROM units ORDER BY id')) as { id: number }[]).map((r) => r.id)
}, 300_000)
afterAll(async () => { await owner?.destroy() })

// The tables' rows that count (a row that fell to zero stays until a rebuild), as sorted JSON lines.
const DIM_ROWS = `SELECT coalesce(jsonb_agg(to_jsonb(m) ORDER BY m.dim, m.value, m.month, m.unit_id, m.category), '[]') AS rows FROM trend_month_dim m WHERE m.cases <> 0`
const AXIS_ROWS = `SELECT coalesce(jsonb_agg(to_jsonb(m) ORDER BY m.dim, m.value, m.month, m.unit_id, m.category, m.axis, m.code), '[]') AS rows FROM trend_month_dim_axis m WHERE m.cases <> 0`
// Per dimension, trend_month_dim summed over its values less trend_month: no row for a consistent table.
const DIM_VS_MONTH = `SELECT count(*)::int AS n FROM (SELECT d.dim FROM (SELECT DISTINCT dim FROM trend_month_dim) d CROSS JOIN trend_month m
  LEFT JOIN LATERAL (SELECT sum(x.cases) AS cases, sum(x.remediation) AS remediation, sum(x.i04f) AS i04f, sum(x.ch_phone) AS ch_phone, sum(x.rpt) AS rpt
    FROM trend_month_dim x WHERE x.dim = d.dim AND x.month = m.month AND x.unit_id = m.unit_id AND x.category = m.category) s ON true
  WHERE (coalesce(s.cases, 0), coalesce(s.remediation, 0), coalesce(s.i04f, 0), coalesce(s.ch_phone, 0), coalesce(s.rpt, 0)) <> (m.cases, m.remediation, m.i04f, m.ch_phone, m.rpt)) z`

async function snapshot(): Promise<{ dims: unknown; axis: unknown }> {
  return { dims: (await owner.query(DIM_ROWS))[0].rows, axis: (await owner.query(AXIS_ROWS))[0].rows }
}

/** What dossier_trends_rebuild makes of the archive now, in a transaction rolled back (the kept tables stay as they are). */
async function rebuilt(): Promise<{ dims: unknown; axis: unknown }> {
  const qr = owner.createQueryRunner()
  await qr.connect()
  await qr.startTransaction()
  try {
    await qr.query('SELECT dossier_trends_rebuild()')
    return { dims: (await qr.query(DIM_ROWS))[0].rows, axis: (await qr.query(AXIS_ROWS))[0].rows }
  } finally {
    await qr.rollbackTransaction()
    await qr.release()
  }
}

const someIds = fc.array(fc.nat(), { minLength: 1, maxLength: 12 }).map((xs) => [...new Set(xs.map((x) => ids[x % ids.length]))])
/** One write: its SQL and parameters, as a writer would send it (one statement, many rows). */
const write = fc.oneof(
  fc.tuple(someIds, fc.constantFrom(...CHANNELS)).map(([c, v]) => ['UPDATE cases SET channel = $2 WHERE id = ANY ($1)', [c, v]] as const),
  fc.tuple(someIds, fc.constantFrom(...SEVERITIES)).map(([c, v]) => ['UPDATE cases SET severity = $2 WHERE id = ANY ($1)', [c, v]] as const),
  fc.tuple(someIds, fc.constantFrom(...BUSINESS_LINES)).map(([c, v]) => ['UPDATE cases SET business_line = $2 WHERE id = ANY ($1)', [c, v]] as const),
  someIds.map((c) => ['UPDATE cases SET is_group = NOT is_group WHERE id = ANY ($1)', [c]] as const),
  fc.tuple(someIds, fc.nat()).map(([c, r]) => ['UPDATE cases SET repeat_of_id = CASE WHEN repeat_of_id IS NULL THEN $2::int END WHERE id = ANY ($1) AND id <> $2', [c, ids[r % ids.length]]] as const),
  fc.tuple(someIds, fc.nat()).map(([c, u]) => ['UPDATE cases SET unit_id = $2 WHERE id = ANY ($1)', [c, units[u % units.length]]] as const),
  fc.tuple(someIds, fc.integer({ min: -70, max: 70 })).map(([c, d]) => [`UPDATE cases SET received_at = received_at + $2 * interval '1 day' WHERE id = ANY ($1)`, [c, d]] as const),
  someIds.map((c) => [`DELETE FROM cases WHERE id = ANY ($1) AND NOT EXISTS (SELECT 1 FROM cases r WHERE r.repeat_of_id = cases.id)
    AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.case_id = cases.id) AND NOT EXISTS (SELECT 1 FROM documents v WHERE v.case_id = cases.id)`, [c]] as const),
  fc.tuple(someIds, fc.constantFrom('P', 'F', 'U')).map(([c, l]) => [`UPDATE audit_results SET internal = overlay(internal placing $2 from 4 for 1), regulatory = repeat($2, 16) WHERE case_id = ANY ($1)`, [c, l]] as const),
  fc.tuple(someIds, fc.integer({ min: 1, max: 50_000 })).map(([c, a]) => [`INSERT INTO remediation_offers (case_id, type, amount) SELECT id, 'refund', $2 FROM cases WHERE id = ANY ($1)`, [c, a]] as const),
  someIds.map((c) => ['DELETE FROM remediation_offers WHERE case_id = ANY ($1)', [c]] as const),
  fc.tuple(someIds, fc.constantFrom('RC04', 'RC06', 'RC09')).map(([c, code]) => [`INSERT INTO case_root_causes (case_id, node_id, chosen_node_id, role, tagged_by)
    SELECT c.id, n.id, n.id, 'primary', 'test' FROM cases c, rc_nodes n WHERE c.id = ANY ($1) AND n.code = $2 ON CONFLICT DO NOTHING`, [c, code]] as const),
  someIds.map((c) => ['DELETE FROM case_root_causes WHERE case_id = ANY ($1)', [c]] as const)
)

describe('trend_month_dim and trend_month_dim_axis', () => {
  it('are filled by a bulk load as a rebuild makes them, and agree with trend_month', async () => {
    const kept = await snapshot()
    expect((kept.dims as unknown[]).length).toBeGreaterThan(0)
    expect((await owner.query('SELECT sum(cases)::int AS n FROM trend_month_dim'))[0].n).toBe(5 * 300)
    expect(kept).toEqual(await rebuilt())
    expect((await owner.query(DIM_VS_MONTH))[0].n).toBe(0)
  })

  it('stay equal to a fresh rebuild after any sequence of writes, each one statement', async () => {
    await fc.assert(fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 5 }), async (writes) => {
      for (const [sql, params] of writes) await owner.query(sql, [...params])
      expect(await snapshot()).toEqual(await rebuilt())
      expect((await owner.query(DIM_VS_MONTH))[0].n).toBe(0)
    }), { numRuns: 15, seed: 41 })
  }, 300_000)
})
