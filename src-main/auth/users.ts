// Users and the demo team that comes with the demo archive.
import { assignDemoUnits } from './user-units'
import type { DataSource } from 'typeorm'
import { ApiFailure } from '../transport/errors'
import { recordChange } from '../trail/record'
import { passwordProblem } from './password-rules'
import type { Role, SessionUser, UserSummary } from '../shared/review-types'
import { hashPassword, passwordMatches } from './passwords'

export const DEMO_PASSWORD = 'dossier-demo'
export const DEMO_USERS: { username: string; displayName: string; roles: Role[] }[] = [
  { username: 'admin', displayName: '系统管理员', roles: ['admin'] },
  { username: 'chen.jing', displayName: '陈静', roles: ['reviewer'] },
  { username: 'li.ming', displayName: '李明', roles: ['reviewer'] },
  { username: 'wang.fang', displayName: '王芳', roles: ['senior_reviewer'] },
  { username: 'zhao.lei', displayName: '赵磊', roles: ['reviewer', 'senior_reviewer'] },
  { username: 'sun.li', displayName: '孙丽', roles: ['legal'] },
  { username: 'he.jun', displayName: '何军', roles: ['legal'] },
  { username: 'zhou.qiang', displayName: '周强', roles: ['leadership'] },
  { username: 'qian.yu', displayName: '钱宇', roles: ['records'] }
]

interface UserRow { id: number; username: string; display_name: string; roles: Role[]; password_hash: string; active: boolean; must_change_password?: boolean }
const summary = (r: UserRow): UserSummary => ({ id: r.id, username: r.username, displayName: r.display_name, roles: r.roles })

export async function createUser(ds: DataSource, u: { username: string; displayName: string; roles: Role[]; password: string; isDemo?: boolean }): Promise<UserSummary> {
  if (u.password.length < 8) throw new Error('密码至少 8 位')
  const [row] = await ds.query(
    `INSERT INTO users (username, display_name, password_hash, roles, is_demo) VALUES ($1, $2, $3, $4, $5) RETURNING id, username, display_name, roles`,
    [u.username, u.displayName, await hashPassword(u.password), u.roles, u.isDemo ?? false])
  return summary(row)
}

/** The demo team, once: created alongside the demo archive, never on an archive without demo data. */
export async function ensureDemoUsers(ds: DataSource): Promise<void> {
  const existing = new Set(((await ds.query('SELECT username FROM users')) as { username: string }[]).map((r) => r.username))
  for (const u of DEMO_USERS) if (!existing.has(u.username)) await createUser(ds, { ...u, password: DEMO_PASSWORD, isDemo: true })
  await assignDemoUnits(ds)
}

export async function signIn(ds: DataSource, username: string, password: string): Promise<SessionUser | null> {
  const [row] = (await ds.query('SELECT id, username, display_name, roles, password_hash, active, must_change_password FROM users WHERE username = $1', [username.toLowerCase()])) as UserRow[]
  // Verify even for an unknown name, so the answer takes as long either way.
  const ok = await passwordMatches(row?.password_hash ?? (await dummyHash), password)
  return row && row.active && ok ? { ...summary(row), ...(row.must_change_password ? { mustChangePassword: true } : {}) } : null
}

export async function listUsers(ds: DataSource): Promise<UserSummary[]> {
  return ((await ds.query('SELECT id, username, display_name, roles FROM users WHERE active ORDER BY id')) as UserRow[]).map(summary)
}

let dummy: Promise<string> | undefined
const dummyHash = { then: (f: (h: string) => unknown, r?: (e: unknown) => unknown) => (dummy ??= hashPassword('not-a-password')).then(f, r) }

/** Whether the archive has no active administrator yet (a new team server): the sign-in screen then asks for one. */
export async function needsFirstAdmin(ds: Pick<DataSource, 'query'>): Promise<boolean> {
  const [{ has }] = (await ds.query(`SELECT EXISTS (SELECT 1 FROM users WHERE active AND 'admin' = ANY(roles)) AS has`)) as { has: boolean }[]
  return !has
}

/**
 * The first administrator of a new archive, from the sign-in screen or the CLI: allowed only while there is no
 * active administrator (checked under a lock, so two screens cannot both make one), with an acceptable
 * password, recorded in the trail.
 * @throws ApiFailure conflict when an administrator exists; invalid_request for a bad password or a taken name
 */
export async function createFirstAdmin(ds: DataSource, u: { username: string; displayName: string; password: string }): Promise<UserSummary> {
  const problem = passwordProblem(u.password, u.username)
  if (problem) throw new ApiFailure('invalid_request', problem)
  const hash = await hashPassword(u.password)
  return ds.transaction(async (em) => {
    await em.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE')
    if (!(await needsFirstAdmin(em))) throw new ApiFailure('conflict', '已有管理员账号：请用它登录')
    const [taken] = (await em.query('SELECT 1 FROM users WHERE username = $1', [u.username.toLowerCase()])) as unknown[]
    if (taken) throw new ApiFailure('invalid_request', `用户名 ${u.username} 已被使用`)
    const [row] = (await em.query(`INSERT INTO users (username, display_name, password_hash, roles) VALUES ($1, $2, $3, '{admin}') RETURNING id, username, display_name, roles`,
      [u.username.toLowerCase(), u.displayName, hash])) as UserRow[]
    await recordChange(em, { actor: row.username, entity: 'user', entityId: row.id, action: 'create_first_admin', before: null, after: { username: row.username, displayName: row.display_name, roles: row.roles } })
    return summary(row)
  })
}

/**
 * Changes a user's own password: the current one must be right and the new one acceptable; recorded in the
 * trail (never the passwords or their hashes).
 * @throws ApiFailure forbidden (wrong current password) or invalid_request (the new one's problem)
 */
export async function changePassword(ds: DataSource, userId: number, current: string, next: string): Promise<void> {
  const [row] = (await ds.query('SELECT id, username, display_name, roles, password_hash, active FROM users WHERE id = $1', [userId])) as UserRow[]
  if (!row || !row.active || !(await passwordMatches(row.password_hash, current))) throw new ApiFailure('forbidden', '当前密码不正确')
  if (current === next) throw new ApiFailure('invalid_request', '新密码不能与当前密码相同')
  const problem = passwordProblem(next, row.username)
  if (problem) throw new ApiFailure('invalid_request', problem)
  const hash = await hashPassword(next)
  await ds.transaction(async (em) => {
    await em.query('UPDATE users SET password_hash = $2, must_change_password = false, version = version + 1 WHERE id = $1', [userId, hash])
    await recordChange(em, { actor: row.username, entity: 'user', entityId: userId, action: 'change_password', before: null, after: { changed: true } })
  })
}
