import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import { ApiFailure } from '../transport/errors'
import { chinaWallTime } from '../shared/china-time'
import { changePassword, createFirstAdmin, DEMO_PASSWORD, listUsers, signIn } from './users'
import { recordSession } from './session-trail'
import type { Refusal } from './sign-in-guard'
import type { Caller } from './sessions'
import type { SessionUser } from '../shared/review-types'
import { DEACTIVATED_MESSAGE, signInThroughDirectory, type DirectorySignIn } from './directory-sign-in'

const via = (caller: Caller): string => caller.key.slice(0, Math.max(0, caller.key.indexOf(':'))) || 'in-process'

/** `now` is the sessions' clock (tests move it). */
function refusalMessage(r: Refusal, now: number): string {
  if (r.reason === 'locked') return `连续 ${r.failures} 次登录失败，账号已锁定至 ${chinaWallTime(r.until)}（北京时间），请届时再试`
  if (r.reason === 'backoff') return `登录失败次数过多，请 ${Math.max(1, Math.ceil((r.retryAt - now) / 1000))} 秒后再试`
  return '正在验证上一次登录，请稍后再试'
}

export function buildAuthHandlers(ctx: AppContext): HandlerMap<'auth.signIn' | 'auth.signOut' | 'auth.me' | 'users.list' | 'auth.changePassword' | 'setup.createAdmin'> {
  return {
    async 'auth.changePassword'(req, caller) {
      await changePassword(ctx.ds, caller.user!.id, req.current, req.next)
      return { ok: true }
    },
    'setup.createAdmin': (req) => createFirstAdmin(ctx.ds, req),
    async 'auth.signIn'(req, caller) {
      const username = req.username.toLowerCase()
      const source = caller.source ?? caller.key
      const guard = ctx.sessions.signIns
      const refused = guard.begin(username, source)
      if (refused) {
        await recordSession(ctx.ds, 'anonymous', username, 'sign_in_refused', { reason: refused.reason, via: via(caller) })
        throw new ApiFailure('forbidden', refusalMessage(refused, ctx.sessions.now()))
      }
      let user: SessionUser | null = null
      let directory: DirectorySignIn
      try {
        directory = await signInThroughDirectory(ctx.ds, username, req.password)
        if (directory.kind === 'local') user = await signIn(ctx.ds, username, req.password)
        else if (directory.kind === 'ok') user = directory.user
      } finally {
        guard.end(username, source)
      }
      // The directory could not answer, or the person holds no mapped group: not a guess, not counted.
      if (directory.kind === 'unavailable') {
        await recordSession(ctx.ds, 'anonymous', username, 'sign_in_failed', { reason: 'directory_unavailable', why: directory.why, via: via(caller) })
        throw new ApiFailure('unauthenticated', `无法连接单位目录服务器（${directory.why}），请稍后再试；本地账号仍可登录`)
      }
      if (directory.kind === 'no_role') {
        await recordSession(ctx.ds, 'anonymous', username, 'sign_in_refused', { reason: 'no_mapped_group', via: via(caller) })
        throw new ApiFailure('forbidden', '您的目录账号不在任何已授权的用户组中，无权使用 Dossier：请联系管理员')
      }
      if (directory.kind === 'deactivated') {
        await recordSession(ctx.ds, 'anonymous', username, 'sign_in_refused', { reason: 'deactivated', source: 'directory', via: via(caller) })
        throw new ApiFailure('forbidden', DEACTIVATED_MESSAGE)
      }
      if (!user) {
        const { failures, lockedUntil } = guard.failed(username, source)
        await recordSession(ctx.ds, 'anonymous', username, 'sign_in_failed', { failures, via: via(caller), ...(directory.kind === 'rejected' ? { source: 'directory' } : {}) })
        if (lockedUntil) {
          await recordSession(ctx.ds, 'system', username, 'lock', { failures, until: new Date(lockedUntil).toISOString() })
          throw new ApiFailure('unauthenticated', `用户名或密码不正确。${refusalMessage({ reason: 'locked', until: lockedUntil, failures }, 0)}`)
        }
        throw new ApiFailure('unauthenticated', '用户名或密码不正确')
      }
      guard.succeeded(username, source)
      ctx.sessions.signIn(caller, user)
      await recordSession(ctx.ds, user.username, user.username, 'sign_in', { via: via(caller), ...(directory.kind === 'ok' ? { source: 'directory', roles: user.roles } : {}) })
      return user
    },
    async 'auth.signOut'(_req, caller) {
      ctx.sessions.signOut(caller)
      if (caller.user) await recordSession(ctx.ds, caller.user.username, caller.user.username, 'sign_out', { via: via(caller) })
      return { ok: true }
    },
    async 'auth.me'(_req, caller) {
      // The demo password is published (README) and helps only on the sign-in screen of a demo archive:
      // it is never sent to someone already signed in.
      if (caller.user) return { user: caller.user, demoPassword: null }
      const [{ demo }] = await ctx.ds.query(`SELECT EXISTS (SELECT 1 FROM users WHERE is_demo AND active) AS demo`)
      return { user: null, demoPassword: demo ? DEMO_PASSWORD : null }
    },
    'users.list': () => listUsers(ctx.ds)
  }
}
