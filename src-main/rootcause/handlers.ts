// Root-cause tagging behind the contract (shared/contract-rootcause.ts): the taxonomy for everyone, its edits
// for administrators, a case's causes and bulk tagging for reviewers and senior reviewers.
import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import { editTaxonomy, loadTaxonomy } from './taxonomy-store'
import { caseRootCauses, setCaseRootCauses } from './tags'
import { bulkTag, countBulkTarget, lastBulkAction, undoBulkTag } from './bulk'
import { causePareto } from './pareto'
import { learnTags, suggestForCase, suggestionStats } from './archive-model'
import { catchUpInBackground } from '../db/catch-up'
import { notFound } from '../transport/errors'

type Channels = 'rootCauses.taxonomy' | 'rootCauses.editTaxonomy' | 'rootCauses.ofCase' | 'rootCauses.setCase' | 'rootCauses.bulkCount'
  | 'rootCauses.bulkTag' | 'rootCauses.pareto' | 'rootCauses.suggest' | 'rootCauses.suggestionStats' | 'rootCauses.lastBulk' | 'rootCauses.undoBulk'

export function buildRootCauseHandlers(ctx: AppContext): HandlerMap<Channels> {
  const { ds } = ctx
  const bulkCases = async (actionId: number): Promise<number[]> =>
    ((await ds.query('SELECT case_id FROM rc_bulk_before WHERE action_id = $1', [actionId])) as { case_id: number }[]).map((r) => r.case_id)
  return {
    'rootCauses.taxonomy': (req) => loadTaxonomy(ds, req.version),
    // A taxonomy edit changes the version: the model is rebuilt on the next suggestion.
    'rootCauses.editTaxonomy': (req, caller) => editTaxonomy(ds, caller.user!.username, req.expectedVersion, req.edit),
    'rootCauses.ofCase': (req) => caseRootCauses(ds, req.caseId),
    async 'rootCauses.setCase'(req, caller) {
      const tags = await setCaseRootCauses(ds, caller.user!.username, req.caseId,
        { primary: req.primary, secondary: req.secondary }, req.suggested ? { suggested: req.suggested } : undefined)
      await learnTags(ds, [req.caseId])
      return tags
    },
    'rootCauses.bulkCount': async (req) => ({ cases: await countBulkTarget(ds, req.target) }),
    async 'rootCauses.bulkTag'(req, caller) {
      const done = await bulkTag(ds, caller.user!.username, { target: req.target, code: req.code, role: req.role }, req.expectedCount)
      // Committed: the reviewer need not wait while the model learns thousands of cases; the next suggestion does.
      void learnTags(ds, await bulkCases(done.actionId))
      // And the trend summaries move after the commit too (more than 1,000 cases: migration 56); a reader waits for them.
      void catchUpInBackground(ds)
      return done
    },
    async 'rootCauses.suggest'(req) {
      const s = await suggestForCase(ds, req.caseId)
      if (!s) throw notFound(`没有案件 ${req.caseId}`)
      return s
    },
    'rootCauses.suggestionStats': () => suggestionStats(ds),
    'rootCauses.pareto': (req) => causePareto(ds, req.filter, { level: req.level, version: req.version }),
    'rootCauses.lastBulk': (_req, caller) => lastBulkAction(ds, caller.user!.username),
    async 'rootCauses.undoBulk'(_req, caller) {
      const done = await undoBulkTag(ds, caller.user!.username)
      void learnTags(ds, await bulkCases(done.actionId))
      void catchUpInBackground(ds)
      return done
    }
  }
}
