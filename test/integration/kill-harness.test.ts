// Issue 16 point 4: twenty kill points in CI over five kinds of work (the bench runs two hundred:
// `npm run bench:kill`). Each kills a real `dossier` process at a random moment, restarts the app on the same
// database and checks it is whole (test/kill/harness.ts says what is checked).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createUser } from '../../src-main/auth/users'
import { seedArchive } from '../../src-main/demo/loader'
import { importFile, measureKinds, plan, runKillPoint, seeded, type HarnessContext, type KillOutcome } from '../kill/harness'
import { connect, resetArchive } from './db'

let ds: DataSource
const dir = mkdtempSync(join(tmpdir(), 'dossier-kills-'))
const SEED = Number(process.env.KILL_SEED ?? 16004)

let ctx: HarnessContext
beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 16, cases: 300, workers: 0 })
  await createUser(ds, { username: 'kill.admin', displayName: '杀进程测试', roles: ['admin'], password: 'kill-harness-pass-1' })
  const unit = (await ds.query(`SELECT code FROM units WHERE kind IN ('branch', 'sub_branch') ORDER BY id LIMIT 1`))[0].code as string
  ctx = { dbUrl: inject('dbUrl'), ownerUrl: inject('ownerUrl'), dir, admin: 'kill.admin', password: 'kill-harness-pass-1', importFile: join(dir, 'new-cases.csv') }
  await importFile(ctx.importFile, 2000, unit)
}, 300_000)
afterAll(async () => {
  await ds?.destroy()
  rmSync(dir, { recursive: true, force: true })
})

describe('the kill harness', () => {
  it(`20 kill points (seed ${SEED}): the app starts again and the archive is whole after every one`, async () => {
    const measured = await measureKinds(ctx, ds)
    expect(measured.outcomes.flatMap((o) => o.problems), 'each kind left to finish').toEqual([])
    const outcomes: KillOutcome[] = []
    for (const p of plan(20, seeded(SEED), measured.durationMs)) outcomes.push(await runKillPoint(p, ctx, ds))
    console.log(outcomes.map((o) => `${o.kind} ${o.delayMs} ${o.killedWhileRunning ? 'killed' : 'exited ' + o.exitCode}`).join('\n'))
    const failed = outcomes.filter((o) => o.problems.length)
    expect(failed.map((o) => `${o.kind} killed at ${o.delayMs} ms: ${o.problems.join('; ')}`)).toEqual([])
    // The harness must actually have interrupted work, not only watched finished processes.
    expect(outcomes.filter((o) => o.killedWhileRunning).length).toBeGreaterThanOrEqual(15)
  }, 1_200_000)
})
