// `dossier audit --json` into a pipe: a slow reader gets every byte, a reader that leaves early (`head`)
// ends the command quietly. The process used to exit while Node still held megabytes for the pipe.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { connect, resetArchive } from './db'
import { hasStack, runDossier, runShell, writeLargeInput } from './cli-spawn'

const CASES = 1200
let ds: DataSource
let dir: string
let input: string

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 11, cases: 400 })
  dir = mkdtempSync(join(tmpdir(), 'dossier-cli-out-'))
  input = writeLargeInput(dir, CASES)
})
afterAll(async () => {
  await ds?.destroy()
  rmSync(dir, { recursive: true, force: true })
})

interface AuditJson { engineVersion: string; cases: { caseNo: string }[]; summary: unknown[]; invalid: unknown[] }

describe('CLI output into a pipe', () => {
  it('gives a slow reader the whole result of an input file (several MB), as valid JSON', async () => {
    const res = await runDossier(['audit', '--input', input, '--json'], { databaseUrl: inject('dbUrl'), slowReadMs: 3 })
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    expect(res.stdoutBytes).toBeGreaterThan(3_000_000)
    const json = JSON.parse(res.stdout) as AuditJson
    expect(json.cases).toHaveLength(CASES)
    expect(json.cases.at(-1)!.caseNo).toBe(`TS2025GEN${String(CASES).padStart(6, '0')}`)
    expect(json.summary).toHaveLength(16)
  })

  it('gives a slow reader every case of an archive audit', async () => {
    const res = await runDossier(['audit', '--json'], { databaseUrl: inject('dbUrl'), slowReadMs: 3 })
    expect(res.code).toBe(0)
    const json = JSON.parse(res.stdout) as AuditJson
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM cases')
    expect(json.cases).toHaveLength(n)
    expect(new Set(json.cases.map((c) => c.caseNo)).size).toBe(n)
  })

  it('ends quietly, with its own exit code, when the reader leaves early (| head -c 100)', async () => {
    for (const args of [`audit --input ${input} --json`, 'audit --json']) {
      const res = await runShell(`node bin/dossier.mjs ${args} | head -c 100; echo "exit=\${PIPESTATUS[0]}" >&2`, { databaseUrl: inject('dbUrl') })
      expect(res.stdoutBytes).toBe(100)
      expect(res.stdout.startsWith('{"engineVersion":')).toBe(true)
      expect(res.stderr).toMatch(/exit=0\s*$/)
      expect(hasStack(res.stderr)).toBe(false)
      expect(res.stderr).not.toMatch(/EPIPE|Error/)
    }
  })
})
