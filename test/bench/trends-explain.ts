// DATABASE_URL=… npx tsx test/bench/trends-explain.ts --db NAME [--filter JSON] [--plans]: where a trend view's time
// goes, statement by statement, on an archive a trends bench left (e.g. `npm run bench:trends -- --db NAME`). Runs
// trendsView (and trendExtras) for the filter (default: the bench's text search) over the bench's period, as the app
// role the app uses, and prints each statement's time and its plan's node types; with --plans, the whole
// EXPLAIN ANALYZE text. Statements run one after another here (the view runs them side by side).
import { parseArgs } from 'node:util'
import { loadavg } from 'node:os'
import { openDatabase } from '../../src-main/db/database'
import { trendsView } from '../../src-main/trends/query'
import { trendExtras } from '../../src-main/trends/extras'
import type { CaseFilter, TrendPeriod } from '../../src-main/shared/contract'

const { values } = parseArgs({ options: { db: { type: 'string' }, filter: { type: 'string' }, plans: { type: 'boolean' } } })

interface PlanNode { 'Node Type': string; 'Index Name'?: string; 'Relation Name'?: string; 'Actual Rows': number; 'Actual Total Time': number; Plans?: PlanNode[] }

async function main(): Promise<void> {
  const server = process.env.DATABASE_URL
  if (!server || !values.db) throw new Error('set DATABASE_URL and --db (an archive the trends bench seeded)')
  const u = new URL(server)
  u.pathname = `/${values.db}`
  const db = await openDatabase({ url: u.toString() })
  const ds = db.ds
  const filter = JSON.parse(values.filter ?? '{"text":"扣费"}') as CaseFilter
  const [{ last }] = await ds.query(`SELECT to_char(max(received_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS last FROM cases`)
  const period: TrendPeriod = { grain: 'month', from: `${Number(last.slice(0, 4)) - 1}-${last.slice(5)}`, to: last }
  const explaining = {
    query: async (sql: string, params?: unknown[]): Promise<unknown> => {
      const t = performance.now()
      const rows = await ds.query(sql, params)
      const ms = performance.now() - t
      const [{ 'QUERY PLAN': [plan] }] = await ds.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params)
      const nodes: string[] = []
      const walk = (n: PlanNode): void => {
        nodes.push(`${n['Node Type']}${n['Index Name'] ? `(${n['Index Name']})` : n['Relation Name'] ? `(${n['Relation Name']})` : ''} r=${n['Actual Rows']} ${n['Actual Total Time'].toFixed(0)}ms`)
        for (const k of n.Plans ?? []) walk(k)
      }
      walk(plan.Plan)
      console.log(`\n${ms.toFixed(1).padStart(7)} ms (explained ${plan['Execution Time'].toFixed(1)} ms, planned ${plan['Planning Time'].toFixed(1)} ms) ${sql.replace(/\s+/g, ' ').slice(0, 140)}`)
      console.log(`   ${nodes.join(' > ')}`)
      if (values.plans) {
        const text = (await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)) as { 'QUERY PLAN': string }[]
        console.log(text.map((r) => `   | ${r['QUERY PLAN']}`).join('\n'))
      }
      return rows
    }
  }
  try {
    console.log(`filter ${JSON.stringify(filter)}, period ${period.from}…${period.to}; load average ${loadavg().map((x) => x.toFixed(2)).join(', ')}`)
    console.log('\n== trends.view')
    await trendsView(explaining as never, filter, period)
    console.log('\n== trends.extras')
    await trendExtras(explaining as never, filter, period)
  } finally {
    await db.close()
  }
}

main().catch((e) => { console.error(e); process.exit(1) })
