// Who the database is asked on behalf of (issue 15 point 11, migration 1764000000033): every transaction on
// the app's pool says so with SET LOCAL dossier.session = <token>, in this one place, so that no handler or
// service can forget it. Handlers run inside `inUserScope` (transport/dispatch.ts does that for every request);
// work outside any request (start-up recovery, timers, the CLI's services) runs under the process's system
// session. SET LOCAL, never a session-wide SET: it ends with its transaction, so a pooled connection (and
// PgBouncer in transaction mode) carries no one's rights over to the next.
//
// How: each pool connection's `query` is wrapped when it is checked out. BEGIN / START TRANSACTION is followed
// by the SET LOCAL before its promise settles; a statement outside a transaction is sent as BEGIN; SET LOCAL …,
// the statement, COMMIT, and its promise settles only after that COMMIT (a deferred trigger's refusal at commit
// is the statement's error). Callers await each query, as pg asks, so nothing comes between them.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { DataSource } from 'typeorm'
import type { PoolClient } from 'pg'

interface Scope { token: string | null }
const scope = new AsyncLocalStorage<Scope>()

interface PoolState { system: string }
const states = new WeakMap<DataSource, PoolState>()

/**
 * Runs `fn` (and everything it starts) on behalf of the database session `token` (auth/db-sessions.ts); null
 * for a caller who is not signed in: their statements name no session, and the policies show them no row.
 */
export function inUserScope<T>(token: string | null, fn: () => Promise<T>): Promise<T> {
  return scope.run({ token }, fn)
}

/**
 * Runs `fn` (and everything it starts) under the process's system session, whoever's request started it:
 * work that keeps derived data whole for everyone (the whole-archive audit and its catch-up runs) must read
 * every case, not the cases of the user who happened to save a policy, and must not stop seeing them when
 * that user's session ends or expires half-way.
 */
export function asSystem<T>(fn: () => T): T {
  return scope.exit(fn)
}

/** Whether `ds` works under row security (the app's login on a schema with migration 33). */
export const scoped = (ds: DataSource): boolean => states.has(ds)

const BEGINS = /^\s*(BEGIN|START\s+TRANSACTION)\b/i
const ENDS = /^\s*(COMMIT|END|ROLLBACK|ABORT)\s*;?\s*$/i
// BEGIN; …; COMMIT in one string: a transaction of its own, told whose it is right after its BEGIN.
const WHOLE = /^(\s*(?:BEGIN|START\s+TRANSACTION)[^;]*;)([\s\S]*;\s*(?:COMMIT|END)\s*;?\s*)$/i
// Statements PostgreSQL refuses inside a transaction block; they read or write no row of the archive.
const OUTSIDE = /^\s*(VACUUM|ANALYZE|CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY|REINDEX\s+\S+\s+CONCURRENTLY|SAVEPOINT|RELEASE|SET\s|RESET\s|SHOW\s|DISCARD\s)/i

type Submittable = { submit: (...a: unknown[]) => unknown }
type QueryFn = (config: unknown, values?: unknown, cb?: unknown) => unknown
const WRAPPED = Symbol('dossier.sessionScope')

const setLocal = (token: string): string => `SET LOCAL dossier.session = '${token.replace(/'/g, "''")}'`

/** The token the current work runs under: the caller's, null for nobody, or the system's outside any request. */
function currentToken(state: PoolState): string | null {
  const s = scope.getStore()
  return s ? s.token : state.system
}

function wrap(client: PoolClient, state: PoolState): void {
  const tagged = client as PoolClient & { [WRAPPED]?: { inTx: boolean } }
  if (tagged[WRAPPED]) {
    // Checked out again. A holder that gave it back inside a transaction must not hand its session on.
    if (tagged[WRAPPED].inTx) (client.query('ROLLBACK') as Promise<unknown>).catch(() => {})
    tagged[WRAPPED].inTx = false
    return
  }
  const tx = { inTx: false }
  tagged[WRAPPED] = tx
  const orig = client.query.bind(client) as QueryFn
    ;(client as unknown as { query: QueryFn }).query = (config, values, cb) => {
    const text = typeof config === 'string' ? config : (config as { text?: unknown })?.text
    if (tx.inTx) {
      if (typeof text === 'string' && ENDS.test(text)) tx.inTx = false
      return orig(config, values, cb)
    }
    const token = currentToken(state)
    // A cursor or COPY stream outside a transaction is passed on as it is: it names no session and reads
    // nothing under row security (callers open a transaction first, as audit/batch.ts does).
    if (!token || typeof text !== 'string' || typeof (config as Submittable).submit === 'function' || OUTSIDE.test(text)) {
      if (typeof text === 'string' && BEGINS.test(text) && !WHOLE.test(text)) tx.inTx = true
      return orig(config, values, cb)
    }
    const callback = typeof values === 'function' ? values : cb
    const params = typeof values === 'function' ? undefined : values
    let run: Promise<unknown>
    if (BEGINS.test(text)) {
      const whole = typeof config === 'string' && params === undefined ? WHOLE.exec(config) : null
      if (whole) run = orig(`${whole[1]} ${setLocal(token)};${whole[2]}`) as Promise<unknown>
      else {
        tx.inTx = true
        run = (async () => { const r = await (orig(config, params) as Promise<unknown>); await orig(setLocal(token)); return r })()
      }
    } else {
      // One after the other (pg warns about queued queries); the statement's result once its COMMIT is through.
      run = (async () => {
        await orig(`BEGIN; ${setLocal(token)}`)
        let r: unknown
        try {
          r = await (orig(config, params) as Promise<unknown>)
        } catch (err) {
          await (orig('ROLLBACK') as Promise<unknown>).catch(() => {})
          throw err
        }
        await orig('COMMIT')
        return r
      })()
    }
    if (typeof callback !== 'function') return run
    run.then((r) => (callback as (e: unknown, r?: unknown) => void)(null, r), (e) => (callback as (e: unknown) => void)(e))
    return undefined
  }
}

/**
 * Puts the app's pool under row security when this login is subject to it (dossier_app on a schema with
 * migration 33): opens the process's system session and wraps every connection the pool hands out.
 * Idempotent; a no-op for the owner's or a superuser's login (they pass every policy).
 */
export async function installSessionScope(ds: DataSource): Promise<void> {
  if (states.has(ds)) return
  const [row] = (await ds.query(`SELECT to_regprocedure('dossier_session_open(integer)') IS NOT NULL AS rls,
    NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolbypassrls)) AND current_user <> 'dossier_owner' AS subject`)) as { rls: boolean; subject: boolean }[]
  if (!row.rls || !row.subject) return
  const [{ t }] = (await ds.query('SELECT dossier_session_open(NULL) AS t')) as { t: string }[]
  const state: PoolState = { system: t }
  states.set(ds, state)
  const pool = (ds.driver as unknown as { master: { on(ev: 'acquire', fn: (c: PoolClient) => void): void } }).master
  pool.on('acquire', (c) => wrap(c, state))
}

/** The process's system session, closed as the data source closes (a token that outlived it would be harmless but kept). */
export async function closeSessionScope(ds: DataSource): Promise<void> {
  const state = states.get(ds)
  if (!state || !ds.isInitialized) return
  await ds.query('SELECT dossier_session_close($1)', [state.system]).catch(() => {})
  states.delete(ds)
}
