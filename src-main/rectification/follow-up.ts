// The 整改 follow-up (issue 11 point 6; the queue is queue.ts): reviewers record what a unit reports (整改中, 待验收 with the
// evidence received); a senior reviewer approves the closure or sends it back — never the one who raised the
// finding (four eyes, here and in the database). Every step is an update row and an audit-trail entry, in the
// transaction that moves the track; a stale version is a conflict, as with reviews.
import type { DataSource, EntityManager } from 'typeorm'
import type { SessionUser } from '../shared/review-types'
import type { ParsedRequestOf } from '../shared/contract'
import type { RectificationKind, RectificationRow, RectificationStatus, RectificationUpdateView } from '../shared/contract-rectification'
import { conflict, forbidden, invalid, notFound } from '../transport/errors'
import { recordChange } from '../trail/record'
import { readItem } from './items'

type Detail = RectificationRow & { updates: RectificationUpdateView[] }

/** One item with its history. @throws not_found */
export async function rectificationItem(ds: DataSource, kind: RectificationKind, id: number): Promise<Detail> {
  const item = await readItem(ds, kind, id)
  if (!item) throw notFound('没有这条整改事项（审查意见书批准后，其问题才进入整改）')
  return strip(item)
}

const strip = ({ trackId: _t, raisedById: _r, ...row }: NonNullable<Awaited<ReturnType<typeof readItem>>>): Detail => row

/** Moves the item's track (created at its first step) to `status` and records the step; in the caller's transaction. */
async function step(em: EntityManager, user: SessionUser, kind: RectificationKind, id: number, version: number, status: RectificationStatus, note: string, evidence: string | null): Promise<Detail> {
  const before = await readItem(em, kind, id)
  if (!before) throw notFound('没有这条整改事项')
  if (before.version !== version) throw conflict('这条整改事项已被他人更新，你看到的不是最新内容；请刷新后再操作，你的内容没有保存。')
  const closing = status === 'closed'
  let trackId = before.trackId
  if (trackId === null) {
    const col = kind === 'finding' ? 'finding_id' : 'rectification_id'
    const [t] = (await em.query(
      `INSERT INTO rectification_tracks (${col}, status, closed_by, closed_at, updated_by) VALUES ($1, $2, $3, CASE WHEN $3::int IS NULL THEN NULL ELSE now() END, $4)
       ON CONFLICT (${col}) DO NOTHING RETURNING id`, [id, status, closing ? user.id : null, user.id])) as { id: number }[]
    if (!t) throw conflict('这条整改事项刚被他人更新；请刷新后再操作，你的内容没有保存。')
    trackId = t.id
  } else {
    const res = (await em.query(
      `UPDATE rectification_tracks SET status = $2, closed_by = $3, closed_at = CASE WHEN $3::int IS NULL THEN NULL ELSE now() END,
         version = version + 1, updated_by = $4, updated_at = now() WHERE id = $1 AND version = $5 RETURNING id`,
      [trackId, status, closing ? user.id : null, user.id, version])) as unknown[]
    // (TypeORM returns [rows, count] for UPDATE … RETURNING.)
    const rows = Array.isArray(res[0]) ? (res[0] as unknown[]) : res
    if (!rows.length) throw conflict('这条整改事项已被他人更新；请刷新后再操作，你的内容没有保存。')
  }
  await em.query(`INSERT INTO rectification_updates (track_id, status, note, evidence, by_user) VALUES ($1, $2, $3, $4, $5)`, [trackId, status, note, evidence, user.id])
  await recordChange(em, {
    actor: user.username, entity: 'rectification', entityId: `${kind}:${id}`, action: closing ? 'close' : 'update',
    before: { status: before.status, version: before.version }, after: { status, version: before.version + 1, note, evidence }
  })
  return strip((await readItem(em, kind, id))!)
}

/**
 * A follow-up by a reviewer or senior reviewer. @throws not_found, conflict (stale version), invalid_request
 * (a closed item: reopening is a senior reviewer's decision)
 */
export function updateRectification(ds: DataSource, user: SessionUser, req: ParsedRequestOf<'rectification.update'>): Promise<Detail> {
  return ds.transaction(async (em) => {
    const cur = await readItem(em, req.kind, req.id)
    if (cur?.status === 'closed') throw invalid('这条整改事项已关闭；如需重新整改，请资深审查员退回。')
    return step(em, user, req.kind, req.id, req.version, req.status, req.note, req.evidence || null)
  })
}

/**
 * A senior reviewer's decision on a submitted item: closed (approved), or back to 整改中 with the reason.
 * @throws forbidden (the finding's own author), invalid_request (not 待验收), not_found, conflict
 */
export function decideRectification(ds: DataSource, user: SessionUser, req: ParsedRequestOf<'rectification.decide'>): Promise<Detail> {
  return ds.transaction(async (em) => {
    const cur = await readItem(em, req.kind, req.id)
    if (!cur) throw notFound('没有这条整改事项')
    if (cur.status !== 'submitted') throw invalid('只有「待验收」的整改事项可以验收或退回')
    if (req.approve && cur.raisedById === user.id) throw forbidden('提出该问题的审查员不能验收其整改（四眼原则），请由另一位资深审查员验收。')
    return step(em, user, req.kind, req.id, req.version, req.approve ? 'closed' : 'in_progress', req.note, null)
  })
}
