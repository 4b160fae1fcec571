import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import type { Caller } from '../auth/sessions'
import type { SessionUser } from '../shared/review-types'
import { hasRole } from '../auth/access'
import { forbidden } from '../transport/errors'
import { createPlan, listPlans, previewPlan } from './plans'
import { QUEUE_LIMIT, reviewDetail, reviewQueue } from './review-read'
import { decideReview, deleteFinding, saveConclusion, saveFinding, saveRule, submitReview } from './review-write'
import { buildAuditHandlers } from '../audit/handlers'

type ReviewChannels = 'plans.list' | 'plans.preview' | 'plans.create' | 'reviews.queue' | 'reviews.get' | 'reviews.forCase' | 'reviews.saveRule' | 'reviews.saveFinding'
  | 'reviews.deleteFinding' | 'reviews.saveConclusion' | 'reviews.submit' | 'reviews.decide' | 'audit.status' | 'audit.run'

/** The dispatcher has already required a signed-in user for every channel here. */
const who = (c: Caller): SessionUser => c.user!

export function buildReviewHandlers(ctx: AppContext): HandlerMap<ReviewChannels> {
  const { ds } = ctx
  return {
    ...buildAuditHandlers(ctx),
    'plans.list': () => listPlans(ds),
    'plans.preview': (req) => previewPlan(ds, req),
    'plans.create': (req, c) => createPlan(ds, who(c), req),
    'reviews.queue': async (req, c) => {
      if (req.scope === 'to_decide' && !hasRole(who(c), ['senior_reviewer'])) throw forbidden('只有复核人有待复核队列')
      return reviewQueue(ds, who(c), req.scope, req.planId, QUEUE_LIMIT, { changedAfterReview: req.changedAfterReview })
    },
    'reviews.get': (req, c) => reviewDetail(ds, req.id, who(c)),
    'reviews.forCase': async (req) => {
      const [r] = await ds.query('SELECT id FROM reviews WHERE case_id = $1 ORDER BY id DESC LIMIT 1', [req.caseId])
      return { reviewId: r?.id ?? null }
    },
    'reviews.saveRule': (req, c) => saveRule(ds, who(c), req),
    'reviews.saveFinding': (req, c) => saveFinding(ds, who(c), req),
    'reviews.deleteFinding': (req, c) => deleteFinding(ds, who(c), req),
    'reviews.saveConclusion': (req, c) => saveConclusion(ds, who(c), req),
    'reviews.submit': (req, c) => submitReview(ds, who(c), req),
    'reviews.decide': (req, c) => decideReview(ds, who(c), req)
  }
}
