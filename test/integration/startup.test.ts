import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import type { DataSource } from 'typeorm'
import { startBackend } from '../../src-main/app/startup'
import type { AppInfoResponse, Envelope } from '../../src-main/shared/contract'
import { seedArchive } from '../../src-main/demo/loader'
import { connect, resetArchive } from './db'
import { DEMO_USERS } from '../../src-main/auth/users'

let ds: DataSource
beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
})
afterAll(async () => ds?.destroy())

type Started = Awaited<ReturnType<typeof startBackend>>
/** app.info as a signed-in window sees it (before sign-in it tells only the version and the demo flag). */
const info = async (started: Started): Promise<AppInfoResponse> => {
  const [row] = await started.db.ds.query('SELECT id, username, display_name, roles FROM users WHERE active ORDER BY id LIMIT 1')
  const anonymous = (await started.dispatch('app.info', {}, 'anonymous')) as Envelope<AppInfoResponse>
  if (!anonymous.ok) throw new Error(anonymous.error.message)
  expect(Object.keys(anonymous.data).sort()).toEqual(['demo', 'version'])
  if (!row) return anonymous.data
  started.ctx.sessions.set('test', { id: row.id, username: row.username, displayName: row.display_name, roles: row.roles })
  const env = (await started.dispatch('app.info', {}, 'test')) as Envelope<AppInfoResponse>
  if (!env.ok) throw new Error(env.error.message)
  return env.data
}
const caseCount = async (started: Started): Promise<number> => (await started.db.ds.query('SELECT count(*)::int AS n FROM cases'))[0].n

describe('start-up', () => {
  it('never loads demo data into a team server unless asked, and loads it once when asked', async () => {
    const quiet = { version: 't', log: () => {} }
    const plain = await startBackend({ ...quiet, url: inject('dbUrl') })
    expect(await info(plain)).toMatchObject({ demo: false })
    expect(await caseCount(plain)).toBe(0)
    await plain.close()

    const asked = await startBackend({ ...quiet, url: inject('dbUrl'), demo: true })
    expect(await info(asked)).toMatchObject({ caseCount: 3000, demo: true, database: 'external' })
    await asked.close()

    // Already holding cases: asking again adds nothing.
    const again = await startBackend({ ...quiet, url: inject('dbUrl'), demo: true })
    expect((await info(again)).caseCount).toBe(3000)
    await again.close()
  })

  it('creates no demo accounts (published password) on a team server holding generated cases unless asked (issue 15, point 8)', async () => {
    await resetArchive(ds)
    // `dossier seed` on a DATABASE_URL server: generated cases, marked as demo data.
    await seedArchive(ds, { seed: 9, cases: 60 })
    const quiet = { version: 't', log: () => {} }
    const demoUsers = async (): Promise<number> => (await ds.query('SELECT count(*)::int AS n FROM users WHERE is_demo'))[0].n
    const plain = await startBackend({ ...quiet, url: inject('dbUrl') })
    expect(await demoUsers()).toBe(0)
    const me = await plain.dispatch('auth.me', {}, 'anonymous')
    expect(me).toEqual({ ok: true, data: { user: null, demoPassword: null } })
    await plain.close()

    const asked = await startBackend({ ...quiet, url: inject('dbUrl'), demo: true })
    expect(await demoUsers()).toBe(DEMO_USERS.length)
    await asked.close()
  })
})
