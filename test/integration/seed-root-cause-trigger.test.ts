import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { asOwner, connect, resetArchive } from './db'

// Migration 49: a change to case_root_causes marks its offers' facts changed once per statement, not per row.
const N = 1500
let ds: DataSource
const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => (await ds.query(sql, params)) as T[]

/** The whole legal list (every column, by offer) and the tagged cases, as one digest. */
const listDigest = async (): Promise<{ list: string; rows: number; tags: number; checks: number }> =>
  (await q<{ list: string; rows: number; tags: number; checks: number }>(`
    SELECT (SELECT md5(string_agg(to_jsonb(l)::text, E'\\n' ORDER BY l.offer_id)) FROM legal_offer_list l) AS list,
           (SELECT count(*)::int FROM legal_offer_list) AS rows,
           (SELECT count(*)::int FROM case_root_causes) AS tags,
           (SELECT count(*)::int FROM offer_checks) AS checks`))[0]

beforeAll(async () => { ds = await connect() })
afterAll(async () => ds?.destroy())

describe('seeding root causes in bulk mode', () => {
  it('gives the same legal list as the per-row path', async () => {
    await resetArchive(ds)
    await seedArchive(ds, { seed: 11, cases: N, rootCauses: true, bulk: false })
    const rowWise = await listDigest()
    await resetArchive(ds)
    await seedArchive(ds, { seed: 11, cases: N, rootCauses: true, bulk: true })
    const bulk = await listDigest()
    expect(rowWise.rows).toBeGreaterThan(N * 0.05)
    expect(rowWise.tags).toBeGreaterThan(N * 0.2)
    // Some tagged cases carry offers, so the root cause columns of the list are exercised.
    const [withRoot] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM legal_offer_list WHERE root_code IS NOT NULL`)
    expect(withRoot.n).toBeGreaterThan(0)
    expect(bulk).toEqual(rowWise)
  })

  it('marks the offers of re-tagged cases changed once per statement, with the same effect', async () => {
    // Counting function calls takes track_functions, a superuser's setting: given to the owner role for its next sessions.
    const ownerRole = await asOwner(async (owner) => ((await owner.query('SELECT current_user AS r')) as { r: string }[])[0].r)
    const admin = new DataSource({ type: 'postgres', url: inject('adminUrl') })
    await admin.initialize()
    await admin.query(`ALTER ROLE "${ownerRole}" SET track_functions = 'pl'`)
    const calls = await asOwner(async (owner) => {
      const runner = owner.createQueryRunner()
      await runner.connect()
      try {
        await runner.startTransaction()
        const cases = (await runner.query(`
          SELECT DISTINCT r.case_id FROM case_root_causes r JOIN remediation_offers o ON o.case_id = r.case_id ORDER BY 1 LIMIT 40`)) as { case_id: number }[]
        expect(cases.length).toBe(40)
        const ids = cases.map((c) => c.case_id)
        // Stored checks for those offers: a change to the cases' root causes must delete them.
        await runner.query(`INSERT INTO offer_checks (offer_id, results) SELECT id, '{}' FROM remediation_offers WHERE case_id = ANY ($1)
                            ON CONFLICT (offer_id) DO NOTHING`, [ids])
        const before = (await runner.query(`SELECT count(*)::int AS n FROM offer_checks o JOIN remediation_offers r ON r.id = o.offer_id WHERE r.case_id = ANY ($1)`, [ids])) as { n: number }[]
        expect(before[0].n).toBeGreaterThanOrEqual(40)
        const base = (await runner.query(`SELECT coalesce((SELECT calls FROM pg_stat_xact_user_functions WHERE funcname = 'dossier_offer_facts_changed'), 0)::int AS n`)) as { n: number }[]
        await runner.query(`UPDATE case_root_causes SET tagged_at = tagged_at WHERE case_id = ANY ($1)`, [ids])
        const after = (await runner.query(`SELECT count(*)::int AS n FROM offer_checks o JOIN remediation_offers r ON r.id = o.offer_id WHERE r.case_id = ANY ($1)`, [ids])) as { n: number }[]
        expect(after[0].n).toBe(0)
        const used = (await runner.query(`SELECT coalesce((SELECT calls FROM pg_stat_xact_user_functions WHERE funcname = 'dossier_offer_facts_changed'), 0)::int AS n`)) as { n: number }[]
        return used[0].n - base[0].n
      } finally {
        await runner.rollbackTransaction()
        await runner.release()
      }
    }).finally(async () => {
      await admin.query(`ALTER ROLE "${ownerRole}" RESET track_functions`)
      await admin.destroy()
    })
    expect(calls).toBe(1)
  })

  it('has no row-level trigger on case_root_causes looking up offers', async () => {
    const rows = await q<{ tgname: string }>(`
      SELECT t.tgname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
       WHERE t.tgrelid = 'case_root_causes'::regclass AND NOT t.tgisinternal AND (t.tgtype & 1) = 1
         AND p.prosrc LIKE '%remediation_offers%'`)
    expect(rows).toEqual([])
  })
})
