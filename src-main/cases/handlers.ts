import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import { listCases } from './list-query'
import { countCases } from './case-count'
import { getCase } from './case-detail'
import { caseAudit } from './case-audit'
import { unmaskField } from './unmask'
import { assertNeedToKnow } from '../privacy/need-to-know'
import { buildCaseExportHandlers } from './export-jobs'

export function buildCaseHandlers(ctx: AppContext): HandlerMap<'cases.list' | 'cases.count' | 'cases.get' | 'cases.audit' | 'cases.unmask' | 'cases.exportStart' | 'cases.exportStatus' | 'cases.exportCancel'> {
  return {
    ...buildCaseExportHandlers(ctx),
    'cases.list': (req) => listCases(ctx.ds, req),
    'cases.count': (req) => countCases(ctx.ds, req.filter),
    'cases.get': (req) => getCase(ctx.ds, req.id),
    'cases.audit': (req) => caseAudit(ctx.ds, req.id),
    async 'cases.unmask'(req, caller) {
      await assertNeedToKnow(ctx.ds, caller.user!, req.caseId)
      return { value: await unmaskField(ctx.ds, caller.user!.username, req.caseId, req.field, req.reason) }
    }
  }
}
