// The trend view behind the contract (shared/contract-trends.ts). Read-only; the figures carry no personal data.
import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import { trendsView } from './query'
import { ruleEvidence } from './rule-evidence'

export function buildTrendHandlers(ctx: AppContext): HandlerMap<'trends.view' | 'trends.ruleEvidence'> {
  return {
    'trends.view': (req) => trendsView(ctx.ds, req.filter, req.period),
    'trends.ruleEvidence': (req) => ruleEvidence(ctx.ds, req.caseIds, req.rule, req.policy)
  }
}
