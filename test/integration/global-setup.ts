// One database for the integration suite: a fresh database on the DATABASE_URL server when it is set,
// otherwise a new embedded server in a temporary folder. Migrated once; each test file seeds what it needs.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { startEmbedded } from '../../src-main/db/embedded'
import { openDatabase } from '../../src-main/db/database'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The app role's login (what the app works as). */
    dbUrl: string
    /** The owner's login (migrations, resets, maintenance). */
    ownerUrl: string
    /** A superuser's login, for tests that play an attacker with full rights. */
    adminUrl: string
    dbKind: 'embedded' | 'external'
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.DATABASE_URL
  let url: string
  let teardown: () => Promise<void>
  if (external) {
    const name = `dossier_test_${process.pid}_${Date.now()}`
    const admin = new pg.Client({ connectionString: external })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    const u = new URL(external)
    u.pathname = `/${name}`
    url = u.toString()
    teardown = async () => {
      const c = new pg.Client({ connectionString: external })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    }
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'dossier-test-'))
    // PostgreSQL's default 128 MB of buffers, as a team server often has: the re-index order test needs a
    // table larger than a quarter of them, which stays small enough to seed here.
    const server = await startEmbedded(dir, undefined, { sharedBuffersMb: 128 })
    url = server.url
    teardown = async () => {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  const db = await openDatabase({ url })
  await db.close()
  project.provide('dbUrl', db.url)
  project.provide('ownerUrl', db.ownerUrl!)
  project.provide('adminUrl', url)
  project.provide('dbKind', external ? 'external' : 'embedded')
  console.log(`integration tests on the ${external ? 'DATABASE_URL server' : 'embedded server'}`)
  return teardown
}
