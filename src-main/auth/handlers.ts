import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import { ApiFailure } from '../transport/errors'
import { DEMO_PASSWORD, listUsers, signIn } from './users'

export function buildAuthHandlers(ctx: AppContext): HandlerMap<'auth.signIn' | 'auth.signOut' | 'auth.me' | 'users.list'> {
  return {
    async 'auth.signIn'(req, caller) {
      const user = await signIn(ctx.ds, req.username, req.password)
      if (!user) throw new ApiFailure('unauthenticated', '用户名或密码不正确')
      ctx.sessions.set(caller.key, user)
      return user
    },
    async 'auth.signOut'(_req, caller) {
      ctx.sessions.delete(caller.key)
      return { ok: true }
    },
    async 'auth.me'(_req, caller) {
      const [{ demo }] = await ctx.ds.query(`SELECT EXISTS (SELECT 1 FROM users WHERE is_demo) AS demo`)
      return { user: caller.user, demoPassword: demo ? DEMO_PASSWORD : null }
    },
    'users.list': () => listUsers(ctx.ds)
  }
}
