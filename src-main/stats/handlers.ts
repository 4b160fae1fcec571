// Closing a quarter and the regulator's statistics behind the contract (shared/contract-quarters.ts). Who may
// call which is access.ts's: closing is a senior reviewer's, reopening an administrator's.
import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import { closeQuarter, postCloseChanges, quarterStatus, reopenQuarter } from './quarter-close'
import { regulatoryFile, regulatoryTable } from './regulatory'

type QuarterChannels = 'quarters.list' | 'quarters.changes' | 'quarters.close' | 'quarters.reopen' | 'stats.regulatory' | 'stats.regulatoryExport'

export function buildQuarterHandlers(ctx: AppContext): HandlerMap<QuarterChannels> {
  const { ds } = ctx
  return {
    'quarters.list': () => quarterStatus(ds),
    'quarters.changes': (req) => postCloseChanges(ds, req.closeId, req.offset, req.limit),
    'quarters.close': (req, caller) => closeQuarter(ds, req.quarter, caller.user!.username, req.note),
    'quarters.reopen': (req, caller) => reopenQuarter(ds, req.closeId, caller.user!.username, req.reason),
    'stats.regulatory': (req) => regulatoryTable(ds, req.filter, req.period),
    'stats.regulatoryExport': async (req) => regulatoryFile(await regulatoryTable(ds, req.filter, req.period), req.format)
  }
}
