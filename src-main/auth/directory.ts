// Checking a password against the institution's directory (LDAP, or Active Directory over LDAP) with ldapts,
// and reading the groups the person belongs to. No Dossier data here: directory-sign-in.ts maps the groups to
// roles and keeps the local user row.
import { Client, Filter, InvalidCredentialsError, ResultCodeError } from 'ldapts'
import type { DirectorySettings } from '../shared/contract-settings'

export type DirectoryCheck =
  | { kind: 'ok'; dn: string; displayName: string | null; groups: string[] }
  /** Wrong password, or no such person in the directory (not told apart, as for local accounts). */
  | { kind: 'rejected' }
  /** The directory could not be asked (down, refused, timed out, the service account refused): why, in words. */
  | { kind: 'unavailable'; why: string }

/** A value placed into a DN (RFC 4514): the special characters and leading/trailing spaces escaped. */
export function escapeDnValue(v: string): string {
  return v.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`).replace(/^[ #]/, (c) => `\\${c}`).replace(/ $/, '\\ ')
}

/** DNs compared as a directory would: case, and the spaces around separators, do not count. */
export const normaliseDn = (dn: string): string => dn.trim().replace(/\s*([,=+])\s*/g, '$1').toLowerCase()

const text = (v: unknown): string | null => (Array.isArray(v) ? text(v[0]) : Buffer.isBuffer(v) ? v.toString('utf8') : typeof v === 'string' ? v : null)
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(text).filter((x): x is string => !!x) : text(v) ? [text(v)!] : [])

/**
 * Binds as the person (the DN from the template, or found by the service account in 'search' mode) with the
 * password they typed, then reads their display name and groups: the entry's memberOf (Active Directory,
 * OpenLDAP's memberof overlay) and every groupOfNames / groupOfUniqueNames / posixGroup naming them under the
 * base DN. Waits at most `timeoutMs` for each step.
 */
export async function checkDirectoryPassword(s: DirectorySettings, username: string, password: string): Promise<DirectoryCheck> {
  // An empty password would be an unauthenticated bind, which directories answer with success (RFC 4513 5.1.2).
  if (!password) return { kind: 'rejected' }
  const client = new Client({ url: s.url, timeout: s.timeoutMs, connectTimeout: s.timeoutMs })
  let step = '连接'
  try {
    let dn: string
    if (s.mode === 'search') {
      step = '服务账号绑定'
      await client.bind(s.serviceDn, s.servicePassword)
      step = '查找用户'
      const filter = s.userFilter.replaceAll('{username}', Filter.escape(username))
      const { searchEntries } = await client.search(s.baseDn, { scope: 'sub', filter, attributes: ['dn'], sizeLimit: 2 })
      if (searchEntries.length !== 1) return { kind: 'rejected' }
      dn = searchEntries[0].dn
    } else {
      dn = s.bindDnTemplate.replaceAll('{username}', escapeDnValue(username))
    }
    step = '用户绑定'
    try {
      await client.bind(dn, password)
    } catch (err) {
      if (err instanceof InvalidCredentialsError) return { kind: 'rejected' }
      throw err
    }
    step = '读取用户组'
    // Read as the person; a service account may see more (AD often hides memberOf from ordinary users).
    if (s.mode === 'search') await client.bind(s.serviceDn, s.servicePassword)
    const attr = s.displayNameAttribute
    const { searchEntries: [me] } = await client.search(dn, { scope: 'base', attributes: [attr, 'cn', 'memberOf'] })
    const escaped = Filter.escape(dn)
    const { searchEntries: groups } = await client.search(s.baseDn, {
      scope: 'sub', attributes: ['dn'],
      filter: `(|(&(objectClass=groupOfNames)(member=${escaped}))(&(objectClass=groupOfUniqueNames)(uniqueMember=${escaped}))(&(objectClass=posixGroup)(memberUid=${Filter.escape(username)})))`
    })
    return { kind: 'ok', dn, displayName: text(me?.[attr]) ?? text(me?.cn), groups: [...list(me?.memberOf), ...groups.map((g) => g.dn)] }
  } catch (err) {
    const e = err as Error & { code?: string | number }
    const why = err instanceof ResultCodeError ? `${e.message}（LDAP 结果码 ${e.code}）` : e.code ? `${e.code}` : e.message
    return { kind: 'unavailable', why: `${step}失败：${why}` }
  } finally {
    await client.unbind().catch(() => {})
  }
}
