// Anchors: the trail's head written down outside the trail, so that a rewrite which re-chains every entry
// (possible for whoever holds the owner's or a superuser's login) no longer matches. Kept in a local file in
// the user's data folder (one JSON line per head, per database), in every register entry (documents.trail_seq,
// set as the document is issued), and in backups when they exist.
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { trailHead, type Anchor } from './chain'

type Query = { query(sql: string, params?: unknown[]): Promise<unknown> }

export const ANCHOR_FILE = 'trail-anchors.jsonl'

/** The database's identity (app_meta 'database.id', made by migration 13 or here if it was lost), to tell servers apart in one file. */
export async function databaseId(q: Query): Promise<string> {
  await q.query(`INSERT INTO app_meta (key, value) VALUES ('database.id', to_jsonb(gen_random_uuid()::text)) ON CONFLICT (key) DO NOTHING`)
  const [{ id }] = (await q.query(`SELECT value #>> '{}' AS id FROM app_meta WHERE key = 'database.id'`)) as { id: string }[]
  return id
}

interface AnchorLine { db: string; seq: number; hash: string; at: string }

function lines(dataDir: string, file = join(dataDir, ANCHOR_FILE)): AnchorLine[] {
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).flatMap((l) => {
    try {
      const v = JSON.parse(l) as AnchorLine
      return typeof v.db === 'string' && Number.isSafeInteger(v.seq) && /^[0-9a-f]{64}$/.test(v.hash) ? [v] : []
    } catch {
      return [] // a line cut short by a crash
    }
  })
}

/**
 * Appends the trail's current head for this database to the data folder's anchor file (0600), unless it is
 * already the last one recorded. Called at start, at quit, every few minutes and after documents are issued.
 * @returns the head written (or already there)
 */
export async function writeAnchor(q: Query, dataDir: string): Promise<Anchor> {
  const [db, head] = [await databaseId(q), await trailHead(q)]
  const last = lines(dataDir).filter((l) => l.db === db).at(-1)
  const at = new Date().toISOString()
  if (head.seq > 0 && (last?.seq !== head.seq || last.hash !== head.hash)) {
    mkdirSync(dataDir, { recursive: true })
    const file = join(dataDir, ANCHOR_FILE)
    appendFileSync(file, JSON.stringify({ db, seq: head.seq, hash: head.hash, at }) + '\n', { mode: 0o600 })
    chmodSync(file, 0o600)
  }
  return { ...head, source: ANCHOR_FILE, at }
}

/** The anchors the data folder's file (or another anchor file, such as a copy kept elsewhere) holds for this database. */
export function fileAnchors(dataDir: string, db: string, file = join(dataDir, ANCHOR_FILE)): Anchor[] {
  return lines(dataDir, file).filter((l) => l.db === db && l.seq > 0).map((l) => ({ seq: l.seq, hash: l.hash, at: l.at, source: file }))
}

/** The heads recorded in the documents register as each document was issued. */
export async function registerAnchors(q: Query): Promise<Anchor[]> {
  const rows = (await q.query(
    `SELECT trail_seq::int8 AS seq, encode(trail_hash, 'hex') AS hash, doc_type, id, generated_at FROM documents WHERE trail_seq IS NOT NULL ORDER BY id`)) as
    { seq: string; hash: string; doc_type: string; id: number; generated_at: Date }[]
  return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash, at: r.generated_at.toISOString(), source: `文书登记 ${r.id}（${r.doc_type}）` }))
}
