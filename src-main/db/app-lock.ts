// Which Dossier app owns a data folder's embedded server. The app writes its pid into app.lock while it
// runs; a server found on the folder whose app is gone (killed, power loss) is an orphan the next app may
// stop and restart, while one whose app is alive is that app's and is left alone.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readPidFile, type RunningServer } from './running-server'

const lockFile = (dataDir: string): string => join(dataDir, 'app.lock')

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM' }
}

/** The pid of another live app holding the folder, or null (no lock, our own, or its process is gone). */
export function liveAppHolder(dataDir: string): number | null {
  let pid: number
  try { pid = Number((JSON.parse(readFileSync(lockFile(dataDir), 'utf8')) as { pid: unknown }).pid) } catch { return null }
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : null
}

export function takeAppLock(dataDir: string): void {
  writeFileSync(lockFile(dataDir), JSON.stringify({ pid: process.pid, since: new Date().toISOString() }), { mode: 0o600 })
}

/** Removes the lock if it is ours (a later app may have taken the folder since). */
export function releaseAppLock(dataDir: string): void {
  try {
    if ((JSON.parse(readFileSync(lockFile(dataDir), 'utf8')) as { pid: unknown }).pid === process.pid) rmSync(lockFile(dataDir), { force: true })
  } catch { /* no lock: nothing to release */ }
}

/**
 * Stops a server left running by an app that died: a fast shutdown (SIGINT: open sessions are ended, what
 * was committed is kept, an unfinished transaction rolls back), waiting up to 60 s for its pid file to go.
 * @throws Error with one readable line when it does not stop in time
 */
export async function stopOrphanServer(found: RunningServer, clusterDir: string, log: (m: string) => void): Promise<void> {
  log(`上次退出时遗留的数据库服务器仍在运行（pid ${found.pid}）：正在停止它`)
  try { process.kill(found.pid, 'SIGINT') } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw new Error(`无法停止遗留的数据库服务器（pid ${found.pid}）：${(err as Error).message}`, { cause: err })
  }
  for (let waited = 0; waited < 60_000; waited += 200) {
    const still = readPidFile(join(clusterDir, 'postmaster.pid'))
    if (!still || still.pid !== found.pid || !alive(found.pid)) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`遗留的数据库服务器（pid ${found.pid}）60 秒内未停止：请结束该进程后再启动`)
}
