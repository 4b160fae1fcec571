// A PostgreSQL server already running on a data folder's cluster: the app's, while the CLI is used beside
// it. postmaster.pid says who holds the cluster (line 1 pid, line 4 port, line 8 status); the folder's
// db-secret.json holds the password, so a second process can connect instead of starting a second server
// (which PostgreSQL refuses: "lock file postmaster.pid already exists").
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { describeDbError } from './db-errors'

export interface RunningServer { pid: number; port: number; status: string }

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to another user (postgres runs as its own user under root).
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The process's program name, or null where it cannot be told (Windows). */
function programName(pid: number): string | null {
  try {
    if (process.platform === 'linux') return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
    if (process.platform === 'darwin') return execFileSync('ps', ['-p', String(pid), '-o', 'comm='], { encoding: 'utf8' }).trim().split('/').pop() ?? null
  } catch {
    return ''
  }
  return null
}

export function readPidFile(file: string): RunningServer | null {
  let text: string
  try { text = readFileSync(file, 'utf8') } catch { return null }
  const lines = text.split('\n')
  const pid = Number(lines[0])
  const port = Number(lines[3])
  return Number.isInteger(pid) && pid > 0 ? { pid, port: Number.isInteger(port) ? port : 0, status: (lines[7] ?? '').trim() } : null
}

/**
 * The live server holding this cluster, or null when none does. A pid file left by a server that died with
 * its app (SIGKILL, power loss) is left for PostgreSQL, which replaces it when its pid is gone; one whose pid
 * now belongs to another program (reused after a reboot) is removed, since PostgreSQL would refuse it.
 */
export function serverOnFolder(clusterDir: string, log: (m: string) => void = () => {}): RunningServer | null {
  const file = join(clusterDir, 'postmaster.pid')
  const found = readPidFile(file)
  if (!found) return null
  if (!alive(found.pid)) {
    log(`postmaster.pid names pid ${found.pid}, which is not running: a stale lock, PostgreSQL replaces it`)
    return null
  }
  const name = programName(found.pid)
  if (name !== null && !/^postgres/.test(name)) {
    log(`postmaster.pid names pid ${found.pid}, now "${name}" (not PostgreSQL): removing the stale lock`)
    rmSync(file, { force: true })
    return null
  }
  return found
}

/**
 * Connects to a server another process runs on this cluster, with the folder's stored password, and checks
 * it serves this very cluster. Waits up to 30 s for a server that is still starting.
 * @returns its connection URL (database "dossier")
 * @throws Error with one readable line when it cannot be joined (stopping, no password, refused login…)
 */
export async function joinRunningServer(found: RunningServer, clusterDir: string, secretFile: string, dataDir: string): Promise<string> {
  const held = `数据目录 ${dataDir} 正由另一个进程的数据库服务器使用（pid ${found.pid}，端口 ${found.port}）`
  let server = found
  for (let waited = 0; server.status === 'starting' && waited < 30_000; waited += 250) {
    await new Promise((r) => setTimeout(r, 250))
    server = readPidFile(join(clusterDir, 'postmaster.pid')) ?? { ...server, status: 'gone' }
  }
  if (server.status !== 'ready') throw new Error(`${held}，它${server.status === 'stopping' ? '正在停止' : '未就绪'}：请稍后再试`)
  if (!existsSync(secretFile)) throw new Error(`${held}，但找不到它的登录信息 ${secretFile}`)
  const { password } = JSON.parse(readFileSync(secretFile, 'utf8')) as { password: string }
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${server.port}/dossier`
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  try {
    await client.connect()
    const [{ dir }] = (await client.query(`SELECT current_setting('data_directory') AS dir`)).rows as { dir: string }[]
    if (realpathSync(dir) !== realpathSync(clusterDir)) throw new Error(`${held}，但端口 ${server.port} 上的服务器属于另一个数据目录`)
  } catch (err) {
    if (err instanceof Error && err.message.startsWith(held)) throw err
    throw new Error(`${held}，但无法连接：${describeDbError(err) ?? (err as Error).message}`, { cause: err })
  } finally {
    await client.end().catch(() => {})
  }
  return url
}
