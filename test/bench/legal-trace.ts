// `npm run bench:legal -- --trace`: ties a slow sample of the offers list to a cause. A p95 of 20 samples is decided
// by its two slowest, and in 4 of 5 runs at 1M one sort of some filter had a p95 over 50 ms with a median of
// 13–18 ms. For each sample over SLOW_MS this prints when it ran (wall clock, to find it in the server's log with
// log_min_duration_statement set), the statements it made with their client times, and the garbage collections
// of this process that overlapped it: a slow statement the server also logged is the database's; one it did not
// log, or a collection as long as the excess, is this process's or the machine's.
import { PerformanceObserver } from 'node:perf_hooks'
import { loadavg } from 'node:os'

/** A sample this long or longer is printed. */
export const SLOW_MS = 40

interface Span { at: number; ms: number }
type Queryable = { query: (sql: string, params?: unknown[]) => Promise<unknown> }

/** Wraps `ds.query` to time each statement and observes this process's garbage collections. */
export function startTrace(ds: Queryable): { sample: <T>(label: string, fn: () => Promise<T>) => Promise<number>; stop: () => void; slow: () => number } {
  const statements: (Span & { head: string })[] = []
  const gcs: Span[] = []
  const original = ds.query.bind(ds)
  ds.query = async (sql: string, params?: unknown[]) => {
    const at = performance.now()
    try { return await original(sql, params) } finally {
      statements.push({ at, ms: performance.now() - at, head: sql.replace(/\s+/g, ' ').trim().slice(0, 60) })
    }
  }
  const obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcs.push({ at: e.startTime, ms: e.duration }) })
  obs.observe({ entryTypes: ['gc'] })
  let slowCount = 0
  return {
    async sample(label, fn) {
      statements.length = 0
      const wall = new Date()
      const t = performance.now()
      await fn()
      const end = performance.now()
      const ms = end - t
      if (ms >= SLOW_MS) {
        slowCount++
        // The collections' entries arrive on a later turn of the event loop.
        await new Promise((r) => setTimeout(r, 5))
        const gcMs = gcs.filter((g) => g.at < end && g.at + g.ms > t).reduce((s, g) => s + g.ms, 0)
        const parts = statements.map((s) => `${s.ms.toFixed(1)} ms ${s.head}`).join(' | ')
        console.log(`  slow ${ms.toFixed(1)} ms at ${wall.toISOString()} ${label}: gc ${gcMs.toFixed(1)} ms; load ${loadavg()[0].toFixed(1)}; ${parts}`)
      }
      if (gcs.length > 1000) gcs.splice(0, gcs.length - 100)
      return ms
    },
    stop() { ds.query = original; obs.disconnect() },
    slow: () => slowCount
  }
}
