// Every request, before its role is checked: is the caller's session still current (idle and absolute
// limits), and is its user still active with the roles the database gives them now? A deactivated user is
// signed out at their next call; a change of roles takes effect at the next call.
import type { Role, SessionUser } from '../shared/review-types'
import type { Sessions } from './sessions'
import { recordSession } from './session-trail'

export interface Checked {
  user: SessionUser | null
  /** Why a session that was signed in is not any more (shown instead of 请先登录). */
  ended?: string
}

interface Row { username: string; display_name: string; roles: Role[]; active: boolean; must_change_password: boolean }

export async function checkSession(sessions: Sessions, key: string, via: string): Promise<Checked> {
  const ds = sessions.ds
  if (!ds) throw new Error('Sessions has no database to check users against (buildHandlers sets it)')
  const { user, ended } = sessions.resolve(key)
  if (ended) {
    await recordSession(ds, ended.user.username, ended.user.username, 'expire', { reason: ended.reason, via })
    return { user: null, ended: ended.reason === 'idle' ? '长时间未操作，登录已过期，请重新登录' : '登录已超过最长时限，请重新登录' }
  }
  if (!user) return { user: null }
  const [row] = (await ds.query('SELECT username, display_name, roles, active, must_change_password FROM users WHERE id = $1', [user.id])) as Row[]
  if (!row || !row.active) {
    sessions.delete(key)
    await recordSession(ds, 'system', user.username, 'revoke', { reason: row ? 'inactive' : 'deleted', via })
    return { user: null, ended: '账号已停用，请联系管理员' }
  }
  const now: SessionUser = { id: user.id, username: row.username, displayName: row.display_name, roles: row.roles, ...(row.must_change_password ? { mustChangePassword: true } : {}) }
  if (now.username !== user.username || now.displayName !== user.displayName || now.roles.join() !== user.roles.join() || !!now.mustChangePassword !== !!user.mustChangePassword) sessions.update(key, now)
  return { user: now }
}
