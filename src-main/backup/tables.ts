// The archive's tables in an order a restore can load them with foreign keys checked: every table after the
// tables it references (a table referencing itself, like cases.repeat_of_id, is loaded in one COPY).
import type pg from 'pg'
import type { Writable } from 'node:stream'

export interface ArchiveTable { name: string; columns: string[] }

/**
 * Every ordinary table of the public schema, parents before children, with its stored columns in order
 * (generated columns left out: PostgreSQL computes them again on load).
 */
export async function archiveTables(client: pg.ClientBase): Promise<ArchiveTable[]> {
  const cols = (await client.query<{ table: string; columns: string[] }>(`
    SELECT c.relname AS table, array_agg(a.attname::text ORDER BY a.attnum) AS columns
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       -- The owner's own working tables (a bulk load's saved index definitions) are closed to the app login and
       -- empty between loads: a backup taken as the app leaves them out; as the owner, it has them all.
       AND has_table_privilege(c.oid, 'SELECT')
       -- The running servers' database sessions (migration 33) belong to those processes, not to the archive.
       AND c.relname <> 'db_sessions'
     GROUP BY c.relname ORDER BY c.relname`)).rows
  const refs = (await client.query<{ child: string; parent: string }>(`
    SELECT DISTINCT ch.relname AS child, pa.relname AS parent
      FROM pg_constraint k JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = ch.relnamespace
     WHERE k.contype = 'f' AND n.nspname = 'public' AND ch.oid <> pa.oid`)).rows
  const parents = new Map<string, Set<string>>(cols.map((c) => [c.table, new Set<string>()]))
  for (const r of refs) parents.get(r.child)?.add(r.parent)
  const ordered: ArchiveTable[] = []
  const placed = new Set<string>()
  while (ordered.length < cols.length) {
    const ready = cols.filter((c) => !placed.has(c.table) && [...parents.get(c.table)!].every((p) => placed.has(p) || !parents.has(p)))
    // A cycle between tables (none today) would load in name order, relying on the restore's deferred checks.
    const next = ready.length ? ready : cols.filter((c) => !placed.has(c.table)).slice(0, 1)
    for (const c of next) { placed.add(c.table); ordered.push({ name: c.table, columns: c.columns }) }
  }
  return ordered
}

/** The row-array query that the trail's verifier expects (TypeORM's shape), over a pg client. */
export const rowsOf = (c: pg.ClientBase): { query(sql: string, params?: unknown[]): Promise<unknown> } =>
  ({ query: async (sql: string, params?: unknown[]) => (await c.query(sql, params)).rows })


/** Writes to a stream, waiting for 'drain' when it asks to (backup and restore stream gigabytes). */
export function write(out: Writable, data: string | Buffer): Promise<void> | void {
  if (out.write(data)) return
  return new Promise((resolve, reject) => {
    const done = (err?: Error): void => { out.off('drain', done); out.off('error', done); if (err) reject(err); else resolve() }
    out.once('drain', done)
    out.once('error', done)
  })
}
