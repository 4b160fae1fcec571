// The audit part of `npm run bench:list`: a whole-archive audit (time, phases, precision/recall against the
// generator's ground truth), a quarter's review plan, and opening a review as the review screen does
// (the review with its frozen engine results, and the case beside it).
import type { DataSource } from 'typeorm'
import { runAudit } from '../../src-main/audit/batch'
import { scoreAgainstTruth } from '../../src-main/audit/score'
import { scoreTable } from '../../src-main/audit/report'
import { ensureDemoUsers } from '../../src-main/auth/users'
import { createPlan } from '../../src-main/reviews/plans'
import { reviewDetail } from '../../src-main/reviews/review-read'
import { getCase } from '../../src-main/cases/case-detail'
import type { SessionUser } from '../../src-main/shared/contract'

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]
const ms = (x: number): string => `${x.toFixed(1)} ms`

/** Prints the audit's figures; resolves to the best whole-archive audit time (ms). */
export async function benchAudit(ds: DataSource, runs: number): Promise<number> {
  console.log('\naudit engine, whole archive (16 rules × internal policy and regulatory floor):')
  const times: number[] = []
  for (let i = 0; i < 2; i++) {
    const r = await runAudit(ds, { actor: 'bench' })
    times.push(r.ms)
    console.log(`  run ${i + 1}: ${r.cases.toLocaleString()} cases in ${(r.ms / 1000).toFixed(1)} s (read + judge + write ${(r.phases.streamMs / 1000).toFixed(1)} s, swap ${(r.phases.swapMs / 1000).toFixed(1)} s); ${r.flagged.toLocaleString()} with a failed rule`)
  }
  const rss = process.memoryUsage().rss / 2 ** 20
  console.log(`  best ${(Math.min(...times) / 1000).toFixed(1)} s; process RSS after: ${rss.toFixed(0)} MiB`)
  console.log('\nprecision / recall against the injected violations:')
  console.log(scoreTable(await scoreAgainstTruth(ds)).split('\n').map((l) => `  ${l}`).join('\n'))

  await ensureDemoUsers(ds)
  const users: { id: number; username: string }[] = await ds.query(`SELECT id, username FROM users WHERE username IN ('wang.fang', 'chen.jing', 'li.ming') ORDER BY id`)
  const senior = users.find((u) => u.username === 'wang.fang')!
  const planner: SessionUser = { id: senior.id, username: 'wang.fang', displayName: '王芳', roles: ['senior_reviewer'] }
  let t = performance.now()
  const plan = await createPlan(ds, planner, {
    name: `bench ${new Date().toISOString()}`, receivedFrom: '2025-07-01', receivedTo: '2025-10-01', sampleRate: 0.02, sampleSeed: 7, includeFlagged: false,
    reviewerIds: users.filter((u) => u.username !== 'wang.fang').map((u) => u.id)
  })
  console.log(`\nreview plan for 2025 Q3 (重大 + group + 2 % sample): ${plan.total.toLocaleString()} reviews in ${ms(performance.now() - t)}`)

  const reviews: { id: number; case_id: number }[] = await ds.query('SELECT id, case_id FROM reviews WHERE plan_id = $1 ORDER BY random() LIMIT $2', [plan.id, runs])
  const open: number[] = []
  for (const r of reviews) {
    t = performance.now()
    await Promise.all([reviewDetail(ds, r.id, planner), getCase(ds, r.case_id)])
    open.push(performance.now() - t)
  }
  console.log(`opening a review (review + case, ${open.length} random reviews): median ${ms(pct(open, 0.5))}, p95 ${ms(pct(open, 0.95))}`)
  return Math.min(...times)
}
