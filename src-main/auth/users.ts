// Users and the demo team that comes with the demo archive.
import type { DataSource } from 'typeorm'
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
  { username: 'zhou.qiang', displayName: '周强', roles: ['leadership'] },
  { username: 'qian.yu', displayName: '钱宇', roles: ['records'] }
]

interface UserRow { id: number; username: string; display_name: string; roles: Role[]; password_hash: string; active: boolean }
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
}

export async function signIn(ds: DataSource, username: string, password: string): Promise<SessionUser | null> {
  const [row] = (await ds.query('SELECT id, username, display_name, roles, password_hash, active FROM users WHERE username = $1', [username.toLowerCase()])) as UserRow[]
  // Verify even for an unknown name, so the answer takes as long either way.
  const ok = await passwordMatches(row?.password_hash ?? (await dummyHash), password)
  return row && row.active && ok ? summary(row) : null
}

export async function listUsers(ds: DataSource): Promise<UserSummary[]> {
  return ((await ds.query('SELECT id, username, display_name, roles FROM users WHERE active ORDER BY id')) as UserRow[]).map(summary)
}

let dummy: Promise<string> | undefined
const dummyHash = { then: (f: (h: string) => unknown, r?: (e: unknown) => unknown) => (dummy ??= hashPassword('not-a-password')).then(f, r) }
