// The row-security suites' common ground (issue 15 point 11): a seeded archive with two reviewers of two
// branches, a leadership and a senior user, and the app's own login (dossier_app) to type SQL through.
import { inject } from 'vitest'
import pg from 'pg'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { createUser } from '../../src-main/auth/users'
import { setUserUnits } from '../../src-main/auth/user-units'
import type { Role, SessionUser } from '../../src-main/shared/review-types'
import { asOwner, connect, resetArchive } from './db'

export type Who = 'a' | 'b' | 'senior' | 'lead' | 'none' | 'legal'

export interface TwoBranches {
  ds: DataSource
  /** The app's login, outside the app's pool: SQL as typed by hand. */
  app: pg.Client
  users: Record<Who, SessionUser>
  /** A database session token of each user (dossier_session_open). */
  tokens: Record<Who, string>
  /** Unit X (A's branch, with its sub-branches). */
  unitsX: number[]
  /** A unit of another branch (B's). */
  unitY: number
  /** A case of unit Y. */
  caseY: number
  /** A case of neither unit that A reviews: that case (and only it) is A's to see besides X's. */
  reviewedCase: number
}

/**
 * Seeds `cases` cases, makes the users and assigns A the branch with the most cases, B a unit of another branch.
 * @returns the fixture; close it with `closeTwoBranches`
 */
export async function setUpTwoBranches(seed: number, cases: number): Promise<TwoBranches> {
  const ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed, cases })
  const mk = async (username: string, roles: Role[]): Promise<SessionUser> => {
    const u = await createUser(ds, { username, displayName: username, roles, password: 'rls-test-password' })
    return { id: u.id, username: u.username, displayName: u.displayName, roles: u.roles }
  }
  const users = {
    a: await mk('rls.a', ['reviewer']), b: await mk('rls.b', ['reviewer']), senior: await mk('rls.senior', ['senior_reviewer']),
    lead: await mk('rls.lead', ['leadership']), none: await mk('rls.none', ['reviewer']), legal: await mk('rls.legal', ['legal'])
  }
  const [x] = (await ds.query(`SELECT u.id, u.code FROM units u WHERE u.kind = 'branch' ORDER BY (SELECT count(*) FROM cases c JOIN units s ON s.id = c.unit_id WHERE s.id = u.id OR s.parent_id = u.id) DESC LIMIT 1`)) as { id: number; code: string }[]
  const unitsX = ((await ds.query('SELECT id FROM units WHERE id = $1 OR parent_id = $1', [x.id])) as { id: number }[]).map((r) => r.id)
  const [y] = (await ds.query(`SELECT c.unit_id AS id, u.code FROM cases c JOIN units u ON u.id = c.unit_id WHERE NOT c.unit_id = ANY ($1::int[]) GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`, [unitsX])) as { id: number; code: string }[]
  await setUserUnits(ds, 'admin', 'rls.a', [x.code])
  await setUserUnits(ds, 'admin', 'rls.b', [y.code])
  const [{ id: caseY }] = (await ds.query('SELECT id FROM cases WHERE unit_id = $1 ORDER BY id LIMIT 1', [y.id])) as { id: number }[]
  const [{ id: reviewedCase }] = (await ds.query('SELECT id FROM cases WHERE unit_id <> $1 AND NOT unit_id = ANY ($2::int[]) ORDER BY id LIMIT 1', [y.id, unitsX])) as { id: number }[]
  await asOwner(async (o) => {
    const [{ id: plan }] = (await o.query(`INSERT INTO review_plans (name, received_from, received_to, sample_rate, sample_seed, include_flagged, created_by)
      VALUES ('rls', '2020-01-01', '2030-01-01', 0, 1, false, $1) RETURNING id`, [users.senior.id])) as { id: number }[]
    await o.query(`INSERT INTO reviews (plan_id, case_id, reasons, reviewer_id, engine) VALUES ($1, $2, '{sample}', $3, '{}')`, [plan, reviewedCase, users.a.id])
  })
  const app = new pg.Client({ connectionString: inject('dbUrl') })
  await app.connect()
  const tokens = {} as Record<Who, string>
  for (const k of Object.keys(users) as Who[]) tokens[k] = (await app.query('SELECT dossier_session_open($1) AS t', [users[k].id])).rows[0].t
  return { ds, app, users, tokens, unitsX, unitY: y.id, caseY, reviewedCase }
}

export async function closeTwoBranches(f: TwoBranches | undefined): Promise<void> {
  await f?.app.end()
  await f?.ds.destroy()
}

/** A transaction on the app's own login with `dossier.session` set to `setting` (none when null) and `extra` run first, rolled back. */
export async function asSession<T>(app: pg.Client, setting: string | null, fn: (c: pg.Client) => Promise<T>, extra = ''): Promise<T> {
  await app.query('BEGIN')
  try {
    if (setting !== null) await app.query(`SELECT set_config('dossier.session', $1, true)`, [setting])
    if (extra) await app.query(extra)
    return await fn(app)
  } finally {
    await app.query('ROLLBACK')
  }
}

/** The `n` of the first row of `sql`, as a number. */
export const count = async (c: pg.Client, sql: string, params: unknown[] = []): Promise<number> => Number((await c.query(sql, params)).rows[0].n)

/** The same count as the owner sees it (every row). */
export const ownerCount = (sql: string, params: unknown[] = []): Promise<number> =>
  asOwner(async (o) => Number(((await o.query(sql, params)) as { n: string }[])[0].n))
