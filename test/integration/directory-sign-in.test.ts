// Directory sign-in (issue 15 point 12) against a real OpenLDAP server the test starts on 127.0.0.1
// (test/integration/slapd.ts): the right password signs in and makes a local user with the mapped roles;
// a wrong one is refused and counts toward the lock-out; a person in no mapped group is refused; a change of
// groups re-maps the roles at the next sign-in (and removal deactivates); a directory that is down says so
// while local accounts still sign in; an administrator's deactivation is not undone by the directory; both bind styles (DN template, search with a service account) work.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { existsSync } from 'node:fs'
import { createUser } from '../../src-main/auth/users'
import { Sessions } from '../../src-main/auth/sessions'
import { buildHandlers, createDispatch } from '../../src-main/transport/dispatch'
import type { DirectorySettingsInput, Envelope, SessionUser } from '../../src-main/shared/contract'
import { escapeDnValue } from '../../src-main/auth/directory'
import { mapRoles } from '../../src-main/auth/directory-sign-in'
import { connect, resetArchive, testContext } from './db'
import { group, person, SLAPD, startSlapd, SUFFIX, type Slapd } from './slapd'

const LOCAL_PW = 'Local-Admin-Pw1'
let ds: DataSource
let slapd: Slapd
let dispatch: (channel: string, request: unknown, key: string) => Promise<Envelope<unknown>>
let mark = '0'
let version: number | null = null

const groupDn = (cn: string): string => `cn=${cn},ou=groups,${SUFFIX}`
const settings = (over: Partial<DirectorySettingsInput> = {}): DirectorySettingsInput => ({
  enabled: true, url: slapd.url, mode: 'template', bindDnTemplate: `uid={username},ou=people,${SUFFIX}`, baseDn: SUFFIX,
  groupRoles: [{ groupDn: groupDn('dossier-reviewers'), roles: ['reviewer'] }, { groupDn: groupDn('dossier-seniors'), roles: ['senior_reviewer'] }],
  timeoutMs: 2000, ...over
})
const signIn = (username: string, password: string, key = `win:${username}`) => dispatch('auth.signIn', { username, password }, key)
const sessionTrail = async (username: string): Promise<{ action: string; after: Record<string, unknown> }[]> =>
  ds.query(`SELECT action, after FROM audit_trail WHERE entity = 'session' AND entity_id = $1 AND id > $2 ORDER BY id`, [username, mark])
async function save(s: DirectorySettingsInput): Promise<void> {
  const env = await dispatch('settings.saveDirectory', { settings: s, expectedVersion: version }, 'win:admin')
  if (!env.ok) throw new Error(env.error.message)
  version = (env.data as { version: number }).version
}

const HAS_SLAPD = existsSync(SLAPD)

beforeAll(async () => {
  if (!HAS_SLAPD) return
  ds = await connect()
  await resetArchive(ds)
  await createUser(ds, { username: 'admin', displayName: '本地管理员', roles: ['admin'], password: LOCAL_PW })
  slapd = await startSlapd(
    person('lin.hua', '林华', 'Dir-Pass-0001') + person('zhou.min', '周敏', 'Dir-Pass-0002') + person('guest', '访客', 'Dir-Pass-0003') + person('wu.lei', '吴磊', 'Dir-Pass-0005') +
    person('svc.dossier', 'Dossier 服务账号', 'Svc-Pass-0004') +
    group('dossier-reviewers', ['lin.hua', 'zhou.min', 'wu.lei']) + group('dossier-seniors', ['zhou.min']) + group('canteen', ['guest', 'lin.hua']))
  const ctx = { ...testContext(ds), sessions: new Sessions() }
  dispatch = createDispatch(buildHandlers(ctx), ctx.sessions, () => {})
  expect((await signIn('admin', LOCAL_PW, 'win:admin')).ok).toBe(true)
  await save(settings())
})
afterAll(async () => {
  await slapd?.stop()
  await ds?.destroy()
})
beforeEach(async () => {
  if (!HAS_SLAPD) return
  ;[{ mark }] = await ds.query('SELECT coalesce(max(id), 0)::text AS mark FROM audit_trail')
})

describe.skipIf(!HAS_SLAPD)('directory sign-in against slapd', () => {
  it('the right password signs in and creates a local user with the mapped roles and the directory name', async () => {
    const env = await signIn('Lin.Hua', 'Dir-Pass-0001')
    expect(env.ok).toBe(true)
    const user = (env as { data: SessionUser }).data
    expect(user).toMatchObject({ username: 'lin.hua', displayName: '林华', roles: ['reviewer'] })
    const [row] = await ds.query(`SELECT auth_source, password_hash, active FROM users WHERE username = 'lin.hua'`)
    expect(row).toMatchObject({ auth_source: 'directory', active: true })
    expect(row.password_hash).not.toContain('Dir-Pass')
    expect((await sessionTrail('lin.hua')).map((t) => t.action)).toEqual(['sign_in'])
    const [created] = await ds.query(`SELECT actor, action, after FROM audit_trail WHERE entity = 'user' AND entity_id = $1 AND id > $2`, [String(user.id), mark])
    expect(created).toMatchObject({ actor: 'directory', action: 'directory_create' })
    // The directory user has no local password: the local check never lets them in without the directory.
    const local = await ds.query(`SELECT 1 FROM users WHERE username = 'lin.hua' AND password_hash LIKE '$argon2%'`)
    expect(local).toHaveLength(0)
  })

  it('a wrong password is refused like a local one, counts toward the lock-out and is logged', async () => {
    const answers: string[] = []
    for (let i = 0; i < 3; i++) {
      const env = await signIn('wu.lei', `wrong-${i}`, `win:guess-${i}`)
      answers.push(env.ok ? 'ok' : env.error.message)
    }
    expect(answers[0]).toBe('用户名或密码不正确')
    const failed = await sessionTrail('wu.lei')
    expect(failed.filter((t) => t.action === 'sign_in_failed').map((t) => [t.after.failures, t.after.source])).toEqual([[1, 'directory'], [2, 'directory'], [3, 'directory']])
    // The fourth try of the same name waits (back-off), even with the right password.
    const next = await signIn('wu.lei', 'Dir-Pass-0005', 'win:other')
    expect(next.ok).toBe(false)
    expect(!next.ok && next.error.message).toMatch(/秒后再试/)
  })

  it('a person in no mapped group is refused, however right the password', async () => {
    const env = await signIn('guest', 'Dir-Pass-0003')
    expect(env.ok).toBe(false)
    expect(!env.ok && env.error).toMatchObject({ code: 'forbidden' })
    expect(!env.ok && env.error.message).toMatch(/不在任何已授权的用户组/)
    expect(await ds.query(`SELECT 1 FROM users WHERE username = 'guest' AND active`)).toHaveLength(0)
    expect((await sessionTrail('guest')).map((t) => [t.action, t.after.reason])).toEqual([['sign_in_refused', 'no_mapped_group']])
  })

  it('a change of groups re-maps the roles at the next sign-in; removal from every mapped group deactivates and ends the session', async () => {
    await slapd.ldif(`dn: ${groupDn('dossier-seniors')}\nchangetype: modify\nadd: member\nmember: uid=lin.hua,ou=people,${SUFFIX}\n`, 'modify')
    const again = await signIn('lin.hua', 'Dir-Pass-0001', 'win:lin-2')
    expect((again as { data: SessionUser }).data.roles).toEqual(['reviewer', 'senior_reviewer'])
    // Its live session now has the new roles (re-read on every call): a senior's channel answers.
    expect((await dispatch('plans.list', {}, 'win:lin-2')).ok).toBe(true)
    await slapd.ldif(`dn: ${groupDn('dossier-seniors')}\nchangetype: modify\ndelete: member\nmember: uid=lin.hua,ou=people,${SUFFIX}\n\n` +
      `dn: ${groupDn('dossier-reviewers')}\nchangetype: modify\ndelete: member\nmember: uid=lin.hua,ou=people,${SUFFIX}\n`, 'modify')
    const removed = await signIn('lin.hua', 'Dir-Pass-0001', 'win:lin-3')
    expect(removed.ok).toBe(false)
    expect(await ds.query(`SELECT active, deactivated_by FROM users WHERE username = 'lin.hua'`)).toEqual([{ active: false, deactivated_by: 'directory' }])
    // The window signed in before the removal is signed out at its next call.
    const stale = await dispatch('cases.count', {}, 'win:lin-2')
    expect(!stale.ok && stale.error.code).toBe('unauthenticated')
    // Back in a group: active again with that group's roles only.
    await slapd.ldif(`dn: ${groupDn('dossier-reviewers')}\nchangetype: modify\nadd: member\nmember: uid=lin.hua,ou=people,${SUFFIX}\n`, 'modify')
    expect(((await signIn('lin.hua', 'Dir-Pass-0001', 'win:lin-4')) as { data: SessionUser }).data.roles).toEqual(['reviewer'])
  })

  it('an administrator\'s deactivation sticks: the directory sign-in refuses with 账号已被停用 and does not re-activate', async () => {
    // zhou.min holds mapped groups and has signed in; the administrator deactivates her on the users screen.
    const first = await signIn('zhou.min', 'Dir-Pass-0002', 'win:zhou-1')
    expect(first.ok).toBe(true)
    const accounts = await dispatch('users.accounts', {}, 'win:admin')
    const zhou = (accounts as { data: { id: number; username: string; version: number }[] }).data.find((a) => a.username === 'zhou.min')!
    expect((await dispatch('users.setActive', { id: zhou.id, version: zhou.version, active: false }, 'win:admin')).ok).toBe(true)
    // The window she signed in before is signed out at its next call.
    const stale = await dispatch('cases.count', {}, 'win:zhou-1')
    expect(!stale.ok && stale.error.code).toBe('unauthenticated')
    ;[{ mark }] = await ds.query('SELECT coalesce(max(id), 0)::text AS mark FROM audit_trail')

    const refused = await signIn('zhou.min', 'Dir-Pass-0002', 'win:zhou-2')
    expect(refused.ok).toBe(false)
    expect(!refused.ok && refused.error.code).toBe('forbidden')
    expect(!refused.ok && refused.error.message).toMatch(/^账号已被停用/)
    const [row] = await ds.query(`SELECT active, deactivated_by FROM users WHERE username = 'zhou.min'`)
    expect(row).toEqual({ active: false, deactivated_by: 'admin' })
    // No re-activation in the trail; the refusal is logged with its reason. A wrong password still says only that.
    expect(await ds.query(`SELECT action FROM audit_trail WHERE entity = 'user' AND entity_id = $1 AND id > $2`, [String(zhou.id), mark])).toEqual([])
    expect((await sessionTrail('zhou.min')).map((t) => [t.action, t.after.reason])).toEqual([['sign_in_refused', 'deactivated']])
    const wrong = await signIn('zhou.min', 'not-her-password', 'win:zhou-3')
    expect(!wrong.ok && wrong.error.message).toBe('用户名或密码不正确')
    expect((await dispatch('cases.count', {}, 'win:zhou-2')).ok).toBe(false)

    // The directory's own deactivation (no mapped group) still comes back with a group; the administrator's
    // re-activation lets her in again.
    const again = (await dispatch('users.accounts', {}, 'win:admin') as { data: { id: number; username: string; version: number }[] }).data.find((a) => a.username === 'zhou.min')!
    expect((await dispatch('users.setActive', { id: zhou.id, version: again.version, active: true }, 'win:admin')).ok).toBe(true)
    expect((await ds.query(`SELECT deactivated_by FROM users WHERE username = 'zhou.min'`))[0].deactivated_by).toBeNull()
    const back = await signIn('zhou.min', 'Dir-Pass-0002', 'win:zhou-4')
    expect((back as { data: SessionUser }).data?.roles).toEqual(['reviewer', 'senior_reviewer'])
  })

  it('search-then-bind with a service account (as with Active Directory) finds the person and maps the roles', async () => {
    await save(settings({ mode: 'search', bindDnTemplate: '', userFilter: '(uid={username})', serviceDn: `uid=svc.dossier,ou=people,${SUFFIX}`, servicePassword: 'Svc-Pass-0004' }))
    const env = await signIn('zhou.min', 'Dir-Pass-0002', 'win:zhou-search')
    expect((env as { data: SessionUser }).data?.roles).toEqual(['reviewer', 'senior_reviewer'])
    // A filter metacharacter in the name is escaped, not a wildcard: nobody is found.
    expect((await signIn('zhou*', 'Dir-Pass-0002', 'win:star')).ok).toBe(false)
    // The service password never comes back, and the trail says only that it is set.
    const shown = await dispatch('settings.directory', {}, 'win:admin')
    expect(JSON.stringify(shown)).not.toContain('Svc-Pass')
    expect((shown as { data: { hasServicePassword: boolean } }).data.hasServicePassword).toBe(true)
    const trail = await ds.query(`SELECT before::text || after::text AS t FROM audit_trail WHERE entity = 'setting' AND entity_id = 'directory'`)
    expect(trail.length).toBeGreaterThanOrEqual(2)
    expect(trail.map((r: { t: string }) => r.t).join()).not.toContain('Svc-Pass')
    await save(settings())
  })

  it('a directory that is down gives a clear message, is logged, and local accounts still sign in', async () => {
    await slapd.kill()
    const env = await signIn('zhou.min', 'Dir-Pass-0002', 'win:down')
    expect(env.ok).toBe(false)
    expect(!env.ok && env.error.code).toBe('unauthenticated')
    expect(!env.ok && env.error.message).toMatch(/无法连接单位目录服务器.*本地账号仍可登录/)
    expect((await sessionTrail('zhou.min')).map((t) => [t.action, t.after.reason])).toEqual([['sign_in_failed', 'directory_unavailable']])
    const local = await signIn('admin', LOCAL_PW, 'win:admin-2')
    expect(local.ok).toBe(true)
  })

  it('only administrators read or change the directory settings; a stale version is a conflict', async () => {
    const admin = await dispatch('settings.saveDirectory', { settings: settings(), expectedVersion: 1 }, 'win:admin')
    expect(!admin.ok && admin.error.code).toBe('conflict')
    await ds.query(`UPDATE users SET active = true WHERE username = 'lin.hua'`)
    const reviewer = await dispatch('settings.directory', {}, 'win:lin-4')
    expect(!reviewer.ok && reviewer.error.code).toBe('forbidden')
  })
})

describe('directory helpers', () => {
  it('escape DN values and map groups case-insensitively', () => {
    expect(escapeDnValue('a,b+c="d"\\<e>;')).toBe('a\\,b\\+c\\=\\"d\\"\\\\\\<e\\>\\;')
    expect(escapeDnValue(' #x ')).toBe('\\ #x\\ ')
    const s = { groupRoles: [{ groupDn: 'CN=Reviewers, OU=Groups,DC=bank', roles: ['reviewer' as const] }, { groupDn: 'cn=admins,dc=bank', roles: ['admin' as const, 'reviewer' as const] }] }
    expect(mapRoles(s, ['cn=reviewers,ou=groups,dc=bank'])).toEqual(['reviewer'])
    expect(mapRoles(s, ['cn=admins,dc=bank', 'cn=reviewers,ou=groups,dc=bank'])).toEqual(['reviewer', 'admin'])
    expect(mapRoles(s, ['cn=other,dc=bank'])).toEqual([])
  })
})
