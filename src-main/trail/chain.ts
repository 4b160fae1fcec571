// Verifying the audit trail's hash chain (migrations/1764000000013-trail-chain.ts) independently of the
// database's own functions: each entry's hash is recomputed here with Node's SHA-256 from the stored values,
// the links and the sequence are followed, and the chain is held against anchors kept outside the database.
import { createHash } from 'node:crypto'

type Query = { query(sql: string, params?: unknown[]): Promise<unknown> }

export const GENESIS_HASH = Buffer.alloc(32)

/** One entry as the chain hashes it: numbers and instants as decimal text (at in µs since 1970), JSON as PostgreSQL prints jsonb. */
export interface ChainEntry {
  seq: string; id: string; atUs: string; actor: string; entity: string; entityId: string; action: string
  before: string | null; after: string | null
}

const field = (v: string | null): string => (v === null ? 'N;' : `${Buffer.byteLength(v, 'utf8')}:${v};`)

/** SHA-256(prev ‖ canonical text of the entry), as dossier_trail_hash computes it in the database. */
export function entryHash(prev: Buffer, e: ChainEntry): Buffer {
  const text = 'dossier-trail-1;' + [e.seq, e.id, e.atUs, e.actor, e.entity, e.entityId, e.action, e.before, e.after].map(field).join('')
  return createHash('sha256').update(prev).update(text, 'utf8').digest()
}

/** The chain's last entry: its position (1, 2, 3…; 0 for an empty trail) and hash (hex). */
export interface TrailHead { seq: number; hash: string }

export async function trailHead(q: Query): Promise<TrailHead> {
  const rows = (await q.query(`SELECT chain_seq::int8 AS seq, encode(hash, 'hex') AS hash FROM audit_trail WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`)) as { seq: string; hash: string }[]
  return rows.length ? { seq: Number(rows[0].seq), hash: rows[0].hash } : { seq: 0, hash: GENESIS_HASH.toString('hex') }
}

/** A chain head recorded outside the trail: in a local file, a register entry, a backup. */
export interface Anchor { seq: number; hash: string; source: string; at?: string }

export interface BrokenLink {
  /** The chain position where the first fault shows, and the entry's id when there is one. */
  seq: number; id: string | null
  kind: 'content' | 'link' | 'gap' | 'unchained' | 'anchor' | 'truncated'
  message: string
}

export interface TrailVerification {
  entries: number
  head: TrailHead
  anchorsChecked: number
  /** The first fault found, or null when the chain is whole and every anchor matches. */
  broken: BrokenLink | null
}

/**
 * Walks the whole trail in chain order (keyset pages of `pageSize`), recomputing every hash, then checks each
 * anchor against the entry at its position.
 * @returns the first broken link, if any: an entry whose content no longer gives its hash ('content'), whose
 *   prev_hash is not its predecessor's hash ('link'), a missing position ('gap'), an entry outside the chain
 *   ('unchained'), an anchor the trail no longer matches ('anchor') or that lies beyond its end ('truncated')
 */
export async function verifyTrail(q: Query, anchors: Anchor[] = [], pageSize = 5000): Promise<TrailVerification> {
  let prev: Buffer = GENESIS_HASH
  let expected = 1
  let broken: BrokenLink | null = null
  const redacted: { seq: number; id: string }[] = []
  const wanted = new Map<number, Anchor[]>()
  for (const a of anchors) wanted.set(a.seq, [...(wanted.get(a.seq) ?? []), a])
  // A restore verifies a backup's trail at that backup's own schema, which may predate redaction (migration 28).
  const [{ has }] = (await q.query(`SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'audit_trail'::regclass AND attname = 'redacted_at' AND NOT attisdropped) AS has`)) as { has: boolean }[]
  const redactedCol = has ? 'redacted_at IS NOT NULL' : 'false'
  for (;;) {
    const rows = (await q.query(
      `SELECT chain_seq::text AS seq, id::text, (extract(epoch FROM at) * 1000000)::bigint::text AS "atUs", actor, entity, entity_id AS "entityId",
              action, before::text AS before, after::text AS after, prev_hash AS "prevHash", hash, ${redactedCol} AS redacted
         FROM audit_trail WHERE chain_seq >= $1 ORDER BY chain_seq LIMIT $2`, [expected, pageSize])) as (ChainEntry & { prevHash: Buffer; hash: Buffer; redacted: boolean })[]
    for (const r of rows) {
      const seq = Number(r.seq)
      if (seq !== expected) broken ??= { seq: expected, id: null, kind: 'gap', message: `第 ${expected} 条留痕缺失（链从第 ${expected - 1} 条跳到第 ${seq} 条）` }
      else if (!r.prevHash.equals(prev)) broken ??= { seq, id: r.id, kind: 'link', message: `第 ${seq} 条留痕（id ${r.id}）的前序哈希与第 ${seq - 1} 条不符` }
      else if (!entryHash(prev, r).equals(r.hash)) {
        // Personal data redacted after its retention period: the hash is the original's; the entry must be
        // listed by a later chained anonymisation record (checked below).
        if (r.redacted) redacted.push({ seq, id: r.id })
        else broken ??= { seq, id: r.id, kind: 'content', message: `第 ${seq} 条留痕（id ${r.id}）的内容与其哈希不符：已被改动` }
      }
      if (broken) break
      for (const a of wanted.get(seq) ?? []) {
        if (a.hash !== r.hash.toString('hex')) broken ??= { seq, id: r.id, kind: 'anchor', message: `第 ${seq} 条留痕与锚点不符（${a.source}${a.at ? `，${a.at}` : ''}）：留痕已被整体改写` }
      }
      if (broken) break
      prev = r.hash
      expected = seq + 1
    }
    if (broken || rows.length < pageSize) break
  }
  const entries = expected - 1
  const head: TrailHead = { seq: entries, hash: prev.toString('hex') }
  if (!broken) {
    const [{ n, id }] = (await q.query(`SELECT count(*)::int AS n, min(id)::text AS id FROM audit_trail WHERE hash IS NULL`)) as { n: number; id: string | null }[]
    if (n > 0) broken = { seq: entries + 1, id, kind: 'unchained', message: `${n} 条留痕不在链中（最早 id ${id}）：写入时绕过了链` }
  }
  if (!broken && redacted.length) broken = await unlistedRedaction(q, redacted)
  if (!broken) {
    const beyond = anchors.filter((a) => a.seq > entries).sort((a, b) => a.seq - b.seq)[0]
    if (beyond) broken = { seq: beyond.seq, id: null, kind: 'truncated', message: `锚点记录到第 ${beyond.seq} 条（${beyond.source}），留痕只剩 ${entries} 条：已被截短` }
  }
  return { entries, head, anchorsChecked: anchors.filter((a) => a.seq <= entries).length, broken }
}

/**
 * A redacted entry is accepted only when an anonymisation record (entity 'retention', action 'anonymise')
 * chained after it lists its id: someone who edits an entry and marks it redacted must also write such a
 * record into the chain, which moves every later hash away from the anchors.
 */
async function unlistedRedaction(q: Query, redacted: { seq: number; id: string }[]): Promise<BrokenLink | null> {
  const records = (await q.query(`SELECT chain_seq::int8 AS seq, after->'redactedTrailIds' AS ids FROM audit_trail
     WHERE entity = 'retention' AND action = 'anonymise' AND chain_seq IS NOT NULL`)) as { seq: string; ids: string[] | null }[]
  const listedAt = new Map<string, number>()
  for (const r of records) for (const id of r.ids ?? []) listedAt.set(String(id), Math.max(listedAt.get(String(id)) ?? 0, Number(r.seq)))
  const bad = redacted.find((e) => (listedAt.get(e.id) ?? 0) <= e.seq)
  return bad ? { seq: bad.seq, id: bad.id, kind: 'content', message: `第 ${bad.seq} 条留痕（id ${bad.id}）的内容与其哈希不符，且没有匿名化记录说明：已被改动` } : null
}
