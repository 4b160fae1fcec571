// The 整改 queue searched by a case number or words (issue 11 point 6). Two ways to a page, chosen by how common
// the word is (dossier_rectification_word_share, migration 1764000000045: an upper bound from ANALYZE's statistics):
//
// - A rare word or a case number: every match is found through the bigram indexes (the owner's
//   dossier_rectification_text_hits, migration 36), counted and sorted — exact.
// - A common word, or one whose share is not known (no statistics yet): the page walks the queue's own order (one walk per status, and unit, as without words) and
//   tests each item's words, stopping at the page's end — a word in a third of the items needs about three items
//   read per row shown, however many match. Each walk is bounded: one that reaches its bound short of the page
//   (the word was rarer than its bigrams said) gives up and the search is asked of the indexes instead.
//   The counts then are estimates, shown as 约 N: every match would have to be read to count them, which is what
//   the walk avoids. Per status, the exact number of items the session sees under the unit filter times the share
//   of matches among a fixed sample of the items (TABLESAMPLE SYSTEM … REPEATABLE, so paging does not move the
//   figure); a status with few items is counted exactly by reading them all.
// Why not count exactly once and cache: a count is as slow as the search it replaces (1–2 s for 培训 at 200,000
// cases), would be paid at every first search, and a follow-up by anyone changes it.
import type { DataSource } from 'typeorm'
import type { ParsedRequestOf } from '../shared/contract'
import type { RectificationStatus } from '../shared/contract-rectification'
import { RECTIFICATION_STATUSES } from '../shared/contract-rectification'
import { ITEM_COLS, ORDER, SHOW, tabCounts, type Found, type Row, type Tab } from './queue-sql'

type Req = ParsedRequestOf<'rectification.queue'>

/** Knobs of the word search's plan; tests shrink them to exercise every branch on a small archive. */
export interface WordSearchTuning {
  /** At most this many matches (share × items) and the indexes answer, exactly: cheap enough to count them all. */
  exactMatches: number
  /** A walk gives up after max(minStep, stepPerRow × rows wanted) items: the word is then rarer than 1 / stepPerRow. */
  minStep: number
  stepPerRow: number
  /** Items sampled to estimate the counts of a common word… */
  sampleRows: number
  /** …except in a status with at most this many items (under the filter), which are all read and counted. */
  smallStatus: number
  /** Force a path (tests): 'walk' ignores the share, 'index' never walks. */
  force?: 'walk' | 'index'
}

export const WORD_SEARCH: WordSearchTuning = { exactMatches: 3000, minStep: 1000, stepPerRow: 20, sampleRows: 1000, smallStatus: 2000 }

/** A sample's status needs this many items for a share of its own; below, the sample's overall share is used. */
const MIN_SEEN = 30

/**
 * A page of the queue under a case number or words, with the tab counts (estimated for a common word).
 * `statuses`: those of the status filter. The same rows as the index search in every case; see the file's note.
 */
export async function wordSearch(ds: DataSource, req: Req, statuses: RectificationStatus[], tuning: WordSearchTuning = WORD_SEARCH): Promise<Found> {
  const [g] = (await ds.query(`SELECT greatest((SELECT reltuples FROM pg_class WHERE oid = 'rectification_items'::regclass), 0)::float8 AS items,
      EXISTS (SELECT 1 FROM cases WHERE case_no = $1) AS case_no`, [req.text])) as { items: number; case_no: boolean }[]
  if (g.case_no && tuning.force !== 'walk') return byIndex(ds, req, statuses)
  const share = await wordShare(ds, req.text!)
  const walks = statuses.length * (req.unitId ? await unitCount(ds, req.unitId) : 1)
  const top = req.offset + req.limit + 1
  // Reading a page along the walks costs about walks × top / share items, the indexes share × items matches.
  const rare = share !== null && (share * g.items <= tuning.exactMatches || share * share * g.items <= walks * top)
  if (tuning.force === 'index' || (tuning.force !== 'walk' && rare)) return byIndex(ds, req, statuses)
  return (await byWalk(ds, req, statuses, tuning)) ?? byIndex(ds, req, statuses)
}

/** Shares by database and word, kept a minute: they change only when ANALYZE runs, and reading the statistics costs a few ms. */
const sharesOf = new WeakMap<DataSource, Map<string, { share: number | null; at: number }>>()
const SHARE_TTL_MS = 60_000

/** dossier_rectification_word_share (migration 1764000000045): an upper bound of the word's share, null if unknown. */
async function wordShare(ds: DataSource, text: string): Promise<number | null> {
  const now = Date.now()
  const shares = sharesOf.get(ds) ?? new Map<string, { share: number | null; at: number }>()
  sharesOf.set(ds, shares)
  const kept = shares.get(text)
  if (kept && now - kept.at < SHARE_TTL_MS) return kept.share
  const [{ share }] = (await ds.query('SELECT dossier_rectification_word_share($1) AS share', [text])) as { share: number | null }[]
  if (shares.size > 500) shares.clear()
  shares.set(text, { share, at: now })
  return share
}

async function unitCount(ds: DataSource, unitId: number): Promise<number> {
  const [{ n }] = (await ds.query('SELECT count(*)::int AS n FROM units WHERE id = $1 OR parent_id = $1', [unitId])) as { n: number }[]
  return Math.max(1, n)
}

/**
 * Every match from the bigram indexes (in the owner's function, which applies the cases' row security itself:
 * under row security the app's own query could not use those indexes) and the items of a case of that number;
 * counts and page from them, joined to the items under their own row security. Exact.
 */
async function byIndex(ds: DataSource, req: Req, statuses: RectificationStatus[]): Promise<Found> {
  const params: unknown[] = [req.text, req.unitId ?? null, statuses, req.offset, req.limit]
  // One statement: the matches are found once for the tabs and the page.
  const [r] = (await ds.query(`WITH hit AS (
      SELECT h.kind, h.id FROM dossier_rectification_text_hits($1) h
      UNION SELECT i.kind, i.id FROM rectification_items i WHERE i.case_id IN (SELECT id FROM cases WHERE case_no = $1)),
    cand AS MATERIALIZED (SELECT ${ITEM_COLS} FROM rectification_items i JOIN hit h ON h.kind = i.kind AND h.id = i.id
      WHERE ($2::int IS NULL OR i.unit_id IN (SELECT id FROM units WHERE id = $2 OR parent_id = $2))),
    tabs AS (SELECT status, count(*)::int AS n, (count(*) FILTER (WHERE overdue))::int AS late FROM cand GROUP BY status),
    page AS (SELECT * FROM cand WHERE status = ANY ($3::text[]) ${req.overdue ? 'AND overdue' : ''} ORDER BY ${ORDER} OFFSET $4 LIMIT $5)
    SELECT (SELECT coalesce(json_agg(t), '[]') FROM tabs t) AS tabs, (SELECT coalesce(json_agg(s ORDER BY s.pos), '[]') FROM (${SHOW}) s) AS rows`, params)) as { tabs: Tab[]; rows: Row[] }[]
  return { tabs: r.tabs, rows: r.rows, estimated: [] }
}

interface Stratum { status: RectificationStatus; sampled: boolean; seen: number; hits: number; late_seen: number; late_hits: number }

/**
 * The page along the walks (dossier_rectification_word_walk, each to `top` matches or its bound), joined to the
 * items under the session's row security; the counts of the statuses with few items exactly, of the others from
 * the sample (dossier_rectification_word_counts). @returns null when a walk reached its bound short of the page
 */
async function byWalk(ds: DataSource, req: Req, statuses: RectificationStatus[], tuning: WordSearchTuning): Promise<Found | null> {
  const top = req.offset + req.limit + 1
  const step = Math.max(tuning.minStep, tuning.stepPerRow * top)
  // The page and the counts on two connections at once: neither needs the other.
  const page = ds.query(`WITH walked AS MATERIALIZED (
      SELECT i.*, x.walk_status, x.walk_unit, x.n, x.hit FROM dossier_rectification_word_walk($1, $3::text[], $2, $4, $5, $6) x
        -- By key, item by item (LIMIT 1 keeps it so): a hash join read every item to find the few walked (0.5 s).
        CROSS JOIN LATERAL (SELECT ${ITEM_COLS} FROM rectification_items i WHERE i.kind = x.kind AND i.id = x.id LIMIT 1) i),
    cut AS (SELECT 1 FROM walked GROUP BY walk_status, walk_unit HAVING count(*) FILTER (WHERE hit) < $6 AND bool_or(n = $5)),
    page AS (SELECT * FROM walked WHERE hit ORDER BY ${ORDER} OFFSET $7 LIMIT $8)
    SELECT EXISTS (SELECT 1 FROM cut) AS cut, (SELECT count(*) FROM walked WHERE hit)::int AS found,
      (SELECT coalesce(json_agg(t), '[]') FROM (SELECT walk_status AS status, count(*) FILTER (WHERE hit)::int AS hits FROM walked GROUP BY 1) t) AS proven,
      (SELECT coalesce(json_agg(s ORDER BY s.pos), '[]') FROM (${SHOW}) s) AS rows`,
  [req.text, req.unitId ?? null, statuses, !!req.overdue, step, top, req.offset, req.limit]) as Promise<{ cut: boolean; found: number; proven: { status: RectificationStatus; hits: number }[]; rows: Row[] }[]>
  const counts = tabCounts(ds, req.unitId).then(async (plain) => {
    const small = plain.filter((t) => t.n <= tuning.smallStatus).map((t) => t.status)
    const large = plain.filter((t) => t.n > tuning.smallStatus)
    // The pages sampled are read whole, but only the items the session sees under the filter are tested: the share
    // of pages is set so that about sampleRows of those are (a reviewer's or a unit's sample reads more pages).
    const percent = Math.min(100, (100 * tuning.sampleRows) / Math.max(1, large.reduce((a, t) => a + t.n, 0)))
    const strata = plain.length === 0 ? [] : (await ds.query('SELECT * FROM dossier_rectification_word_counts($1, $2, $3::text[], $4::text[], $5)',
      [req.text, req.unitId ?? null, small, large.map((t) => t.status), percent])) as Stratum[]
    return { plain, strata, percent }
  })
  const [[r], { plain, strata, percent }] = await Promise.all([page, counts])
  if (r.cut) return null
  const tabs = estimateTabs(plain, strata.filter((x) => !x.sampled), strata.filter((x) => x.sampled), r.proven, percent >= 100)
  return { tabs: tabs.tabs, rows: r.rows, estimated: tabs.estimated, more: r.found > req.offset + req.limit }
}

/**
 * The tab counts under the word: a status read whole is exact; another is its plain count times the sample's share
 * of matches in it (or, with fewer than MIN_SEEN sampled, the whole sample's share), overdue likewise, kept between
 * the matches the walk proved and the plain count. A sample of the whole table (100 %) is exact too.
 */
export function estimateTabs(plain: Tab[], exact: Stratum[], sample: Stratum[], proven: { status: RectificationStatus; hits: number }[], whole: boolean): { tabs: Tab[]; estimated: RectificationStatus[] } {
  const pooled = sample.reduce((a, s) => ({ seen: a.seen + s.seen, hits: a.hits + s.hits }), { seen: 0, hits: 0 })
  const pooledShare = pooled.seen ? pooled.hits / pooled.seen : proven.reduce((a, p) => a + p.hits, 0) > 0 ? 1 : 0
  const estimated: RectificationStatus[] = []
  const tabs = RECTIFICATION_STATUSES.flatMap((status): Tab[] => {
    const t = plain.find((x) => x.status === status)
    if (!t) return []
    const e = exact.find((x) => x.status === status)
    if (e) return [{ status, n: e.hits, late: e.late_hits }]
    const s = sample.find((x) => x.status === status)
    if (whole) return [{ status, n: s?.hits ?? 0, late: s?.late_hits ?? 0 }]
    estimated.push(status)
    const share = s && s.seen >= MIN_SEEN ? s.hits / s.seen : pooledShare
    const lateShare = s && s.late_seen >= MIN_SEEN ? s.late_hits / s.late_seen : share
    const floor = proven.find((p) => p.status === status)?.hits ?? 0
    const n = Math.min(t.n, Math.max(floor, Math.round(t.n * share)))
    return [{ status, n, late: Math.min(n, t.late, Math.round(t.late * lateShare)) }]
  })
  return { tabs, estimated }
}
