// Work a request starts and does not wait for (a catch-up after a bulk tag, an audit run, an import, a document
// batch) runs on the archive's connection pool after the reply. Closing the pool under it would not stop it: the
// server goes on running the statement it was given, holding its locks, and only finds the client gone when it
// answers (a test's next TRUNCATE deadlocked on such a catch-up). So each such job is registered with its data
// source: closing aborts them, and waits until each has settled, before the pool ends (database.ts).

interface Job { abort: AbortController; done: Promise<unknown> }

const jobs = new WeakMap<object, Set<Job>>()
const closing = new WeakSet<object>()

/**
 * Runs `job` as background work of `ds`: `signal` aborts when `ds` closes (a data source already closing gives
 * it aborted), and the close waits for the job to settle. A job checks the signal between its steps (a chunk, a
 * batch of cases, a file) and ends early; a step under way finishes or rolls back, as after a kill.
 * @param abort the job's own controller when it also has a cancel of its own (import.cancel), else a new one
 * @returns the job's promise, as `job` returned it
 */
export function inBackground<T>(ds: object, job: (signal: AbortSignal) => Promise<T>, abort = new AbortController()): Promise<T> {
  if (closing.has(ds)) abort.abort()
  const run = job(abort.signal)
  let set = jobs.get(ds)
  if (!set) jobs.set(ds, (set = new Set()))
  const entry: Job = { abort, done: run.then(() => {}, () => {}) }
  set.add(entry)
  void entry.done.then(() => set.delete(entry))
  return run
}

/**
 * Aborts every background job of `ds` and waits until all have settled (their errors are theirs to report); jobs
 * started meanwhile start aborted. Called by the data source's destroy.
 */
export async function settleBackground(ds: object): Promise<void> {
  closing.add(ds)
  const set = jobs.get(ds)
  while (set?.size) {
    for (const j of set) j.abort.abort()
    await Promise.all([...set].map((j) => j.done))
  }
}

/** Whether `ds` is closing: work that would only start more background work (a follow-up run) is not begun. */
export const isClosing = (ds: object): boolean => closing.has(ds)

/** Whether background jobs of `ds` are still running (tests). */
export const backgroundCount = (ds: object): number => jobs.get(ds)?.size ?? 0
