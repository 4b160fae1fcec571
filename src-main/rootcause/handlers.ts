// Root-cause tagging behind the contract (shared/contract-rootcause.ts): the taxonomy for everyone, its edits
// for administrators, a case's causes and bulk tagging for reviewers and senior reviewers.
import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import { editTaxonomy, loadTaxonomy } from './taxonomy-store'
import { caseRootCauses, setCaseRootCauses } from './tags'
import { bulkTag, countBulkTarget, lastBulkAction, undoBulkTag } from './bulk'
import { causePareto } from './pareto'

type Channels = 'rootCauses.taxonomy' | 'rootCauses.editTaxonomy' | 'rootCauses.ofCase' | 'rootCauses.setCase' | 'rootCauses.bulkCount'
  | 'rootCauses.bulkTag' | 'rootCauses.pareto' | 'rootCauses.lastBulk' | 'rootCauses.undoBulk'

export function buildRootCauseHandlers(ctx: AppContext): HandlerMap<Channels> {
  const { ds } = ctx
  return {
    'rootCauses.taxonomy': (req) => loadTaxonomy(ds, req.version),
    'rootCauses.editTaxonomy': (req, caller) => editTaxonomy(ds, caller.user!.username, req.expectedVersion, req.edit),
    'rootCauses.ofCase': (req) => caseRootCauses(ds, req.caseId),
    'rootCauses.setCase': (req, caller) => setCaseRootCauses(ds, caller.user!.username, req.caseId,
      { primary: req.primary, secondary: req.secondary }, req.suggested ? { suggested: req.suggested } : undefined),
    'rootCauses.bulkCount': async (req) => ({ cases: await countBulkTarget(ds, req.target) }),
    'rootCauses.bulkTag': (req, caller) => bulkTag(ds, caller.user!.username, { target: req.target, code: req.code, role: req.role }, req.expectedCount),
    'rootCauses.pareto': (req) => causePareto(ds, req.filter, { level: req.level, version: req.version }),
    'rootCauses.lastBulk': (_req, caller) => lastBulkAction(ds, caller.user!.username),
    'rootCauses.undoBulk': (_req, caller) => undoBulkTag(ds, caller.user!.username)
  }
}
