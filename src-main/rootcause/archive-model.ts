// The suggester as the archive feeds it (issue 11, item 4): the live taxonomy and every tagged case of the
// archive, with the taxonomy's own demo texts (src-main/demo/rootcause-texts.ts, written from the definitions
// and the seeds) as a starting prior. Kept in memory per database and updated as reviewers tag, so the next
// suggestion for a similar case already knows — no restart, no rebuild. Rebuilt when the taxonomy's version
// changes.
import type { DataSource } from 'typeorm'
import { RootCauseModel, type CauseCaseText, type Suggestion, type TaggedCase } from './suggest'
import { currentVersion, suggesterTaxonomy } from './taxonomy-store'
import { rootCauseDemoCases } from '../demo/rootcause-texts'
import { DEFAULT_DEMO_TRAINING } from './eval'

interface Entry { version: number; model: Promise<RootCauseModel> }
const models = new WeakMap<DataSource, Entry>()

const TEXT_COLUMNS = `c.id, c.summary, c.request, c.investigation, c.facts, c.channel, c.business_line AS "businessLine"`

type CaseRow = { id: number; summary: string | null; request: string | null; investigation: string | null; facts: string | null; channel: string; businessLine: string }

/** Tagged cases of the archive as the model takes them, `ids` or the next `limit` after case id `after`: primary first, then the secondary codes. */
async function taggedCases(ds: Pick<DataSource, 'query'>, which: { ids: number[] } | { after: number; limit: number }): Promise<{ tagged: TaggedCase[]; untagged: CaseRow[]; last: number }> {
  const byIds = 'ids' in which
  const rows = (await ds.query(`
    SELECT ${TEXT_COLUMNS},
           (SELECT n.code FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id WHERE t.case_id = c.id AND t.role = 'primary') AS primary,
           ARRAY(SELECT n.code FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id WHERE t.case_id = c.id AND t.role = 'secondary' ORDER BY n.position) AS secondary
      FROM cases c WHERE ${byIds ? 'c.id = ANY($1::int[])'
        : "c.id IN (SELECT t.case_id FROM case_root_causes t WHERE t.role = 'primary' AND t.case_id > $1 ORDER BY t.case_id LIMIT $2)"}
     ORDER BY c.id`,
  byIds ? [which.ids] : [which.after, which.limit])) as (CaseRow & { primary: string | null; secondary: string[] })[]
  return {
    tagged: rows.filter((r) => r.primary).map((r) => ({ ...r, id: String(r.id), primary: r.primary!, secondary: r.secondary })),
    untagged: rows.filter((r) => !r.primary),
    last: rows.length ? rows[rows.length - 1].id : 0
  }
}

/** Tagged cases read per query while the model is built: a bounded slice of the texts in memory at a time. */
const BUILD_BATCH = 5000

async function build(ds: DataSource): Promise<RootCauseModel> {
  const tax = await suggesterTaxonomy(ds)
  const model = new RootCauseModel(tax)
  for (const c of rootCauseDemoCases(DEFAULT_DEMO_TRAINING.seed, DEFAULT_DEMO_TRAINING.perNode, tax)) model.add({ ...c, id: `prior:${c.id}` })
  // In slices by case id, each its own query: the process answers other requests between them (at a million
  // cases the archive has some 350,000 tagged ones), and no slice holds more than BUILD_BATCH cases' texts.
  for (let after = 0; ;) {
    const batch = await taggedCases(ds, { after, limit: BUILD_BATCH })
    for (const c of batch.tagged) model.add(c)
    if (!batch.last) break
    after = batch.last
  }
  return model
}

/** The archive's model, built on first use and again after a taxonomy edit. */
export async function archiveModel(ds: DataSource): Promise<RootCauseModel> {
  const version = await currentVersion(ds)
  let entry = models.get(ds)
  if (!entry || entry.version !== version) {
    entry = { version, model: build(ds) }
    models.set(ds, entry)
    entry.model.catch(() => models.delete(ds))
  }
  return entry.model
}

/** Cases learnt between two yields to the event loop: a bulk action's few thousand new cases are matched and
 * indexed in slices, so the process (in the app, the main process that answers every window) stays responsive. */
const LEARN_SLICE = 250

/** Per database, the learning queued and not yet done: one at a time, in the order the changes were made. */
const learning = new WeakMap<DataSource, Promise<void>>()

/**
 * After tags changed on `caseIds`: the model learns their new causes (or forgets them). Only the tags are read
 * first: a case the model has keeps the texts it learnt (a tag change does not change them) and only its codes
 * change; the texts are read, matched and indexed for the cases it does not have yet.
 * Queued behind the learning already asked for, so the model takes the changes in the order they were made (two
 * learnings interleaved could apply a tag read before a later one over it). A suggestion waits for the queue.
 * If learning fails the model is dropped and built afresh on the next suggestion, so it never goes on stale.
 * @returns when this change has been learnt (a bulk action need not wait: the tags are committed already)
 */
export function learnTags(ds: DataSource, caseIds: number[]): Promise<void> {
  const done = (learning.get(ds) ?? Promise.resolve()).then(() => learnNow(ds, caseIds)).catch((err: unknown) => {
    models.delete(ds)
    console.error('root-cause model: learning failed, it will be rebuilt', err)
  })
  learning.set(ds, done)
  return done
}

/** Resolves once every learning asked for so far on `ds` is done. */
export function learningSettled(ds: DataSource): Promise<void> {
  return learning.get(ds) ?? Promise.resolve()
}

async function learnNow(ds: DataSource, caseIds: number[]): Promise<void> {
  const entry = models.get(ds)
  if (!entry || !caseIds.length) return
  const model = await entry.model
  const tags = (await ds.query(`
    SELECT c.id, (SELECT n.code FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id WHERE t.case_id = c.id AND t.role = 'primary') AS primary,
           ARRAY(SELECT n.code FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id WHERE t.case_id = c.id AND t.role = 'secondary' ORDER BY n.position) AS secondary
      FROM cases c WHERE c.id = ANY($1::int[])`, [caseIds])) as { id: number; primary: string | null; secondary: string[] }[]
  const unknown: number[] = []
  for (const r of tags) {
    if (!r.primary) model.remove(String(r.id))
    else if (!model.retag(String(r.id), r.primary, r.secondary)) unknown.push(r.id)
  }
  for (let i = 0; i < unknown.length; i += BUILD_BATCH) {
    const { tagged } = await taggedCases(ds, { ids: unknown.slice(i, i + BUILD_BATCH) })
    for (let j = 0; j < tagged.length; j++) {
      if (j && j % LEARN_SLICE === 0) await new Promise((resolve) => setImmediate(resolve))
      model.add(tagged[j])
    }
  }
}

export interface CaseSuggestion extends Omit<Suggestion, 'similar'> {
  /** the most similar tagged cases of the archive with this cause as primary */
  similar: { caseId: number; caseNo: string; similarity: number; code: string }[]
}

/**
 * The top three causes for case `caseId`, judged on its texts against the rest of the archive (the case itself
 * is left out of the neighbours, tagged or not).
 * @returns null when there is no such case
 */
export async function suggestForCase(ds: DataSource, caseId: number): Promise<CaseSuggestion[] | null> {
  // The case's texts and its own tags in one query (each round trip counts in a suggestion's time).
  const found = await taggedCases(ds, { ids: [caseId] })
  const self = found.tagged[0]
  const row = self ?? found.untagged[0]
  if (!row) return null
  await learningSettled(ds)
  const model = await archiveModel(ds)
  // A tagged case is left out of its own judgement in place: taking it out and putting it back cost its whole
  // phrase matching and a new slot in the index per suggestion, and churned the index's norms.
  const suggestions = model.suggest(row as CauseCaseText, 3, self?.id)
  const ids = [...new Set(suggestions.flatMap((s) => s.similar.map((x) => x.id)).filter((id) => /^\d+$/.test(id)).map(Number))]
  const numbers = new Map(((await ds.query('SELECT id, case_no FROM cases WHERE id = ANY($1::int[])', [ids])) as { id: number; case_no: string }[]).map((r) => [r.id, r.case_no]))
  return suggestions.map((s) => ({
    ...s,
    similar: s.similar.filter((x) => numbers.has(Number(x.id))).map((x) => ({ caseId: Number(x.id), caseNo: numbers.get(Number(x.id))!, similarity: x.similarity, code: x.code }))
  }))
}

/** How suggestions fared: per first-level cause chosen, how often the first suggestion was taken and how often the choice was among the three. */
export async function suggestionStats(ds: Pick<DataSource, 'query'>): Promise<{ code: string; nameZh: string; shown: number; accepted: number; top3: number }[]> {
  return (await ds.query(`
    SELECT coalesce(p.code, n.code) AS code, coalesce(p.name_zh, n.name_zh) AS "nameZh", count(*)::int AS shown,
           count(*) FILTER (WHERE e.accepted)::int AS accepted, count(*) FILTER (WHERE e.chosen = ANY(e.suggested))::int AS top3
      FROM rc_suggestion_events e JOIN rc_nodes n ON n.code = e.chosen LEFT JOIN rc_nodes p ON p.id = n.parent_id
     GROUP BY 1, 2 ORDER BY shown DESC, code`)) as { code: string; nameZh: string; shown: number; accepted: number; top3: number }[]
}
