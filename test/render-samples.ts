// npx tsx test/render-samples.ts OUT_DIR: a fresh archive (DATABASE_URL server: database dossier_render;
// otherwise an embedded cluster in a temporary folder), 4,000 demo cases, two reviews, and one of each
// document into OUT_DIR — the fullest case there is, an anonymous one, an approved and a draft review, the
// 2025Q3 quarterly report, and the 法律审查意见书 of a case's first two offers (one signed, one not yet).
// test/render-docs.sh turns them into PDF and PNG to look at.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openDatabase } from '../src-main/db/database'
import { seedArchive } from '../src-main/demo/loader'
import { issueCaseDocument, issueLegalOpinion, issueReviewDocument } from '../src-main/documents/issue'
import { legalRequestSchemas } from '../src-main/shared/contract-legal'
import { signOpinion } from '../src-main/legal/opinions'
import { listUsers } from '../src-main/auth/users'
import { makeReviews } from './integration/document-fixtures'
import { issueQuarterlyReport } from '../src-main/documents/quarterly-report'
import { parseQuarter } from '../src-main/stats/quarter'
import { setCaseRootCauses } from '../src-main/rootcause/tags'

const out = process.argv[2]
if (!out) throw new Error('usage: tsx test/render-samples.ts OUT_DIR')

async function fresh(): Promise<{ url?: string; dataDir?: string; cleanup: () => void }> {
  const external = process.env.DATABASE_URL
  if (!external) {
    const dataDir = mkdtempSync(join(tmpdir(), 'dossier-render-'))
    return { dataDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) }
  }
  const admin = new pg.Client({ connectionString: external })
  await admin.connect()
  await admin.query('DROP DATABASE IF EXISTS dossier_render WITH (FORCE)')
  await admin.query('CREATE DATABASE dossier_render')
  await admin.end()
  const u = new URL(external)
  u.pathname = '/dossier_render'
  return { url: u.toString(), cleanup: () => {} }
}

const target = await fresh()
const db = await openDatabase({ url: target.url, dataDir: target.dataDir })
try {
  // Enough cases for a quarter's report to have something in every section.
  await seedArchive(db.ds, { seed: 20251, cases: 4000 })
  const reviews = await makeReviews(db.ds)
  const [rich] = await db.ds.query(`SELECT c.id FROM cases c WHERE NOT c.is_anonymous
    ORDER BY (SELECT count(*) FROM remediation_offers o WHERE o.case_id = c.id) + (SELECT count(*) FROM rectifications r WHERE r.case_id = c.id)
      + cardinality(c.assisting_unit_ids) + (c.escalated_at IS NOT NULL)::int + c.is_group::int + (c.extension_reason IS NOT NULL)::int
      + (SELECT count(*) FROM case_events e WHERE e.case_id = c.id) / 4 + length(c.summary) / 40 DESC, c.id LIMIT 1`)
  const [anonymous] = await db.ds.query('SELECT id FROM cases WHERE is_anonymous ORDER BY id LIMIT 1')
  const opts = { outDir: out, actor: 'render-check' }
  // Part of 2025Q3 tagged with root causes, so the quarterly report counts its main causes by the taxonomy.
  const q3 = (await db.ds.query(`SELECT id FROM cases WHERE received_at >= '2025-07-01T00:00:00+08' AND received_at < '2025-10-01T00:00:00+08' ORDER BY id LIMIT 120`)) as { id: number }[]
  for (const [i, c] of q3.entries()) await setCaseRootCauses(db.ds, 'render-check', c.id, { primary: { code: ['RC06.01', 'RC04', 'RC02', 'RC06', 'RC09', 'RC01'][i % 6 === 5 && i % 4 === 1 ? 5 : i % 5] }, secondary: [] })
  // A case with two offers (the demo has none: a second added to the first offer's case), tagged, its first offer signed.
  await db.ds.query(`INSERT INTO remediation_offers (case_id, type, amount, basis) SELECT case_id, 'goodwill', 200, '致歉补偿' FROM remediation_offers ORDER BY id LIMIT 1`)
  const [offered] = (await db.ds.query(`SELECT case_id, array_agg(id ORDER BY id) AS ids FROM remediation_offers GROUP BY case_id HAVING count(*) >= 2 ORDER BY case_id LIMIT 1`)) as { case_id: number; ids: number[] }[]
  await setCaseRootCauses(db.ds, 'render-check', offered.case_id, { primary: { code: 'RC01.01' }, secondary: [] })
  const legal = (await listUsers(db.ds)).find((u) => u.username === 'sun.li')!
  await signOpinion(db.ds, { id: legal.id, username: legal.username, displayName: legal.displayName, roles: legal.roles },
    legalRequestSchemas['legal.sign'].parse({ offerId: offered.ids[0], decision: 'agree', reasoning: '金额与损失相当，审批合规。', basisCodes: ['LAW-CC-577'] }))
  const issued = [
    await issueLegalOpinion(db.ds, offered.ids[0], opts),
    await issueLegalOpinion(db.ds, offered.ids[1], opts),
    await issueLegalOpinion(db.ds, offered.ids[0], opts),
    await issueCaseDocument(db.ds, 'dossier', rich.id, opts),
    await issueCaseDocument(db.ds, 'registration', rich.id, opts),
    await issueCaseDocument(db.ds, 'dossier', anonymous.id, opts),
    await issueCaseDocument(db.ds, 'registration', anonymous.id, opts),
    await issueReviewDocument(db.ds, reviews.approvedId, opts),
    await issueReviewDocument(db.ds, reviews.draftId, opts),
    await issueQuarterlyReport(db.ds, parseQuarter('2025Q3'), opts),
    // A quarter still running, asked for as a 截至某日 interim report (issue 10 point 2).
    await issueQuarterlyReport(db.ds, parseQuarter('2026Q3'), { ...opts, interim: true, now: new Date('2026-08-20T02:00:00Z') })
  ]
  for (const d of issued) console.log(d.path)
} finally {
  await db.close()
  target.cleanup()
}
