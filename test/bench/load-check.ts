// The load bench's lost-update check, read from the audit trail after the run: every save the server
// acknowledged is in the trail exactly once, nothing is in the trail that no one was told was saved, and each
// field's final value is the last acknowledged save of it (for reviews the one with the highest version; for
// a case's root causes, whose writers queue on the case's row lock, the one the trail's chain put last).
import type { DataSource } from 'typeorm'
import type { LoadRecord } from './load-desktop'
import { verifyTrail } from '../../src-main/trail/chain'

export interface LostUpdateReport {
  acknowledged: number
  /** Acknowledged saves missing from the trail, or found there more than once. */
  notInTrail: string[]
  /** Trail entries of this run that carry a token no desktop was told was saved. */
  unacknowledged: string[]
  /** Fields whose final value is not their last acknowledged save. */
  overwritten: string[]
  trailVerifies: boolean
}

const TOKEN = /LB-d\d+-\d+/

/** Checks `acks` against the trail entries after `trailIdBefore` and the rows as they are now. */
export async function checkLostUpdates(ds: DataSource, acks: LoadRecord['acks'], trailIdBefore: string): Promise<LostUpdateReport> {
  const trail = (await ds.query(`
    SELECT entity, entity_id, action, after::text AS after, chain_seq FROM audit_trail
     WHERE id > $1 AND entity IN ('review', 'case_root_causes') ORDER BY chain_seq`, [trailIdBefore])) as { entity: string; entity_id: string; action: string; after: string; chain_seq: string }[]
  const seen = new Map<string, number>()
  const lastTagToken = new Map<number, string>()
  for (const t of trail) {
    const token = TOKEN.exec(t.after ?? '')?.[0]
    if (!token) continue
    seen.set(token, (seen.get(token) ?? 0) + 1)
    if (t.entity === 'case_root_causes') lastTagToken.set(Number(t.entity_id), token)
  }
  const acked = new Set(acks.map((a) => a.token))
  const notInTrail = acks.filter((a) => seen.get(a.token) !== 1).map((a) => `${a.kind} ${a.id} ${a.field} ${a.token} (${seen.get(a.token) ?? 0}× in the trail)`)
  const unacknowledged = [...seen.keys()].filter((t) => !acked.has(t))

  // The last acknowledged save of each review field, by the version it produced.
  const last = new Map<string, LoadRecord['acks'][number]>()
  for (const a of acks.filter((x) => x.kind !== 'tag')) {
    const key = `${a.id}|${a.field}`
    if (!last.has(key) || last.get(key)!.version! < a.version!) last.set(key, a)
  }
  const overwritten: string[] = []
  const reviewIds = [...new Set([...last.values()].map((a) => a.id))]
  const opinions = new Map(((await ds.query('SELECT id, opinion FROM reviews WHERE id = ANY($1)', [reviewIds])) as { id: number; opinion: string | null }[]).map((r) => [r.id, r.opinion ?? '']))
  const notes = new Map(((await ds.query('SELECT review_id, rule, note FROM review_rules WHERE review_id = ANY($1)', [reviewIds])) as { review_id: number; rule: string; note: string | null }[])
    .map((r) => [`${r.review_id}|${r.rule}`, r.note ?? '']))
  for (const [key, a] of last) {
    const now = a.kind === 'conclusion' ? opinions.get(a.id) : notes.get(key)
    if (TOKEN.exec(now ?? '')?.[0] !== a.token) overwritten.push(`review ${a.id} ${a.field}: last acknowledged ${a.token}, now ${now}`)
  }
  const tagged = [...new Set(acks.filter((a) => a.kind === 'tag').map((a) => a.id))]
  const tagNotes = new Map(((await ds.query(`SELECT case_id, note FROM case_root_causes WHERE role = 'primary' AND case_id = ANY($1)`, [tagged])) as { case_id: number; note: string | null }[])
    .map((r) => [r.case_id, r.note ?? '']))
  for (const caseId of tagged) {
    const want = lastTagToken.get(caseId)
    if (!want || !acked.has(want) || tagNotes.get(caseId) !== want) overwritten.push(`case ${caseId} root causes: last in the trail ${want}, now ${tagNotes.get(caseId)}`)
  }
  const verified = await verifyTrail(ds)
  return { acknowledged: acks.length, notInTrail, unacknowledged, overwritten, trailVerifies: !verified.broken }
}
