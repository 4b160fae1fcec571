// One offer for the legal panel: the offer, its case facts masked (the legal review needs the case, not the
// customer's identity), the checks with evidence and policy source, the precedent band (SQL, the chosen
// window), the opinions, the cited-basis list and the co-sign amount of the matrix in force.
import type { EntityManager } from 'typeorm'
import type { LegalBasisView, LegalCaseFacts, LegalCheckView, LegalOfferDetail, LegalOpinionView } from '../shared/contract'
import type { PrecedentBy } from '../shared/contract-legal'
import { maskFreeText, maskName } from '../privacy'
import { notFound } from '../transport/errors'
import { AuthorityBook } from './authority'
import { CHECK_TITLE_ZH, checkPrecedent, type OfferCheck } from './checks'
import { loadOfferRows, refreshChecksOf } from './check-store'
import { loadMatrices } from './matrix-read'
import { OFFER_COLUMNS, OFFER_FROM, offerRowOf, type OfferSqlRow } from './offer-list'
import { DEFAULT_WINDOW_MONTHS, precedentFor } from './precedent'

type Query = Pick<EntityManager, 'query'>

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null)

interface OpinionRow {
  id: number; offer_id: number; status: LegalOpinionView['status']; decision: LegalOpinionView['decision']; amended_amount: string | null; amended_terms: string | null
  reasoning: string; basis_codes: string[]; basis_text: string | null; signer_id: number; signer_name: string; signed_at: Date; needs_cosign: boolean
  cosigner_id: number | null; cosigner_name: string | null; cosigned_at: Date | null; stale_at: Date | null; stale_reason: string | null; version: number
  snapshot: Record<string, unknown>
}

export function opinionView(r: OpinionRow): LegalOpinionView {
  return {
    id: r.id, offerId: r.offer_id, status: r.status, decision: r.decision, amendedAmount: r.amended_amount === null ? null : Number(r.amended_amount),
    amendedTerms: r.amended_terms, reasoning: r.reasoning, basisCodes: r.basis_codes, basisText: r.basis_text, signerId: r.signer_id, signerName: r.signer_name,
    signedAt: r.signed_at.toISOString(), needsCosign: r.needs_cosign, cosignerId: r.cosigner_id, cosignerName: r.cosigner_name, cosignedAt: iso(r.cosigned_at),
    stale: r.stale_at !== null, staleReason: r.stale_reason, version: r.version, snapshot: r.snapshot
  }
}

export async function opinionsOf(q: Query, offerId: number): Promise<LegalOpinionView[]> {
  const rows = (await q.query(`SELECT r.*, us.display_name AS signer_name, uc.display_name AS cosigner_name FROM offer_legal_reviews r
      JOIN users us ON us.id = r.signer_id LEFT JOIN users uc ON uc.id = r.cosigner_id WHERE r.offer_id = $1 ORDER BY r.id DESC`, [offerId])) as OpinionRow[]
  return rows.map(opinionView)
}

async function caseFacts(q: Query, caseId: number): Promise<LegalCaseFacts> {
  const [c] = (await q.query(`SELECT c.id, c.case_no, c.received_at, c.closed_at, u.name AS unit_name, c.business_line, c.category, c.severity, c.product,
      c.summary, c.request, c.facts, c.responsibility, c.resolution, c.suitability_assessed, c.dual_recorded, c.is_anonymous, c.complainant_name,
      n.code AS rc_code, n.name_zh AS rc_name, n.internal AS rc_internal
    FROM cases c JOIN units u ON u.id = c.unit_id
    LEFT JOIN case_root_causes t ON t.case_id = c.id AND t.role = 'primary' LEFT JOIN rc_nodes n ON n.id = t.node_id
    WHERE c.id = $1`, [caseId])) as Record<string, unknown>[]
  const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
  return {
    caseId: Number(c.id), caseNo: String(c.case_no), receivedAt: (c.received_at as Date).toISOString(), closedAt: (c.closed_at as Date).toISOString(),
    unitName: String(c.unit_name), businessLine: String(c.business_line), category: String(c.category), severity: String(c.severity), product: s(c.product),
    summary: maskFreeText(String(c.summary)), request: maskFreeText(String(c.request)), facts: maskFreeText(s(c.facts)), responsibility: s(c.responsibility),
    resolution: maskFreeText(s(c.resolution)),
    rootCause: c.rc_code ? { code: String(c.rc_code), name: String(c.rc_name), internal: c.rc_internal === true } : null,
    suitabilityAssessed: (c.suitability_assessed as boolean | null) ?? null, dualRecorded: (c.dual_recorded as boolean | null) ?? null,
    complainant: c.is_anonymous ? '匿名' : c.complainant_name ? maskName(String(c.complainant_name)) : '未记录'
  }
}

export async function legalBases(q: Query): Promise<LegalBasisView[]> {
  return (await q.query('SELECT code, kind, title, article FROM legal_bases WHERE active ORDER BY position, code')) as LegalBasisView[]
}

/** The offer's panel; `windowMonths` for the precedent band (0 = the whole archive). @throws not_found */
export async function offerDetail(q: Query, id: number, windowMonths = DEFAULT_WINDOW_MONTHS, by: PrecedentBy = 'business_line'): Promise<LegalOfferDetail> {
  // Only this offer's checks, when it has none: opening a panel reads and writes no other offer's.
  await refreshChecksOf(q, [id])
  const [row] = (await q.query(`SELECT ${OFFER_COLUMNS} ${OFFER_FROM} WHERE o.id = $1`, [id])) as OfferSqlRow[]
  if (!row) throw notFound(`补偿方案 ${id} 不存在`)
  const [input] = await loadOfferRows(q, [id])
  const [stored] = (await q.query('SELECT results FROM offer_checks WHERE offer_id = $1', [id])) as { results: OfferCheck[] }[]
  const precedent = await precedentFor(q, {
    offerId: id, amount: input.amount, type: input.type, businessLine: input.businessLine, category: input.category, product: row.product,
    rootNodeId: input.rootNodeId, rootCode: input.rootCause?.code ?? null, at: input.approvedAt ?? input.receivedAt
  }, windowMonths, by)
  const checks = (stored?.results ?? []).map((c) => (c.code === 'precedent' ? checkPrecedent(input, precedent) : c))
  const book = new AuthorityBook(await loadMatrices(q))
  const m = book.inForce(input.approvedAt ?? input.receivedAt)
  const opinions = await opinionsOf(q, id)
  const current = opinions.find((o) => o.status !== 'superseded') ?? null
  return {
    offer: { ...offerRowOf(row), acceptedAt: iso(row.accepted_at), dueAt: iso(row.due_at), terms: row.terms, version: row.version },
    caseFacts: await caseFacts(q, row.case_id),
    checks: checks.map((c): LegalCheckView => ({ ...c, titleZh: CHECK_TITLE_ZH[c.code] })),
    precedent, opinion: current, history: opinions.filter((o) => o !== current),
    cosignAbove: m?.cosignAbove ?? 0, matrixTitle: m ? `${m.title}（${m.effectiveFrom} 起）` : null,
    bases: await legalBases(q)
  }
}
