// `npm run bench:kill [-- --points 200 --seed S]`: the kill harness (test/kill/harness.ts) over many kill
// points, on DATABASE_URL or a fresh embedded server. Prints each kind's time to finish, how many kills
// landed inside the work, and every problem found (there should be none).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { openDatabase } from '../../src-main/db/database'
import { createUser } from '../../src-main/auth/users'
import { seedArchive } from '../../src-main/demo/loader'
import { KINDS, importFile, measureKinds, plan, runKillPoint, seeded, type KillOutcome } from '../kill/harness'

const { values } = parseArgs({ options: { points: { type: 'string', default: '200' }, seed: { type: 'string', default: '16004' } } })
const points = Number(values.points)
const dir = mkdtempSync(join(tmpdir(), 'dossier-kill-bench-'))
const db = await openDatabase({ dataDir: join(dir, 'server') })
try {
  if (!Number((await db.ds.query('SELECT count(*) AS n FROM cases'))[0].n)) await seedArchive(db.ds, { seed: 16, cases: 300, workers: 0 })
  await createUser(db.ds, { username: `kill.bench.${process.pid}`, displayName: '杀进程基准', roles: ['admin'], password: 'kill-harness-pass-1' }).catch(() => {})
  const unit = (await db.ds.query(`SELECT code FROM units WHERE kind IN ('branch', 'sub_branch') ORDER BY id LIMIT 1`))[0].code as string
  const ctx = { dbUrl: db.url, ownerUrl: db.ownerUrl ?? db.url, dir, admin: `kill.bench.${process.pid}`, password: 'kill-harness-pass-1', importFile: join(dir, 'new-cases.csv') }
  await importFile(ctx.importFile, 2000, unit)
  const measured = await measureKinds(ctx, db.ds)
  console.log(`time to finish, ms: ${KINDS.map((k) => `${k} ${measured.durationMs[k]}`).join(', ')}`)
  const outcomes: KillOutcome[] = [...measured.outcomes]
  const started = Date.now()
  for (const p of plan(points, seeded(Number(values.seed)), measured.durationMs)) {
    const o = await runKillPoint(p, ctx, db.ds)
    outcomes.push(o)
    if (o.problems.length) console.log(`PROBLEM ${o.kind} killed at ${o.delayMs} ms: ${o.problems.join('; ')}`)
    if (outcomes.length % 10 === 0) process.stderr.write(`\r${outcomes.length - KINDS.length} / ${points} kill points`)
  }
  process.stderr.write('\n')
  const killed = outcomes.filter((o) => o.killedWhileRunning)
  const bad = outcomes.filter((o) => o.problems.length)
  console.log(`kill points: ${points} (seed ${values.seed}), ${killed.length} landed inside the work, ${bad.length} with problems; ${((Date.now() - started) / 1000).toFixed(0)} s`)
  for (const k of KINDS) console.log(`  ${k.padEnd(7)} ${outcomes.filter((o) => o.kind === k && o.killedWhileRunning).length} killed inside, ${outcomes.filter((o) => o.kind === k && o.problems.length).length} problems`)
  process.exitCode = bad.length ? 1 : 0
} finally {
  await db.close()
  rmSync(dir, { recursive: true, force: true })
}
