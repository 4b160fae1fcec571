// Signing in through the directory (issue 15 point 12): the directory checks the password, its groups give
// the roles, and a local user row (auth_source 'directory') is created or brought up to date at every sign-in,
// so reviews, plans and the trail name a user as for local accounts. A person removed from every mapped
// group is deactivated (their live sessions end at their next request, session-check.ts) until they are back in
// one; a person an administrator deactivated stays so, whatever the directory says (users.deactivated_by). Local accounts
// never ask the directory: they are the fallback when it is down or not set up.
import type { DataSource } from 'typeorm'
import { ROLES, type Role, type SessionUser } from '../shared/review-types'
import type { DirectorySettings } from '../shared/contract-settings'
import { readSetting } from '../settings/settings-store'
import { recordChange } from '../trail/record'
import { checkDirectoryPassword, normaliseDn } from './directory'

/** A directory account an administrator deactivated: the password was right, so saying why gives nothing away. */
export const DEACTIVATED_MESSAGE = '账号已被停用：管理员停用了您的账号，单位目录登录不会恢复它；如需使用请联系管理员'

/** What a directory user's password_hash holds: not an Argon2 hash, so no password matches it locally. */
export const DIRECTORY_PLACEHOLDER = '!directory'

export type DirectorySignIn =
  /** Not the directory's to answer: directory sign-in is off, or the name is a local account. */
  | { kind: 'local' }
  | { kind: 'ok'; user: SessionUser }
  | { kind: 'rejected' }
  /** The password was right but no mapped group gives a role. */
  | { kind: 'no_role' }
  /** The password was right but an administrator deactivated the account: only an administrator re-activates it. */
  | { kind: 'deactivated' }
  | { kind: 'unavailable'; why: string }

/** The roles the person's groups give, in ROLES order (the union over the mapped groups they are in). */
export function mapRoles(settings: Pick<DirectorySettings, 'groupRoles'>, groups: readonly string[]): Role[] {
  const mine = new Set(groups.map(normaliseDn))
  const got = new Set(settings.groupRoles.filter((g) => mine.has(normaliseDn(g.groupDn))).flatMap((g) => g.roles))
  return ROLES.filter((r) => got.has(r))
}

export async function directorySettings(ds: Pick<DataSource, 'query'>): Promise<DirectorySettings | null> {
  const { value } = await readSetting<DirectorySettings>(ds, 'directory')
  return value?.enabled ? value : null
}

interface Row { id: number; username: string; display_name: string; roles: Role[]; active: boolean; auth_source: 'local' | 'directory'; deactivated_by: 'admin' | 'directory' | null }

/** `username` lower-cased. Records role and activation changes in the trail (entity 'user', actor 'directory'). */
export async function signInThroughDirectory(ds: DataSource, username: string, password: string): Promise<DirectorySignIn> {
  const settings = await directorySettings(ds)
  if (!settings) return { kind: 'local' }
  const [local] = (await ds.query('SELECT auth_source FROM users WHERE username = $1', [username])) as Row[]
  if (local?.auth_source === 'local') return { kind: 'local' }
  const check = await checkDirectoryPassword(settings, username, password)
  if (check.kind !== 'ok') return check
  const roles = mapRoles(settings, check.groups)
  return ds.transaction(async (em) => {
    const [before] = (await em.query('SELECT id, username, display_name, roles, active, auth_source, deactivated_by FROM users WHERE username = $1 FOR UPDATE', [username])) as Row[]
    if (before && before.auth_source !== 'directory') return { kind: 'local' } as const
    // An administrator's deactivation sticks: the directory vouches for the password, not for the right to use
    // Dossier. Only what the directory itself deactivated (no mapped group) comes back with a group.
    if (before && !before.active && before.deactivated_by !== 'directory') return { kind: 'deactivated' } as const
    if (!roles.length) {
      if (before?.active) {
        await em.query(`UPDATE users SET active = false, deactivated_by = 'directory' WHERE id = $1`, [before.id])
        await recordChange(em, { actor: 'directory', entity: 'user', entityId: before.id, action: 'directory_deactivate', before: { active: true, roles: before.roles }, after: { active: false, reason: 'no_mapped_group' } })
      }
      return { kind: 'no_role' } as const
    }
    const displayName = (check.displayName ?? before?.display_name ?? username).slice(0, 100)
    const [row] = (await em.query(
      `INSERT INTO users (username, display_name, password_hash, roles, auth_source) VALUES ($1, $2, $3, $4, 'directory')
       ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, roles = EXCLUDED.roles, active = true, deactivated_by = NULL
       RETURNING id, username, display_name, roles, active`, [username, displayName, DIRECTORY_PLACEHOLDER, roles])) as Row[]
    const after = { displayName: row.display_name, roles: row.roles, active: true, dn: check.dn }
    if (!before) await recordChange(em, { actor: 'directory', entity: 'user', entityId: row.id, action: 'directory_create', before: null, after })
    else if (before.roles.join() !== roles.join() || !before.active || before.display_name !== row.display_name) {
      await recordChange(em, { actor: 'directory', entity: 'user', entityId: row.id, action: 'directory_update',
        before: { displayName: before.display_name, roles: before.roles, active: before.active }, after })
    }
    return { kind: 'ok', user: { id: row.id, username: row.username, displayName: row.display_name, roles: row.roles } } as const
  })
}
