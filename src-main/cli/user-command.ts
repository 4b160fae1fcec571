// `dossier user add|list`: accounts for a team server (the demo archive brings its own demo team).
import { parseArgs } from 'node:util'
import { userInfo } from 'node:os'
import { openDatabase } from '../db/database'
import { listUsers } from '../auth/users'
import { addAccount } from '../users/admin'
import { setUserUnits, unitCodesOf } from '../auth/user-units'
import { passwordProblem } from '../auth/password-rules'
import { ROLES, ROLE_ZH, type Role } from '../shared/review-types'
import { readPassword } from './read-password'
import { userAdminCommand } from './user-admin-command'
import { USER_ADMIN_SUBCOMMANDS, USER_USAGE } from './usage'


export async function userCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'list') {
    const db = await openDatabase()
    try {
      const users = await listUsers(db.ds)
      // An empty result says so: a blank output reads as a failure, or as a command that did nothing.
      if (!users.length) console.log('no active accounts — create one with: dossier user add --username U --name 姓名 --roles admin')
      for (const u of users) console.log(`${u.username.padEnd(16)} ${u.displayName.padEnd(8, '　')} ${u.roles.map((r) => ROLE_ZH[r]).join('、')}`)
    } finally { await db.close() }
    return 0
  }
  if (sub === 'units') return unitsCommand(rest)
  const admin = USER_ADMIN_SUBCOMMANDS.find((s) => s === sub)
  if (admin) return userAdminCommand(admin, rest)
  if (sub !== 'add') throw new Error(`user: unknown subcommand ${sub ?? ''}\n${USER_USAGE}`)
  const { values } = parseArgs({ args: rest, options: { username: { type: 'string' }, name: { type: 'string' }, roles: { type: 'string' } } })
  if (!values.username || !values.name || !values.roles) throw new Error(`user add needs --username, --name and --roles\n${USER_USAGE}`)
  const roles = values.roles.split(',').map((r) => r.trim()) as Role[]
  const unknown = roles.filter((r) => !ROLES.includes(r))
  if (unknown.length) throw new Error(`unknown role(s): ${unknown.join(', ')} (roles: ${ROLES.join(', ')})`)
  const password = await readPassword()
  const problem = passwordProblem(password, values.username)
  if (problem) throw new Error(`密码不合要求：${problem}`)
  const db = await openDatabase()
  try {
    // The same function as the administrators' screen (users/admin.ts), recorded in the trail under the OS user.
    const u = await addAccount(db.ds, `cli:${userInfo().username}`, { username: values.username, displayName: values.name, roles, password, mustChange: false })
    console.log(`created ${u.username} (${u.roles.map((r) => ROLE_ZH[r]).join('、')})`)
  } finally { await db.close() }
  return 0
}

/** `user units`: an administrator's assignment of units, in the trail as the operating-system user's. */
async function unitsCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { username: { type: 'string' }, units: { type: 'string' } } })
  if (!values.username) throw new Error(`user units needs --username\n${USER_USAGE}`)
  const db = await openDatabase()
  try {
    if (values.units === undefined) {
      const [u] = (await db.ds.query('SELECT id FROM users WHERE username = $1', [values.username.toLowerCase()])) as { id: number }[]
      if (!u) throw new Error(`没有用户 ${values.username}`)
      console.log((await unitCodesOf(db.ds, u.id)).join(',') || '（无）')
    } else {
      const codes = values.units.split(',').map((c) => c.trim()).filter(Boolean)
      const r = await setUserUnits(db.ds, `cli:${userInfo().username}`, values.username, codes)
      console.log(`${r.username}: ${r.units.join(',') || '（无）'}`)
    }
  } finally { await db.close() }
  return 0
}
