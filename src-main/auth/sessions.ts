// Who is signed in, per caller: an Electron window (ipc:<webContents id>, which the renderer cannot choose)
// or a browser session (http:<id>, a cookie the server issued). Kept in the main process's memory: signing
// in again after a restart is intended.
//
// A browser session id is accepted only when this server issued it (issue()), and a new one replaces it at
// every sign-in and sign-out (no fixation: an id planted before sign-in is worthless after it). A signed-in
// session ends after SESSION_POLICY.idleMs without a request or absoluteMs after its sign-in. Times come
// from the injected clock, so tests move time instead of waiting.
import { randomBytes } from 'node:crypto'
import type { DataSource } from 'typeorm'
import type { SessionUser } from '../shared/review-types'
import { SignInGuard, type SignInPolicy } from './sign-in-guard'

export interface Caller {
  key: string
  user: SessionUser | null
  /** Who is asking, for sign-in back-off: the window, or the browser's address. Defaults to the key. */
  source?: string
  /** Browser sessions: tells the transport the id that replaces this one (a new cookie). Windows have none. */
  rekey?: (key: string) => void
}

/** Idle 30 min, absolute 12 h (a working day with overtime); up to 10,000 browser sessions not signed in. */
export const SESSION_POLICY = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000, maxAnonymous: 10_000 }
export type SessionPolicy = typeof SESSION_POLICY

export interface SessionOptions { now?: () => number; policy?: Partial<SessionPolicy>; signIn?: Partial<SignInPolicy> }

/** `dbToken`: the database session of this sign-in (auth/db-sessions.ts), opened at its first request. */
interface Entry { user: SessionUser; signedInAt: number; lastSeen: number; dbToken?: string }

export type Resolved = { user: SessionUser | null; ended?: { user: SessionUser; reason: 'idle' | 'absolute' } }

export class Sessions {
  readonly now: () => number
  readonly policy: SessionPolicy
  /** Back-off and lock-out of failed sign-ins (per username and per source). */
  readonly signIns: SignInGuard
  /** The database users are re-read from on every request (set by buildHandlers). */
  ds: DataSource | null = null
  /** Told the database session of every sign-in that ends, however it ends (set by buildHandlers). */
  onEnd: ((dbToken: string) => void) | null = null
  private readonly signedIn = new Map<string, Entry>()
  /** Browser session ids issued and not (yet) signed in, oldest first, with when each was last used. */
  private readonly anonymous = new Map<string, number>()

  constructor(opts: SessionOptions = {}) {
    this.now = opts.now ?? Date.now
    this.policy = { ...SESSION_POLICY, ...opts.policy }
    this.signIns = new SignInGuard(this.now, opts.signIn)
  }

  /** A new session id with the transport's prefix (`http:`), known to this server from now on. */
  issue(prefix: string): string {
    const now = this.now()
    for (const [key, seen] of this.anonymous) {
      if (this.anonymous.size < this.policy.maxAnonymous && now - seen <= this.policy.idleMs) break
      this.anonymous.delete(key)
    }
    const key = newKey(prefix)
    this.anonymous.set(key, now)
    return key
  }

  /** Whether this server issued the id and it is still current (a browser's cookie is checked with this). */
  has(key: string): boolean {
    return this.signedIn.has(key) || this.anonymous.has(key)
  }

  /** Who is signed in at the key now; a session past its idle or absolute limit ends here and says why. */
  resolve(key: string): Resolved {
    const entry = this.signedIn.get(key)
    if (!entry) {
      // Kept in order of last use, so the oldest are the first dropped.
      if (this.anonymous.delete(key)) this.anonymous.set(key, this.now())
      return { user: null }
    }
    const now = this.now()
    const reason = now - entry.signedInAt > this.policy.absoluteMs ? 'absolute' : now - entry.lastSeen > this.policy.idleMs ? 'idle' : null
    if (reason) {
      this.end(key)
      return { user: null, ended: { user: entry.user, reason } }
    }
    entry.lastSeen = now
    return { user: entry.user }
  }

  get(key: string): SessionUser | null {
    return this.resolve(key).user
  }

  /** Signs the caller in; a browser session gets a new id (told through rekey). Returns the key signed in. */
  signIn(caller: Caller, user: SessionUser): string {
    let key = caller.key
    if (caller.rekey) {
      this.forget(key)
      key = newKey(prefixOf(key))
      caller.rekey(key)
    }
    this.set(key, user)
    return key
  }

  /** Signs the caller out; a browser session continues under a new id that is not signed in. */
  signOut(caller: Caller): void {
    this.forget(caller.key)
    if (caller.rekey) caller.rekey(this.issue(prefixOf(caller.key)))
  }

  /** Signs a key in as it is, without a new id: windows, and in-process callers (tests, the CLI). */
  set(key: string, user: SessionUser): void {
    const now = this.now()
    this.end(key)
    this.signedIn.set(key, { user, signedInAt: now, lastSeen: now })
  }

  /** The database session of the sign-in at the key, if one was opened. */
  dbToken(key: string): string | undefined {
    return this.signedIn.get(key)?.dbToken
  }

  /** Records the database session opened for the sign-in at the key (false: it ended meanwhile; close it). */
  setDbToken(key: string, user: SessionUser, token: string): boolean {
    const entry = this.signedIn.get(key)
    if (!entry || entry.user.id !== user.id || entry.dbToken) return false
    entry.dbToken = token
    return true
  }

  /** The user's name or roles changed in the database: the live session carries the new ones. */
  update(key: string, user: SessionUser): void {
    const entry = this.signedIn.get(key)
    if (entry) entry.user = user
  }

  /** Ends the session at the key (signed out, expired, or the user deactivated). */
  delete(key: string): void {
    this.end(key)
  }

  private forget(key: string): void {
    this.end(key)
    this.anonymous.delete(key)
  }

  private end(key: string): void {
    const token = this.signedIn.get(key)?.dbToken
    this.signedIn.delete(key)
    if (token) this.onEnd?.(token)
  }
}

/** 24 random bytes as 32 URL-safe characters after the transport's prefix. */
const newKey = (prefix: string): string => prefix + randomBytes(24).toString('base64url')
const prefixOf = (key: string): string => key.slice(0, key.indexOf(':') + 1)
