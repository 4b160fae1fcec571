// Leases for long work that a killed process would otherwise leave `running` for ever (issue 16, point 3):
// the row names its host and process and renews a heartbeat while the work goes on; a row whose heartbeat is
// older than LEASE_MS, or whose process on this very host is gone, belongs to work that died.
import { hostname } from 'node:os'
import type { DataSource } from 'typeorm'

/** A run renews its heartbeat every HEARTBEAT_MS; one silent for LEASE_MS is taken for dead. */
export const HEARTBEAT_MS = 10_000
export const LEASE_MS = 60_000

export const thisHost = (): string => hostname()

/** Tables whose rows are leased (each has status, host, pid, heartbeat_at, finished_at, error). */
export type LeasedTable = 'audit_runs' | 'document_batches' | 'imports'

/** Whether process `pid` is alive on this host (a signal 0 reaches it; EPERM means it exists but is not ours). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Renews `table`'s heartbeat for row `id` until the returned stop function is called. Errors (a database
 * briefly unreachable) are ignored: the next beat tries again, and the lease is long enough for a few misses.
 */
export function keepAlive(ds: DataSource, table: LeasedTable, id: number): () => void {
  const beat = (): void => { ds.query(`UPDATE ${table} SET heartbeat_at = now() WHERE id = $1 AND status = 'running'`, [id]).catch(() => {}) }
  const timer = setInterval(beat, HEARTBEAT_MS)
  timer.unref()
  return () => clearInterval(timer)
}

/**
 * Marks failed every `running` audit run (or import, with `table`) whose lease expired, or whose process on this host is gone, with a
 * reason a person can read. Runs of other hosts with a live heartbeat are left alone.
 * @returns the ids of the runs marked failed
 */
export async function expireDeadRuns(ds: Pick<DataSource, 'query'>, now = Date.now(), table: 'audit_runs' | 'imports' = 'audit_runs'): Promise<number[]> {
  const rows = (await ds.query(`SELECT id, host, pid, heartbeat_at FROM ${table} WHERE status = 'running'`)) as LeaseRow[]
  const dead = deadLeases(rows, now)
  if (!dead.length) return []
  await ds.query(`UPDATE ${table} SET status = 'failed', finished_at = now(),
      error = '运行中断：进程已退出或失去响应（' || coalesce(host, '未知主机') || ' 进程 ' || coalesce(pid::text, '?') || '），结果未生效'
    WHERE id = ANY($1::int[]) AND status = 'running'`, [dead.map((r) => r.id)])
  return dead.map((r) => r.id)
}

export interface LeaseRow { id: number; host: string | null; pid: number | null; heartbeat_at: Date | null }

/**
 * The rows whose work died: on this host, its process is gone or silent past the lease; on another host,
 * silent past the lease. This process's own rows are alive by definition.
 */
export function deadLeases<R extends LeaseRow>(rows: R[], now = Date.now()): R[] {
  return rows.filter((r) => {
    if (r.host === thisHost() && r.pid !== null && r.pid !== process.pid) return !processAlive(r.pid) || lapsed(r.heartbeat_at, now)
    if (r.host === thisHost() && r.pid === process.pid) return false
    return lapsed(r.heartbeat_at, now)
  })
}

const lapsed = (at: Date | null, now: number): boolean => !at || now - at.getTime() > LEASE_MS
