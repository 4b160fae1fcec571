// User administration (issue 10 point 17): the administrators' screen and `dossier user add` call these. Every
// change is one transaction with its audit-trail entry (entity 'user'), names the version it was made on (a
// stale one is a conflict), and keeps at least one active administrator (here, with a clear message, and by
// the users_keep_an_admin trigger for any writer, migration 1764000000035). A password given by an
// administrator must be changed by its owner at the next sign-in (must_change_password). Directory accounts
// take their roles from the directory's group mapping and their password from the directory: neither is set here.
import type { DataSource, EntityManager } from 'typeorm'
import { ROLES, type Role, type SessionUser } from '../shared/review-types'
import type { AccountRow } from '../shared/contract-users'
import { passwordProblem } from '../auth/password-rules'
import { hashPassword } from '../auth/passwords'
import { recordChange } from '../trail/record'
import { returnedRows } from '../db/returning'
import { ApiFailure, conflict, invalid, notFound } from '../transport/errors'

/** Who makes a change, as the trail names them: a signed-in user, or `cli:<os user>` for the command line. */
export type Actor = Pick<SessionUser, 'username'>

/** The advisory lock the trigger takes too: changes that take an administrator away run one at a time. */
const ADMIN_LOCK = 7_310_017

interface Row {
  id: number; username: string; display_name: string; roles: Role[]; active: boolean; auth_source: 'local' | 'directory'
  must_change_password: boolean; is_demo: boolean; version: number; created_at: Date
}
const COLUMNS = 'id, username, display_name, roles, active, auth_source, must_change_password, is_demo, version, created_at'

const toAccount = (r: Row): AccountRow => ({
  id: r.id, username: r.username, displayName: r.display_name, roles: ROLES.filter((x) => r.roles.includes(x)), active: r.active,
  source: r.auth_source, mustChangePassword: r.must_change_password, demo: r.is_demo, version: r.version, createdAt: r.created_at.toISOString()
})

/** Every account, active ones first, then by name. */
export async function listAccounts(ds: Pick<DataSource, 'query'>): Promise<AccountRow[]> {
  return ((await ds.query(`SELECT ${COLUMNS} FROM users ORDER BY active DESC, username`)) as Row[]).map(toAccount)
}

/**
 * A new local account. From the screen the password is a first one the administrator hands over: its owner
 * must change it at the first sign-in (`mustChange`); the CLI's `user add` leaves that to the caller.
 * @throws invalid_request for an unacceptable password or a name in use
 */
export async function addAccount(ds: DataSource, actor: string, u: { username: string; displayName: string; roles: Role[]; password: string; mustChange: boolean }): Promise<AccountRow> {
  const username = u.username.toLowerCase()
  const problem = passwordProblem(u.password, username)
  if (problem) throw invalid(`密码不合要求：${problem}`)
  const hash = await hashPassword(u.password)
  return ds.transaction(async (em) => {
    const [taken] = (await em.query('SELECT 1 FROM users WHERE username = $1', [username])) as unknown[]
    if (taken) throw invalid(`用户名 ${username} 已存在`)
    const [row] = (await em.query(`INSERT INTO users (username, display_name, password_hash, roles, must_change_password) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [username, u.displayName, hash, ROLES.filter((r) => u.roles.includes(r)), u.mustChange])) as Row[]
    await recordChange(em, { actor, entity: 'user', entityId: row.id, action: 'create', before: null,
      after: { username: row.username, displayName: row.display_name, roles: row.roles, mustChangePassword: row.must_change_password } })
    return toAccount(row)
  })
}

/** Locks the account's row and checks the version the change was made on. */
async function lockAccount(em: EntityManager, id: number, version: number): Promise<Row> {
  const [row] = (await em.query(`SELECT ${COLUMNS} FROM users WHERE id = $1 FOR UPDATE`, [id])) as Row[]
  if (!row) throw notFound('账号不存在')
  if (row.version !== version) throw conflict(`账号 ${row.username} 已被他人修改，请刷新后再试`)
  return row
}

/** Refuses a change that would leave the archive without an active administrator. */
async function keepAnAdmin(em: EntityManager, row: Row, next: { active: boolean; roles: Role[] }): Promise<void> {
  if (!(row.active && row.roles.includes('admin')) || (next.active && next.roles.includes('admin'))) return
  await em.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_LOCK])
  const [{ n }] = (await em.query(`SELECT count(*)::int AS n FROM users WHERE active AND 'admin' = ANY(roles) AND id <> $1`, [row.id])) as { n: number }[]
  if (n === 0) throw conflict(`${row.display_name}（${row.username}）是最后一名在用的管理员：不能停用，也不能取消其管理员角色；请先给另一人管理员角色`)
}

/**
 * Deactivates or reactivates an account. A deactivated user's live sessions end at their next request.
 * @throws conflict for the last active administrator or a stale version
 */
export async function setActive(ds: DataSource, actor: Actor, req: { id: number; version: number; active: boolean }): Promise<AccountRow> {
  return ds.transaction(async (em) => {
    const row = await lockAccount(em, req.id, req.version)
    if (row.active === req.active) return toAccount(row)
    await keepAnAdmin(em, row, { active: req.active, roles: row.roles })
    // An administrator's deactivation is marked as theirs: the directory's sign-in does not undo it (directory-sign-in.ts).
    const [after] = returnedRows<Row>(await em.query(
      `UPDATE users SET active = $2::boolean, deactivated_by = CASE WHEN $2::boolean THEN NULL ELSE 'admin' END, version = version + 1 WHERE id = $1 RETURNING ${COLUMNS}`, [req.id, req.active]))
    await recordChange(em, { actor: actor.username, entity: 'user', entityId: row.id, action: req.active ? 'activate' : 'deactivate', before: { active: row.active }, after: { active: after.active } })
    return toAccount(after)
  })
}

/**
 * Sets a local account's roles (a directory account's come from its groups at every sign-in).
 * @throws conflict for the last active administrator or a stale version; invalid_request for a directory account
 */
export async function setRoles(ds: DataSource, actor: Actor, req: { id: number; version: number; roles: Role[] }): Promise<AccountRow> {
  const roles = ROLES.filter((r) => req.roles.includes(r))
  return ds.transaction(async (em) => {
    const row = await lockAccount(em, req.id, req.version)
    if (row.auth_source === 'directory') throw invalid('目录账号的角色由单位目录的用户组映射决定（安全设置 → 目录登录），不能在此修改')
    if (row.roles.join() === roles.join()) return toAccount(row)
    await keepAnAdmin(em, row, { active: row.active, roles })
    const [after] = returnedRows<Row>(await em.query(`UPDATE users SET roles = $2, version = version + 1 WHERE id = $1 RETURNING ${COLUMNS}`, [req.id, roles]))
    await recordChange(em, { actor: actor.username, entity: 'user', entityId: row.id, action: 'set_roles', before: { roles: row.roles }, after: { roles: after.roles } })
    return toAccount(after)
  })
}

/**
 * Gives a local account a new password its owner must change at the next sign-in (the server lets that session
 * do nothing else). Recorded in the trail without the password.
 * @throws invalid_request for a directory account or an unacceptable password; conflict for a stale version
 */
export async function resetPassword(ds: DataSource, actor: Actor, req: { id: number; version: number; password: string }): Promise<AccountRow> {
  const [target] = (await ds.query('SELECT username, auth_source FROM users WHERE id = $1', [req.id])) as Row[]
  if (!target) throw notFound('账号不存在')
  if (target.auth_source === 'directory') throw invalid('目录账号的密码由单位目录管理，不能在 Dossier 中重置')
  const problem = passwordProblem(req.password, target.username)
  if (problem) throw invalid(`密码不合要求：${problem}`)
  const hash = await hashPassword(req.password)
  return ds.transaction(async (em) => {
    const row = await lockAccount(em, req.id, req.version)
    if (row.auth_source === 'directory') throw new ApiFailure('invalid_request', '目录账号的密码由单位目录管理，不能在 Dossier 中重置')
    const [after] = returnedRows<Row>(await em.query(`UPDATE users SET password_hash = $2, must_change_password = true, version = version + 1 WHERE id = $1 RETURNING ${COLUMNS}`, [req.id, hash]))
    await recordChange(em, { actor: actor.username, entity: 'user', entityId: row.id, action: 'reset_password', before: null, after: { mustChangePassword: true } })
    return toAccount(after)
  })
}
