// Who connects as what. Two database roles, one model for the embedded server and a team server:
// - the OWNER (dossier_owner) runs migrations and owns every table, function and sequence;
// - the APP (dossier_app) is what the desktop, browser mode and the CLI work as: it reads and writes rows,
//   may only INSERT into the audit trail, owns nothing, is no superuser and cannot switch triggers off.
// Work that needs an owner's rights (the audit's table swap, a bulk load's TRUNCATE and index rebuild)
// goes through the owner's SECURITY DEFINER functions listed in privileged.ts.
//
// A superuser login (the embedded cluster's own, or a developer's on a team server) provisions both roles
// and is then used for nothing else. On a team server the DBA runs build/team-server-roles.sql once and
// gives desktops the app login (DATABASE_URL) and maintainers the owner login (DATABASE_OWNER_URL).
import pg from 'pg'
import { describeDbError } from './db-errors'

export const OWNER_ROLE = 'dossier_owner'
export const APP_ROLE = 'dossier_app'

export interface Logins {
  /** The login the app works as (never a superuser, never the owner). */
  appUrl: string
  /** The owner's login, when this machine has it (embedded server, a superuser URL, DATABASE_OWNER_URL). */
  ownerUrl: string | null
  /** What the given URL logged in as. */
  given: 'superuser' | 'owner' | 'app'
}

/** The same server and database, logged in as `role` with `password` (kept from `url` when not given). */
export function loginAs(url: string, role: string, password?: string | null): string {
  const u = new URL(url)
  u.username = encodeURIComponent(role)
  if (password !== undefined) u.password = password === null ? '' : encodeURIComponent(password)
  return u.toString()
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 })
  try {
    await c.connect()
  } catch (err) {
    throw new Error(describeDbError(err) ?? (err as Error).message, { cause: err })
  }
  try {
    return await fn(c)
  } finally {
    await c.end().catch(() => {})
  }
}

const createdAlready = (err: unknown): boolean => ['42710', '23505', 'XX000'].includes((err as { code?: string }).code ?? '') &&
  /already exists|duplicate key|tuple concurrently updated/.test((err as Error).message)

/**
 * From a superuser connection to the archive's database: creates the owner and app roles if missing (with the
 * given passwords; an existing role's password is reset only when `resetPasswords`), makes the owner the owner
 * of the database, its public schema and every object in it, and lets the app connect. Safe to run at every
 * start and from several processes at once.
 * @throws Error when the login is not a superuser
 */
export async function provisionRoles(adminUrl: string, passwords: { owner: string | null; app: string | null }, resetPasswords = false): Promise<void> {
  await withClient(adminUrl, async (c) => {
    const [{ superuser, db }] = (await c.query(`SELECT rolsuper AS superuser, current_database() AS db FROM pg_roles WHERE rolname = current_user`)).rows
    if (!superuser) throw new Error('provisioning the database roles needs a superuser login')
    for (const [role, password, extra] of [[OWNER_ROLE, passwords.owner, ''], [APP_ROLE, passwords.app, ' NOINHERIT']] as const) {
      const attrs = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS${extra}`
      const pw = password === null ? '' : ` PASSWORD ${c.escapeLiteral(password)}`
      const { rowCount } = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])
      try {
        if (!rowCount) await c.query(`CREATE ROLE ${role} ${attrs}${pw}`)
        else if (resetPasswords) await c.query(`ALTER ROLE ${role} ${attrs}${pw}`)
      } catch (err) {
        if (!createdAlready(err)) throw err
      }
    }
    // Everything in the archive's schema belongs to the owner, including what an earlier version created as
    // the superuser; the database too, so that the owner may create in its public schema.
    await c.query(`
      DO $$
      DECLARE r record;
      BEGIN
        EXECUTE format('ALTER DATABASE %I OWNER TO ${OWNER_ROLE}', current_database());
        ALTER SCHEMA public OWNER TO ${OWNER_ROLE};
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
        FOR r IN SELECT c.oid::regclass AS rel, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = 'public' AND c.relkind IN ('r','p','v','m','S','f')
                    AND c.relowner <> '${OWNER_ROLE}'::regrole
                    AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a','i')))
        LOOP
          EXECUTE format('ALTER %s %s OWNER TO ${OWNER_ROLE}',
            CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.rel);
        END LOOP;
        FOR r IN SELECT p.oid::regprocedure AS fn FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                  WHERE n.nspname = 'public' AND p.proowner <> '${OWNER_ROLE}'::regrole
                    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
        LOOP
          EXECUTE format('ALTER ROUTINE %s OWNER TO ${OWNER_ROLE}', r.fn);
        END LOOP;
      END $$`)
    await c.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${c.escapeIdentifier(db)} TO ${APP_ROLE}`)
    // Under row security (migration 33) only a LEAKPROOF operator may use an index; the text search's @@
    // raises no error that depends on a row's words but ships unmarked (build/team-server-roles.sql says more).
    await c.query(`ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF`).catch((err: unknown) => {
      if (!createdAlready(err)) throw err
    })
  })
}

/**
 * Works out the logins for `url`: a superuser URL provisions the roles and logs in as them (with the
 * embedded server's stored passwords, or the URL's own password on a team server, so that every desktop
 * given the same URL derives the same logins); the owner's URL serves maintenance only; any other login
 * is taken to be the app's, with DATABASE_OWNER_URL (when set) for migrations.
 */
export async function resolveLogins(url: string, embeddedPasswords?: { owner: string; app: string }): Promise<Logins> {
  const who = await withClient(url, async (c) => {
    const { rows } = await c.query<{ superuser: boolean; owner: boolean }>(
      `SELECT r.rolsuper AS superuser,
              EXISTS (SELECT 1 FROM pg_roles o WHERE o.rolname = '${OWNER_ROLE}' AND pg_has_role(current_user, o.oid, 'USAGE')) AS owner
         FROM pg_roles r WHERE r.rolname = current_user`)
    return rows[0]
  })
  if (who.superuser) {
    const password = new URL(url).password ? decodeURIComponent(new URL(url).password) : null
    const pw = embeddedPasswords ?? { owner: password, app: password }
    await provisionRoles(url, pw, !!embeddedPasswords)
    return { appUrl: loginAs(url, APP_ROLE, pw.app), ownerUrl: loginAs(url, OWNER_ROLE, pw.owner), given: 'superuser' }
  }
  if (who.owner) return { appUrl: '', ownerUrl: url, given: 'owner' }
  return { appUrl: url, ownerUrl: process.env.DATABASE_OWNER_URL || null, given: 'app' }
}
