// npm run bench [-- --cases N --workers W --runs R]: seeds a fresh archive of N cases (default 1,000,000)
// and prints the seeding time, the audit engine's figures (whole-archive audit time, precision/recall, a
// quarter's plan, opening a review), then the median / p95 latency of the case list queries.
// DATABASE_URL set: a fresh database `dossier_bench` on that server; otherwise a new embedded cluster.
// --existing: no seeding; measure the queries on the archive as it is (DATABASE_URL, or the embedded
// server in DOSSIER_DATA_DIR). --keep: keep the fresh embedded archive and say where, for --existing.
import { parseArgs } from 'node:util'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openDatabase } from '../../src-main/db/database'
import { seedArchive } from '../../src-main/demo/loader'
import { listCases } from '../../src-main/cases/list-query'
import { countCases } from '../../src-main/cases/case-count'
import { getCase } from '../../src-main/cases/case-detail'
import { caseListSchema, type CaseFilter, type CaseSort } from '../../src-main/shared/contract'
import { benchAudit } from './audit-bench'

const { values } = parseArgs({ options: { cases: { type: 'string' }, workers: { type: 'string' }, runs: { type: 'string' }, existing: { type: 'boolean' }, keep: { type: 'boolean' } } })
const N = Number(values.cases ?? 1_000_000)
const RUNS = Number(values.runs ?? 40)

async function freshDatabase(): Promise<{ url?: string; dataDir?: string; cleanup: () => Promise<void> }> {
  const external = process.env.DATABASE_URL
  if (external) {
    const admin = new pg.Client({ connectionString: external })
    await admin.connect()
    await admin.query('DROP DATABASE IF EXISTS dossier_bench WITH (FORCE)')
    await admin.query('CREATE DATABASE dossier_bench')
    await admin.end()
    const u = new URL(external)
    u.pathname = '/dossier_bench'
    return { url: u.toString(), cleanup: async () => {} }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'dossier-bench-'))
  return { dataDir, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) }
}

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]
const fmt = (ms: number): string => ms.toFixed(1).padStart(7)

async function main(): Promise<void> {
  if (values.existing && !process.env.DATABASE_URL && !process.env.DOSSIER_DATA_DIR) throw new Error('--existing needs DATABASE_URL or DOSSIER_DATA_DIR')
  const target = values.existing ? { url: process.env.DATABASE_URL || undefined, dataDir: process.env.DOSSIER_DATA_DIR, cleanup: async () => {} } : await freshDatabase()
  if (values.keep && target.dataDir) {
    target.cleanup = async () => console.log(`\nkept: DOSSIER_DATA_DIR=${target.dataDir} npm run bench -- --existing`)
  }
  const db = await openDatabase({ url: target.url, dataDir: target.dataDir })
  if (!values.existing) {
    console.log(`database: ${db.kind}; seeding ${N.toLocaleString()} cases…`)
    const seeded = await seedArchive(db.ds, {
      seed: 20251, cases: N, workers: Number(values.workers ?? 2),
      onProgress: (d, t) => process.stderr.write(`\r  ${d.toLocaleString()} / ${t.toLocaleString()}`)
    })
    process.stderr.write('\n')
    const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
    console.log(`seeding: ${sec(seeded.ms)}`)
    console.log(`  generate + copy ${sec(seeded.phases.copyMs)}, indexes ${sec(seeded.phases.indexMs)}, foreign keys ${sec(seeded.phases.foreignKeyMs)}, analyze ${sec(seeded.phases.analyzeMs)}`)
  }
  const [counts] = (await db.ds.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS events`)) as { cases: number; events: number }[]
  console.log(`archive: ${counts.cases.toLocaleString()} cases, ${counts.events.toLocaleString()} timeline events`)
  // The audit and a quarter's review plan first: the list shows each case's review and audit status, so it is
  // measured on an archive that has them, as the team's will.
  await benchAudit(db.ds, RUNS)

  const units = ((await db.ds.query(`SELECT id FROM units WHERE kind = 'sub_branch' ORDER BY id`)) as { id: number }[]).map((u) => u.id)
  const branches = ((await db.ds.query(`SELECT id FROM units WHERE kind = 'branch' ORDER BY id`)) as { id: number }[]).map((u) => u.id)
  const channels = ['phone', 'counter', 'online', 'regulator', 'media', 'petition'] as const
  // Common terms, mid-frequency phrases, rare ones (a sub-branch's name, 吞卡) and one that matches nothing.
  const terms = ['理财', '扣费', '销户', '征信', '催收', '理财产品', '手机银行', '年费', '违约金', '态度', '梅列支行', '吞卡', '永安', '不存在的词']
  const others: CaseFilter[] = [{ severity: 'major' }, { category: 'it_system' }, { businessLine: 'wealth' }, { group: true }]
  const scenarios: [string, (i: number) => CaseFilter, CaseSort?][] = [
    ['no filter', () => ({})],
    ['channel', (i) => ({ channel: channels[i % channels.length] })],
    ['category', (i) => ({ category: (['product', 'service_quality', 'it_system', 'violation', 'other'] as const)[i % 5] })],
    ['severity', (i) => ({ severity: (['general', 'serious', 'major'] as const)[i % 3] })],
    ['business line', (i) => ({ businessLine: (['retail', 'wealth', 'credit_card', 'brokerage'] as const)[i % 4] })],
    ['sub-branch', (i) => ({ unitId: units[i % units.length] })],
    ['branch (+subs)', (i) => ({ unitId: branches[i % branches.length] })],
    ['group flag', () => ({ group: true })],
    ['repeat flag', () => ({ repeat: true })],
    ['date range (1 month)', (i) => ({ receivedFrom: `202${2 + (i % 4)}-0${1 + (i % 9)}-01`, receivedTo: `202${2 + (i % 4)}-0${1 + (i % 9)}-28` })],
    ['combined', (i) => ({ channel: channels[i % 3], severity: 'general', receivedFrom: '2024-01-01', receivedTo: '2025-06-30', businessLine: 'retail' })],
    ['text search', (i) => ({ text: terms[i % terms.length] })],
    ['text + filter', (i) => ({ text: terms[i % terms.length], channel: channels[i % 3] })],
    ['text + other filter', (i) => ({ text: terms[i % terms.length], ...others[i % others.length] })],
    ['text + sub-branch', (i) => ({ text: terms[i % terms.length], unitId: units[i % units.length] })],
    ['text + branch (+subs)', (i) => ({ text: terms[i % terms.length], unitId: branches[i % branches.length] })],
    ['text, by date closed', (i) => ({ text: terms[i % terms.length], ...(i % 2 ? { channel: channels[i % 3] } : {}) }), 'closed_at'],
    ['text, by case number', (i) => ({ text: terms[i % terms.length], ...(i % 2 ? { channel: channels[i % 3] } : {}) }), 'case_no']
  ]
  console.log('\nlist query (first page of 100, then the next page by cursor), ms:')
  console.log('scenario                 median     p95   | page 2 median  p95  | count median  p95')
  for (const [name, filterOf, sort] of scenarios) {
    const first: number[] = [], second: number[] = [], count: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const req = caseListSchema.parse({ filter: filterOf(i), sort, limit: 100 })
      let t = performance.now()
      const page = await listCases(db.ds, req)
      first.push(performance.now() - t)
      if (page.nextCursor) {
        t = performance.now()
        await listCases(db.ds, { ...req, cursor: page.nextCursor })
        second.push(performance.now() - t)
      }
      t = performance.now()
      await countCases(db.ds, req.filter)
      count.push(performance.now() - t)
    }
    console.log(`${name.padEnd(22)} ${fmt(pct(first, 0.5))} ${fmt(pct(first, 0.95))}   | ${second.length ? fmt(pct(second, 0.5)) + fmt(pct(second, 0.95)) : '      –       –'} | ${fmt(pct(count, 0.5))} ${fmt(pct(count, 0.95))}`)
  }
  console.log('\ntext search by term (first page / second page), ms; alone, then with channel = phone:')
  for (const [term, filter] of terms.flatMap((t) => [[t, {}], [t, { channel: 'phone' }]] as [string, CaseFilter][])) {
    const times: number[] = [], second: number[] = []
    for (let i = 0; i < 5; i++) {
      const req = caseListSchema.parse({ filter: { text: term, ...filter }, limit: 100 })
      let t = performance.now()
      const page = await listCases(db.ds, req)
      times.push(performance.now() - t)
      if (page.nextCursor) { t = performance.now(); await listCases(db.ds, { ...req, cursor: page.nextCursor }); second.push(performance.now() - t) }
    }
    console.log(`  ${(term + (filter.channel ? ' +phone' : '')).padEnd(12)} ${fmt(pct(times, 0.5))} ${second.length ? fmt(pct(second, 0.5)) : '      –'}`)
  }
  const detail: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const id = 1 + Math.floor(((i * 7919) % 1000) / 1000 * counts.cases)
    const t = performance.now()
    await getCase(db.ds, id)
    detail.push(performance.now() - t)
  }
  console.log(`${'case detail'.padEnd(22)} ${fmt(pct(detail, 0.5))} ${fmt(pct(detail, 0.95))}`)
  await db.close()
  await target.cleanup()
}

main().catch((e) => { console.error(e); process.exit(1) })
