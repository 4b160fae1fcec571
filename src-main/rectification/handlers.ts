// The 整改 queue behind the contract (contract-rectification.ts). The dispatcher has checked the role
// (auth/access.ts: reviewers follow up, senior reviewers also decide, leadership and admin read); the four-eyes
// rule and versions are in follow-up.ts.
import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import { decideRectification, rectificationItem, updateRectification } from './follow-up'
import { rectificationQueue } from './queue'

type RectificationChannels = 'rectification.queue' | 'rectification.item' | 'rectification.update' | 'rectification.decide'

export function buildRectificationHandlers(ctx: AppContext): HandlerMap<RectificationChannels> {
  const { ds } = ctx
  return {
    'rectification.queue': (req) => rectificationQueue(ds, req),
    'rectification.item': (req) => rectificationItem(ds, req.kind, req.id),
    'rectification.update': (req, c) => updateRectification(ds, c.user!, req),
    'rectification.decide': (req, c) => decideRectification(ds, c.user!, req)
  }
}
