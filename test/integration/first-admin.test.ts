// Issue 15, point 9: no default credentials outside demo data — a new archive asks for its administrator;
// passwords follow one set of rules everywhere; a user changes their own password; all of it in the trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { passwordProblem } from '../../src-main/auth/password-rules'
import { connect, resetArchive, testContext } from './db'
import { buildHandlers, createDispatch } from '../../src-main/transport/dispatch'

let ds: DataSource
beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
})
afterAll(async () => ds?.destroy())

describe('password rules', () => {
  it.each([
    ['short1A!', 'lin.hua', /至少 10 个字符/],
    ['password123', 'lin.hua', /至少三类|常见密码/],
    ['dossier-demo', 'lin.hua', /至少|常见/],
    ['Lin.hua-2026!', 'lin.hua', /不能包含用户名/],
    ['aaaaaaaaaaaaaaaaaaaa', 'lin.hua', /常见|过于单一/],
    ['alllowercaselettersonly', 'lin.hua', null],
    ['abcdefghij', 'lin.hua', /至少三类/],
    ['Zx9!-kq3Lm', 'lin.hua', null],
    ['审查员的密码很长很长很长', 'lin.hua', null]
  ])('%s → %s', (password, username, expected) => {
    const p = passwordProblem(password, username)
    if (expected === null) expect(p).toBeNull()
    else expect(p).toMatch(expected)
  })
})

describe('the first administrator', () => {
  it('is asked for by a new archive, made once under a lock, and then signs in; a second attempt is refused', async () => {
    const ctx = testContext(ds)
    const dispatch = createDispatch(buildHandlers(ctx), ctx.sessions, () => {})
    const call = (channel: string, req: unknown, key = 'win:setup') => dispatch(channel, req, key)
    expect(await call('app.info', {})).toMatchObject({ ok: true, data: { needsAdmin: true } })
    expect(await call('setup.createAdmin', { username: 'lin.hua', displayName: '林华', password: 'short' })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('至少 10 个字符') } })
    // Two screens at once: exactly one administrator is made.
    const both = await Promise.all([
      call('setup.createAdmin', { username: 'lin.hua', displayName: '林华', password: 'Zx9!-kq3Lm-a' }, 'win:a'),
      call('setup.createAdmin', { username: 'wu.di', displayName: '吴迪', password: 'Zx9!-kq3Lm-b' }, 'win:b')
    ])
    expect(both.filter((r) => r.ok)).toHaveLength(1)
    expect(both.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(await ds.query(`SELECT count(*)::int AS n FROM users WHERE 'admin' = ANY(roles)`)).toEqual([{ n: 1 }])
    expect(await call('app.info', {})).toMatchObject({ ok: true, data: { needsAdmin: false } })
    const made = both.find((r) => r.ok) as { data: { username: string } }
    const password = made.data.username === 'lin.hua' ? 'Zx9!-kq3Lm-a' : 'Zx9!-kq3Lm-b'
    expect(await call('auth.signIn', { username: made.data.username, password }, 'win:me')).toMatchObject({ ok: true })
    expect(await ds.query(`SELECT actor, action FROM audit_trail WHERE entity = 'user' AND action = 'create_first_admin'`)).toEqual([{ actor: made.data.username, action: 'create_first_admin' }])

    // Changing one's own password: the current one must be right, the new one acceptable; recorded.
    expect(await call('auth.changePassword', { current: 'wrong-password', next: 'N3w-Passw0rd!' }, 'win:me')).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await call('auth.changePassword', { current: password, next: 'short' }, 'win:me')).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await call('auth.changePassword', { current: password, next: 'N3w-Passw0rd!' }, 'win:me')).toEqual({ ok: true, data: { ok: true } })
    expect(await call('auth.signIn', { username: made.data.username, password: 'N3w-Passw0rd!' }, 'win:again')).toMatchObject({ ok: true })
    const [entry] = await ds.query(`SELECT before, after FROM audit_trail WHERE entity = 'user' AND action = 'change_password'`)
    expect(entry).toEqual({ before: null, after: { changed: true } })
  })
})
