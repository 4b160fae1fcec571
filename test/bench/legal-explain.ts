// tsx test/bench/legal-explain.ts [part of a case name] (DATABASE_URL = a superuser's URL to an archive, e.g. the one
// `npm run bench:legal -- --db NAME` left): EXPLAIN (ANALYZE, BUFFERS) of every statement the offers list runs, for
// each filter, queue and sort of the legal bench, one line per statement (time, shared buffers hit/read, then the
// plan's node types, indexes and heap fetches), so an unindexed path or a walk that goes to the table shows at once.
// The statements run as the app does: the app role under row security (a superuser passes every policy, and the
// policy's columns decide whether a walk can stay in its index), in the process's system session.
import { openDatabase } from '../../src-main/db/database'
import { listOffers } from '../../src-main/legal/offer-list'
import { legalRequestSchemas } from '../../src-main/shared/contract-legal'
import { benchListCases, DIRS, SORTS } from './legal-cases'
import { benchUserId } from './legal-opinions'

type Plan = Record<string, unknown>

async function main(): Promise<void> {
  const db = await openDatabase({ url: process.env.DATABASE_URL, runMigrations: false })
  const only = process.argv[2]
  // As the list runs (the app's session: JIT off), each statement explained.
  const explaining = (em: { query: (sql: string, params?: unknown[]) => Promise<unknown> }) => ({
    query: async <T = unknown>(sql: string, params?: unknown[]): Promise<T> => {
      if (/^\s*WITH RECURSIVE p/.test(sql)) return (await em.query(sql, params)) as T
      const [row] = (await em.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params)) as Record<string, Plan[]>[]
      const plan = row['QUERY PLAN'][0]
      const top = plan.Plan as Plan
      const nodes: string[] = []
      const walk = (n: Plan): void => {
        const on = n['Index Name'] ? `(${n['Index Name']})` : n['Relation Name'] ? `(${n['Relation Name']})` : ''
        const fetches = n['Heap Fetches'] ? ` heap=${n['Heap Fetches']}` : ''
        nodes.push(n['Actual Loops'] === 0 ? `${n['Node Type']}${on} never` : `${n['Node Type']}${on} r=${n['Actual Rows']}${fetches}`)
        for (const k of (n.Plans as Plan[] | undefined) ?? []) walk(k)
      }
      walk(top)
      const buffers = `hit ${top['Shared Hit Blocks']} read ${top['Shared Read Blocks']}`
      // Planning and JIT compilation are not in the execution time, but a request waits for them too.
      const jit = plan.JIT as { Timing?: { Total?: number } } | undefined
      const extra = `plan ${(plan['Planning Time'] as number).toFixed(1)} ms${jit ? `, JIT ${(jit.Timing?.Total ?? 0).toFixed(1)} ms` : ''}`
      console.log(`   ${(plan['Execution Time'] as number).toFixed(1).padStart(7)} ms  ${buffers.padEnd(20)} ${extra.padEnd(24)} ${nodes.join(' > ')}`)
      return (await em.query(sql, params)) as T
    }
  })
  const q = explaining(db.ds)
  try {
    const userId = await benchUserId(db.ds)
    for (const { filter, queue } of await benchListCases(db.ds)) {
      for (const sort of SORTS) {
        for (const dir of DIRS) {
          const name = `${JSON.stringify(filter)} ${queue} by ${sort} ${dir}`
          if (only && !name.includes(only)) continue
          console.log(name)
          await listOffers(q, userId, legalRequestSchemas['legal.offers'].parse({ filter, sort, dir, queue, limit: 100 }))
        }
      }
    }
  } finally {
    await db.close()
  }
}

main().catch((err) => { console.error(err); process.exit(1) })
