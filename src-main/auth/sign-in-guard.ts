// Failed sign-ins slow down and then stop the guessing: per username (whether or not it exists, so the
// answers do not tell) and per source (a window, or the browser's address). In memory, like the sessions:
// a restart of the app clears them.
//
// After `freeFailures` failures in a row each further attempt waits baseDelayMs · 2^(n − freeFailures − 1),
// at most maxDelayMs; an attempt made sooner is refused without looking at the password. The username is
// locked for lockMs after `lockAfter` failures: the right password is refused too, saying until when.
// A success clears the username's and the source's count; a count with no failure for forgetAfterMs is
// forgotten. One attempt per username at a time, a few per source, so parallel guesses count as well.

/** 2 free tries, then 1 s, 2 s, …; locked 15 min after 5 failures; counts forgotten after 15 min quiet. */
export const SIGN_IN_POLICY = {
  freeFailures: 2, baseDelayMs: 1_000, maxDelayMs: 60_000, lockAfter: 5, lockMs: 15 * 60_000, forgetAfterMs: 15 * 60_000,
  maxInFlightPerSource: 4, maxTracked: 10_000
}
export type SignInPolicy = typeof SIGN_IN_POLICY

interface Tally { failures: number; lastFailure: number; lockedUntil: number | null }

export type Refusal =
  | { reason: 'locked'; until: number; failures: number }
  | { reason: 'backoff'; retryAt: number }
  | { reason: 'busy' }

export class SignInGuard {
  readonly policy: SignInPolicy
  private readonly users = new Map<string, Tally>()
  private readonly sources = new Map<string, Tally>()
  private readonly userInFlight = new Set<string>()
  private readonly sourceInFlight = new Map<string, number>()

  constructor(private readonly now: () => number, policy: Partial<SignInPolicy> = {}) {
    this.policy = { ...SIGN_IN_POLICY, ...policy }
  }

  /** Null when the attempt may check the password now (then call end() when it has); otherwise why not. */
  begin(username: string, source: string): Refusal | null {
    const now = this.now()
    const user = this.current(this.users, username, now)
    if (user?.lockedUntil) return { reason: 'locked', until: user.lockedUntil, failures: user.failures }
    const retryAt = Math.max(this.retryAt(user), this.retryAt(this.current(this.sources, source, now)))
    if (retryAt > now) return { reason: 'backoff', retryAt }
    const busy = this.sourceInFlight.get(source) ?? 0
    if (this.userInFlight.has(username) || busy >= this.policy.maxInFlightPerSource) return { reason: 'busy' }
    this.userInFlight.add(username)
    this.sourceInFlight.set(source, busy + 1)
    return null
  }

  /** The attempt begun for this username and source has finished checking. */
  end(username: string, source: string): void {
    this.userInFlight.delete(username)
    const busy = (this.sourceInFlight.get(source) ?? 1) - 1
    if (busy > 0) this.sourceInFlight.set(source, busy)
    else this.sourceInFlight.delete(source)
  }

  /** A wrong password (or an unknown or inactive user): counted; the lock, when this failure set it. */
  failed(username: string, source: string): { failures: number; lockedUntil: number | null } {
    const now = this.now()
    const user = this.count(this.users, username, now)
    this.count(this.sources, source, now)
    if (user.failures >= this.policy.lockAfter) user.lockedUntil = now + this.policy.lockMs
    return { failures: user.failures, lockedUntil: user.lockedUntil }
  }

  succeeded(username: string, source: string): void {
    this.users.delete(username)
    this.sources.delete(source)
  }

  /** The tally, or none when it has run out (lock over, or quiet for forgetAfterMs). */
  private current(map: Map<string, Tally>, key: string, now: number): Tally | null {
    const t = map.get(key)
    if (!t) return null
    const over = t.lockedUntil !== null ? t.lockedUntil <= now : now - t.lastFailure > this.policy.forgetAfterMs
    if (!over) return t
    map.delete(key)
    return null
  }

  private retryAt(t: Tally | null): number {
    if (!t || t.failures <= this.policy.freeFailures) return 0
    const delay = this.policy.baseDelayMs * 2 ** (t.failures - this.policy.freeFailures - 1)
    return t.lastFailure + Math.min(delay, this.policy.maxDelayMs)
  }

  private count(map: Map<string, Tally>, key: string, now: number): Tally {
    const t = this.current(map, key, now) ?? { failures: 0, lastFailure: now, lockedUntil: null }
    t.failures++
    t.lastFailure = now
    // Most recent last, so that when too many are tracked the longest quiet ones go first.
    map.delete(key)
    map.set(key, t)
    if (map.size > this.policy.maxTracked) {
      for (const [k, old] of map) {
        if (map.size <= this.policy.maxTracked) break
        if (old.lockedUntil === null || old.lockedUntil <= now) map.delete(k)
      }
    }
    return t
  }
}
