// `dossier user deactivate|activate|reset-password|roles NAME …`: the administrators' screen's changes from the
// command line. Each goes through the screen's own functions (users/admin.ts), so the same checks hold — the
// last active administrator is neither deactivated nor demoted, a directory account's roles and password are
// the directory's, a password must pass the rules and be changed at its owner's next sign-in — and each change
// is in the audit trail under `cli:<operating-system user>`, as `user add` and `user units` are.
import { parseArgs } from 'node:util'
import { userInfo } from 'node:os'
import { randomInt } from 'node:crypto'
import type { DataSource } from 'typeorm'
import { openDatabase } from '../db/database'
import { resetPassword, setActive, setRoles, type Actor } from '../users/admin'
import { passwordProblem } from '../auth/password-rules'
import { ROLES, ROLE_ZH, type Role } from '../shared/review-types'
import type { AccountRow } from '../shared/contract-users'
import { readPassword } from './read-password'
import { USER_ADMIN_USAGES } from './usage'

type Sub = keyof typeof USER_ADMIN_USAGES

const actor = (): Actor => ({ username: `cli:${userInfo().username}` })
const rolesZh = (roles: readonly Role[]): string => roles.map((r) => ROLE_ZH[r]).join('、') || '（无角色）'

/** The account's id and the version the change is made on; the change itself locks the row and checks it. */
async function findAccount(ds: DataSource, name: string): Promise<{ id: number; version: number; username: string; active: boolean }> {
  const [row] = (await ds.query('SELECT id, version, username, active FROM users WHERE username = $1', [name.toLowerCase()])) as { id: number; version: number; username: string; active: boolean }[]
  if (!row) throw new Error(`没有用户 ${name}（dossier user list 列出在用的账号）`)
  return row
}

/**
 * Roles from `reviewer,admin` (spaces and case do not matter; a role may be named once).
 * @throws Error naming every unknown role and the known ones
 */
export function parseRoles(text: string): Role[] {
  const words = text.split(',').map((r) => r.trim().toLowerCase()).filter(Boolean)
  if (!words.length) throw new Error(`user roles: 至少给出一个角色（${ROLES.join(', ')}）`)
  const unknown = words.filter((r) => !(ROLES as readonly string[]).includes(r))
  if (unknown.length) throw new Error(`unknown role(s): ${unknown.join(', ')} (roles: ${ROLES.join(', ')})`)
  return ROLES.filter((r) => words.includes(r))
}

/** 16 characters from letters and digits that do not read alike (no 0/O, 1/l/I), at least one of each class. */
export function generatePassword(username: string): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789']
  const all = sets.join('')
  for (;;) {
    const chars = Array.from({ length: 16 }, () => all[randomInt(all.length)])
    const pw = chars.join('')
    if (sets.every((s) => chars.some((c) => s.includes(c))) && !passwordProblem(pw, username)) return pw
  }
}

export async function userAdminCommand(sub: Sub, args: string[]): Promise<number> {
  const usage = USER_ADMIN_USAGES[sub]
  let parsed: { values: { generate?: boolean }; positionals: string[] }
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { generate: { type: 'boolean' } } })
  } catch (err) {
    // node:util's own wording (Unknown option '--force'…), as the user's message rather than an internal error.
    throw new Error(`user ${sub}: ${(err as Error).message}\n${usage}`, { cause: err })
  }
  const { values, positionals } = parsed
  const [name, roleText, ...extra] = positionals
  if (!name) throw new Error(`user ${sub} needs the account's name\n${usage}`)
  if (sub === 'roles' ? !roleText || extra.length : roleText !== undefined) throw new Error(`user ${sub}: ${sub === 'roles' ? '需要一个用户名和一组角色' : '只接受一个用户名'}\n${usage}`)
  if (values.generate && sub !== 'reset-password') throw new Error(`user ${sub}: --generate 只用于 reset-password`)
  const roles = sub === 'roles' ? parseRoles(roleText) : []
  // The password is read before the database is opened: a refused one leaves nothing half done.
  let password: string | null = null
  if (sub === 'reset-password') {
    password = values.generate ? generatePassword(name.toLowerCase()) : await readPassword()
    const problem = passwordProblem(password, name.toLowerCase())
    if (problem) throw new Error(`密码不合要求：${problem}${password ? '' : '（从标准输入读取；或用 --generate 生成一个）'}`)
  }
  const db = await openDatabase()
  try {
    const account = await findAccount(db.ds, name)
    const req = { id: account.id, version: account.version }
    let after: AccountRow
    if (sub === 'deactivate' || sub === 'activate') {
      const active = sub === 'activate'
      if (account.active === active) {
        console.log(`${account.username} is already ${active ? 'active' : 'inactive'}: nothing changed`)
        return 0
      }
      after = await setActive(db.ds, actor(), { ...req, active })
      console.log(`${active ? 'activated' : 'deactivated'} ${after.username} (${after.displayName})`)
    } else if (sub === 'roles') {
      after = await setRoles(db.ds, actor(), { ...req, roles })
      console.log(`${after.username}: ${rolesZh(after.roles)}`)
    } else {
      after = await resetPassword(db.ds, actor(), { ...req, password: password! })
      // Generated: stdout holds the password alone (to hand over, or to capture); what happened goes to stderr.
      const said = `${after.username}: new password set; it must be changed at the next sign-in`
      if (values.generate) { console.log(password); console.error(said) } else console.log(said)
    }
  } finally {
    await db.close()
  }
  return 0
}
