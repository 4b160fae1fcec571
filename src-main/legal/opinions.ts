// Signing and co-signing a legal opinion (法律审查意见). One transaction each: the offer row is locked so two
// signers cannot both open an opinion on it; a stale version is refused (optimistic locking, as reviews do);
// above the co-sign amount of the matrix in force on the approval day the opinion waits for a second legal
// signature by someone else (四眼原则: here and in the database, migration 20), then it is final and locked.
// The opinion keeps a snapshot of the offer, the case facts and the precedent band as signed. Every step is
// in the audit trail in the same transaction.
import type { DataSource, EntityManager } from 'typeorm'
import type { LegalOfferDetail, ParsedRequestOf, SessionUser } from '../shared/contract'
import { recordChange } from '../trail/record'
import { returnedRows } from '../db/returning'
import { conflict, forbidden, invalid, notFound } from '../transport/errors'
import { offerDetail } from './offer-detail'

const when = (d: Date): string => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')

interface CurrentRow { id: number; status: string; signer_id: number; signer_name: string; signed_at: Date; stale_at: Date | null; version: number; updated_at: Date }

async function currentOpinion(em: EntityManager, offerId: number): Promise<CurrentRow | undefined> {
  const [r] = (await em.query(`SELECT r.id, r.status, r.signer_id, u.display_name AS signer_name, r.signed_at, r.stale_at, r.version, r.updated_at
      FROM offer_legal_reviews r JOIN users u ON u.id = r.signer_id WHERE r.offer_id = $1 AND r.status <> 'superseded' FOR UPDATE OF r`, [offerId])) as CurrentRow[]
  return r
}

/**
 * Signs a new opinion on an offer (replacing a stale one, or the signer's own opinion still waiting for its
 * second signature). @throws not_found (no offer), conflict (someone signed meanwhile, a stale version, a
 * final opinion), forbidden (replacing another signer's pending opinion)
 */
export async function signOpinion(ds: DataSource, user: SessionUser, req: ParsedRequestOf<'legal.sign'>): Promise<LegalOfferDetail> {
  return ds.transaction(async (em) => {
    const [offer] = (await em.query('SELECT id, amount::float8 AS amount FROM remediation_offers WHERE id = $1 FOR UPDATE', [req.offerId])) as { id: number; amount: number }[]
    if (!offer) throw notFound(`补偿方案 ${req.offerId} 不存在`)
    const cur = await currentOpinion(em, offer.id)
    if (cur) {
      if (!req.replaces || req.replaces.id !== cur.id) throw conflict(`此方案已有法律审查意见（${cur.signer_name} 于 ${when(cur.signed_at)} 签署）；你的意见没有保存，请刷新后再看。`)
      if (req.replaces.version !== cur.version) throw conflict(`此意见已于 ${when(cur.updated_at)} 变更，你看到的不是最新内容；你的意见没有保存，请刷新后再签。`)
      if (cur.stale_at === null) {
        if (cur.status === 'final') throw conflict('法律审查意见已定稿并锁定，不能修改')
        if (cur.signer_id !== user.id) throw forbidden('待第二签的意见只能由原签署人修改；如同意请会签')
      }
    } else if (req.replaces) {
      throw conflict('要替换的意见已不存在或已被取代，请刷新后再签')
    }
    if (req.basisCodes.length) {
      const known = (await em.query('SELECT code FROM legal_bases WHERE code = ANY($1::text[]) AND active', [req.basisCodes])) as { code: string }[]
      const unknown = req.basisCodes.filter((c) => !known.some((k) => k.code === c))
      if (unknown.length) throw invalid(`法律依据列表中没有：${unknown.join('、')}`)
    }
    // The band as the signer saw it (window and scope) goes into the snapshot.
    const detail = await offerDetail(em, offer.id, req.windowMonths, req.precedentBy)
    const cosignAbove = detail.cosignAbove
    const judged = Math.max(offer.amount, req.amendedAmount ?? 0)
    const needsCosign = judged > cosignAbove
    const snapshot = {
      offer: detail.offer, caseFacts: detail.caseFacts, matrix: detail.matrixTitle, cosignAbove,
      checks: detail.checks.map((c) => ({ code: c.code, status: c.status, reason: c.reason })),
      precedent: { count: detail.precedent.count, median: detail.precedent.median, p10: detail.precedent.p10, p90: detail.precedent.p90, outlier: detail.precedent.outlier,
        tooFew: detail.precedent.tooFew, windowMonths: detail.precedent.windowMonths, criteria: detail.precedent.criteria, nearest: detail.precedent.nearest }
    }
    if (cur) await em.query(`UPDATE offer_legal_reviews SET status = 'superseded', version = version + 1, updated_by = $2, updated_at = now() WHERE id = $1`, [cur.id, user.id])
    const [created] = (await em.query(`INSERT INTO offer_legal_reviews (offer_id, status, decision, amended_amount, amended_terms, reasoning, basis_codes, basis_text,
        signer_id, needs_cosign, snapshot, updated_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$9) RETURNING id`,
    [offer.id, needsCosign ? 'awaiting_cosign' : 'final', req.decision, req.amendedAmount, req.amendedTerms || null, req.reasoning, req.basisCodes, req.basisText || null,
      user.id, needsCosign, JSON.stringify(snapshot)])) as { id: number }[]
    await recordChange(em, {
      actor: user.username, entity: 'legal_opinion', entityId: created.id, action: cur ? 'sign.replace' : 'sign',
      before: cur ? { id: cur.id, status: cur.status, stale: cur.stale_at !== null } : null,
      after: { offerId: offer.id, decision: req.decision, amendedAmount: req.amendedAmount, amendedTerms: req.amendedTerms, reasoning: req.reasoning,
        basisCodes: req.basisCodes, basisText: req.basisText, status: needsCosign ? 'awaiting_cosign' : 'final', needsCosign, cosignAbove }
    })
    return offerDetail(em, offer.id, req.windowMonths, req.precedentBy)
  })
}

/**
 * The second signature. @throws not_found, conflict (stale version, not waiting, offer changed since),
 * forbidden (the first signer: 四眼原则)
 */
export async function cosignOpinion(ds: DataSource, user: SessionUser, req: ParsedRequestOf<'legal.cosign'>): Promise<LegalOfferDetail> {
  return ds.transaction(async (em) => {
    const [r] = (await em.query(`SELECT id, offer_id, status, signer_id, stale_at, version, updated_at FROM offer_legal_reviews WHERE id = $1 FOR UPDATE`, [req.id])) as
      { id: number; offer_id: number; status: string; signer_id: number; stale_at: Date | null; version: number; updated_at: Date }[]
    if (!r) throw notFound(`法律审查意见 ${req.id} 不存在`)
    if (r.version !== req.version) throw conflict(`此意见已于 ${when(r.updated_at)} 变更，你看到的不是最新内容；请刷新后再会签。`)
    if (r.status !== 'awaiting_cosign') throw conflict(r.status === 'final' ? '此意见已定稿，无需再签' : '此意见已被新意见取代')
    if (r.stale_at !== null) throw conflict('方案已变更，需重新审查：此意见不能再会签')
    if (r.signer_id === user.id) throw forbidden('不能为自己签署的意见作第二签（四眼原则）')
    const updated = returnedRows(await em.query(`UPDATE offer_legal_reviews SET cosigner_id = $3, cosigned_at = now(), status = 'final', version = version + 1,
        updated_by = $3, updated_at = now() WHERE id = $1 AND version = $2 RETURNING id`, [r.id, r.version, user.id]))
    if (updated.length !== 1) throw conflict('此意见刚被他人变更，请刷新后再会签')
    await recordChange(em, { actor: user.username, entity: 'legal_opinion', entityId: r.id, action: 'cosign', before: { status: r.status }, after: { status: 'final', cosignerId: user.id } })
    return offerDetail(em, r.offer_id)
  })
}
