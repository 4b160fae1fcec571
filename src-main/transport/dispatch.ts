// The one entry both transports call: the channel must be in the contract, the request must pass its
// schema, and whatever goes wrong comes back as an error envelope with a message a person can read.
import { requestSchemas, type ApiError, type Channel, type Envelope } from '../shared/contract'
import type { AppContext } from '../app/context'
import type { HandlerMap } from './handler-types'
import { buildAppHandlers } from '../app/handlers'
import { buildCaseHandlers } from '../cases/handlers'

export type Dispatch = (channel: string, request: unknown) => Promise<Envelope<unknown>>

export function buildHandlers(ctx: AppContext): HandlerMap {
  return { ...buildAppHandlers(ctx), ...buildCaseHandlers(ctx) }
}

const fail = (code: ApiError['code'], message: string): Envelope<never> => ({ ok: false, error: { code, message } })

export function createDispatch(handlers: HandlerMap, log: (m: string) => void = console.error): Dispatch {
  return async (channel, request) => {
    if (!Object.hasOwn(requestSchemas, channel)) return fail('invalid_request', `unknown channel: ${channel}`)
    const parsed = requestSchemas[channel as Channel].safeParse(request ?? {})
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ')
      return fail('invalid_request', issues)
    }
    try {
      const handler = handlers[channel as Channel] as (r: unknown) => Promise<unknown>
      return { ok: true, data: await handler(parsed.data) }
    } catch (err) {
      const e = err as Error & { code?: string }
      if (e.code === 'not_found' || e.code === 'invalid_request' || e.code === 'forbidden') return fail(e.code, e.message)
      log(`[${channel}] ${e.stack ?? e.message}`)
      return fail('internal', `处理请求时出错：${e.message}`)
    }
  }
}
