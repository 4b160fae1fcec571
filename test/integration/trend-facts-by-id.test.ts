// Migration 29 (issue 16 point 9, found by the load bench): re-computing one case's trend facts — on every
// review save, tag and offer — read the whole archive, since trend_facts_of(ids) could not use the primary key,
// and PostgreSQL 15 compiled its large plan with JIT on each call. It must read by id, and give the same rows.
import type { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedArchive } from '../../src-main/demo/loader'
import { asOwner, connect, resetArchive } from './db'

let ds: DataSource
beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 29, cases: 400, workers: 0 })
}, 300_000)
afterAll(async () => { await ds?.destroy() })

const scans = async (owner: DataSource): Promise<{ seq: number; idx: number }> => {
  await owner.query('SELECT pg_stat_force_next_flush()')
  const [r] = await owner.query(`SELECT seq_scan::int AS seq, coalesce(idx_scan, 0)::int AS idx FROM pg_stat_user_tables WHERE relname = 'cases'`)
  return r
}

describe('trend_facts_of', () => {
  it('reads the cases asked for through the primary key, without scanning the archive', async () => {
    await asOwner(async (owner) => {
      const ids = ((await owner.query('SELECT id FROM cases ORDER BY random() LIMIT 3')) as { id: number }[]).map((r) => r.id)
      await owner.query('SELECT * FROM trend_facts_of($1)', [ids])
      const before = await scans(owner)
      for (let i = 0; i < 5; i++) await owner.query('SELECT * FROM trend_facts_of($1)', [ids])
      const after = await scans(owner)
      expect(after.seq - before.seq).toBe(0)
      expect(after.idx - before.idx).toBeGreaterThanOrEqual(5)
      const [{ config }] = await owner.query(`SELECT proconfig AS config FROM pg_proc WHERE proname = 'trend_facts_of'`)
      expect(config).toContain('jit=off')
    })
  })

  it('gives each case the same facts by id as the full rebuild does, and the stored facts agree', async () => {
    await asOwner(async (owner) => {
      const diff = async (a: string, b: string): Promise<number> => Number((await owner.query(`SELECT count(*) AS n FROM (${a} EXCEPT ALL ${b}) x`))[0].n)
      const byId = 'SELECT * FROM trend_facts_of((SELECT array_agg(id) FROM cases))'
      const all = 'SELECT * FROM trend_facts_of(NULL)'
      expect(Number((await owner.query(`SELECT count(*) AS n FROM trend_facts_of(NULL)`))[0].n)).toBe(400)
      expect([await diff(byId, all), await diff(all, byId), await diff(all, 'SELECT * FROM trend_case_facts')]).toEqual([0, 0, 0])
      expect(await owner.query('SELECT * FROM trend_facts_of(ARRAY[]::int[])')).toEqual([])
    })
  })
})
