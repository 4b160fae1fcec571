// The one entry both transports call: the channel must be in the contract, the caller's session current,
// the request must pass its schema, and whatever goes wrong comes back as an error envelope with a message a
// person can read. A true bug answers `internal` with a reference, never the database's own words (they can
// quote the user's text), and the log gets the channel, the code and the message, never SQL parameters.
import { randomBytes } from 'node:crypto'
import { parseRequest, requestSchemas, type ApiError, type Channel, type Envelope } from '../shared/contract'
import type { AppContext } from '../app/context'
import type { HandlerMap } from './handler-types'
import { buildAppHandlers } from '../app/handlers'
import { buildCaseHandlers } from '../cases/handlers'
import { buildAuthHandlers } from '../auth/handlers'
import { buildReviewHandlers } from '../reviews/handlers'
import { buildDocumentHandlers } from '../documents/handlers'
import { buildBatchHandlers } from '../documents/batch-handlers'
import { buildCalendarHandlers } from '../calendar/handlers'
import { buildImportHandlers } from '../import/handlers'
import { buildPolicyHandlers } from '../policy/handlers'
import { buildRootCauseHandlers } from '../rootcause/handlers'
import { buildTrendHandlers } from '../trends/handlers'
import { buildChartHandlers } from '../trends/chart-handlers'
import { buildQuarterHandlers } from '../stats/handlers'
import { buildLegalHandlers } from '../legal/handlers'
import { buildRectificationHandlers } from '../rectification/handlers'
import { buildSettingsHandlers } from '../settings/handlers'
import { buildUserHandlers } from '../users/handlers'
import { CHANNEL_ACCESS, denied } from '../auth/access'
import type { Caller, Sessions } from '../auth/sessions'
import { checkSession } from '../auth/session-check'
import { ApiFailure } from './errors'
import { describeDbError } from '../db/db-errors'
import { closeDbSession, dbSessionFor } from '../auth/db-sessions'
import { inUserScope } from '../db/session-scope'

/** What a transport knows about the caller beyond its key: where it calls from, and how to give it a new id. */
export type CallOptions = Pick<Caller, 'source' | 'rekey'>

/** `callerKey` names who is asking (an Electron window, a browser session), for sign-in and role checks. */
export type Dispatch = (channel: string, request: unknown, callerKey: string, opts?: CallOptions) => Promise<Envelope<unknown>>

export function buildHandlers(ctx: AppContext): HandlerMap {
  // Sessions re-read their user from this database on every request, and close its session of each sign-in that ends.
  ctx.sessions.ds = ctx.ds
  ctx.sessions.onEnd = (token) => { void closeDbSession(ctx.ds, token) }
  return {
    ...buildAppHandlers(ctx), ...buildCaseHandlers(ctx), ...buildAuthHandlers(ctx), ...buildReviewHandlers(ctx),
    ...buildDocumentHandlers(ctx),
    ...buildBatchHandlers(ctx),
    ...buildCalendarHandlers(ctx), ...buildPolicyHandlers(ctx), ...buildRootCauseHandlers(ctx),
    ...buildTrendHandlers(ctx),
    ...buildChartHandlers(ctx),
    ...buildLegalHandlers(ctx),
    ...buildRectificationHandlers(ctx),
    ...buildImportHandlers(ctx),
    ...buildSettingsHandlers(ctx),
    ...buildQuarterHandlers(ctx),
    ...buildUserHandlers(ctx)
  }
}

const fail = (code: ApiError['code'], message: string): Envelope<never> => ({ ok: false, error: { code, message } })

/** A database error (TypeORM's QueryFailedError or pg's own): its SQLSTATE, else undefined. */
function sqlState(err: unknown): string | undefined {
  const e = (err as { driverError?: unknown })?.driverError ?? err
  const code = (e as { code?: unknown })?.code
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}

export function createDispatch(handlers: HandlerMap, sessions: Sessions, log: (m: string) => void = console.error): Dispatch {
  const report = (channel: string, err: unknown): string => {
    const ref = randomBytes(4).toString('hex')
    const e = err as Error
    const state = sqlState(err)
    // A query error: its SQLSTATE and the one-line description that quotes no value (db-errors.ts) — never
    // its `query` and `parameters` (user text, password hashes), nor pg's message, which can quote a value.
    log(state ? `[${channel}] ${ref} database error ${state}: ${describeDbError(err)}` : `[${channel}] ${ref} ${e?.stack ?? String(err)}`)
    return ref
  }
  return async (channel, request, callerKey, opts = {}) => {
    if (!Object.hasOwn(requestSchemas, channel)) return fail('invalid_request', `unknown channel: ${channel.slice(0, 100)}`)
    let caller: Caller
    let ended: string | undefined
    let dbToken: string | null = null
    try {
      const checked = await checkSession(sessions, callerKey, callerKey.slice(0, Math.max(0, callerKey.indexOf(':'))) || 'in-process')
      caller = { key: callerKey, user: checked.user, ...opts }
      ended = checked.ended
      if (checked.user && sessions.ds) dbToken = await dbSessionFor(sessions, sessions.ds, callerKey, checked.user)
    } catch (err) {
      return fail('internal', `处理请求时出错（参考编号 ${report(channel, err)}），请稍后重试或联系管理员`)
    }
    const refused = denied(CHANNEL_ACCESS[channel as Channel], caller.user, channel as Channel)
    if (refused) return fail(refused.code, refused.code === 'unauthenticated' && ended ? ended : refused.message)
    try {
      const parsed = parseRequest(channel as Channel, request ?? {})
      if (!parsed.ok) return fail('invalid_request', parsed.message)
      const handler = handlers[channel as Channel] as (r: unknown, c: Caller) => Promise<unknown>
      // Everything the handler does, and all it starts, asks the database as this caller (db/session-scope.ts).
      return { ok: true, data: await inUserScope(dbToken, () => handler(parsed.data, caller)) }
    } catch (err) {
      if (err instanceof ApiFailure) return fail(err.code, err.message)
      const e = err as Error & { code?: string }
      if (e.code === 'not_found' || e.code === 'invalid_request' || e.code === 'forbidden') return fail(e.code, e.message)
      // A trigger's refusal (an approved review is frozen) reads as a conflict, not as a crash.
      if (e.code === '23514' && /审查已批准|法律审查意见|最后一名在用的管理员/.test(e.message)) return fail('conflict', e.message)
      const ref = report(channel, err)
      // A value the database cannot take (class 22: out of range, bad encoding…) that the contract let
      // through is still the request's fault; it is logged above so the contract can be tightened.
      if (sqlState(err)?.startsWith('22')) return fail('invalid_request', `请求中的值超出允许的范围或格式不正确（参考编号 ${ref}）`)
      return fail('internal', `处理请求时出错（参考编号 ${ref}），请稍后重试或联系管理员`)
    }
  }
}
