import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import { listCases } from './list-query'
import { countCases } from './case-count'
import { getCase } from './case-detail'

export function buildCaseHandlers(ctx: AppContext): HandlerMap<'cases.list' | 'cases.count' | 'cases.get'> {
  return {
    'cases.list': (req) => listCases(ctx.ds, req),
    'cases.count': (req) => countCases(ctx.ds, req.filter),
    'cases.get': (req) => getCase(ctx.ds, req.id)
  }
}
