// A team server set up as its administrator would (build/team-server-roles.sql): the owner creates the schema
// with `dossier migrate`, desktops connect with the app's login, and neither login is used for the other's job.
import { afterAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import pg from 'pg'
import { migrateAs, openDatabase } from '../../src-main/db/database'
import { APP_ROLE, OWNER_ROLE, loginAs } from '../../src-main/db/roles'

const name = `dossier_team_${process.pid}`
const onDb = (u: string): string => { const x = new URL(u); x.pathname = `/${name}`; return x.toString() }
// The roles are shared by every database on the server: keep the passwords the suite's logins already use.
const password = (u: string): string => decodeURIComponent(new URL(u).password)
const ownerUrl = onDb(inject('ownerUrl'))
const appUrl = onDb(inject('dbUrl'))

afterAll(async () => {
  const c = new pg.Client({ connectionString: inject('adminUrl') })
  await c.connect()
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await c.end()
})

describe('a team server set up by its administrator', () => {
  it('runs the script, migrates as the owner, and serves desktops as the app role', async () => {
    const run = () => execFileSync('psql', [inject('adminUrl'), '-q', '-v', `owner_password=${password(inject('ownerUrl'))}`, '-v', `app_password=${password(inject('dbUrl'))}`,
      '-v', `db=${name}`, '-f', resolve('build/team-server-roles.sql')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    run()
    run() // a second run changes nothing
    // Before the schema exists, a desktop is told what to do rather than failing on a missing table.
    await expect(openDatabase({ url: appUrl })).rejects.toThrow(/DATABASE_OWNER_URL.*dossier migrate/)
    await expect(openDatabase({ url: ownerUrl })).rejects.toThrow(/属主.*只用于升级和维护/)
    const ran = await migrateAs(ownerUrl)
    expect(ran.length).toBeGreaterThan(10)
    const db = await openDatabase({ url: appUrl })
    try {
      const [me] = await db.ds.query('SELECT current_user AS name, (SELECT count(*)::int FROM policy_sets) AS sets')
      expect(me.name).toBe(APP_ROLE)
      expect(me.sets).toBeGreaterThan(0)
      // A team server's default JIT compiled longer than the archive's statements ran: the app's sessions turn it off.
      expect(await db.ds.query('SHOW jit')).toEqual([{ jit: 'off' }])
      await expect(db.ds.query('UPDATE audit_trail SET actor = actor')).rejects.toThrow(/permission denied/)
    } finally {
      await db.close()
    }
    expect(loginAs(appUrl, OWNER_ROLE)).toContain(`${OWNER_ROLE}`)
  })

  it('the CLI migrates as the owner and refuses with one line without an owner login', () => {
    const cli = (env: Record<string, string>) => spawnSync('npx', ['tsx', 'src-main/cli/index.ts', 'migrate'], { encoding: 'utf8', env: { ...process.env, ...env } })
    const asApp = cli({ DATABASE_URL: appUrl, DATABASE_OWNER_URL: '' })
    expect(asApp.status).toBe(1)
    expect(asApp.stderr.trim().split('\n')).toHaveLength(1)
    expect(asApp.stderr).toMatch(/DATABASE_OWNER_URL/)
    const beside = cli({ DATABASE_URL: appUrl, DATABASE_OWNER_URL: ownerUrl })
    expect(beside.stdout).toMatch(/database is up to date/)
    expect(beside.status).toBe(0)
  })
})
