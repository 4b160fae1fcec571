// Row security (issue 15 point 11), against the real app login (dossier_app) with two users on one server:
// what a reviewer may read is decided by PostgreSQL, through the app's handlers and through SQL typed by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type pg from 'pg'
import type { DataSource } from 'typeorm'
import { from as copyFrom } from 'pg-copy-streams'
import type { SessionUser } from '../../src-main/shared/review-types'
import { setCaseRootCauses } from '../../src-main/rootcause/tags'
import { asOwner, data, signedInDispatch, testContext } from './db'
import { asSession as asSessionOf, closeTwoBranches, count, setUpTwoBranches, type TwoBranches, type Who } from './rls-fixture'

let f: TwoBranches
let ds: DataSource
let users: Record<Who, SessionUser>
let unitsX: number[]
let unitY: number
let reviewedCase: number
let caseY: number
let tokens: Record<Who, string>
let app: pg.Client

/** A transaction on the app's own login, as `token`'s session (or with the settings given), rolled back. */
const asSession = <T>(setting: string | null, fn: (c: pg.Client) => Promise<T>, extra = ''): Promise<T> => asSessionOf(app, setting, fn, extra)

beforeAll(async () => {
  f = await setUpTwoBranches(27, 600)
  ;({ ds, app, users, unitsX, unitY, reviewedCase, caseY, tokens } = f)
  // The seed tags no cause: B's case gets one (as the process's system session), so the table below has a row of Y.
  await setCaseRootCauses(ds, 'test', caseY, { primary: { code: 'RC07' }, secondary: [] })
})
afterAll(async () => {
  await closeTwoBranches(f)
})

describe('row security as the app login, with handwritten SQL', () => {
  it('is the real app login, not the owner or a superuser', async () => {
    const { rows } = await app.query(`SELECT current_user AS who, r.rolsuper, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user`)
    expect(rows[0]).toEqual({ who: 'dossier_app', rolsuper: false, rolbypassrls: false })
  })

  it("shows reviewer A the cases of A's units and of A's review, and nothing of unit Y; B sees Y", async () => {
    const total = await asOwner(async (o) => Number((await o.query('SELECT count(*) AS n FROM cases'))[0].n))
    const ofX = await asOwner(async (o) => Number((await o.query('SELECT count(*) AS n FROM cases WHERE unit_id = ANY ($1::int[])', [unitsX]))[0].n))
    await asSession(tokens.a, async (c) => {
      expect(await count(c, 'SELECT count(*) AS n FROM cases')).toBe(ofX + 1)
      expect(await count(c, 'SELECT count(*) AS n FROM cases WHERE unit_id = $1', [unitY])).toBe(0)
      expect(await count(c, 'SELECT count(*) AS n FROM cases WHERE id = $1', [caseY])).toBe(0)
      expect(await count(c, 'SELECT count(*) AS n FROM cases WHERE id = $1', [reviewedCase])).toBe(1)
    })
    await asSession(tokens.b, async (c) => {
      expect(await count(c, 'SELECT count(*) AS n FROM cases WHERE id = $1', [caseY])).toBe(1)
      expect(await count(c, 'SELECT count(*) AS n FROM cases WHERE NOT unit_id = $1', [unitY])).toBe(0)
    })
    await asSession(tokens.senior, async (c) => expect(await count(c, 'SELECT count(*) AS n FROM cases')).toBe(total))
    await asSession(tokens.lead, async (c) => expect(await count(c, 'SELECT count(*) AS n FROM cases')).toBe(total))
    // A reviewer with no unit and no review sees nothing.
    await asSession(tokens.none, async (c) => expect(await count(c, 'SELECT count(*) AS n FROM cases')).toBe(0))
  })

  it('lets A neither UPDATE nor DELETE a case of unit Y, nor move a case of X into Y', async () => {
    await asSession(tokens.a, async (c) => {
      expect((await c.query(`UPDATE cases SET summary = 'changed by A' WHERE id = $1`, [caseY])).rowCount).toBe(0)
      expect((await c.query(`UPDATE case_events SET at = at WHERE case_id = $1`, [caseY])).rowCount).toBe(0)
      expect((await c.query(`DELETE FROM rectifications WHERE case_id = $1`, [caseY])).rowCount).toBe(0)
      const [{ id }] = (await c.query('SELECT id FROM cases WHERE unit_id = ANY ($1::int[]) LIMIT 1', [unitsX])).rows
      await expect(c.query('UPDATE cases SET unit_id = $1 WHERE id = $2', [unitY, id])).rejects.toThrow(/row-level security/)
    })
    const summary = await asOwner(async (o) => (await o.query('SELECT summary FROM cases WHERE id = $1', [caseY]))[0].summary)
    expect(summary).not.toBe('changed by A')
  })

  // The kind, not the example: every table under row security shows A no row that belongs to unit Y.
  it.each([
    ['case_events', 'SELECT count(*) AS n FROM case_events WHERE case_id IN (SELECT id FROM cases_y)'],
    ['remediation_offers', 'SELECT count(*) AS n FROM remediation_offers WHERE case_id IN (SELECT id FROM cases_y)'],
    ['rectifications', 'SELECT count(*) AS n FROM rectifications WHERE case_id IN (SELECT id FROM cases_y)'],
    ['case_root_causes', 'SELECT count(*) AS n FROM case_root_causes WHERE case_id IN (SELECT id FROM cases_y)'],
    ['trend_case_facts', 'SELECT count(*) AS n FROM trend_case_facts WHERE case_id IN (SELECT id FROM cases_y)'],
    ['trend_summary', 'SELECT count(*) AS n FROM trend_summary WHERE unit_id = (SELECT unit FROM y)'],
    ['trend_axis', 'SELECT count(*) AS n FROM trend_axis WHERE unit_id = (SELECT unit FROM y)'],
    ['trend_month', 'SELECT count(*) AS n FROM trend_month WHERE unit_id = (SELECT unit FROM y)'],
    ['trend_month_axis', 'SELECT count(*) AS n FROM trend_month_axis WHERE unit_id = (SELECT unit FROM y)'],
    ['trend_month_dim', 'SELECT count(*) AS n FROM trend_month_dim WHERE unit_id = (SELECT unit FROM y)'],
    ['trend_month_dim_axis', 'SELECT count(*) AS n FROM trend_month_dim_axis WHERE unit_id = (SELECT unit FROM y)'],
    ['legal_offer_list', 'SELECT count(*) AS n FROM legal_offer_list WHERE case_id IN (SELECT id FROM cases_y)']
  ])('%s: A sees none of unit Y, B sees it all', async (_table, sql) => {
    const temp = `CREATE TEMP TABLE cases_y ON COMMIT DROP AS SELECT unnest($1::int[]) AS id; CREATE TEMP TABLE y ON COMMIT DROP AS SELECT ${unitY} AS unit`
    const ids = await asOwner(async (o) => ((await o.query('SELECT id FROM cases WHERE unit_id = $1', [unitY])) as { id: number }[]).map((r) => r.id))
    const withY = async (token: string): Promise<number> => asSession(token, async (c) => {
      await c.query(temp.split(';')[0], [ids])
      await c.query(temp.split(';')[1])
      return count(c, sql)
    })
    const owner = await asOwner(async (o) => {
      const qr = o.createQueryRunner()
      await qr.startTransaction()
      try {
        await qr.query(temp.split(';')[0], [ids])
        await qr.query(temp.split(';')[1])
        return Number((await qr.query(sql))[0].n)
      } finally { await qr.rollbackTransaction(); await qr.release() }
    })
    expect(owner).toBeGreaterThan(0)
    expect(await withY(tokens.a)).toBe(0)
    expect(await withY(tokens.b)).toBe(owner)
  })

  it("filters the summary tables by unit: A's trend rows are A's units only", async () => {
    const units = await asSession(tokens.a, async (c) => (await c.query('SELECT DISTINCT unit_id FROM trend_summary')).rows.map((r) => r.unit_id as number))
    expect(units.length).toBeGreaterThan(0)
    for (const u of units) expect(unitsX).toContain(u)
  })

  it("shows review rows and findings of A's own review only", async () => {
    await asSession(tokens.a, async (c) => {
      expect((await c.query('SELECT case_id FROM reviews')).rows.map((r) => r.case_id)).toEqual([reviewedCase])
    })
    await asSession(tokens.b, async (c) => expect(await count(c, 'SELECT count(*) AS n FROM reviews')).toBe(0))
  })
})

describe('a forged or stale session sees nothing', () => {
  // Every table under FORCE ROW LEVEL SECURITY, as the catalogue lists them: none shows a forged session a row.
  let FORCED_TABLES: string[] = []
  beforeAll(async () => {
    FORCED_TABLES = ((await asOwner((o) => o.query(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relforcerowsecurity ORDER BY 1`))) as { relname: string }[]).map((r) => r.relname)
  })

  it('covers the case, review, trend, legal list, 整改, quarter and import tables', () => {
    for (const t of ['cases', 'reviews', 'findings', 'audit_results', 'documents', 'offer_checks', 'offer_legal_reviews', 'trend_summary', 'trend_month', 'trend_month_axis', 'trend_month_dim', 'trend_month_dim_axis', 'legal_offer_list', 'rectification_tracks',
      'rectification_updates', 'quarter_changes', 'quarter_case_audit', 'case_post_review_changes', 'imports', 'import_errors', 'import_cases']) expect(FORCED_TABLES).toContain(t)
  })

  it.each([
    ['no setting at all', null, ''],
    ["a bare user id (set_config('dossier.user_id'))", null, `SELECT set_config('dossier.user_id', '__B__', true)`],
    ['a made-up token', 'f'.repeat(64), ''],
    ["another user's id as the token", '__B__', ''],
    ['an empty token', '', ''],
    ["a token's hash instead of the token", '__HASH__', '']
  ])('%s', async (_name, setting, extra) => {
    const hash = (await asOwner((o) => o.query('SELECT encode(sha256(convert_to($1, \'UTF8\')), \'hex\') AS h', [tokens.b])))[0].h as string
    const s = setting?.replace('__B__', String(users.b.id)).replace('__HASH__', hash) ?? null
    await asSession(s, async (c) => {
      expect(await count(c, 'SELECT count(*) AS n FROM cases')).toBe(0)
      for (const t of FORCED_TABLES) expect(await count(c, `SELECT count(*) AS n FROM ${t}`), t).toBe(0)
      expect((await c.query(`UPDATE cases SET summary = summary WHERE id = $1`, [caseY])).rowCount).toBe(0)
    }, extra.replace('__B__', String(users.b.id)))
  })

  it('the app login cannot read the session table, and a closed session or a deactivated user names nobody', async () => {
    await expect(app.query('SELECT * FROM db_sessions')).rejects.toThrow(/permission denied/)
    const t = (await app.query('SELECT dossier_session_open($1) AS t', [users.b.id])).rows[0].t as string
    await asSession(t, async (c) => expect(await count(c, 'SELECT count(*) AS n FROM cases WHERE id = $1', [caseY])).toBe(1))
    await app.query('SELECT dossier_session_close($1)', [t])
    await asSession(t, async (c) => expect(await count(c, 'SELECT count(*) AS n FROM cases')).toBe(0))
    await asOwner((o) => o.query('UPDATE users SET active = false WHERE id = $1', [users.b.id]))
    try {
      await asSession(tokens.b, async (c) => expect(await count(c, 'SELECT count(*) AS n FROM cases')).toBe(0))
      await expect(app.query('SELECT dossier_session_open($1)', [users.b.id])).rejects.toThrow(/no active user/)
    } finally {
      await asOwner((o) => o.query('UPDATE users SET active = true WHERE id = $1', [users.b.id]))
    }
  })

  it('COPY FROM into the cases is refused to the app, and suspending row security needs an empty archive', async () => {
    await asSession(tokens.senior, async (c) => {
      await c.query('SAVEPOINT s')
      await expect(new Promise((resolve, reject) => {
        const s = c.query(copyFrom('COPY case_links (case_id, linked_case_id, kind) FROM STDIN'))
        s.on('error', reject); s.on('finish', resolve); s.end()
      })).resolves.toBeUndefined()
      await c.query('ROLLBACK TO SAVEPOINT s')
      await expect(new Promise((resolve, reject) => {
        const s = c.query(copyFrom('COPY rectifications (case_id, measure) FROM STDIN'))
        s.on('error', reject); s.on('finish', resolve); s.end()
      })).rejects.toThrow(/row-level security/)
      await c.query('ROLLBACK TO SAVEPOINT s')
      await expect(c.query('SELECT dossier_bulk_rls_suspend()')).rejects.toThrow(/empty archive/)
    })
  })

  it('the owner (backups) sees every row whatever the session says', async () => {
    const [{ n, m }] = await asOwner((o) => o.query(`SELECT (SELECT count(*) FROM cases)::int AS n, (SELECT count(*) FROM trend_case_facts)::int AS m`))
    expect(n).toBe(600)
    expect(m).toBe(600)
  })
})

describe('through the app: two users on one pool', () => {
  it("A's and B's requests, interleaved on the same connections, each see their own cases only", async () => {
    const ctx = testContext(ds)
    const callA = signedInDispatch(ctx, users.a, 'win:a')
    const callB = signedInDispatch({ ...ctx }, users.b, 'win:b')
    const visibleA = new Set(await asSession(tokens.a, async (c) => (await c.query('SELECT id FROM cases')).rows.map((r) => r.id as number)))
    const rounds = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? callB : callA)('cases.list', { limit: 500 })))
    rounds.forEach((env, i) => {
      const rows = data<{ rows: { id: number }[] }>(env).rows
      expect(rows.length).toBeGreaterThan(0)
      if (i % 2) expect(rows.every((r) => !visibleA.has(r.id) || r.id === reviewedCase)).toBe(true)
      else expect(rows.every((r) => visibleA.has(r.id))).toBe(true)
    })
    expect(data<{ count: number }>(await callA('cases.count', {})).count).toBe(visibleA.size)
    const refused = await callA('cases.get', { id: caseY })
    expect(refused.ok ? 'ok' : refused.error.code).toBe('not_found')
    expect(data<{ id: number }>(await callB('cases.get', { id: caseY })).id).toBe(caseY)
    expect(data<{ id: number }>(await callA('cases.get', { id: reviewedCase })).id).toBe(reviewedCase)
  })

  it('signing out closes the database session of that sign-in', async () => {
    const ctx = testContext(ds)
    const call = signedInDispatch(ctx, users.b, 'win:out')
    data(await call('cases.count', {}))
    const token = ctx.sessions.dbToken('win:out')!
    await asSession(token, async (c) => expect(await count(c, 'SELECT count(*) AS n FROM cases WHERE id = $1', [caseY])).toBe(1))
    data(await call('auth.signOut', {}))
    // The close is sent after the answer (sessions.onEnd does not wait for it): a fixed 200 ms was not always
    // enough on a loaded machine. Polled, up to 10 s.
    let seen = -1
    for (let i = 0; i < 100 && seen !== 0; i++) {
      seen = await asSession(token, (c) => count(c, 'SELECT count(*) AS n FROM cases'))
      if (seen !== 0) await new Promise((r) => setTimeout(r, 100))
    }
    expect(seen).toBe(0)
  })

  it('an assignment of units is in the audit trail', async () => {
    const rows = (await ds.query(`SELECT actor, before, after FROM audit_trail WHERE entity = 'user_units' AND entity_id = $1 ORDER BY id`, [String(users.a.id)])) as { actor: string; before: unknown; after: { units: string[] } }[]
    expect(rows.at(-1)?.actor).toBe('admin')
    expect(rows.at(-1)?.after.units).toHaveLength(1)
  })
})
