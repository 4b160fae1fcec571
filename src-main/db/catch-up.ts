// The catch-up of what large writes leave behind (migrations 56 and 59). A transaction that touched more than
// `dossier.trend_defer_above` cases (1,000) commits without moving the trend summaries, and a tag statement over the
// cases of more than `dossier.legal_defer_above` offers (1,000) without rewriting their rows of the offers list; both
// leave the ids pending, and trend_catch_up / legal_catch_up apply them in chunks, each in its own short transaction.
// The writer's handler starts the catch-up in the background; every reader of the summaries or of the list waits for
// its own first, so a figure or a row is never read stale — only, right after a bulk write, read later.
import { inBackground } from './background'

/** Anything that runs SQL: a DataSource, an EntityManager, a transaction's manager. */
type Query = { query: (sql: string, params?: unknown[]) => Promise<unknown> }

/** Ids applied per call: ~0.5–1.5 s of trend_apply at 1,000,000 cases, so a writer of one of them waits no longer. */
export const CATCH_UP_CHUNK = 2_000

/** What is caught up: the trend summaries (trend_catch_up) or the offers list (legal_catch_up). */
export type Derived = 'trends' | 'legal'
const FUNCTION: Record<Derived, string> = { trends: 'trend_catch_up', legal: 'legal_catch_up' }

/**
 * Applies every id committed transactions left pending for `what`, `chunk` at a time, until none is left (a
 * catch-up running beside it takes some: this one waits for those it finds taken, then goes on with the rest).
 * A no-op costs one call that finds nothing pending. An aborted `signal` stops it before the next chunk.
 * @throws the database's error (the chunk's transaction is rolled back and its ids stay pending)
 */
export async function catchUp(q: Query, what: Derived, chunk = CATCH_UP_CHUNK, signal?: AbortSignal): Promise<void> {
  while (!signal?.aborted && ((await q.query(`SELECT ${FUNCTION[what]}($1) AS more`, [chunk])) as { more: boolean }[])[0].more);
}

/** catchUp of the trend summaries (every reader of them: trends/source.ts). */
export const catchUpTrends = (q: Query, chunk = CATCH_UP_CHUNK): Promise<void> => catchUp(q, 'trends', chunk)
/** catchUp of the offers list (every reader of it: the list, the precedent band, the export, the checks' refresh). */
export const catchUpLegalList = (q: Query, chunk = CATCH_UP_CHUNK): Promise<void> => catchUp(q, 'legal', chunk)

const running = new WeakMap<object, { run: Promise<void>; again: boolean }>()

/**
 * Starts the catch-up of both on `ds`, one at a time per archive: asked while one runs, it runs once more after it
 * (the new write may have committed after that one's last look). A reader does its own wait. Errors go to
 * `onError` (the ids stay pending for the next catch-up or reader). It is `ds`'s background work (background.ts):
 * closing `ds` stops it after the chunk under way and waits for that chunk.
 * @returns the catch-up, settled when it and any run asked for meanwhile end (never rejects)
 */
export function catchUpInBackground(ds: Query & object, onError: (err: unknown) => void = (err) => console.error('catch-up after a large write:', err)): Promise<void> {
  const now = running.get(ds)
  if (now) { now.again = true; return now.run }
  const state = { run: Promise.resolve(), again: false }
  state.run = inBackground(ds, async (signal) => {
    do {
      state.again = false
      await catchUp(ds, 'legal', CATCH_UP_CHUNK, signal).catch(onError)
      await catchUp(ds, 'trends', CATCH_UP_CHUNK, signal).catch(onError)
    } while (state.again && !signal.aborted)
    running.delete(ds)
  })
  running.set(ds, state)
  return state.run
}
