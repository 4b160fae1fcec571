// Issue 16 point 1: an app killed with SIGKILL runs no exit code, so its embedded PostgreSQL lived on,
// holding postmaster.pid. A watcher now stops the server once the app is gone, and the next app starts
// cleanly on the folder.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO } from './cli-spawn'

const dir = mkdtempSync(join(tmpdir(), 'dossier-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM' } }

/** Starts the holder; resolves with its child process and the server's pid once the server is up. */
function holdServer(): Promise<{ child: ReturnType<typeof spawn>; serverPid: number; notices: string[] }> {
  const env = { ...process.env }
  delete env.DATABASE_URL
  const child = spawn(process.execPath, [join(REPO, 'test/fixtures/hold-embedded.mjs'), dir], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr!.on('data', (c: Buffer) => { err += c })
    child.stdout!.on('data', (c: Buffer) => {
      out += c
      const m = /^ready (\d+) (.*)\n/.exec(out)
      if (m) resolve({ child, serverPid: Number(m[1]), notices: JSON.parse(m[2]) as string[] })
    })
    child.on('exit', (code) => reject(new Error(`holder exited ${code}: ${err}`)))
  })
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  for (let t = 0; t < ms; t += 100) {
    if (cond()) return true
    await new Promise((r) => setTimeout(r, 100))
  }
  return cond()
}

describe('an app killed with SIGKILL', () => {
  it('takes its embedded server down with it, and the next app starts with nothing to clean up', async () => {
    const first = await holdServer()
    expect(alive(first.serverPid)).toBe(true)
    first.child.kill('SIGKILL')
    expect(await until(() => !alive(first.serverPid), 20_000), 'the server stopped after its app died').toBe(true)
    expect(existsSync(join(dir, 'pgdata', 'postmaster.pid')), 'a clean shutdown removes the pid file').toBe(false)

    const second = await holdServer()
    try {
      expect(second.notices, 'no orphan server had to be stopped').toEqual([])
      expect(second.serverPid).not.toBe(first.serverPid)
    } finally {
      second.child.kill('SIGTERM')
      await until(() => !alive(second.serverPid), 20_000)
    }
  }, 120_000)
})
