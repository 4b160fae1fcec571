// Which units a user is assigned (migration 1764000000033): a reviewer sees the cases of these units (and of
// their sub-branches) and of the reviews assigned to them; row security reads this table. Administrators
// keep it (CLI `dossier user units`); every change is in the audit trail.
import type { DataSource } from 'typeorm'
import { recordChange } from '../trail/record'

export interface UserUnits { username: string; units: string[] }

/**
 * Replaces the units assigned to `username` with `unitCodes` (unit codes, e.g. FZ-TJ), in one transaction with
 * its trail entry (entity `user_units`, before and after as code lists).
 * @throws Error with code 'not_found' for an unknown user, 'invalid_request' naming unknown unit codes
 */
export async function setUserUnits(ds: DataSource, actor: string, username: string, unitCodes: string[]): Promise<UserUnits> {
  return ds.transaction(async (em) => {
    const [user] = (await em.query('SELECT id FROM users WHERE username = $1 FOR UPDATE', [username.toLowerCase()])) as { id: number }[]
    if (!user) throw Object.assign(new Error(`没有用户 ${username}`), { code: 'not_found' })
    const codes = [...new Set(unitCodes)].sort()
    const found = (await em.query('SELECT id, code FROM units WHERE code = ANY ($1::text[])', [codes])) as { id: number; code: string }[]
    const missing = codes.filter((c) => !found.some((u) => u.code === c))
    if (missing.length) throw Object.assign(new Error(`没有这些机构：${missing.join('、')}`), { code: 'invalid_request' })
    const before = await unitCodesOf(em, user.id)
    await em.query('DELETE FROM user_units WHERE user_id = $1', [user.id])
    await em.query(`INSERT INTO user_units (user_id, unit_id, assigned_by) SELECT $1, unnest($2::int[]), $3`, [user.id, found.map((u) => u.id), actor])
    await recordChange(em, { actor, entity: 'user_units', entityId: user.id, action: 'update', before: { units: before }, after: { units: codes } })
    return { username: username.toLowerCase(), units: codes }
  })
}

/** The unit codes assigned to a user, sorted. */
export async function unitCodesOf(q: Pick<DataSource, 'query'>, userId: number): Promise<string[]> {
  return ((await q.query('SELECT u.code FROM user_units uu JOIN units u ON u.id = uu.unit_id WHERE uu.user_id = $1 ORDER BY u.code', [userId])) as { code: string }[]).map((r) => r.code)
}

/** The demo team's reviewers are assigned every unit, so the demo archive shows whole (a team server starts with none). */
export async function assignDemoUnits(ds: DataSource): Promise<void> {
  await ds.query(`INSERT INTO user_units (user_id, unit_id, assigned_by)
    SELECT u.id, un.id, 'demo' FROM users u CROSS JOIN units un WHERE u.is_demo AND 'reviewer' = ANY (u.roles)
    ON CONFLICT DO NOTHING`)
}
