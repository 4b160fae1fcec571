// tsx test/bench/legal-case-no-paired.ts [runs] (DATABASE_URL = a superuser's URL to an archive `npm run bench:legal
// -- --db NAME` left, migration 50 applied): the offers list sorted by case number, in byte order (migration 50) and
// as before it (the server's default collation, the same statement without COLLATE "C", over a temporary copy of the
// old index), alternated request by request so both see the same moments of a busy machine. Prints each filter's
// p95 (ms) both ways, their ratio, and the floor (a plain indexed page of 100 offers) measured in between; with
// --server, the statement's own execution time instead (EXPLAIN (ANALYZE, TIMING OFF): no round trips, no client).
import { loadavg } from 'node:os'
import pg from 'pg'
import { openDatabase } from '../../src-main/db/database'
import { listOffers } from '../../src-main/legal/offer-list'
import { legalRequestSchemas } from '../../src-main/shared/contract-legal'
import { benchListCases } from './legal-cases'
import { nearestRank } from './timing'

const SERVER = process.argv.includes('--server')
const RUNS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 20)
const OLD_INDEX = 'legal_offer_list_case_no_default_idx'

async function main(): Promise<void> {
  const db = await openDatabase({ url: process.env.DATABASE_URL, runMigrations: false })
  const owner = new pg.Client({ connectionString: db.ownerUrl ?? process.env.DATABASE_URL })
  await owner.connect()
  try {
    // Migration 46's definition of the index, under the default collation: what the statement without COLLATE "C" walked.
    await owner.query(`CREATE INDEX IF NOT EXISTS ${OLD_INDEX} ON legal_offer_list (case_no, offer_id) INCLUDE (unit_id, category, business_line, type, review_status, at, amount_fen, case_id)`)
    await owner.query('VACUUM ANALYZE legal_offer_list')
    // --server: the list's statement is explained, its execution time kept (the product filter's name lookup runs as it is).
    let executed = 0
    const via = (rewrite: (sql: string) => string) => ({
      query: async <T = unknown>(sql: string, params?: unknown[]): Promise<T> => {
        if (!SERVER || /^\s*WITH RECURSIVE p/.test(sql)) return (await db.ds.query(rewrite(sql), params)) as T
        const [row] = (await db.ds.query(`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${rewrite(sql)}`, params)) as { 'QUERY PLAN': { 'Execution Time': number }[] }[]
        executed = row['QUERY PLAN'][0]['Execution Time']
        return [{ total_matches: 0, id: null }] as T
      }
    })
    const now = via((sql) => sql)
    const old = via((sql) => sql.replaceAll(' COLLATE "C"', ''))
    const floor: number[] = []
    const wall = async (fn: () => Promise<unknown>): Promise<number> => { const t = performance.now(); await fn(); return performance.now() - t }
    const time = async (fn: () => Promise<unknown>): Promise<number> => { const ms = await wall(fn); return SERVER ? executed : ms }
    console.log(`${SERVER ? 'execution time' : 'wall time'}, ${RUNS} runs each`)
    console.log(`${'filter (by case number, desc)'.padEnd(64)} ${'default p50/p95'.padStart(16)} ${'"C" p50/p95'.padStart(14)}  p95 ratio`)
    for (const { filter, queue } of await benchListCases(db.ds)) {
      const req = legalRequestSchemas['legal.offers'].parse({ filter, queue, sort: 'case_no', limit: 100 })
      const before: number[] = []
      const after: number[] = []
      for (let i = 0; i < RUNS; i++) {
        // Alternate which goes first, so neither always follows the other's cache warming.
        if (i % 2) { before.push(await time(() => listOffers(old, 1, req))); after.push(await time(() => listOffers(now, 1, req))) }
        else { after.push(await time(() => listOffers(now, 1, req))); before.push(await time(() => listOffers(old, 1, req))) }
        if (i % 5 === 0) floor.push(await wall(() => db.ds.query('SELECT * FROM remediation_offers ORDER BY approved_at DESC, id DESC LIMIT 100')))
      }
      const b = nearestRank(before, 0.95)
      const a = nearestRank(after, 0.95)
      const both = (ms: number[], p95: number): string => `${nearestRank(ms, 0.5).toFixed(1)}/${p95.toFixed(1)}`
      console.log(`${`${JSON.stringify(filter)}${queue === 'all' ? '' : ` queue ${queue}`}`.padEnd(64)} ${both(before, b).padStart(16)} ${both(after, a).padStart(14)}  ${(a / b).toFixed(2)}`)
    }
    console.log(`floor (wall time) p95 ${nearestRank(floor, 0.95).toFixed(1)} ms (median ${nearestRank(floor, 0.5).toFixed(1)}); load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`)
  } finally {
    await owner.query(`DROP INDEX IF EXISTS ${OLD_INDEX}`)
    await owner.end()
    await db.close()
  }
}

main().catch((err) => { console.error(err); process.exit(1) })
