// An archive made before the role model (every object the superuser's, the app connecting as superuser) is
// taken over on its next start: the owner is given everything, the remaining migrations run as the owner,
// and the app works as the app role — including the jobs that needed DDL (a bulk load, a whole audit).
import { afterAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import pg from 'pg'
import { DataSource } from 'typeorm'
import { migrations } from '../../migrations'
import { entities } from '../../src-main/db/entities'
import { openDatabase, type Database } from '../../src-main/db/database'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { verifyTrail } from '../../src-main/trail/chain'
import { recordChange } from '../../src-main/trail/record'

const name = `dossier_upgrade_${process.pid}`
const url = (() => { const u = new URL(inject('adminUrl')); u.pathname = `/${name}`; return u.toString() })()
let db: Database | undefined

async function admin<T>(fn: (c: pg.Client) => Promise<T>, target = inject('adminUrl')): Promise<T> {
  const c = new pg.Client({ connectionString: target })
  await c.connect()
  try { return await fn(c) } finally { await c.end() }
}

afterAll(async () => {
  await db?.close()
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
})

describe('an archive from before the role model', () => {
  it('is handed to the owner on the next start, and the app works as the app role', async () => {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => c.query(`CREATE DATABASE ${name}`)))
    // The old way: every migration up to 11 run by the superuser, a trail entry written by it.
    const old = new DataSource({ type: 'postgres', url, entities, migrations: migrations.slice(0, 12), migrationsTableName: 'migrations', logging: false })
    await old.initialize()
    await old.runMigrations({ transaction: 'each' })
    await old.transaction((em) => recordChange(em, { actor: '旧版本', entity: 'setting', entityId: 'x', action: 'update', before: 1, after: 2 }))
    await old.destroy()

    db = await openDatabase({ url })
    const notOwned = await admin((c) => c.query(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r','S','v','m') AND c.relowner <> 'dossier_owner'::regrole`), url)
    expect(notOwned.rows).toEqual([])
    const [me] = await db.ds.query('SELECT current_user AS name')
    expect(me.name).toBe('dossier_app')
    await seedArchive(db.ds, { seed: 5, cases: 300, bulk: true })
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'cases'`)
    expect(n).toBeGreaterThan(5)
    const run = await runAudit(db.ds, { actor: 'test' })
    expect(run.cases).toBe(300)
    await db.ds.transaction((em) => recordChange(em, { actor: '新版本', entity: 'setting', entityId: 'x', action: 'update', before: 2, after: 3 }))
    const v = await verifyTrail(db.ds)
    expect(v.broken).toBeNull()
    expect(v.entries).toBe(3) // the two changes and the audit run (issue 15, point 5)
  })
})
