/**
 * Seeds N cases with the generator's root causes in bulk-load mode (demo/loader.ts) into an empty archive of the
 * database at DATABASE_URL and prints the phases (ms). Usage: DATABASE_URL=… npx tsx test/bench/seed-rootcause-bench.ts [N]
 */
import { openDatabase } from '../../src-main/db/database'
import { seedArchive } from '../../src-main/demo/loader'

async function main(): Promise<void> {
  const cases = Number(process.argv[2] ?? '100000')
  const db = await openDatabase({ url: process.env.DATABASE_URL })
  try {
    const res = await seedArchive(db.ds, { seed: 20251, cases, rootCauses: true, bulk: true })
    const [tags] = (await db.ds.query('SELECT count(*)::int AS n FROM case_root_causes')) as { n: number }[]
    console.log(JSON.stringify({ cases: res.cases, tags: tags.n, ms: res.ms, phases: res.phases }))
  } finally {
    await db.close()
  }
}
void main()
