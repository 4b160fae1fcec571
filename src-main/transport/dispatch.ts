// The one entry both transports call: the channel must be in the contract, the request must pass its
// schema, and whatever goes wrong comes back as an error envelope with a message a person can read.
import { requestSchemas, type ApiError, type Channel, type Envelope } from '../shared/contract'
import type { AppContext } from '../app/context'
import type { HandlerMap } from './handler-types'
import { buildAppHandlers } from '../app/handlers'
import { buildCaseHandlers } from '../cases/handlers'
import { buildAuthHandlers } from '../auth/handlers'
import { buildReviewHandlers } from '../reviews/handlers'
import { buildDocumentHandlers } from '../documents/handlers'
import { buildCalendarHandlers } from '../calendar/handlers'
import { buildPolicyHandlers } from '../policy/handlers'
import { CHANNEL_ACCESS, denied } from '../auth/access'
import type { Sessions } from '../auth/sessions'
import { ApiFailure } from './errors'

/** `callerKey` names who is asking (an Electron window, a browser session), for sign-in and role checks. */
export type Dispatch = (channel: string, request: unknown, callerKey: string) => Promise<Envelope<unknown>>

export function buildHandlers(ctx: AppContext): HandlerMap {
  return { ...buildAppHandlers(ctx), ...buildCaseHandlers(ctx), ...buildAuthHandlers(ctx), ...buildReviewHandlers(ctx), ...buildDocumentHandlers(ctx), ...buildCalendarHandlers(ctx), ...buildPolicyHandlers(ctx) }
}

const fail = (code: ApiError['code'], message: string): Envelope<never> => ({ ok: false, error: { code, message } })

export function createDispatch(handlers: HandlerMap, sessions: Sessions, log: (m: string) => void = console.error): Dispatch {
  return async (channel, request, callerKey) => {
    if (!Object.hasOwn(requestSchemas, channel)) return fail('invalid_request', `unknown channel: ${channel}`)
    const caller = { key: callerKey, user: sessions.get(callerKey) }
    const refused = denied(CHANNEL_ACCESS[channel as Channel], caller.user)
    if (refused) return fail(refused.code, refused.message)
    const parsed = requestSchemas[channel as Channel].safeParse(request ?? {})
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ')
      return fail('invalid_request', issues)
    }
    try {
      const handler = handlers[channel as Channel] as (r: unknown, c: typeof caller) => Promise<unknown>
      return { ok: true, data: await handler(parsed.data, caller) }
    } catch (err) {
      if (err instanceof ApiFailure) return fail(err.code, err.message)
      const e = err as Error & { code?: string }
      if (e.code === 'not_found' || e.code === 'invalid_request' || e.code === 'forbidden') return fail(e.code, e.message)
      // A trigger's refusal (an approved review is frozen) reads as a conflict, not as a crash.
      if (e.code === '23514' && /审查已批准/.test(e.message)) return fail('conflict', e.message)
      log(`[${channel}] ${e.stack ?? e.message}`)
      return fail('internal', `处理请求时出错：${e.message}`)
    }
  }
}
