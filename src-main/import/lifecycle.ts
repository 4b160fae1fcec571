// The record of one import, whatever its kind: created as running with a heartbeat lease (so a killed import
// is marked failed by the next start, never left running), ended with its counts in the import's own
// transaction, or marked failed — cancelled or crashed — after its transaction rolled back.
import { basename } from 'node:path'
import type { DataSource, QueryRunner } from 'typeorm'
import type { PoolClient } from 'pg'
import { keepAlive, thisHost } from '../runs/lease'
import type { SourceTable } from './reader'
import type { ImportKind } from '../shared/import-record-fields'

export interface ImportCounts { read: number; new: number; changed: number; unchanged: number; invalid: number; skipped: number }

/**
 * Records a running import of `file` (not for a dry run) and keeps its lease alive.
 * @returns its id and the function that stops the heartbeat
 */
export async function beginImport(ds: DataSource, file: string, r: { kind: ImportKind; sha256: string; table: SourceTable; actor: string; preset: string; mapping: unknown; allOrNothing: boolean }): Promise<{ importId: number; stopBeat: () => void }> {
  const [row] = (await ds.query(`INSERT INTO imports (kind, file_name, sha256, file_kind, encoding, sheet, raw_header, actor, preset, mapping, options, host, pid, heartbeat_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now()) RETURNING id`,
  [r.kind, basename(file), r.sha256, r.table.kind, r.table.encoding?.encoding ?? null, r.table.sheet, r.table.rawHeader, r.actor, r.preset, JSON.stringify(r.mapping),
    JSON.stringify({ allOrNothing: r.allOrNothing }), thisHost(), process.pid])) as { id: number }[]
  return { importId: row.id, stopBeat: keepAlive(ds, 'imports', row.id) }
}

/** Ends the import in its transaction: its status and counts (a rejected import wrote no cases: its outcomes are 0), and what it reports. */
export async function endImport(client: PoolClient, importId: number, status: 'done' | 'rejected', counts: ImportCounts,
  extra: { warnings?: unknown[]; skipped?: unknown[]; unknownValues: unknown; error: string | null }): Promise<void> {
  const rejected = status === 'rejected'
  await client.query(`UPDATE imports SET status = $2, finished_at = now(), rows_read = $3, rows_new = $4, rows_changed = $5, rows_unchanged = $6,
      rows_invalid = $7, rows_skipped = $8, warnings = $9, skipped = $10, unknown_values = $11, error = $12 WHERE id = $1`,
  [importId, status, counts.read, rejected ? 0 : counts.new, rejected ? 0 : counts.changed, rejected ? 0 : counts.unchanged, counts.invalid, counts.skipped,
    JSON.stringify(extra.warnings ?? []), JSON.stringify(extra.skipped ?? []), JSON.stringify(extra.unknownValues), extra.error])
}

/** After the rollback: the import is recorded as failed, with why (a cancel says so). */
export async function failImport(ds: DataSource, importId: number | null, err: unknown, cancelled: boolean): Promise<void> {
  if (importId === null) return
  await ds.query(`UPDATE imports SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1 AND status = 'running'`,
    [importId, cancelled ? '已取消，档案未作任何改动' : `导入失败，档案未作任何改动：${(err as Error).message}`]).catch(() => {})
}

/**
 * Runs `work` in the import's one transaction on a connection of its own (BEGIN here; `work` commits, or rolls
 * back a dry run). Any failure — a cancel included — rolls back, leaving the archive as it was, and the import
 * is recorded as failed; the heartbeat stops and the connection is released either way.
 */
export async function inImportTransaction<T>(ds: DataSource, importId: number | null, stopBeat: () => void, work: (client: PoolClient, qr: QueryRunner) => Promise<T>): Promise<T> {
  const qr = ds.createQueryRunner()
  const client = (await qr.connect()) as PoolClient
  try {
    await client.query('BEGIN')
    // The statements of an import run once over every staged row: JIT compiling them cost more than it saved
    // (3 s of 4.7 s comparing 20,000 rows, measured with test/bench/import-bench.ts).
    await client.query('SET LOCAL jit = off')
    return await work(client, qr)
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    await failImport(ds, importId, err, (err as { name?: string }).name === 'ImportCancelled')
    throw err
  } finally {
    stopBeat()
    await qr.release()
  }
}
