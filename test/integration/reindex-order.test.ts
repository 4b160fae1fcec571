import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PoolClient } from 'pg'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { reindexArchive } from '../../src-main/cases/reindex'
import { connectOwner, resetArchive } from './db'

let ds: DataSource
// Re-indexing is maintenance: it runs as the owner, as its migration does.
beforeAll(async () => { ds = await connectOwner() })
afterAll(async () => ds?.destroy())

// PostgreSQL lets a sequential scan of a table larger than a quarter of shared_buffers start where the last
// scan of it stopped. A table rewrite that did so stored the archive rotated (found by the 200,000-case
// bench: the planner then read whole tables instead of walking the date index). Only a table of that size
// shows it: the suite's servers run with 128 MB (the embedded one is started so for the tests), and a server
// whose buffers would need more than 40,000 cases fails the test rather than pass it unexamined.
describe('re-indexing a table larger than a quarter of shared_buffers', () => {
  it('keeps the cases in the order they were stored', async () => {
    const [{ pages }] = await ds.query(`SELECT setting::int / 4 AS pages FROM pg_settings WHERE name = 'shared_buffers'`)
    const cases = Math.ceil((pages * 1.5) * 4.3 / 1000) * 1000 // about 4.3 generated cases per 8 kB page
    expect(cases, `shared_buffers would need ${cases.toLocaleString()} cases here`).toBeLessThanOrEqual(40_000)
    await resetArchive(ds)
    await seedArchive(ds, { seed: 4, cases })
    await ds.query('VACUUM (ANALYZE) cases')
    const [{ big }] = await ds.query(`SELECT pg_relation_size('cases') / current_setting('block_size')::int > $1 AS big`, [pages])
    expect(big).toBe(true)
    // A scan that stops half-way leaves the shared scan position in the middle of the table.
    await ds.query('SELECT summary FROM cases OFFSET $1 LIMIT 1', [Math.floor(cases / 2)])
    const qr = ds.createQueryRunner()
    try {
      expect((await reindexArchive((await qr.connect()) as PoolClient, { force: true })).changed).toBe(cases)
    } finally {
      await qr.release()
    }
    const [{ n }] = await ds.query(`SELECT count(*) FILTER (WHERE id < prev)::int AS n FROM (SELECT id, lag(id) OVER (ORDER BY ctid) AS prev FROM cases) x`)
    expect(n).toBe(0)
  })
})
