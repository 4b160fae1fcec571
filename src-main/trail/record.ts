// The audit trail: every change to review results, tags and offers is recorded with who, when, and the
// values before and after. It is written through the caller's transaction manager, so a change and its
// record commit or roll back together.
import type { EntityManager } from 'typeorm'

export interface TrailEntry {
  actor: string
  entity: string
  entityId: string | number
  action: 'create' | 'update' | 'delete' | string
  before: unknown
  after: unknown
}

export interface TrailRecord extends Omit<TrailEntry, 'entityId'> { id: string; at: string; entityId: string }

/** Only the fields that changed, so the trail reads as what happened rather than two full copies. */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): { before: Record<string, unknown> | null; after: Record<string, unknown> | null } {
  if (!before || !after) return { before, after }
  const b: Record<string, unknown> = {}
  const a: Record<string, unknown> = {}
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key] ?? null
      a[key] = after[key] ?? null
    }
  }
  return { before: b, after: a }
}

export async function recordChange(em: EntityManager, e: TrailEntry): Promise<void> {
  await em.query(
    `INSERT INTO audit_trail (actor, entity, entity_id, action, before, after) VALUES ($1, $2, $3, $4, $5, $6)`,
    [e.actor, e.entity, String(e.entityId), e.action, e.before === undefined ? null : JSON.stringify(e.before), e.after === undefined ? null : JSON.stringify(e.after)]
  )
}

export async function trailOf(em: Pick<EntityManager, 'query'>, entity: string, entityId: string | number): Promise<TrailRecord[]> {
  const rows = (await em.query(
    `SELECT id::text, at, actor, entity, entity_id, action, before, after FROM audit_trail
      WHERE entity = $1 AND entity_id = $2 ORDER BY at, id`, [entity, String(entityId)])) as { id: string; at: Date; actor: string; entity: string; entity_id: string; action: string; before: unknown; after: unknown }[]
  return rows.map((r) => ({ id: r.id, at: r.at.toISOString(), actor: r.actor, entity: r.entity, entityId: r.entity_id, action: r.action, before: r.before, after: r.after }))
}
