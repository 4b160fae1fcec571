// The legal workbench behind the contract (contract-legal.ts). The dispatcher has checked the role
// (auth/access.ts: legal and admin read, legal signs, admin keeps the matrix); signing rules that depend on
// the record (four eyes, locks, versions) are in opinions.ts.
import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import { forgetAuditStatus, startAuditRun } from '../audit/handlers'
import { refreshChecks } from './check-store'
import { listOffers } from './offer-list'
import { offerDetail } from './offer-detail'
import { cosignOpinion, signOpinion } from './opinions'
import { listMatrices, saveMatrix } from './matrix-store'
import { exportOfferFile } from './export-handler'

type LegalChannels = 'legal.offers' | 'legal.offer' | 'legal.sign' | 'legal.cosign' | 'legal.export' | 'legal.matrices' | 'legal.saveMatrix'

export function buildLegalHandlers(ctx: AppContext): HandlerMap<LegalChannels> {
  const { ds } = ctx
  return {
    async 'legal.offers'(req, c) {
      // Offers changed since (an import, a correction) get their checks before the list reads them.
      await ds.transaction((em) => refreshChecks(em))
      return listOffers(ds, c.user!.id, req)
    },
    'legal.offer': (req) => ds.transaction((em) => offerDetail(em, req.id, req.windowMonths, req.precedentBy)),
    'legal.sign': (req, c) => signOpinion(ds, c.user!, req),
    'legal.cosign': (req, c) => cosignOpinion(ds, c.user!, req),
    'legal.export': (req, c) => exportOfferFile(ctx, c.user!, req),
    'legal.matrices': () => listMatrices(ds),
    async 'legal.saveMatrix'(req, c) {
      const saved = await saveMatrix(ds, req, c.user!.username)
      // R08 and R13 read the matrix: the archive is re-audited, as after a policy change.
      forgetAuditStatus(ds)
      void startAuditRun(ds, c.user!.username, 'policy_changed')
      return saved
    }
  }
}
