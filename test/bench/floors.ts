// The floors each bench figure is read against, measured in the same run on the same rows, so a figure can
// be compared across machines that differ by 2× in speed: a raw COPY of the archive's rows (seeding, the
// re-index), a plain indexed page of the newest cases (the list queries), one GROUP BY scan (the audit).
import type { DataSource } from 'typeorm'
import type { PoolClient } from 'pg'
import { pipeline } from 'node:stream/promises'
import { from as copyFrom, to as copyTo } from 'pg-copy-streams'

/** The p-quantile (0 ≤ p ≤ 1) of `xs` by nearest rank; NaN for none. */
export const pct = (xs: number[], p: number): number => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] : NaN)

export interface Floors {
  /** ms to COPY the cases and their timeline events out and into empty unlogged tables without indexes (binary). */
  copyMs: number
  /** ms, median and p95, of the newest 100 cases read through the received_at index (no filter, no join). */
  page: { median: number; p95: number }
  /** ms, best of three, of one GROUP BY over every case. */
  scanMs: number
}

async function rawCopy(ds: DataSource, table: string): Promise<number> {
  const pool = (ds.driver as unknown as { master: { connect(): Promise<PoolClient> } }).master
  const [reader, writer] = [await pool.connect(), await pool.connect()]
  try {
    await writer.query(`DROP TABLE IF EXISTS bench_floor_${table}; CREATE UNLOGGED TABLE bench_floor_${table} (LIKE ${table})`)
    const t = performance.now()
    await pipeline(reader.query(copyTo(`COPY ${table} TO STDOUT (FORMAT binary)`)), writer.query(copyFrom(`COPY bench_floor_${table} FROM STDIN (FORMAT binary)`)))
    const ms = performance.now() - t
    await writer.query(`DROP TABLE bench_floor_${table}`)
    return ms
  } finally {
    reader.release()
    writer.release()
  }
}

/** ms of one plain indexed page: the newest 100 cases through the received_at index, no filter or join. */
export async function plainPage(ds: Pick<DataSource, 'query'>): Promise<number> {
  const t = performance.now()
  await ds.query('SELECT * FROM cases ORDER BY received_at DESC, id DESC LIMIT 100')
  return performance.now() - t
}

/** `owner` makes the raw COPY's scratch tables (the app role may not create tables); the rest runs as `ds`. */
export async function measureFloors(ds: DataSource, runs: number, owner: DataSource = ds): Promise<Floors> {
  const copyMs = (await rawCopy(owner, 'cases')) + (await rawCopy(owner, 'case_events'))
  const page: number[] = []
  for (let i = 0; i < runs; i++) page.push(await plainPage(ds))
  const scans: number[] = []
  for (let i = 0; i < 3; i++) {
    const t = performance.now()
    await ds.query('SELECT category, count(*) FROM cases GROUP BY 1')
    scans.push(performance.now() - t)
  }
  return { copyMs, page: { median: pct(page, 0.5), p95: pct(page, 0.95) }, scanMs: Math.min(...scans) }
}

/** 「12.3× the floor」: a figure over its floor. */
export const timesFloor = (ms: number, floorMs: number): string => `${(ms / floorMs).toFixed(1)}× floor`

export function printFloors(f: Floors): void {
  console.log('\nfloors (same run, same rows):')
  console.log(`  raw binary COPY of cases + timeline events into bare tables: ${(f.copyMs / 1000).toFixed(1)} s`)
  console.log(`  plain indexed page (newest 100 cases, no filter or join): median ${f.page.median.toFixed(1)} ms, p95 ${f.page.p95.toFixed(1)} ms`)
  console.log(`  one GROUP BY scan of the cases: ${f.scanMs.toFixed(0)} ms`)
}
