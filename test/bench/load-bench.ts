// `npm run bench:load [-- --cases 100000 --seconds 120 --users 20]` (issue 16 point 9): a team server under
// load. 20 simulated reviewers (test/bench/load-desktop.ts), each its own connection pool, signed-in session
// and handler map as separate desktops would be, pausing 1–3 s between actions, against one PostgreSQL server
// (DATABASE_URL, 127.0.0.1 only) holding N generated cases. Desktops come in pairs signed in as the same
// reviewer (the office PC and the laptop): only a review's own reviewer may edit it, so that is how two
// desktops meet on one review, and each pair works on the same few reviews so that they do.
//
// Why in-process and not over HTTP: what the desktops share is the database server; the rest (the HTTP
// loopback, the renderer) is each desktop's own machine. The bench calls the very dispatch both transports
// call — contract validation, role checks, the handlers, the error envelopes — with each desktop's own pool,
// so the figures are the server's and the app's, without 20 browsers on a 2-core machine.
//
// Prints each action's count and p50/p95/p99, errors (other than conflicts), conflicts met and resolved,
// lost updates checked against the audit trail afterwards (test/bench/load-check.ts), and the list's p95
// beside the same-run floor: a plain indexed page of the newest cases, sampled every 500 ms during the load.
import { parseArgs } from 'node:util'
import pg from 'pg'
import { openDatabase } from '../../src-main/db/database'
import { seedArchive } from '../../src-main/demo/loader'
import { createUser } from '../../src-main/auth/users'
import { createPlan } from '../../src-main/reviews/plans'
import { seeded } from '../kill/harness'
import { pct, plainPage } from './floors'
import { Desktop, newRecord } from './load-desktop'
import { checkLostUpdates } from './load-check'

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' }, seconds: { type: 'string', default: '120' }, users: { type: 'string', default: '20' },
    seed: { type: 'string', default: '16009' }, reseed: { type: 'boolean', default: false }
  }
})
const cases = Number(values.cases)
const users = Number(values.users)
const admin = process.env.DATABASE_URL
if (!admin) throw new Error('bench:load needs DATABASE_URL: a PostgreSQL server on 127.0.0.1 and a login that may create databases')
const server = new URL(admin)
if (!['127.0.0.1', 'localhost', '[::1]'].includes(server.hostname)) throw new Error(`bench:load runs against 127.0.0.1 only, not ${server.hostname}`)
const PASSWORD = 'load-bench-pass-1'
const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

// One database per archive size, kept between runs (seeding 1M cases takes minutes): --reseed starts afresh.
const dbName = `dossier_load_${cases}`
const target = new URL(admin)
target.pathname = `/${dbName}`
const root = new pg.Client({ connectionString: admin })
await root.connect()
const exists = (await root.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])).rowCount
if (exists && values.reseed) await root.query(`DROP DATABASE ${dbName} WITH (FORCE)`)
if (!exists || values.reseed) await root.query(`CREATE DATABASE ${dbName} ENCODING 'UTF8' TEMPLATE template0`)
const version = ((await root.query('SHOW server_version')).rows as { server_version: string }[])[0].server_version
await root.end()
const db = await openDatabase({ url: target.toString() })
const ds = db.ds
try {
  const have = Number((await ds.query('SELECT count(*) AS n FROM cases'))[0].n)
  if (have !== cases) {
    if (have) throw new Error(`${dbName} holds ${have} cases, not ${cases}: run with --reseed`)
    const s = await seedArchive(ds, { seed: 9, cases, workers: 2 })
    console.log(`seeded ${cases.toLocaleString()} cases in ${sec(s.ms)}`)
  }
  // The team: one reviewer per pair of desktops, and a senior reviewer who plans the round.
  const pairs = Math.ceil(users / 2)
  const ensure = async (username: string, roles: ('reviewer' | 'senior_reviewer')[]): Promise<number> => {
    await createUser(ds, { username, displayName: username, roles, password: PASSWORD }).catch(() => {})
    const id = Number((await ds.query('SELECT id FROM users WHERE username = $1', [username]))[0].id)
    // Row security (migration 33): a reviewer sees the cases of the units assigned to them. The bench's team
    // covers the whole archive, so each is assigned every unit and the policies are evaluated on every read.
    await ds.query(`INSERT INTO user_units (user_id, unit_id, assigned_by) SELECT $1, id, 'load-bench' FROM units ON CONFLICT DO NOTHING`, [id])
    return id
  }
  const reviewerIds: number[] = []
  for (let i = 1; i <= pairs; i++) reviewerIds.push(await ensure(`load.r${String(i).padStart(2, '0')}`, ['reviewer']))
  const seniorId = await ensure('load.senior', ['senior_reviewer'])
  const [{ last }] = (await ds.query(`SELECT to_char(max(received_at) AT TIME ZONE 'Asia/Shanghai' - interval '2 months', 'YYYY-MM') AS last FROM cases`)) as { last: string }[]
  if (!Number((await ds.query(`SELECT count(*) AS n FROM review_plans WHERE name = 'load-bench'`))[0].n)) {
    const [y, m] = last.split('-').map(Number)
    const to = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
    const plan = await createPlan(ds, { id: seniorId, username: 'load.senior', displayName: 'load.senior', roles: ['senior_reviewer'] },
      { name: 'load-bench', receivedFrom: `${last}-01`, receivedTo: to, sampleRate: Math.min(1, 20 * pairs / Math.max(1, cases / 48)), sampleSeed: 9, includeFlagged: false, reviewerIds })
    console.log(`review plan: ${plan.total} reviews for ${pairs} reviewers`)
  }
  const unitIds = ((await ds.query(`SELECT id FROM units WHERE kind IN ('branch', 'sub_branch') ORDER BY id`)) as { id: number }[]).map((u) => u.id)
  const months = ((await ds.query(`SELECT to_char(d, 'YYYY-MM') AS m FROM generate_series(
      (SELECT date_trunc('month', min(received_at)) FROM cases), (SELECT date_trunc('month', max(received_at)) FROM cases), interval '1 month') d`)) as { m: string }[]).map((r) => r.m)
  const [{ before }] = (await ds.query('SELECT coalesce(max(id), 0)::text AS before FROM audit_trail')) as { before: string }[]

  const random = seeded(Number(values.seed))
  const record = newRecord()
  const desktops = Array.from({ length: users }, (_, i) => new Desktop({
    n: i + 1, url: db.url, username: `load.r${String(Math.floor(i / 2) + 1).padStart(2, '0')}`, password: PASSWORD,
    hotReviews: 3, unitIds, months, random, record
  }))
  await Promise.all(desktops.map((d) => d.start()))
  record.samples.clear()
  console.log(`PostgreSQL ${version}, ${dbName}: ${users} desktops (${pairs} reviewers, each on two), ${values.seconds} s`)
  const until = Date.now() + Number(values.seconds) * 1000
  const floor: number[] = []
  const prober = (async () => { while (Date.now() < until) { floor.push(await plainPage(ds)); await new Promise((r) => setTimeout(r, 500)) } })()
  const started = Date.now()
  await Promise.all([...desktops.map((d) => d.run(until)), prober])
  const elapsed = (Date.now() - started) / 1000
  await Promise.all(desktops.map((d) => d.stop()))

  const ms = (x: number): string => (Number.isNaN(x) ? '–' : x.toFixed(1)).padStart(8)
  let calls = 0
  console.log(`\n${'action'.padEnd(18)}${'count'.padStart(7)}${'per s'.padStart(8)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'p99 ms'.padStart(8)}`)
  for (const [action, xs] of [...record.samples].sort()) {
    calls += xs.length
    console.log(`${action.padEnd(18)}${String(xs.length).padStart(7)}${(xs.length / elapsed).toFixed(2).padStart(8)}${ms(pct(xs, 0.5))}${ms(pct(xs, 0.95))}${ms(pct(xs, 0.99))}`)
  }
  const lists = ['list', 'search', 'list, next page'].flatMap((a) => record.samples.get(a) ?? [])
  const listP95 = pct(lists, 0.95)
  console.log(`\nthroughput: ${calls} requests in ${elapsed.toFixed(0)} s = ${(calls / elapsed).toFixed(1)} per s`)
  console.log(`the list (every page asked, filters and searches): p95 ${listP95.toFixed(1)} ms (target < 100 ms: ${listP95 < 100 ? 'met' : 'NOT met'}); floor, a plain indexed page under the same load: p50 ${pct(floor, 0.5).toFixed(1)} ms, p95 ${pct(floor, 0.95).toFixed(1)} ms (${(listP95 / pct(floor, 0.95)).toFixed(1)}× floor)`)
  const byCode = new Map<string, number>()
  for (const e of record.errors) byCode.set(`${e.action}: ${e.code} ${e.message.slice(0, 120)}`, (byCode.get(`${e.action}: ${e.code} ${e.message.slice(0, 120)}`) ?? 0) + 1)
  console.log(`errors (other than conflicts): ${record.errors.length}${[...byCode].map(([k, n]) => `\n  ${n}× ${k}`).join('')}`)
  console.log(`conflicts: ${record.conflicts.met} met, ${record.conflicts.resolved} resolved by reloading and saving again, ${record.conflicts.gaveUp} given up after 5 tries`)
  const lost = await checkLostUpdates(ds, record.acks, before)
  const lostN = lost.notInTrail.length + lost.overwritten.length
  console.log(`lost updates: ${lostN} (of ${lost.acknowledged} acknowledged saves; ${lost.unacknowledged.length} trail entries no one was told of; the trail ${lost.trailVerifies ? 'verifies' : 'DOES NOT verify'})`)
  for (const x of [...lost.notInTrail, ...lost.overwritten, ...lost.unacknowledged].slice(0, 10)) console.log(`  ${x}`)
  process.exitCode = record.errors.length || lostN || lost.unacknowledged.length || !lost.trailVerifies ? 1 : 0
} finally {
  await db.close()
}
