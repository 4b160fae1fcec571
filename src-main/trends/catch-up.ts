// The trend summaries' catch-up (migration 56): a transaction that touched more than `dossier.trend_defer_above`
// cases (1,000) commits without moving the summaries and leaves its cases pending; trend_catch_up applies them in
// chunks, each in its own short transaction. The writer's handler starts it in the background; every reader of the
// summaries waits for it first, so a figure is never read stale — only, right after a bulk write, read later.
import type { EntityManager } from 'typeorm'

type Query = Pick<EntityManager, 'query'>

/** Cases applied per call: ~0.5–1 s of trend_apply at 1,000,000 cases, so a writer of one of them waits no longer. */
export const CATCH_UP_CHUNK = 2_000

/**
 * Applies every case committed transactions left pending, `chunk` at a time, until none is left (a catch-up
 * running beside it takes some: this one waits for those it finds taken, then goes on with the rest).
 * A no-op costs one call that finds nothing pending.
 * @throws the database's error (the chunk's transaction is rolled back and its cases stay pending)
 */
export async function catchUpTrends(q: Query, chunk = CATCH_UP_CHUNK): Promise<void> {
  while (((await q.query('SELECT trend_catch_up($1) AS more', [chunk])) as { more: boolean }[])[0].more);
}

const running = new WeakMap<object, { run: Promise<void>; again: boolean }>()

/**
 * Starts catchUpTrends on `ds`, one at a time per archive: asked while one runs, it runs once more after it (the
 * new write may have committed after that one's last look). A reader does its own wait. Errors go to `onError`
 * (the cases stay pending for the next catch-up or reader).
 * @returns the catch-up, settled when it and any run asked for meanwhile end (never rejects)
 */
export function catchUpInBackground(ds: Query & object, onError: (err: unknown) => void = (err) => console.error('trend catch-up:', err)): Promise<void> {
  const now = running.get(ds)
  if (now) { now.again = true; return now.run }
  const state = { run: Promise.resolve(), again: false }
  state.run = (async () => {
    do {
      state.again = false
      await catchUpTrends(ds).catch(onError)
    } while (state.again)
    running.delete(ds)
  })()
  running.set(ds, state)
  return state.run
}
