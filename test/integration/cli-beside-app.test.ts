// The CLI on a data folder whose embedded server the app is running: it uses that server and leaves it
// running. A folder that cannot be joined gives one readable line; a stale postmaster.pid (its process
// dead, or its pid now another program's) does not stop a start.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbedded, type EmbeddedServer } from '../../src-main/db/embedded'
import { hasStack, runDossier } from './cli-spawn'

let dir: string
let app: EmbeddedServer | undefined
const pidFile = (): string => join(dir, 'pgdata', 'postmaster.pid')
const cli = (args: string[], stdin?: string): ReturnType<typeof runDossier> => runDossier(args, { databaseUrl: null, dataDir: dir, stdin })

async function answers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url })
  try { await c.connect(); await c.query('SELECT 1'); return true } catch { return false } finally { await c.end().catch(() => {}) }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-beside-app-'))
  // As the app starts it.
  app = await startEmbedded(dir, () => {}, { exclusive: true })
})
afterAll(async () => {
  await app?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('the CLI beside the running app', () => {
  it('works on the app\'s server and leaves it running', async () => {
    const add = await cli(['user', 'add', '--username', 'beside.app', '--name', '旁用', '--roles', 'reviewer'], 'A-long-passw0rd\n')
    expect(add.stderr).toBe('')
    expect(add.code).toBe(0)
    const list = await cli(['user', 'list'])
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(/^beside\.app /m)
    expect(await answers(app!.url)).toBe(true)
    const c = new pg.Client({ connectionString: app!.url })
    await c.connect()
    expect((await c.query(`SELECT count(*)::int AS n FROM users WHERE username = 'beside.app'`)).rows[0].n).toBe(1)
    await c.end()
  })

  it('a second owner (another app) is refused in one line', async () => {
    // Another live app holds the folder: its process named in app.lock (a stand-in process here).
    const other = spawn('sleep', ['30'])
    const lock = join(dir, 'app.lock')
    const ours = readFileSync(lock, 'utf8')
    writeFileSync(lock, JSON.stringify({ pid: other.pid }))
    try {
      const err: unknown = await startEmbedded(dir, () => {}, { exclusive: true }).then(() => null, (e: unknown) => e)
      expect(err).toBeInstanceOf(Error)
      expect((err as Error).message).toMatch(new RegExp(`^数据目录 .+ 正被另一个 Dossier 程序使用（进程 ${other.pid}，其数据库服务器 pid \\d+）：请先关闭它$`))
      expect(await answers(app!.url)).toBe(true)
    } finally {
      other.kill()
      writeFileSync(lock, ours)
    }
  })

  it('an app that died left its server running: the next app stops it, says so in one line, and starts its own', async () => {
    const orphanPid = Number(readFileSync(pidFile(), 'utf8').split('\n')[0])
    const dead = spawn('true')
    await new Promise((r) => dead.on('exit', r))
    writeFileSync(join(dir, 'app.lock'), JSON.stringify({ pid: dead.pid }))
    const said: string[] = []
    const next = await startEmbedded(dir, () => {}, { exclusive: true, notice: (m) => said.push(m) })
    try {
      expect(said).toEqual([`上次退出时遗留的数据库服务器仍在运行（pid ${orphanPid}）：正在停止它`])
      expect(await answers(next.url)).toBe(true)
      expect(Number(readFileSync(pidFile(), 'utf8').split('\n')[0])).not.toBe(orphanPid)
      expect(JSON.parse(readFileSync(join(dir, 'app.lock'), 'utf8')).pid).toBe(process.pid)
    } finally {
      app = next
    }
  })

  it('says in one line when the app\'s server cannot be joined', async () => {
    const secret = join(dir, 'db-secret.json')
    const saved = readFileSync(secret, 'utf8')
    writeFileSync(secret, JSON.stringify({ password: 'not-the-password' }))
    try {
      const res = await cli(['user', 'list'])
      expect(res.code).toBe(1)
      expect(res.stderr).toMatch(/^dossier: 数据目录 .+ 正由另一个进程的数据库服务器使用（pid \d+，端口 \d+），但无法连接：数据库拒绝了登录：用户名或密码不对\n$/)
      expect(hasStack(res.stderr)).toBe(false)
    } finally {
      writeFileSync(secret, saved)
    }
    expect(await answers(app!.url)).toBe(true)
  })

  it('starts its own server over a stale postmaster.pid (process dead, or pid reused by another program)', async () => {
    await app!.stop()
    app = undefined
    expect(existsSync(pidFile())).toBe(false)
    const dead = spawn('true')
    await new Promise((r) => dead.on('exit', r))
    const stale = (pid: number): string => `${pid}\n${join(dir, 'pgdata')}\n1700000000\n5999\n\n127.0.0.1\n  1234  5678\nready   \n`
    for (const pid of [dead.pid!, process.pid]) {
      writeFileSync(pidFile(), stale(pid))
      const res = await cli(['user', 'list'])
      expect(res.stderr).toBe('')
      expect(res.code).toBe(0)
      expect(res.stdout).toMatch(/^beside\.app /m)
      // Its own server was stopped at exit: the lock is gone.
      expect(existsSync(pidFile())).toBe(false)
    }
  })
})
