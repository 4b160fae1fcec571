// Stored check results (offer_checks): computed for the offers that have none (a change to an offer or its
// case deleted them, migration 20's triggers), or for all after a matrix change. One read of every offer with
// its case facts (the precedent of each offer is drawn from the same rows), one INSERT of the results.
import type { EntityManager } from 'typeorm'
import { catchUpLegalList } from '../db/catch-up'
import { AuthorityBook } from './authority'
import { checkOffer, type OfferCheck, type OfferCheckInput } from './checks'
import { loadMatrices } from './matrix-read'
import { eachBandOfGroup } from './check-window'
import { bandOf, DEFAULT_WINDOW_MONTHS, type PrecedentBand } from './precedent'

type Query = Pick<EntityManager, 'query'>

export interface OfferRow extends OfferCheckInput {
  caseId: number; caseNo: string; rootNodeId: number | null; acceptedOrPaid: boolean
}

const ms = (col: string): string => `(extract(epoch FROM ${col}) * 1000)::float8`

/** The offers' check inputs; all offers when `ids` is absent. */
export async function loadOfferRows(q: Query, ids?: number[]): Promise<OfferRow[]> {
  const rows = (await q.query(`SELECT o.id, o.case_id, c.case_no, o.type, o.amount::float8 AS amount, o.basis, o.approval_level,
      ${ms('o.approved_at')} AS approved_at, o.customer_accepted, ${ms('o.accepted_at')} AS accepted_at, ${ms('o.due_at')} AS due_at,
      ${ms('o.paid_at')} AS paid_at, ${ms('o.settlement_signed_at')} AS settlement_signed_at, ${ms('c.received_at')} AS received_at,
      c.business_line, c.category, c.responsibility, c.suitability_assessed, c.dual_recorded, n.id AS node_id, n.code AS rc_code, n.name_zh AS rc_name, n.internal AS rc_internal
    FROM remediation_offers o JOIN cases c ON c.id = o.case_id
    LEFT JOIN case_root_causes t ON t.case_id = c.id AND t.role = 'primary' LEFT JOIN rc_nodes n ON n.id = t.node_id
    ${ids ? 'WHERE o.id = ANY($1::int[])' : ''} ORDER BY o.id`, ids ? [ids] : [])) as Record<string, unknown>[]
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))
  return rows.map((r) => ({
    offerId: Number(r.id), caseId: Number(r.case_id), caseNo: String(r.case_no), type: String(r.type), amount: Number(r.amount),
    basis: (r.basis as string | null) ?? null, approvalLevel: (r.approval_level as string | null) ?? null, approvedAt: num(r.approved_at),
    customerAccepted: (r.customer_accepted as boolean | null) ?? null, acceptedAt: num(r.accepted_at), dueAt: num(r.due_at), paidAt: num(r.paid_at),
    settlementSignedAt: num(r.settlement_signed_at), receivedAt: Number(r.received_at), businessLine: String(r.business_line), category: String(r.category),
    responsibility: (r.responsibility as string | null) ?? null, suitabilityAssessed: (r.suitability_assessed as boolean | null) ?? null,
    dualRecorded: (r.dual_recorded as boolean | null) ?? null,
    rootCause: r.rc_code ? { code: String(r.rc_code), name: String(r.rc_name), internal: r.rc_internal === true } : null,
    rootNodeId: num(r.node_id), acceptedOrPaid: r.customer_accepted === true || r.paid_at !== null
  }))
}

const MONTH_MS = 30.436875 * 86_400_000
const ANALYZE_AFTER = 5000

/**
 * The precedent band of `subject` among `all` (same criteria and window as precedent.ts; months are taken as
 * calendar months there and as 30.44 days here — the stored flag may differ for an offer exactly at the
 * window's edge; the panel's band is the SQL one).
 */
export function bandAmong(subject: OfferRow, groups: Map<string, OfferRow[]>, windowMonths = DEFAULT_WINDOW_MONTHS): PrecedentBand {
  const at = subject.approvedAt ?? subject.receivedAt
  const from = windowMonths === 0 ? -Infinity : at - windowMonths * MONTH_MS
  // Groups are in time order (groupOffers): the window is found by binary search, not by a scan of the group.
  const group = groups.get(groupKey(subject)) ?? []
  const peers: OfferRow[] = []
  for (let i = firstAfter(group, from); i < group.length && timeOf(group[i]) <= at; i++) {
    const o = group[i]
    if (o.offerId !== subject.offerId && o.acceptedOrPaid) peers.push(o)
  }
  const nearest = [...peers].sort((a, b) => Math.abs(a.amount - subject.amount) - Math.abs(b.amount - subject.amount) || a.offerId - b.offerId).slice(0, 5)
  return {
    ...bandOf(peers.map((p) => p.amount), subject.amount), windowMonths,
    criteria: { rootCause: subject.rootCause?.code ?? null, businessLine: subject.businessLine, category: subject.category, type: subject.type },
    nearest: nearest.map((p) => ({ offerId: p.offerId, caseId: p.caseId, caseNo: p.caseNo, amount: p.amount, approvedAt: p.approvedAt === null ? null : new Date(p.approvedAt).toISOString(), paid: p.paidAt !== null }))
  }
}

const timeOf = (o: OfferRow): number => o.approvedAt ?? o.receivedAt

/** The index of the first offer of time-ordered `group` whose time is after `t`. */
function firstAfter(group: OfferRow[], t: number): number {
  let lo = 0
  let hi = group.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (timeOf(group[mid]) > t) hi = mid
    else lo = mid + 1
  }
  return lo
}

export const groupKey = (o: OfferRow): string => [o.type, o.businessLine, o.category, o.rootNodeId ?? '-'].join('|')

export function groupOffers(rows: OfferRow[]): Map<string, OfferRow[]> {
  const groups = new Map<string, OfferRow[]>()
  for (const r of rows) {
    const k = groupKey(r)
    const g = groups.get(k)
    if (g) g.push(r)
    else groups.set(k, [r])
  }
  for (const g of groups.values()) g.sort((a, b) => timeOf(a) - timeOf(b) || a.offerId - b.offerId)
  return groups
}

/** Offers' results written per statement (and progress reported per chunk). */
const CHUNK = 2000
/**
 * Up to this many offers to compute, only their precedent groups are read (their settled offers, by the
 * precedent index of legal_offer_list); beyond it, one read of every offer is cheaper than that many lookups.
 */
const GROUPS_READ_UP_TO = 2000

/**
 * The offers without stored checks (offers_unchecked, migration 38: the anti-join of every offer against every
 * stored check, kept by triggers), as the caller's row security shows them; of `only` when given.
 */
async function uncheckedOffers(q: Query, only?: readonly number[]): Promise<number[]> {
  const rows = (await q.query(`SELECT u.offer_id AS id FROM offers_unchecked u JOIN remediation_offers o ON o.id = u.offer_id
    ${only ? 'WHERE u.offer_id = ANY ($1::int[])' : ''} ORDER BY 1`, only ? [only] : [])) as { id: number }[]
  return rows.map((r) => Number(r.id))
}

/**
 * The rows the bands of `ids` read: the offers themselves and the settled offers of their precedent groups
 * (the only rows eachBandOfGroup takes from a group besides the offers it is asked for), within a day beyond
 * each group's windows (the bands apply the exact window themselves). Read from legal_offer_list's precedent
 * index (type, business line, category, time; settled only), then each row's inputs from the archive's tables.
 */
async function groupRowsOf(q: Query, ids: number[], windowMonths = DEFAULT_WINDOW_MONTHS): Promise<OfferRow[]> {
  const subjects = await loadOfferRows(q, ids)
  const groups = new Map<string, { type: string; line: string; category: string; node: number | null; lo: number; hi: number }>()
  for (const r of subjects) {
    const at = timeOf(r)
    const g = groups.get(groupKey(r))
    if (g) { g.lo = Math.min(g.lo, at); g.hi = Math.max(g.hi, at) } else groups.set(groupKey(r), { type: r.type, line: r.businessLine, category: r.category, node: r.rootNodeId, lo: at, hi: at })
  }
  const day = 86_400_000
  const gs = [...groups.values()]
  const iso = (t: number): string => new Date(t).toISOString()
  const peers = (await q.query(`SELECT DISTINCT l.offer_id AS id
      FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::timestamptz[]) AS g(type, line, category, node, lo, hi)
      JOIN legal_offer_list l ON l.settled AND l.type = g.type AND l.business_line = g.line AND l.category = g.category
       AND l.at <= g.hi AND ($7::boolean OR l.at > g.lo) AND l.root_node_id IS NOT DISTINCT FROM g.node`,
  [gs.map((g) => g.type), gs.map((g) => g.line), gs.map((g) => g.category), gs.map((g) => g.node), gs.map((g) => iso(g.lo - windowMonths * MONTH_MS - day)),
    gs.map((g) => iso(g.hi + day)), windowMonths === 0])) as { id: number }[]
  const wanted = new Set(ids)
  const more = peers.map((p) => Number(p.id)).filter((id) => !wanted.has(id))
  return more.length ? [...subjects, ...(await loadOfferRows(q, more))] : subjects
}

/**
 * Computes and stores the checks of the offers without stored results (`all`: of every offer, replacing
 * what is stored — after a matrix change). Runs in the caller's transaction. Set-based in its reads and
 * writes: the offers to compute come from offers_unchecked (no scan when there are none); up to
 * GROUPS_READ_UP_TO of them read only their precedent groups, more read every offer's inputs once; each
 * group's bands by one sliding window (check-window.ts), the results written CHUNK offers per statement.
 * `onProgress(done, total)` after each chunk; `groupsUpTo` (tests) moves the bound between the two reads.
 * Returns how many were computed.
 */
export async function refreshChecks(q: Query, all = false, onProgress?: (done: number, total: number) => void, groupsUpTo = GROUPS_READ_UP_TO): Promise<number> {
  if (all) await q.query('DELETE FROM offer_checks')
  return computeChecks(q, await uncheckedOffers(q), onProgress, groupsUpTo)
}

/**
 * The stored checks of `ids` only, those of them that have none (an offer's panel: the other offers' stored
 * checks are neither read nor written). Returns how many were computed.
 */
export async function refreshChecksOf(q: Query, ids: readonly number[]): Promise<number> {
  return computeChecks(q, await uncheckedOffers(q, ids))
}

async function computeChecks(q: Query, missing: number[], onProgress?: (done: number, total: number) => void, groupsUpTo = GROUPS_READ_UP_TO): Promise<number> {
  if (!missing.length) return 0
  // The peers' root causes come from the list: a bulk tag may have left them to the catch-up (migration 59).
  await catchUpLegalList(q)
  const book = new AuthorityBook(await loadMatrices(q))
  const rows = missing.length <= groupsUpTo ? await groupRowsOf(q, missing) : await loadOfferRows(q)
  const wanted = new Set(missing)
  let out: { id: number; matrix: number | null; results: OfferCheck[]; failed: string[]; outlier: boolean }[] = []
  let done = 0
  const flush = async (): Promise<void> => {
    for (let i = 0; i < out.length; i += CHUNK) await write(out.slice(i, i + CHUNK))
    out = []
  }
  const write = async (chunk: typeof out): Promise<void> => {
    await q.query(`INSERT INTO offer_checks (offer_id, matrix_id, results, failed, outlier)
      SELECT x.id, x.matrix, x.results, ARRAY(SELECT jsonb_array_elements_text(x.failed)), x.outlier
        FROM jsonb_to_recordset($1::jsonb) AS x(id int, matrix int, results jsonb, failed jsonb, outlier boolean)
      ON CONFLICT (offer_id) DO UPDATE SET matrix_id = excluded.matrix_id, results = excluded.results, failed = excluded.failed, outlier = excluded.outlier, computed_at = now()`,
    [JSON.stringify(chunk)])
    done += chunk.length
    onProgress?.(done, wanted.size)
  }
  for (const group of groupOffers(rows).values()) {
    if (!group.some((r) => wanted.has(r.offerId))) continue
    eachBandOfGroup(group, wanted, (r, band) => {
      const results = checkOffer(r, book, band)
      const m = book.inForce(r.approvedAt ?? r.receivedAt)
      out.push({ id: r.offerId, matrix: m?.id ?? null, results, failed: results.filter((c) => c.status === 'fail').map((c) => c.code), outlier: band.outlier === true })
    })
    if (out.length >= CHUNK) await flush()
  }
  await flush()
  // Thousands of list rows rewritten at once (the first computation after a load): the planner's statistics
  // of the offers list would describe the table before (migration 23).
  if (done >= ANALYZE_AFTER) await q.query('SELECT dossier_analyze_legal()')
  return done
}
