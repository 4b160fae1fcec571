// The kill harness (issue 16 point 4): runs a real `dossier` process doing real work — an audit, a document
// batch, a seed, an import, a backup — kills it with SIGKILL at a chosen moment, restarts the app's backend on
// the same database, and checks what a records office would: it starts; no work is left `running`; the audit
// trail's chain verifies; indexes and row counts are whole (a seed or import is all or nothing); no results
// of a failed run were kept; a batch's folder holds only registered documents and no `.part` or broken zip;
// a killed backup leaves no file under its real name that does not read back whole.
import { spawn } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, readdirSync } from 'node:fs'
import { once } from 'node:events'
import { join, resolve } from 'node:path'
import type { DataSource } from 'typeorm'
import { startBackend } from '../../src-main/app/startup'
import { readBackup } from '../../src-main/backup/read'
import { verifyTrail } from '../../src-main/trail/chain'

export const REPO = resolve(import.meta.dirname, '../..')
export const KINDS = ['audit', 'batch', 'seed', 'import', 'backup'] as const
export type Kind = (typeof KINDS)[number]

export interface HarnessContext {
  /** The app login of the database under test. */
  dbUrl: string
  /** Its owner login: backups run as the owner, so row security cannot make them partial (issue 15 point 11). */
  ownerUrl: string
  /** A scratch folder: batch folders, backups, the restarted backend's data folder. */
  dir: string
  /** An administrator's name and password (DOSSIER_PASSWORD) for the commands that sign in. */
  admin: string
  password: string
  /** A CSV of new cases for the import kind (see importFile in the test). */
  importFile: string
}

export interface KillPoint { kind: Kind; delayMs: number; n: number }
export interface KillOutcome extends KillPoint { killedWhileRunning: boolean; exitCode: number | null; problems: string[] }

function args(p: KillPoint, ctx: HarnessContext): string[] {
  const out = join(ctx.dir, `${p.kind}-${p.n}`)
  switch (p.kind) {
    case 'audit': return ['audit', '--quiet']
    case 'batch': return ['doc', 'batch', '--from', '2000-01-01', '--to', '2100-01-01', '--out', out, '--as', ctx.admin, '--reason', '归档测试', '--workers', '0']
    case 'seed': return ['seed', '--cases', '200', '--seed', String(1000 + p.n), '--workers', '0']
    case 'import': return ['import', ctx.importFile, '--as', ctx.admin, '--quiet']
    case 'backup': return ['backup', '--out', join(ctx.dir, 'backup.dossier-backup'), '--as', ctx.admin]
  }
}

const count = async (ds: DataSource, sql: string): Promise<number> => Number((await ds.query(sql))[0].n)

/** Row counts and index counts that a killed process must leave whole (or change all at once). */
async function shape(ds: DataSource): Promise<{ cases: number; events: number; indexes: number }> {
  return {
    cases: await count(ds, 'SELECT count(*) AS n FROM cases'),
    events: await count(ds, 'SELECT count(*) AS n FROM case_events'),
    indexes: await count(ds, `SELECT count(*) AS n FROM pg_indexes WHERE schemaname = 'public'`)
  }
}

/**
 * Runs one kill point: the command, SIGKILL after `delayMs` (if it is still running), a restart of the
 * backend, and the checks. Problems are returned as sentences; an empty list is a pass.
 */
export async function runKillPoint(p: KillPoint, ctx: HarnessContext, ds: DataSource, onExit?: () => void): Promise<KillOutcome> {
  const before = await shape(ds)
  const child = spawn(process.execPath, [join(REPO, 'bin/dossier.mjs'), ...args(p, ctx)], {
    cwd: REPO, stdio: 'ignore', env: { ...process.env, DATABASE_URL: ctx.dbUrl, ...(p.kind === 'backup' ? { DATABASE_OWNER_URL: ctx.ownerUrl } : {}), DOSSIER_PASSWORD: ctx.password, DOSSIER_DATA_DIR: join(ctx.dir, 'cli-data') }
  })
  let exited = false
  let exitCode: number | null = null
  const exit = new Promise<void>((r) => child.once('exit', (code) => { exited = true; exitCode = code; onExit?.(); r() }))
  await Promise.race([exit, new Promise((r) => setTimeout(r, p.delayMs))])
  const killedWhileRunning = !exited
  if (!exited) child.kill('SIGKILL')
  await exit
  const problems: string[] = []

  // The restart: the app's own start on the same database.
  const dataDir = join(ctx.dir, `app-${p.n}`)
  mkdirSync(dataDir, { recursive: true })
  try {
    const app = await startBackend({ url: ctx.dbUrl, dataDir, version: 'kill-harness', log: () => {} })
    await app.close()
  } catch (err) {
    problems.push(`the app did not start again: ${(err as Error).message}`)
  }
  for (const table of ['audit_runs', 'imports', 'document_batches']) {
    const n = await count(ds, `SELECT count(*) AS n FROM ${table} WHERE status = 'running'`)
    if (n) problems.push(`${n} ${table} row(s) still running after the restart`)
  }
  const trail = await verifyTrail(ds)
  if (trail.broken) problems.push(`the audit trail does not verify: ${trail.broken.message}`)
  const after = await shape(ds)
  if (after.indexes !== before.indexes) problems.push(`index count ${before.indexes} → ${after.indexes}`)
  const grew = after.cases - before.cases
  const allowed = p.kind === 'seed' ? [0, 200] : p.kind === 'import' ? [0, grew > 0 ? grew : 0] : [0]
  if (!allowed.includes(grew)) problems.push(`cases ${before.cases} → ${after.cases}: a partial ${p.kind}`)
  if (p.kind === 'import' && grew > 0 && grew !== await count(ds, `SELECT count(*) AS n FROM import_cases ic JOIN imports i ON i.id = ic.import_id WHERE i.status = 'done'`)) {
    problems.push('imported cases without a finished import')
  }
  const kept = await count(ds, `SELECT count(*) AS n FROM audit_results r JOIN audit_runs a ON a.id = r.run_id WHERE a.status <> 'done'`)
  if (kept) problems.push(`${kept} audit results of a run that did not finish`)
  if (p.kind === 'batch') {
    const folder = join(ctx.dir, `batch-${p.n}`)
    const files = existsSync(folder) ? readdirSync(folder) : []
    const registered = new Set(((await ds.query(`SELECT d.file_name FROM documents d JOIN document_batches b ON b.id = d.batch_id WHERE b.out_dir = $1`, [folder])) as { file_name: string }[]).map((r) => r.file_name))
    const stray = files.filter((f) => (f.endsWith('.docx') && !registered.has(f)) || f.endsWith('.part'))
    if (stray.length) problems.push(`batch folder holds ${stray.length} unregistered or unfinished file(s): ${stray.slice(0, 3).join(', ')}`)
    const [b] = await ds.query('SELECT status FROM document_batches WHERE out_dir = $1', [folder]) as { status: string }[]
    if (files.includes('documents.zip') && b?.status !== 'done') problems.push(`a zip beside a batch that is ${b?.status ?? 'unrecorded'}`)
  }
  if (p.kind === 'backup') {
    const file = join(ctx.dir, 'backup.dossier-backup')
    if (existsSync(file)) {
      try { for await (const ev of readBackup(file)) void ev } catch (err) { problems.push(`the backup under its real name does not read whole: ${(err as Error).message}`) }
    }
  }
  // A command that was not killed must have done its work: one that failed outright exercised nothing.
  if (!killedWhileRunning && exitCode !== 0) problems.push(`the ${p.kind} command failed by itself (exit ${exitCode})`)
  return { ...p, killedWhileRunning, exitCode, problems }
}

/**
 * Kill points spread over the kinds. Each kind's moment is drawn from `random` (0 ≤ r < 1) between 10 % and
 * 95 % of how long that kind took when left to finish (`durationMs`, measured in the same run), so the kills
 * land inside the work on a fast machine and a slow one alike.
 */
export function plan(points: number, random: () => number, durationMs: Record<Kind, number>, firstN = 0): KillPoint[] {
  return Array.from({ length: points }, (_, i) => {
    const kind = KINDS[i % KINDS.length]
    return { kind, delayMs: Math.round(durationMs[kind] * (0.1 + random() * 0.85)), n: firstN + i }
  })
}

/** Runs each kind once to its end (checked like a kill point): how long each took, ms. */
export async function measureKinds(ctx: HarnessContext, ds: DataSource): Promise<{ durationMs: Record<Kind, number>; outcomes: KillOutcome[] }> {
  const durationMs = {} as Record<Kind, number>
  const outcomes: KillOutcome[] = []
  for (const [i, kind] of KINDS.entries()) {
    const started = Date.now()
    outcomes.push(await runKillPoint({ kind, delayMs: 3_600_000, n: 10_000 + i }, ctx, ds, () => { durationMs[kind] = Date.now() - started }))
  }
  return { durationMs, outcomes }
}

/** A small seeded generator (mulberry32): the same kill points for the same seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** New closed cases as the archive's own export spells them. */
export async function importFile(file: string, n: number, unit: string): Promise<void> {
  const out = createWriteStream(file)
  out.write('投诉编号,投诉时间,办结时间,投诉渠道,机构代码,业务条线,业务类别,严重程度,客户投诉摘要,投诉请求\n')
  for (let i = 1; i <= n; i++) {
    const day = String(1 + (i % 27)).padStart(2, '0')
    if (!out.write(`KH${String(i).padStart(6, '0')},2025-06-${day} 10:00,2025-06-${day} 17:00,电话,${unit},零售,服务质量投诉,一般投诉,客户反映等候时间过长（${i}）,要求改进服务\n`)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

