// The policy parameter sets behind the contract: read by any signed-in user, saved by administrators;
// a saved change re-audits the archive (the stored results name the sets they were judged by).
import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import { forgetAuditStatus, startAuditRun } from '../audit/handlers'
import { listPolicySets, savePolicySet } from './policy-store'
import { conflict } from '../transport/errors'

export function buildPolicyHandlers(ctx: AppContext): HandlerMap<'policy.list' | 'policy.save'> {
  const { ds } = ctx
  return {
    'policy.list': () => listPolicySets(ds),
    async 'policy.save'(req, caller) {
      const set = await savePolicySet(ds, req, caller.user!.username)
      if (!set) throw conflict('参数与现行版本相同，未保存')
      // Every case received from the set's day may be judged differently; the whole-archive run also settles
      // the freshness check (the policy fingerprint), which a partial run would leave stale.
      // A run already going finishes with the old parameters and then starts the re-audit itself.
      forgetAuditStatus(ds)
      void startAuditRun(ds, caller.user!.username, 'policy_changed')
      return { set, reauditStarted: true }
    }
  }
}
