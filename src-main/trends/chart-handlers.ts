// The trend view's further figures, its charts as files and the customer counts behind the contract
// (shared/contract-charts.ts). Everything but saveCustomers reads; saveCustomers writes the audit trail.
import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import { trendExtras } from './extras'
import { chartFile } from './chart-file'
import { listCustomers, saveCustomers } from './customers'

export function buildChartHandlers(ctx: AppContext): HandlerMap<'trends.extras' | 'trends.chartFile' | 'trends.customers' | 'trends.saveCustomers'> {
  const { ds } = ctx
  return {
    'trends.extras': (req) => trendExtras(ds, req.filter, req.period),
    'trends.chartFile': (req) => chartFile(ds, req),
    'trends.customers': () => listCustomers(ds),
    'trends.saveCustomers': (req, caller) => saveCustomers(ds, req, caller.user!.username)
  }
}
