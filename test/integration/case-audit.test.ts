// The case detail's engine results (cases.audit, issue 10 point 12): the 16 rules under both policy sets,
// failed first, with reasons that tell handling completed (R04, 处理完成) from closing (办结/结案); a missing
// case is not_found; the detail itself carries both times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import type { CaseAuditView, CaseDetail, Envelope } from '../../src-main/shared/contract'
import { createUser } from '../../src-main/auth/users'
import { assignEveryUnit, connect, resetArchive, signedInDispatch, testContext } from './db'

let ds: DataSource
let dispatch: (channel: string, request: unknown) => Promise<Envelope<unknown>>

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 11, cases: 300 })
  const tester = await createUser(ds, { username: 'auditor', displayName: '测试员', roles: ['reviewer'], password: 'tester-password' })
  await assignEveryUnit(ds, tester.id)
  dispatch = signedInDispatch(testContext(ds), tester)
})
afterAll(async () => ds?.destroy())

async function call<T>(channel: string, request: unknown): Promise<T> {
  const env = (await dispatch(channel, request)) as Envelope<T>
  if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`)
  return env.data
}

const RANK = { fail: 0, cannot_tell: 1, pass: 2, not_applicable: 3 } as const

describe('cases.audit', () => {
  it('gives all 16 rules under both policy sets, failed rules first', async () => {
    const ids = ((await ds.query('SELECT id FROM cases ORDER BY id LIMIT 120')) as { id: number }[]).map((r) => r.id)
    let sawFailure = false
    for (const id of ids) {
      const a = await call<CaseAuditView>('cases.audit', { id })
      expect(a.rules).toHaveLength(16)
      expect(new Set(a.rules.map((r) => r.code)).size).toBe(16)
      expect(a.policySets.internal).toBeTruthy()
      const ranks = a.rules.map((r) => Math.min(RANK[r.internal.status], RANK[r.regulatory.status]))
      expect(ranks).toEqual([...ranks].sort((x, y) => x - y))
      if (ranks[0] === 0) sawFailure = true
      for (const r of a.rules) {
        expect(r.titleEn).toBeTruthy()
        expect(r.internal.reason).toBeTruthy()
        // 办结 is the closing of the case; R04 and R05 measure handling completed (处理完成).
        if (r.code === 'R04' || r.code === 'R05') expect(r.internal.reason).not.toMatch(/内办结|办结后|未记录办结/)
      }
    }
    expect(sawFailure).toBe(true)
  })

  it('a passing R04 names 处理完成 and its deadline; the detail carries handledAt beside closedAt', async () => {
    const ids = ((await ds.query('SELECT id FROM cases WHERE handled_at IS NOT NULL ORDER BY id LIMIT 40')) as { id: number }[]).map((r) => r.id)
    let checked = 0
    for (const id of ids) {
      const r04 = (await call<CaseAuditView>('cases.audit', { id })).rules.find((r) => r.code === 'R04')!
      if (r04.internal.status !== 'pass' || !r04.internal.reason.startsWith('在')) continue
      expect(r04.internal.reason).toMatch(/^在 \d+ 个工作日内处理完成（处理期限 \d{4}-\d{2}-\d{2} /)
      const d = await call<CaseDetail>('cases.get', { id })
      expect(d.handledAt).toMatch(/^\d{4}-\d{2}-\d{2}T/)
      expect(d.closedAt >= d.handledAt!).toBe(true)
      checked++
    }
    expect(checked).toBeGreaterThan(0)
  })

  it('a case that does not exist is not_found; a bad id is invalid_request', async () => {
    expect(await dispatch('cases.audit', { id: 987654 })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(await dispatch('cases.audit', { id: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
  })
})
