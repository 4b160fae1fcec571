// Sessions that can't be ridden (issue 15, points 2, 3 and the sign-in part of 5), through the real dispatch
// on a clock the test moves: failed sign-ins slow down and lock the account (the right password is refused
// during the lock, saying until when); sessions end after 30 idle minutes or 12 hours; a deactivated user is
// signed out, and a change of roles applies, at the next call; every sign-in, failure, refusal, lock-out,
// sign-out, expiry and revocation is in the audit trail, never a password.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { createUser } from '../../src-main/auth/users'
import { Sessions, SESSION_POLICY, type Caller } from '../../src-main/auth/sessions'
import { SIGN_IN_POLICY } from '../../src-main/auth/sign-in-guard'
import { buildHandlers, createDispatch, type CallOptions } from '../../src-main/transport/dispatch'
import { chinaWallTime } from '../../src-main/shared/china-time'
import type { Envelope, SessionUser } from '../../src-main/shared/contract'
import { connect, resetArchive, testContext } from './db'

let ds: DataSource
const PASSWORD = 'correct horse battery'
const START = Date.parse('2025-09-01T09:00:00+08:00')
let clock = START
let sessions: Sessions
let dispatch: (channel: string, request: unknown, key: string, opts?: CallOptions) => Promise<Envelope<unknown>>
let logged: string[] = []
/** The trail's last id before the test: each test reads only its own entries (the trail is never edited). */
let mark = '0'

const minutes = (n: number): number => n * 60_000
const trail = async (username: string): Promise<{ actor: string; action: string; after: Record<string, unknown> }[]> =>
  ds.query(`SELECT actor, action, after FROM audit_trail WHERE entity = 'session' AND entity_id = $1 AND id > $2 ORDER BY id`, [username, mark])
const signIn = (username: string, password: string, key = `win:${username}`, opts?: CallOptions) =>
  dispatch('auth.signIn', { username, password }, key, opts)

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  for (const [username, roles] of [['chen.jing', ['reviewer']], ['li.ming', ['reviewer']], ['wang.fang', ['senior_reviewer']], ['sun.li', ['legal']]] as const) {
    await createUser(ds, { username, displayName: username, roles: [...roles], password: PASSWORD })
  }
})
afterAll(async () => ds?.destroy())
beforeEach(async () => {
  // Each test starts with no sessions and no failures, at the same moment.
  ;[{ mark }] = await ds.query('SELECT coalesce(max(id), 0)::text AS mark FROM audit_trail')
  await ds.query('UPDATE users SET active = true')
  clock = START
  logged = []
  const ctx = { ...testContext(ds), sessions: new Sessions({ now: () => clock }) }
  sessions = ctx.sessions
  dispatch = createDispatch(buildHandlers(ctx), ctx.sessions, (m) => logged.push(m))
})

describe('failed sign-ins', () => {
  it('slow down and lock the account: 200 wrong passwords check at most 5, then even the right one is refused until the lock ends', async () => {
    const answers: string[] = []
    // 200 guesses 300 ms apart (one minute), from one window.
    for (let i = 0; i < 200; i++) {
      const env = await signIn('chen.jing', `guess-${i}`)
      expect(env.ok).toBe(false)
      if (!env.ok) answers.push(env.error.code === 'unauthenticated' ? 'checked' : env.error.message.includes('锁定') ? 'locked' : env.error.message.includes('秒后再试') ? 'wait' : env.error.message)
      clock += 300
    }
    expect(answers.filter((a) => a === 'checked')).toHaveLength(SIGN_IN_POLICY.lockAfter)
    expect(answers.filter((a) => a === 'wait').length).toBeGreaterThan(0)
    expect(new Set(answers)).toEqual(new Set(['checked', 'wait', 'locked']))
    const until = Date.parse((await trail('chen.jing')).find((e) => e.action === 'lock')!.after.until as string)
    expect(until - START).toBeGreaterThanOrEqual(SIGN_IN_POLICY.lockMs)

    // The right password during the lock: refused, saying until when (China time).
    const during = await signIn('chen.jing', PASSWORD)
    expect(during).toEqual({ ok: false, error: { code: 'forbidden', message: `连续 5 次登录失败，账号已锁定至 ${chinaWallTime(until)}（北京时间），请届时再试` } })
    clock = until - 1
    expect((await signIn('chen.jing', PASSWORD)).ok).toBe(false)
    clock = until
    expect(await signIn('chen.jing', PASSWORD)).toMatchObject({ ok: true, data: { username: 'chen.jing' } })

    const entries = await trail('chen.jing')
    const count = (action: string): number => entries.filter((e) => e.action === action).length
    expect(count('sign_in_failed')).toBe(5)
    expect(count('lock')).toBe(1)
    expect(count('sign_in_refused')).toBe(200 - 5 + 2)
    expect(count('sign_in')).toBe(1)
    expect(entries.find((e) => e.action === 'sign_in_failed')).toMatchObject({ actor: 'anonymous', after: { failures: 1, via: 'win' } })
    expect(entries.at(-1)).toMatchObject({ actor: 'chen.jing', action: 'sign_in' })
    // The username tried is recorded, never a password.
    const text = JSON.stringify(entries)
    expect(text).not.toContain('guess-')
    expect(text).not.toContain(PASSWORD)
    expect(logged).toEqual([])
  })

  it('a success before the lock clears the count; the second failure in a row is answered at once', async () => {
    for (let i = 0; i < SIGN_IN_POLICY.freeFailures; i++) expect(await signIn('li.ming', 'wrong')).toMatchObject({ ok: false, error: { code: 'unauthenticated', message: '用户名或密码不正确' } })
    expect((await signIn('li.ming', PASSWORD)).ok).toBe(true)
    for (let i = 0; i < SIGN_IN_POLICY.freeFailures; i++) expect(await signIn('li.ming', 'wrong')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
  })

  it('an unknown username locks the same way, so the answers do not tell which accounts exist', async () => {
    const shape = async (username: string): Promise<string[]> => {
      const seen: string[] = []
      for (let i = 0; i < 12; i++) {
        const env = await signIn(username, 'wrong', `win:${username}`)
        seen.push(env.ok ? 'ok' : `${env.error.code}:${env.error.message.replace(/\d{4}-\d\d-\d\d \d\d:\d\d/, 'T').replace(/\d+ 秒/, 'N 秒')}`)
        clock += 700
      }
      return seen
    }
    const real = await shape('wang.fang')
    clock = START
    expect(await shape('no.such.user')).toEqual(real)
  })

  it('parallel guesses for one account are checked one at a time', async () => {
    const all = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn('sun.li', `parallel-${i}`, `win:${i}`)))
    const checked = all.filter((e) => !e.ok && e.error.code === 'unauthenticated').length
    expect(checked).toBe(1)
    expect(all.filter((e) => !e.ok && e.error.message === '正在验证上一次登录，请稍后再试')).toHaveLength(19)
  })

  it('one caller guessing across many usernames is slowed down too; another caller is not', async () => {
    const results: boolean[] = []
    for (let i = 0; i < 10; i++) {
      const env = await signIn(`spray${i}`, 'wrong', 'win:spray')
      results.push(!env.ok && env.error.code === 'unauthenticated')
    }
    expect(results.filter(Boolean)).toHaveLength(SIGN_IN_POLICY.freeFailures + 1)
    expect(await signIn('chen.jing', PASSWORD, 'win:other')).toMatchObject({ ok: true })
  })
})

describe('sessions', () => {
  it('a browser session gets a new id at sign-in and at sign-out; a window keeps its own', async () => {
    const keys: string[] = []
    const caller: Pick<Caller, 'rekey' | 'source'> = { source: 'http-peer:127.0.0.1', rekey: (k) => keys.push(k) }
    const planted = sessions.issue('http:')
    expect((await signIn('chen.jing', PASSWORD, planted, caller)).ok).toBe(true)
    expect(keys).toHaveLength(1)
    expect(keys[0]).toMatch(/^http:[\w-]{32}$/)
    expect(keys[0]).not.toBe(planted)
    expect(sessions.has(planted)).toBe(false)
    expect(await dispatch('auth.me', {}, planted)).toMatchObject({ ok: true, data: { user: null } })
    expect(await dispatch('auth.me', {}, keys[0])).toMatchObject({ ok: true, data: { user: { username: 'chen.jing' } } })
    expect((await dispatch('auth.signOut', {}, keys[0], caller)).ok).toBe(true)
    expect(keys).toHaveLength(2)
    expect(await dispatch('auth.me', {}, keys[0])).toMatchObject({ ok: true, data: { user: null } })
    expect(sessions.has(keys[1])).toBe(true)
    // A window (IPC) is named by the main process, not by the page: it keeps its key.
    expect((await signIn('li.ming', PASSWORD, 'ipc:7')).ok).toBe(true)
    expect(await dispatch('auth.me', {}, 'ipc:7')).toMatchObject({ ok: true, data: { user: { username: 'li.ming' } } })
    expect((await trail('chen.jing')).map((e) => e.action)).toEqual(['sign_in', 'sign_out'])
  })

  it('end after 30 minutes without a request, and 12 hours after sign-in however busy', async () => {
    expect((await signIn('chen.jing', PASSWORD)).ok).toBe(true)
    clock += SESSION_POLICY.idleMs - 1000
    expect((await dispatch('cases.count', {}, 'win:chen.jing')).ok).toBe(true)
    clock += SESSION_POLICY.idleMs + 1
    expect(await dispatch('cases.count', {}, 'win:chen.jing')).toEqual({ ok: false, error: { code: 'unauthenticated', message: '长时间未操作，登录已过期，请重新登录' } })
    expect(await dispatch('cases.count', {}, 'win:chen.jing')).toEqual({ ok: false, error: { code: 'unauthenticated', message: '请先登录' } })

    expect((await signIn('chen.jing', PASSWORD)).ok).toBe(true)
    const signedInAt = clock
    while (clock - signedInAt <= SESSION_POLICY.absoluteMs - minutes(20)) {
      clock += minutes(20)
      expect((await dispatch('cases.count', {}, 'win:chen.jing')).ok).toBe(true)
    }
    clock = signedInAt + SESSION_POLICY.absoluteMs + 1
    expect(await dispatch('cases.count', {}, 'win:chen.jing')).toEqual({ ok: false, error: { code: 'unauthenticated', message: '登录已超过最长时限，请重新登录' } })
    const expiries = (await trail('chen.jing')).filter((e) => e.action === 'expire')
    expect(expiries).toEqual([
      { actor: 'chen.jing', action: 'expire', after: { reason: 'idle', via: 'win' } },
      { actor: 'chen.jing', action: 'expire', after: { reason: 'absolute', via: 'win' } }
    ])
  })

  it('a deactivated user is signed out at the next call; a change of roles applies at the next call', async () => {
    expect((await signIn('chen.jing', PASSWORD)).ok).toBe(true)
    expect((await signIn('wang.fang', PASSWORD)).ok).toBe(true)
    expect((await dispatch('users.list', {}, 'win:wang.fang')).ok).toBe(true)

    await ds.query(`UPDATE users SET active = false WHERE username = 'wang.fang'`)
    expect(await dispatch('users.list', {}, 'win:wang.fang')).toEqual({ ok: false, error: { code: 'unauthenticated', message: '账号已停用，请联系管理员' } })
    expect(await dispatch('auth.me', {}, 'win:wang.fang')).toMatchObject({ ok: true, data: { user: null } })
    // Re-activated, the old session does not come back: it was ended.
    await ds.query(`UPDATE users SET active = true WHERE username = 'wang.fang'`)
    expect(await dispatch('auth.me', {}, 'win:wang.fang')).toMatchObject({ ok: true, data: { user: null } })
    expect((await trail('wang.fang')).map((e) => [e.actor, e.action, e.after.reason])).toEqual([['wang.fang', 'sign_in', undefined], ['system', 'revoke', 'inactive']])

    // A reviewer made senior: planning channels open at the next call, and close again when taken back.
    expect(await dispatch('users.list', {}, 'win:chen.jing')).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    await ds.query(`UPDATE users SET roles = '{senior_reviewer}' WHERE username = 'chen.jing'`)
    expect((await dispatch('users.list', {}, 'win:chen.jing')).ok).toBe(true)
    expect(await dispatch('auth.me', {}, 'win:chen.jing')).toMatchObject({ ok: true, data: { user: { roles: ['senior_reviewer'] } } })
    await ds.query(`UPDATE users SET roles = '{reviewer}' WHERE username = 'chen.jing'`)
    expect(await dispatch('users.list', {}, 'win:chen.jing')).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    // A session naming no account (one made in memory, or a deleted row) is no session.
    const ghost: SessionUser = { id: 999_999, username: 'ghost', displayName: 'x', roles: ['admin'] }
    sessions.set('win:ghost', ghost)
    expect(await dispatch('cases.count', {}, 'win:ghost')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
    expect(logged).toEqual([])
  })

  it('the demo password is told on the sign-in screen of a demo archive only, never to a signed-in user', async () => {
    await createUser(ds, { username: 'demo.user', displayName: '演示', roles: ['reviewer'], password: 'dossier-demo', isDemo: true })
    try {
      expect(await dispatch('auth.me', {}, 'win:anyone')).toEqual({ ok: true, data: { user: null, demoPassword: 'dossier-demo' } })
      expect((await signIn('chen.jing', PASSWORD)).ok).toBe(true)
      const me = await dispatch('auth.me', {}, 'win:chen.jing')
      expect(me).toMatchObject({ ok: true, data: { user: { username: 'chen.jing' }, demoPassword: null } })
      expect(JSON.stringify(me)).not.toContain('dossier-demo')
    } finally {
      await ds.query(`UPDATE users SET is_demo = false WHERE username = 'demo.user'`)
    }
    expect(await dispatch('auth.me', {}, 'win:anyone')).toEqual({ ok: true, data: { user: null, demoPassword: null } })
  })

  it('app.info tells a caller who is not signed in the version, the demo flag and whether an administrator must be created', async () => {
    const before = await dispatch('app.info', {}, 'win:anyone')
    expect(before.ok && Object.keys(before.data as object).sort()).toEqual(['demo', 'needsAdmin', 'version'])
    expect((await signIn('chen.jing', PASSWORD)).ok).toBe(true)
    const after = await dispatch('app.info', {}, 'win:chen.jing')
    expect(after).toMatchObject({ ok: true, data: { database: 'external', caseCount: 0, caseCountEstimated: false } })
    expect(JSON.stringify(after)).not.toMatch(/"user"/)
  })
})
