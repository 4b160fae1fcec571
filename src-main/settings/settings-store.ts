// The institution's settings an administrator changes on screen (migration 28's `settings`): one row per key,
// versioned so two administrators cannot overwrite each other, every change in the audit trail (secrets as
// 「已设置」, never their value).
import type { DataSource, EntityManager } from 'typeorm'
import { recordChange, changedFields } from '../trail/record'
import { conflict } from '../transport/errors'

export type SettingKey = 'directory' | 'retention'

export interface Stored<T> { value: T | null; version: number | null }

type Query = Pick<DataSource, 'query'>

export async function readSetting<T>(q: Query, key: SettingKey): Promise<Stored<T>> {
  const [row] = (await q.query('SELECT value, version FROM settings WHERE key = $1', [key])) as { value: T; version: number }[]
  return row ? { value: row.value, version: row.version } : { value: null, version: null }
}

/**
 * Saves `value` under `key` when the stored version is still `expectedVersion` (null: none stored yet), in one
 * transaction with its trail entry (entity 'setting'); `secret` names fields whose values the trail must not hold.
 * @returns the new version (unchanged when the value is the same)
 * @throws ApiFailure conflict when someone saved meanwhile
 */
export async function saveSetting<T extends Record<string, unknown>>(ds: DataSource, key: SettingKey, value: T, expectedVersion: number | null, actor: string,
  secret: readonly string[] = [], then?: (em: EntityManager) => Promise<void>): Promise<number> {
  return ds.transaction(async (em) => {
    const [row] = (await em.query('SELECT value, version, updated_by, updated_at FROM settings WHERE key = $1 FOR UPDATE', [key])) as
      { value: T; version: number; updated_by: string; updated_at: Date }[]
    if ((row?.version ?? null) !== expectedVersion) {
      throw conflict(row ? `该设置已由 ${row.updated_by} 于 ${row.updated_at.toISOString().slice(0, 16).replace('T', ' ')} 保存为第 ${row.version} 版，请刷新后重新修改` : '该设置尚未保存过，请刷新后重新修改')
    }
    if (row && JSON.stringify(row.value) === JSON.stringify(value)) return row.version
    const version = (row?.version ?? 0) + 1
    await em.query(`INSERT INTO settings (key, value, version, updated_by) VALUES ($1, $2, $3, $4)
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, version = EXCLUDED.version, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [key, JSON.stringify(value), version, actor])
    const hide = (v: T | undefined): Record<string, unknown> | null =>
      v ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, secret.includes(k) ? (x ? '已设置' : '') : x])) : null
    const diff = changedFields(hide(row?.value), hide(value))
    await recordChange(em, { actor, entity: 'setting', entityId: key, action: row ? 'update' : 'create', before: diff.before, after: { ...diff.after, version } })
    if (then) await then(em)
    return version
  })
}
