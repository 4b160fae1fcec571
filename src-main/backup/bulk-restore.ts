// What makes a restore run near the speed of a raw COPY (issue 16 point 8). Loading a million cases into
// tables that keep every index and foreign key costs an index insertion per row and index (the trigram
// indexes of the text search most of all) and a key lookup per child row: 11.8× the COPY floor at 1M. So,
// inside the restore's own transaction, as the schema's owner: the secondary indexes and the foreign keys are
// dropped before the rows go in and built again once, each from its own definition, after them; primary keys
// and unique constraints stay (cheap on ordered ids, and they keep the load honest). Nothing of this is
// visible to anyone else: the transaction commits the schema exactly as the migrations left it.
import type pg from 'pg'
import { ident } from './format'

/** The definitions dropped for the load, in the order they are rebuilt (indexes, then keys). */
export interface DroppedForLoad {
  indexes: { table: string; name: string; def: string }[]
  keys: { table: string; name: string; def: string }[]
}

/**
 * Drops the foreign keys and the indexes that back no constraint on `tables` (public schema), in the
 * caller's open transaction (`keep` leaves either in place). Needs the tables' owner.
 * @returns what was dropped, for rebuildAfterLoad
 */
export async function dropForLoad(client: pg.ClientBase, tables: string[], keep: { indexes?: boolean; keys?: boolean } = {}): Promise<DroppedForLoad> {
  const keys = keep.keys ? [] : (await client.query<{ table: string; name: string; def: string }>(`
    SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS def
      FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = 'public' AND c.relname = ANY ($1) ORDER BY 1, 2`, [tables])).rows
  for (const k of keys) await client.query(`ALTER TABLE public.${ident(k.table)} DROP CONSTRAINT ${ident(k.name)}`)
  const indexes = keep.indexes ? [] : (await client.query<{ table: string; name: string; def: string }>(`
    SELECT c.relname AS table, x.relname AS name, pg_get_indexdef(i.indexrelid) AS def
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relname = ANY ($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)
     ORDER BY 1, 2`, [tables])).rows
  for (const x of indexes) await client.query(`DROP INDEX public.${ident(x.name)}`)
  return { indexes, keys }
}

/**
 * Builds again what dropForLoad dropped, in the same transaction: every index (with a generous
 * maintenance_work_mem for this transaction only), then every foreign key, each validated by one scan.
 * @returns ms spent on the indexes and on the keys
 * @throws the database's error when a key does not hold (a damaged backup): the caller rolls back
 */
export async function rebuildAfterLoad(client: pg.ClientBase, dropped: DroppedForLoad): Promise<{ indexMs: number; keyMs: number }> {
  let t = Date.now()
  await client.query(`SET LOCAL maintenance_work_mem = '256MB'`)
  for (const x of dropped.indexes) await client.query(x.def)
  const indexMs = Date.now() - t
  t = Date.now()
  for (const k of dropped.keys) await client.query(`ALTER TABLE public.${ident(k.table)} ADD CONSTRAINT ${ident(k.name)} ${k.def}`)
  return { indexMs, keyMs: Date.now() - t }
}
