import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import { listCases } from './list-query'
import { countCases } from './case-count'
import { getCase } from './case-detail'
import { unmaskField } from './unmask'
import { assertNeedToKnow } from '../privacy/need-to-know'

export function buildCaseHandlers(ctx: AppContext): HandlerMap<'cases.list' | 'cases.count' | 'cases.get' | 'cases.unmask'> {
  return {
    'cases.list': (req) => listCases(ctx.ds, req),
    'cases.count': (req) => countCases(ctx.ds, req.filter),
    'cases.get': (req) => getCase(ctx.ds, req.id),
    async 'cases.unmask'(req, caller) {
      await assertNeedToKnow(ctx.ds, caller.user!, req.caseId)
      return { value: await unmaskField(ctx.ds, caller.user!.username, req.caseId, req.field, req.reason) }
    }
  }
}
