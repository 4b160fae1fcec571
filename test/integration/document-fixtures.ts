// Reviews to print: a plan over the seeded archive and reviews driven through the real workflow services
// (the same ones the handlers call), one left in progress and one approved. Used by the documents test and
// by test/render-docs.sh.
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { connect, resetArchive } from './db'
import { runAudit } from '../../src-main/audit/batch'
import { ensureDemoUsers, listUsers } from '../../src-main/auth/users'
import { createPlan } from '../../src-main/reviews/plans'
import { reviewDetail } from '../../src-main/reviews/review-read'
import { decideReview, saveConclusion, saveFinding, saveRule, submitReview } from '../../src-main/reviews/review-write'
import type { ReviewDetail, SessionUser } from '../../src-main/shared/review-types'

export interface PrintableReviews { approvedId: number; draftId: number; reviewer: SessionUser; senior: SessionUser }

export async function makeReviews(ds: DataSource): Promise<PrintableReviews> {
  await runAudit(ds, { actor: 'test' })
  await ensureDemoUsers(ds)
  const users = await listUsers(ds)
  const as = (username: string): SessionUser => {
    const u = users.find((x) => x.username === username)!
    return { id: u.id, username: u.username, displayName: u.displayName, roles: u.roles }
  }
  const reviewer = as('chen.jing')
  const senior = as('wang.fang')
  const [{ from, to }] = (await ds.query(`SELECT to_char(min(received_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS from,
    to_char(max(received_at) AT TIME ZONE 'Asia/Shanghai' + interval '1 day', 'YYYY-MM-DD') AS to FROM cases`)) as { from: string; to: string }[]
  const plan = await createPlan(ds, senior, { name: '文书测试审查', receivedFrom: from, receivedTo: to, sampleRate: 0.05, sampleSeed: 7, includeFlagged: true, reviewerIds: [reviewer.id] })
  // A review with failing rules and findings makes the fullest document.
  const ids = ((await ds.query(`SELECT r.id FROM reviews r WHERE r.plan_id = $1
      ORDER BY (SELECT count(*) FROM review_rules x WHERE x.review_id = r.id AND x.engine_status = 'fail') DESC, r.id LIMIT 2`, [plan.id])) as { id: number }[]).map((r) => r.id)

  let r: ReviewDetail = await reviewDetail(ds, ids[0], reviewer)
  for (const rule of r.rules) {
    const override = rule.code === 'R07' && rule.internal.status !== 'fail'
    r = await saveRule(ds, reviewer, override
      ? { id: r.id, version: r.version, rule: rule.code, decision: 'overridden', finalStatus: 'fail', note: '首问人未在登记表签字确认，改判不通过' }
      : { id: r.id, version: r.version, rule: rule.code, decision: 'confirmed', note: '' })
  }
  const failing = r.rules.filter((x) => x.finalStatus === 'fail').map((x) => x.code)
  r = await saveFinding(ds, reviewer, { id: r.id, version: r.version, finding: { rule: failing[0] ?? null, severity: 'medium', description: '办理超过时限且未向客户说明延期原因', requiredAction: '补充延期告知记录，组织网点开展时限管理培训', ownerUnitId: null, dueOn: '2026-12-31' } })
  r = await saveFinding(ds, reviewer, { id: r.id, version: r.version, finding: { rule: 'R07', severity: 'low', description: '首问负责人未签字确认', requiredAction: null, ownerUnitId: null, dueOn: null } })
  r = await saveConclusion(ds, reviewer, { id: r.id, version: r.version, conclusion: failing.length ? 'basically_compliant' : 'compliant', opinion: '案件总体按制度办理，时限管理和首问负责制执行需加强，请相关单位按期整改并报送整改结果。' })
  r = await submitReview(ds, reviewer, { id: r.id, version: r.version })
  r = await decideReview(ds, senior, { id: r.id, version: r.version, decision: 'approve', comment: '' })

  // The second stays in progress: two rules confirmed, nothing signed.
  let d = await reviewDetail(ds, ids[1], reviewer)
  for (const rule of d.rules.slice(0, 2)) d = await saveRule(ds, reviewer, { id: d.id, version: d.version, rule: rule.code, decision: 'confirmed', note: '' })
  return { approvedId: r.id, draftId: d.id, reviewer, senior }
}

/** A fresh archive of `cases` demo cases (seed 31 unless given) and its two printable reviews, on a new connection. */
export async function printableArchive(cases = 300, seed = 31): Promise<{ ds: DataSource; reviews: PrintableReviews }> {
  const ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed, cases })
  return { ds, reviews: await makeReviews(ds) }
}
