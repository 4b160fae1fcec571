// `dossier user add|list`: accounts for a team server (the demo archive brings its own demo team).
import { parseArgs } from 'node:util'
import { createInterface } from 'node:readline/promises'
import { openDatabase } from '../db/database'
import { createUser, listUsers } from '../auth/users'
import { passwordProblem } from '../auth/password-rules'
import { ROLES, ROLE_ZH, type Role } from '../shared/review-types'

export const USER_USAGE = `  user add --username U --name 姓名 --roles reviewer[,senior_reviewer,legal,leadership,admin]
                          create an account; the password is read from stdin (not echoed on a terminal)
  user list               list the active accounts`

/** A password from stdin: its first line when piped, typed without echo on a terminal. */
export async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = ''
    for await (const chunk of process.stdin) text += chunk
    return text.split('\n')[0]
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
  // Mute the echo while the password is typed.
  const out = rl as unknown as { _writeToOutput: (s: string) => void }
  rl.setPrompt('')
  process.stderr.write('password: ')
  out._writeToOutput = () => {}
  const answer = await rl.question('')
  rl.close()
  process.stderr.write('\n')
  return answer
}

export async function userCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'list') {
    const db = await openDatabase()
    try {
      for (const u of await listUsers(db.ds)) console.log(`${u.username.padEnd(16)} ${u.displayName.padEnd(8, '　')} ${u.roles.map((r) => ROLE_ZH[r]).join('、')}`)
    } finally { await db.close() }
    return 0
  }
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
    const u = await createUser(db.ds, { username: values.username.toLowerCase(), displayName: values.name, roles, password })
    console.log(`created ${u.username} (${u.roles.map((r) => ROLE_ZH[r]).join('、')})`)
  } finally { await db.close() }
  return 0
}
