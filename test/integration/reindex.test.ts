import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PoolClient } from 'pg'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { reindexArchive, type ReindexOptions } from '../../src-main/cases/reindex'
import { searchVector } from '../../src-main/cases/search-terms'
import { identityKey } from '../../src-main/text/identity'
import { CASES_TABLE_INDEX_NAMES } from '../../src-main/db/case-indexes'
import { TextKeys1764000000009 } from '../../migrations/1764000000009-text-keys'
import { connectOwner, resetArchive } from './db'

let ds: DataSource
const N = 2000

async function reindex(opts?: ReindexOptions) {
  const qr = ds.createQueryRunner()
  try {
    return await reindexArchive((await qr.connect()) as PoolClient, opts)
  } finally {
    await qr.release()
  }
}

/** Cases whose stored vector or key differs from what the current code computes from their texts. */
async function stale(): Promise<number> {
  const rows: { id: number; summary: string; request: string; complainant_name: string | null; complainant_id_no: string | null }[] =
    await ds.query('SELECT id, summary, request, complainant_name, complainant_id_no FROM cases ORDER BY id')
  const [r] = await ds.query(
    `SELECT count(*)::int AS n FROM cases c JOIN unnest($1::int[], $2::tsvector[], $3::text[]) AS x(id, vec, key) ON x.id = c.id
      WHERE c.search_vec IS DISTINCT FROM x.vec OR c.complainant_key IS DISTINCT FROM x.key`,
    [rows.map((x) => x.id), rows.map((x) => searchVector(x.summary, x.request)), rows.map((x) => identityKey(x.complainant_name, x.complainant_id_no))])
  return r.n
}

/** Heap pages, pages marked all-visible, the list indexes present, and rows stored out of id order. */
async function shape(): Promise<{ pages: number; visible: number; indexes: string[]; disordered: number }> {
  await ds.query('ANALYZE cases')
  const [r] = await ds.query(`SELECT (pg_relation_size('cases') / current_setting('block_size')::int)::int AS pages, relallvisible AS visible FROM pg_class WHERE oid = 'cases'::regclass`)
  const idx: { indexname: string }[] = await ds.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'cases' ORDER BY indexname`)
  const [o] = await ds.query(`SELECT count(*) FILTER (WHERE id < prev)::int AS n FROM (SELECT id, lag(id) OVER (ORDER BY ctid) AS prev FROM cases) x`)
  return { pages: r.pages, visible: r.visible, indexes: idx.map((i) => i.indexname), disordered: o.n }
}

beforeAll(async () => {
  // Re-indexing is maintenance: it runs as the owner, as its migration does.
  ds = await connectOwner()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 21, cases: N })
  await ds.query('VACUUM (ANALYZE) cases')
})
afterAll(async () => ds?.destroy())

describe('re-indexing an existing archive (migration 1764000000009)', () => {
  it('recomputes every search vector and complainant key of an archive written before, and leaves it compact', async () => {
    const fresh = await shape()
    expect(fresh.disordered).toBe(0)
    // An archive as the old code left it: other vectors (here: none), no keys. Rewritten in id order, as the
    // fresh load was, so that what follows starts from an archive in order and without dead rows.
    await ds.query(`UPDATE cases SET search_vec = ''::tsvector, complainant_key = NULL`)
    await ds.query('CLUSTER cases USING cases_pkey')
    await ds.query('VACUUM cases')
    expect(await stale()).toBe(N)
    const res = await reindex({ batch: 300 })
    expect(res).toMatchObject({ cases: N, changed: N })
    expect(await stale()).toBe(0)
    const after = await shape()
    expect(after.indexes).toEqual(fresh.indexes)
    for (const name of CASES_TABLE_INDEX_NAMES) expect(after.indexes).toContain(name)
    // No dead copies left behind: no bigger than the fresh load (which the blanking had doubled), all visible.
    expect(after.pages).toBeLessThanOrEqual(fresh.pages * 1.05)
    expect(after.visible).toBe(after.pages)
    // And in the order they were stored: walking the date index reads the heap as before.
    expect(after.disordered).toBe(0)
  })

  it('changes and rewrites nothing when all is up to date; with force rewrites all and stays compact', async () => {
    const before = await shape()
    const [{ f }] = await ds.query(`SELECT pg_relation_filenode('cases') AS f`)
    const again = await reindex()
    expect(again.changed).toBe(0)
    expect((await ds.query(`SELECT pg_relation_filenode('cases') AS f`))[0].f).toBe(f)
    const forced = await reindex({ force: true, batch: 700 })
    expect(forced.changed).toBe(N)
    const after = await shape()
    expect(after.pages).toBeLessThanOrEqual(before.pages * 1.05)
    expect(after.indexes).toEqual(before.indexes)
    expect(after.disordered).toBe(0)
    expect(await stale()).toBe(0)
  })

  it('leaves the archive as it was when it fails part-way', async () => {
    await ds.query(`UPDATE cases SET summary = '购买理財', complainant_key = 'stale' WHERE id = 1`)
    const digest = `SELECT md5(string_agg(search_vec::text || coalesce(complainant_key, '-'), ',' ORDER BY id)) AS d FROM cases`
    const [before] = await ds.query(digest)
    // Stops in the second batch, after the first has been written and the indexes dropped.
    const broken = reindex({ batch: 500, onProgress: (done) => { if (done >= 1000) throw new Error('stopped on purpose') } })
    await expect(broken).rejects.toThrow('stopped on purpose')
    expect(await ds.query(digest)).toEqual([before])
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'cases' AND indexname = ANY($1)`, [CASES_TABLE_INDEX_NAMES])
    expect(n).toBe(CASES_TABLE_INDEX_NAMES.length)
    expect((await reindex()).changed).toBe(1)
    expect(await stale()).toBe(0)
  })

  it('runs as the migration does: adds the key column and its index, and fills them', async () => {
    await ds.query('ALTER TABLE cases DROP COLUMN complainant_key')
    const qr = ds.createQueryRunner()
    try {
      await new TextKeys1764000000009().up(qr)
    } finally {
      await qr.release()
    }
    expect(await stale()).toBe(0)
    expect((await shape()).indexes).toContain('cases_complainant_idx')
    const [{ keyed }] = await ds.query('SELECT count(*)::int AS keyed FROM cases WHERE complainant_key IS NOT NULL')
    const [{ ided }] = await ds.query('SELECT count(*)::int AS ided FROM cases WHERE complainant_id_no IS NOT NULL')
    expect(keyed).toBe(ided)
  })
})
