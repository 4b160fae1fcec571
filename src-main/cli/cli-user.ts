// The command line acts as a named user, never anonymously, for anything that reads personal data (issue 15,
// point 6): `--as USERNAME`, the password from DOSSIER_PASSWORD or stdin (not echoed on a terminal). The
// sign-in, or its failure, is in the audit trail like the app's.
import type { DataSource } from 'typeorm'
import { signIn } from '../auth/users'
import { recordChange } from '../trail/record'
import type { SessionUser } from '../shared/review-types'
import { readPassword } from './read-password'
import { DEACTIVATED_MESSAGE, signInThroughDirectory } from '../auth/directory-sign-in'

/**
 * @throws Error (one line) without `--as`, or when the name and password do not sign in (an inactive account neither)
 */
export async function cliSignIn(ds: DataSource, username: string | undefined, what: string): Promise<SessionUser> {
  if (!username) throw new Error(`${what}含个人信息，须以具名用户执行：加上 --as 用户名（密码从环境变量 DOSSIER_PASSWORD 或标准输入读取）`)
  const password = process.env.DOSSIER_PASSWORD ?? await readPassword()
  // A directory account signs in through the directory, as in the app; local accounts as before.
  const directory = await signInThroughDirectory(ds, username.toLowerCase(), password)
  if (directory.kind === 'unavailable') throw new Error(`无法连接单位目录服务器（${directory.why}）`)
  if (directory.kind === 'deactivated') {
    await ds.transaction((em) => recordChange(em, { actor: username.toLowerCase(), entity: 'session', entityId: 'cli', action: 'sign_in_refused', before: null, after: { via: 'cli', reason: 'deactivated' } }))
    throw new Error(DEACTIVATED_MESSAGE)
  }
  const user = directory.kind === 'ok' ? directory.user : directory.kind === 'local' ? await signIn(ds, username, password) : null
  await ds.transaction((em) => recordChange(em, { actor: username.toLowerCase(), entity: 'session', entityId: 'cli', action: user ? 'sign_in' : 'sign_in_failed', before: null, after: { via: 'cli' } }))
  if (!user) throw new Error('用户名或密码不正确（或账号已停用）')
  return user
}
