import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import type { DataSource } from 'typeorm'
import { startBackend } from '../../src-main/app/startup'
import type { AppInfoResponse, Envelope } from '../../src-main/shared/contract'
import { connect, resetArchive } from './db'

let ds: DataSource
beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
})
afterAll(async () => ds?.destroy())

const info = async (dispatch: (c: string, r: unknown, k: string) => Promise<Envelope<unknown>>): Promise<AppInfoResponse> => {
  const env = (await dispatch('app.info', {}, 'test')) as Envelope<AppInfoResponse>
  if (!env.ok) throw new Error(env.error.message)
  return env.data
}

describe('start-up', () => {
  it('never loads demo data into a team server unless asked, and loads it once when asked', async () => {
    const quiet = { version: 't', log: () => {} }
    const plain = await startBackend({ ...quiet, url: inject('dbUrl') })
    expect(await info(plain.dispatch)).toMatchObject({ caseCount: 0, demo: false, database: 'external' })
    await plain.close()

    const asked = await startBackend({ ...quiet, url: inject('dbUrl'), demo: true })
    expect(await info(asked.dispatch)).toMatchObject({ caseCount: 3000, demo: true })
    await asked.close()

    // Already holding cases: asking again adds nothing.
    const again = await startBackend({ ...quiet, url: inject('dbUrl'), demo: true })
    expect((await info(again.dispatch)).caseCount).toBe(3000)
    await again.close()
  })
})
