// Runs the real `dossier` command (bin/dossier.mjs, as `npm run dossier` does) in a child process.
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const REPO = resolve(import.meta.dirname, '../..')

export interface CliResult { code: number | null; stdout: string; stderr: string; stdoutBytes: number }

export interface CliOptions {
  /** Replaces the environment's DATABASE_URL; null removes it (the embedded server is used). */
  databaseUrl?: string | null
  dataDir?: string
  stdin?: string
  /** Take stdout a chunk at a time with this pause (ms) between chunks: a reader slower than the writer. */
  slowReadMs?: number
  env?: Record<string, string>
}

export function runDossier(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return runCommand(process.execPath, [join(REPO, 'bin/dossier.mjs'), ...args], opts)
}

/** A shell pipeline (bash), e.g. the CLI into `head -c 100`; the same environment rules as runDossier. */
export function runShell(script: string, opts: CliOptions = {}): Promise<CliResult> {
  return runCommand('bash', ['-c', script], opts)
}

function runCommand(file: string, args: string[], opts: CliOptions): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env }
  delete env.DEBUG
  if (opts.databaseUrl === null) delete env.DATABASE_URL
  else if (opts.databaseUrl !== undefined) env.DATABASE_URL = opts.databaseUrl
  if (opts.dataDir) env.DOSSIER_DATA_DIR = opts.dataDir
  return new Promise((done, fail) => {
    const child = spawn(file, args, { cwd: REPO, env, stdio: ['pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => {
      out.push(c)
      if (opts.slowReadMs) { child.stdout.pause(); setTimeout(() => child.stdout.resume(), opts.slowReadMs) }
    })
    child.stderr.on('data', (c: Buffer) => err.push(c))
    child.on('error', fail)
    child.on('close', (code) => {
      const stdout = Buffer.concat(out)
      done({ code, stdout: stdout.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stdoutBytes: stdout.length })
    })
    child.stdin.end(opts.stdin ?? '')
  })
}

/**
 * An audit input file of `n` cases: the fixture's cases, repeated under new case numbers.
 * @returns the file's path
 */
export function writeLargeInput(dir: string, n: number): string {
  const { cases } = JSON.parse(readFileSync(join(REPO, 'test/fixtures/audit-input.json'), 'utf8')) as { cases: { caseNo: string }[] }
  const many = Array.from({ length: n }, (_, i) => ({ ...cases[i % cases.length], caseNo: `TS2025GEN${String(i + 1).padStart(6, '0')}` }))
  const file = join(dir, `input-${n}.json`)
  writeFileSync(file, JSON.stringify({ cases: many }))
  return file
}

/** True when the text shows a stack trace or Node's report of an uncaught error. */
export const hasStack = (text: string): boolean => /^\s+at .+[:(]/m.test(text) || /triggerUncaughtException|node:internal/.test(text)
