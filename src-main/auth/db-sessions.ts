// The database's side of a sign-in (migration 1764000000033): a token the database issues for the user, which
// row security reads in every transaction (db/session-scope.ts). The app keeps it beside the sign-in in memory;
// the database keeps only its SHA-256, for 12 hours at most, and checks the user is still active on every use.
import type { DataSource } from 'typeorm'
import type { SessionUser } from '../shared/review-types'
import type { Sessions } from './sessions'
import { scoped } from '../db/session-scope'

/**
 * The database session of the sign-in at `key`, opened at its first request.
 * @returns the token, or null where the archive has no row security (the owner's or a superuser's login)
 * @throws the database's refusal when the user is no longer active (SQLSTATE 42501)
 */
export async function dbSessionFor(sessions: Sessions, ds: DataSource, key: string, user: SessionUser): Promise<string | null> {
  if (!scoped(ds)) return null
  const known = sessions.dbToken(key)
  if (known) return known
  const [{ t }] = (await ds.query('SELECT dossier_session_open($1) AS t', [user.id])) as { t: string }[]
  if (sessions.setDbToken(key, user, t)) return t
  // Two first requests at once, or the sign-in ended meanwhile: keep the one recorded, close this one.
  await closeDbSession(ds, t)
  return sessions.dbToken(key) ?? null
}

/** Ends a database session now (sign-out, expiry, deactivation); errors are left to the 12-hour limit. */
export async function closeDbSession(ds: DataSource, token: string): Promise<void> {
  if (!ds.isInitialized) return
  await ds.query('SELECT dossier_session_close($1)', [token]).catch(() => {})
}
