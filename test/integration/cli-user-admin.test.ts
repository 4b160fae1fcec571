// `dossier users deactivate|activate|reset-password|roles` run as a child process against the suite's database:
// the same checks as the administrators' screen (the last administrator stays, directory accounts keep what the
// directory gives, the password rules), each change in the trail under `cli:<os user>`, and a clear one-line
// message on bad input with nothing changed.
import { userInfo } from 'node:os'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { ensureDemoUsers, signIn } from '../../src-main/auth/users'
import { connect, resetArchive } from './db'
import { runDossier, type CliResult } from './cli-spawn'

let ds: DataSource
const ACTOR = `cli:${userInfo().username}`
const NEW_PW = 'Neues-Passw0rt!'
/** Each spawn compiles the CLI with tsx: seconds apiece on a busy machine. */
const SLOW = 300_000

const cli = (args: string[], stdin?: string): Promise<CliResult> => runDossier(args, { databaseUrl: inject('dbUrl'), stdin })
const row = async (username: string): Promise<{ id: number; active: boolean; roles: string[]; must_change_password: boolean; deactivated_by: string | null; version: number }> =>
  (await ds.query('SELECT id, active, roles, must_change_password, deactivated_by, version FROM users WHERE username = $1', [username]))[0]
const trail = async (username: string): Promise<{ actor: string; action: string; after: Record<string, unknown> }[]> =>
  ds.query(`SELECT t.actor, t.action, t.after FROM audit_trail t JOIN users u ON t.entity_id = u.id::text WHERE t.entity = 'user' AND u.username = $1 ORDER BY t.id`, [username])
/** A refused command: exit 1, one line on stderr, nothing on stdout. */
function refused(r: CliResult, message: RegExp): void {
  expect(r.code).toBe(1)
  expect(r.stdout).toBe('')
  expect(r.stderr.trim().split('\n')[0]).toMatch(message)
  expect(r.stderr).not.toMatch(/^\s+at /m)
}

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await ensureDemoUsers(ds)
  await ds.query(`INSERT INTO users (username, display_name, password_hash, roles, auth_source) VALUES ('dir.user', '目录用户', '!directory', '{reviewer}', 'directory')`)
})
afterAll(async () => ds?.destroy())

describe('dossier users deactivate / activate', () => {
  it('deactivates and activates an account, in the trail under the operating-system user', async () => {
    const r = await cli(['users', 'deactivate', 'Chen.Jing'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toBe('deactivated chen.jing (陈静)')
    expect(await row('chen.jing')).toMatchObject({ active: false, deactivated_by: 'admin' })
    expect(await signIn(ds, 'chen.jing', 'dossier-demo')).toBeNull()
    const again = await cli(['user', 'deactivate', 'chen.jing'])
    expect(again.stdout.trim()).toBe('chen.jing is already inactive: nothing changed')
    const on = await cli(['users', 'activate', 'chen.jing'])
    expect(on.stdout.trim()).toBe('activated chen.jing (陈静)')
    expect(await row('chen.jing')).toMatchObject({ active: true, deactivated_by: null })
    expect((await trail('chen.jing')).map((t) => `${t.actor}:${t.action}`)).toEqual([`${ACTOR}:deactivate`, `${ACTOR}:activate`])
  }, SLOW)

  it('never deactivates or demotes the last active administrator', async () => {
    const before = await row('admin')
    refused(await cli(['users', 'deactivate', 'admin']), /^dossier: 系统管理员（admin）是最后一名在用的管理员：不能停用/)
    refused(await cli(['users', 'roles', 'admin', 'reviewer']), /^dossier: 系统管理员（admin）是最后一名在用的管理员/)
    expect(await row('admin')).toEqual(before)
    expect(await trail('admin')).toEqual([])
  }, SLOW)

  it('says so for an unknown name, a missing name or a stray argument', async () => {
    refused(await cli(['users', 'deactivate', 'nobody']), /^dossier: 没有用户 nobody/)
    const none = await cli(['users', 'deactivate'])
    refused(none, /^dossier: user deactivate needs the account's name$/)
    expect(none.stderr).toContain('user deactivate NAME')
    refused(await cli(['users', 'activate', 'chen.jing', 'li.ming']), /^dossier: user activate: 只接受一个用户名/)
    refused(await cli(['users', 'deactivate', 'chen.jing', '--generate']), /--generate 只用于 reset-password/)
    refused(await cli(['users', 'deactivate', '--force', 'chen.jing']), /--force/)
    expect((await row('chen.jing')).active).toBe(true)
  }, SLOW)
})

describe('dossier users roles', () => {
  it('sets a local account\'s roles, in the trail', async () => {
    const r = await cli(['users', 'roles', 'li.ming', 'Senior_Reviewer, reviewer'])
    expect(r.stderr).toBe('')
    expect(r.stdout.trim()).toBe('li.ming: 审查员、复核人')
    expect((await row('li.ming')).roles).toEqual(['reviewer', 'senior_reviewer'])
    expect(await trail('li.ming')).toEqual([{ actor: ACTOR, action: 'set_roles', after: { roles: ['reviewer', 'senior_reviewer'] } }])
  }, SLOW)

  it('refuses unknown roles, no roles, and a directory account\'s roles', async () => {
    const before = await row('li.ming')
    refused(await cli(['users', 'roles', 'li.ming', 'reviewer,boss']), /^dossier: unknown role\(s\): boss \(roles: reviewer, senior_reviewer/)
    refused(await cli(['users', 'roles', 'li.ming', ' , ']), /至少给出一个角色/)
    refused(await cli(['users', 'roles', 'li.ming']), /^dossier: user roles: 需要一个用户名和一组角色/)
    refused(await cli(['users', 'roles', 'dir.user', 'admin']), /^dossier: 目录账号的角色由单位目录的用户组映射决定/)
    expect(await row('li.ming')).toEqual(before)
    expect((await row('dir.user')).roles).toEqual(['reviewer'])
  }, SLOW)
})

describe('dossier users reset-password', () => {
  it('takes a password from stdin that its owner must change at the next sign-in; the trail never holds it', async () => {
    const r = await cli(['users', 'reset-password', 'wang.fang'], `${NEW_PW}\n`)
    expect(r.stderr).toBe('')
    expect(r.stdout.trim()).toBe('wang.fang: new password set; it must be changed at the next sign-in')
    expect(await signIn(ds, 'wang.fang', 'dossier-demo')).toBeNull()
    expect(await signIn(ds, 'wang.fang', NEW_PW)).toMatchObject({ username: 'wang.fang', mustChangePassword: true })
    const t = await trail('wang.fang')
    expect(t).toEqual([{ actor: ACTOR, action: 'reset_password', after: { mustChangePassword: true } }])
    expect(JSON.stringify(t)).not.toContain(NEW_PW)
  }, SLOW)

  it('--generate prints a one-time password, alone on stdout, that signs in once and must be changed', async () => {
    const r = await cli(['users', 'reset-password', 'zhao.lei', '--generate'])
    expect(r.code).toBe(0)
    const pw = r.stdout.trim()
    expect(pw).toMatch(/^[A-Za-z2-9]{16}$/)
    expect(r.stderr).toContain('zhao.lei: new password set')
    expect(await signIn(ds, 'zhao.lei', pw)).toMatchObject({ username: 'zhao.lei', mustChangePassword: true })
  }, SLOW)

  it('follows the password rules and refuses a directory account, changing nothing', async () => {
    const before = await row('sun.li')
    refused(await cli(['users', 'reset-password', 'sun.li'], 'short\n'), /^dossier: 密码不合要求：密码至少 10 个字符$/)
    refused(await cli(['users', 'reset-password', 'sun.li']), /^dossier: 密码不合要求：密码至少 10 个字符（从标准输入读取；或用 --generate 生成一个）/)
    refused(await cli(['users', 'reset-password', 'sun.li'], 'sun.li-Passw0rd\n'), /密码不能包含用户名/)
    refused(await cli(['users', 'reset-password', 'dir.user'], `${NEW_PW}\n`), /^dossier: 目录账号的密码由单位目录管理/)
    expect(await row('sun.li')).toEqual(before)
    expect(await trail('sun.li')).toEqual([])
  }, SLOW)
})
