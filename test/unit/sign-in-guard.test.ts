// The back-off and lock-out of failed sign-ins, and the session store's limits, on a clock the test moves.
// A property over random sequences of attempts: however they are timed, an account's password is checked at
// most `lockAfter` times wrongly before it locks, never sooner than the back-off allows, and not at all while
// it is locked.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { SignInGuard, SIGN_IN_POLICY } from '../../src-main/auth/sign-in-guard'
import { Sessions, SESSION_POLICY } from '../../src-main/auth/sessions'

const P = SIGN_IN_POLICY
const user = { id: 1, username: 'chen.jing', displayName: '陈静', roles: ['reviewer' as const] }

describe('sign-in guard', () => {
  it('never lets more than lockAfter wrong passwords through before a lock, nor sooner than the back-off, nor during the lock', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ gap: fc.integer({ min: 0, max: 120_000 }), right: fc.boolean() }), { minLength: 1, maxLength: 80 }),
      (attempts) => {
        let now = 0
        const guard = new SignInGuard(() => now)
        let failures = 0
        let lastChecked = -Infinity
        let lockedUntil = -Infinity
        for (const a of attempts) {
          now += a.gap
          const refused = guard.begin('u', 'src')
          if (now < lockedUntil) {
            expect(refused?.reason).toBe('locked')
            continue
          }
          if (refused) continue
          // Checked: the back-off after the previous failure has passed.
          if (failures > P.freeFailures) expect(now - lastChecked).toBeGreaterThanOrEqual(Math.min(P.baseDelayMs * 2 ** (failures - P.freeFailures - 1), P.maxDelayMs))
          guard.end('u', 'src')
          if (a.right) {
            guard.succeeded('u', 'src')
            failures = 0
            continue
          }
          // A count quiet for forgetAfterMs (or ended by a lock) starts again.
          if (now - lastChecked > P.forgetAfterMs || lockedUntil > -Infinity) failures = 0
          lockedUntil = -Infinity
          const { failures: n, lockedUntil: until } = guard.failed('u', 'src')
          failures++
          expect(n).toBe(failures)
          expect(n).toBeLessThanOrEqual(P.lockAfter)
          if (until !== null) {
            expect(n).toBe(P.lockAfter)
            lockedUntil = until
            expect(until - now).toBe(P.lockMs)
          }
          lastChecked = now
        }
      }
    ), { numRuns: 300 })
  })

  it('locks after 5 failures for 15 minutes, and says so to the right password too', () => {
    let now = 1_000_000
    const guard = new SignInGuard(() => now)
    for (let i = 1; i <= P.lockAfter; i++) {
      expect(guard.begin('chen.jing', 'a')).toBeNull()
      guard.end('chen.jing', 'a')
      expect(guard.failed('chen.jing', 'a').lockedUntil).toBe(i === P.lockAfter ? now + P.lockMs : null)
      now += P.maxDelayMs
    }
    expect(guard.begin('chen.jing', 'another window')).toMatchObject({ reason: 'locked', failures: 5 })
    now += P.lockMs
    expect(guard.begin('chen.jing', 'another window')).toBeNull()
  })

  it('keeps its memory bounded however many usernames are tried', () => {
    let now = 0
    const guard = new SignInGuard(() => now, { maxTracked: 100 })
    for (let i = 0; i < 1000; i++) {
      now += P.maxDelayMs
      if (!guard.begin(`u${i}`, `s${i}`)) { guard.end(`u${i}`, `s${i}`); guard.failed(`u${i}`, `s${i}`) }
    }
    const sizes = guard as unknown as { users: Map<string, unknown>; sources: Map<string, unknown> }
    expect(sizes.users.size).toBeLessThanOrEqual(100)
    expect(sizes.sources.size).toBeLessThanOrEqual(100)
  })
})

describe('sessions', () => {
  it('know only the ids they issued, and drop unused ones beyond the limit', () => {
    let now = 0
    const sessions = new Sessions({ now: () => now, policy: { maxAnonymous: 50 } })
    expect(sessions.has('http:' + 'a'.repeat(32))).toBe(false)
    const keys = Array.from({ length: 200 }, () => sessions.issue('http:'))
    expect(new Set(keys).size).toBe(200)
    expect(keys.every((k) => /^http:[\w-]{32}$/.test(k))).toBe(true)
    expect(keys.filter((k) => sessions.has(k)).length).toBeLessThanOrEqual(50)
    expect(sessions.has(keys.at(-1)!)).toBe(true)
    // Unused for longer than the idle limit: forgotten at the next issue.
    const old = keys.at(-1)!
    now += SESSION_POLICY.idleMs + 1
    sessions.issue('http:')
    expect(sessions.has(old)).toBe(false)
  })

  it('end a signed-in session at the idle and the absolute limit, whichever comes first', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 2 * SESSION_POLICY.idleMs }), { maxLength: 60 }), (gaps) => {
      let now = 0
      const sessions = new Sessions({ now: () => now })
      sessions.set('ipc:1', user)
      let last = 0
      for (const gap of gaps) {
        now += gap
        const { user: u, ended } = sessions.resolve('ipc:1')
        const expected = now > SESSION_POLICY.absoluteMs ? 'absolute' : now - last > SESSION_POLICY.idleMs ? 'idle' : null
        if (expected) {
          expect(u).toBeNull()
          expect(ended?.reason).toBe(expected)
          return
        }
        expect(u).toEqual(user)
        last = now
      }
    }), { numRuns: 300 })
  })
})
