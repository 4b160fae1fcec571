// Issue 10 point 17: user administration for administrators — list, add, deactivate, reset a password, set
// roles — each change in the trail; the last active administrator is kept (handler and database); a password
// an administrator gave must be changed before the session may do anything else; directory accounts keep the
// roles and password the directory gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { DEMO_PASSWORD, ensureDemoUsers } from '../../src-main/auth/users'
import { CHANNEL_NAMES } from '../../src-main/shared/channels'
import { WHILE_PASSWORD_MUST_CHANGE } from '../../src-main/auth/access'
import { buildHandlers, createDispatch } from '../../src-main/transport/dispatch'
import type { AccountRow, Channel, Envelope, SessionUser } from '../../src-main/shared/contract'
import { asOwner, connect, data, resetArchive, signedInAs, testContext, type RawCall } from './db'

let ds: DataSource
let admin: RawCall
const FIRST = 'Erste-Passw0rt!'
const NEXT = 'Zweites-Passw0rt?'

/** Signs in with a password through the real handler (a window of its own). */
async function signIn(username: string, password: string): Promise<{ raw: RawCall; user: Envelope<unknown> }> {
  const ctx = testContext(ds)
  const dispatch = createDispatch(buildHandlers(ctx), ctx.sessions)
  const raw: RawCall = (channel, request = {}) => dispatch(channel, request, `win:${username}`)
  return { raw, user: await raw('auth.signIn', { username, password }) }
}
const account = async (username: string): Promise<AccountRow> => data<AccountRow[]>(await admin('users.accounts', {})).find((a) => a.username === username)!
const trail = async (id: number): Promise<{ actor: string; action: string; after: Record<string, unknown> }[]> =>
  ds.query(`SELECT actor, action, after FROM audit_trail WHERE entity = 'user' AND entity_id = $1::text ORDER BY id`, [String(id)])

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await ensureDemoUsers(ds)
  admin = (await signIn('admin', DEMO_PASSWORD)).raw
})
afterAll(async () => ds?.destroy())

describe('user administration', () => {
  it('is for administrators only', async () => {
    const wang = await signedInAs(ds, 'wang.fang')
    for (const channel of ['users.accounts', 'users.add', 'users.setActive', 'users.setRoles', 'users.resetPassword']) {
      expect(await wang(channel, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    const list = data<AccountRow[]>(await admin('users.accounts', {}))
    expect(list.map((a) => a.username)).toContain('chen.jing')
    expect(list.find((a) => a.username === 'admin')).toMatchObject({ roles: ['admin'], active: true, source: 'local', mustChangePassword: false })
  })

  it('adds an account whose first password must be changed before anything else, and records it', async () => {
    expect(await admin('users.add', { username: 'liu.yang', displayName: '刘洋', roles: ['reviewer'], password: 'short' }))
      .toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('密码不合要求') } })
    const added = data<AccountRow>(await admin('users.add', { username: 'Liu.Yang', displayName: '刘洋', roles: ['reviewer'], password: FIRST }))
    expect(added).toMatchObject({ username: 'liu.yang', roles: ['reviewer'], mustChangePassword: true, active: true })
    expect(await admin('users.add', { username: 'liu.yang', displayName: '刘洋', roles: ['reviewer'], password: FIRST }))
      .toMatchObject({ ok: false, error: { code: 'invalid_request', message: '用户名 liu.yang 已存在' } })
    expect(await trail(added.id)).toEqual([expect.objectContaining({ actor: 'admin', action: 'create', after: expect.objectContaining({ username: 'liu.yang', mustChangePassword: true }) })])

    const liu = await signIn('liu.yang', FIRST)
    expect(data<SessionUser>(liu.user)).toMatchObject({ username: 'liu.yang', mustChangePassword: true })
    expect(data<{ user: SessionUser }>(await liu.raw('auth.me', {})).user.mustChangePassword).toBe(true)
    // Every channel but changing the password, asking who one is and signing out is refused — before its request is even read.
    const allowed = new Set<string>(WHILE_PASSWORD_MUST_CHANGE)
    for (const channel of CHANNEL_NAMES.filter((c) => !allowed.has(c) && !['auth.signIn', 'setup.createAdmin'].includes(c))) {
      expect(await liu.raw(channel, {}), channel).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('请先修改密码') } })
    }
    expect(data(await liu.raw('auth.changePassword', { current: FIRST, next: NEXT }))).toEqual({ ok: true })
    expect(await liu.raw('cases.count', {})).toMatchObject({ ok: true })
    expect((await account('liu.yang')).mustChangePassword).toBe(false)
  })

  it('resets a password (to be changed at the next sign-in), sets roles, deactivates — each in the trail, each on the version seen', async () => {
    let liu = await account('liu.yang')
    const session = await signIn('liu.yang', NEXT)
    liu = data<AccountRow>(await admin('users.resetPassword', { id: liu.id, version: liu.version, password: FIRST }))
    expect(liu.mustChangePassword).toBe(true)
    // The live session is held to the new rule at its next request; the old password no longer signs in.
    expect(await session.raw('cases.count', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect((await signIn('liu.yang', NEXT)).user).toMatchObject({ ok: false })
    expect(data<SessionUser>((await signIn('liu.yang', FIRST)).user).mustChangePassword).toBe(true)

    expect(await admin('users.setRoles', { id: liu.id, version: liu.version - 1, roles: ['legal'] })).toMatchObject({ ok: false, error: { code: 'conflict' } })
    liu = data<AccountRow>(await admin('users.setRoles', { id: liu.id, version: liu.version, roles: ['senior_reviewer', 'reviewer'] }))
    expect(liu.roles).toEqual(['reviewer', 'senior_reviewer'])
    liu = data<AccountRow>(await admin('users.setActive', { id: liu.id, version: liu.version, active: false }))
    expect(liu.active).toBe(false)
    expect(await session.raw('auth.me', {})).toMatchObject({ ok: true, data: { user: null } })
    expect((await signIn('liu.yang', FIRST)).user).toMatchObject({ ok: false })
    liu = data<AccountRow>(await admin('users.setActive', { id: liu.id, version: liu.version, active: true }))
    const actions = (await trail(liu.id)).map((t) => `${t.actor}:${t.action}`)
    expect(actions).toEqual(['admin:create', 'liu.yang:change_password', 'admin:reset_password', 'admin:set_roles', 'admin:deactivate', 'admin:activate'])
    expect(JSON.stringify(await trail(liu.id))).not.toContain(FIRST)
  })
})

describe('the last active administrator', () => {
  it.each([
    ['deactivated', (a: AccountRow) => admin('users.setActive', { id: a.id, version: a.version, active: false })],
    ['losing the role', (a: AccountRow) => admin('users.setRoles', { id: a.id, version: a.version, roles: ['reviewer'] })]
  ])('cannot be %s through the handler', async (_name, change) => {
    const before = await account('admin')
    expect(await change(before)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('最后一名在用的管理员') } })
    expect(await account('admin')).toEqual(before)
  })

  it.each([
    ['deactivated', `UPDATE users SET active = false WHERE username = 'admin'`],
    ['losing the role', `UPDATE users SET roles = '{reviewer}' WHERE username = 'admin'`],
    ['deleted', `DELETE FROM users WHERE username = 'admin'`]
  ])('cannot be %s by any writer of the database either', async (_name, sql) => {
    await expect(ds.query(sql)).rejects.toThrow(/最后一名在用的管理员/)
    await expect(asOwner((o) => o.query(sql))).rejects.toThrow(/最后一名在用的管理员/)
  })

  it('two administrators deactivating each other at once: one of them stays', async () => {
    const liu = await account('liu.yang')
    data(await admin('users.setRoles', { id: liu.id, version: liu.version, roles: ['admin'] }))
    const [a, l] = [await account('admin'), await account('liu.yang')]
    const liuSession = await signIn('liu.yang', FIRST)
    data(await liuSession.raw('auth.changePassword', { current: FIRST, next: NEXT }))
    const l2 = await account('liu.yang')
    const results = await Promise.all([admin('users.setActive', { id: l2.id, version: l2.version, active: false }), liuSession.raw('users.setActive', { id: a.id, version: a.version, active: false })])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    const stayed = (await ds.query(`SELECT username FROM users WHERE active AND 'admin' = ANY(roles)`)) as { username: string }[]
    expect(stayed).toHaveLength(1)
    // Which one stays is the race's: the tests after this one act as that administrator.
    if (stayed[0].username === 'liu.yang') admin = liuSession.raw
    void l
  })
})

describe('directory accounts', () => {
  it('show that the directory gives their roles, and refuse a password reset or a change of roles here', async () => {
    await ds.query(`INSERT INTO users (username, display_name, password_hash, roles, auth_source) VALUES ('dir.user', '目录用户', '!directory', '{reviewer}', 'directory')`)
    const dir = await account('dir.user')
    expect(dir.source).toBe('directory')
    expect(await admin('users.resetPassword', { id: dir.id, version: dir.version, password: FIRST }))
      .toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('单位目录') } })
    expect(await admin('users.setRoles', { id: dir.id, version: dir.version, roles: ['admin'] }))
      .toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('用户组映射') } })
    expect(await account('dir.user')).toEqual(dir)
  })
})

/** Channel names stay in the contract's type (a compile-time check of the table above). */
export const channels: readonly Channel[] = CHANNEL_NAMES
