import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import type { CaseDetail, Envelope } from '../../src-main/shared/contract'
import { createUser } from '../../src-main/auth/users'
import { assignEveryUnit, connect, resetArchive, signedInDispatch, testContext } from './db'

let ds: DataSource
let dispatch: (channel: string, request: unknown) => Promise<Envelope<unknown>>

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 5, cases: 800 })
  // Sessions are checked against the users table on every call: the caller is a real account.
  const tester = await createUser(ds, { username: 'tester', displayName: '测试员', roles: ['reviewer'], password: 'tester-password' })
  await assignEveryUnit(ds, tester.id)
  dispatch = signedInDispatch(testContext(ds), tester)
})
afterAll(async () => ds?.destroy())

const get = async (id: number): Promise<CaseDetail> => {
  const env = (await dispatch('cases.get', { id })) as Envelope<CaseDetail>
  if (!env.ok) throw new Error(env.error.message)
  return env.data
}

describe('case detail', () => {
  it('returns every field with personal data masked', async () => {
    const [raw] = (await ds.query(`SELECT * FROM cases WHERE NOT is_anonymous AND complainant_phone IS NOT NULL AND complainant_address IS NOT NULL ORDER BY id LIMIT 1`)) as Record<string, string>[]
    const d = await get(Number(raw.id))
    expect(d.caseNo).toBe(raw.case_no)
    const name = Array.from(raw.complainant_name)
    expect(d.complainant.name).toBe(name[0] + '*'.repeat(Math.max(1, name.length - 2)) + (name.length > 2 ? name[name.length - 1] : ''))
    // At least half of every identifier hidden (privacy/identifier-mask.ts): a mobile shows its first digit and last four.
    expect(d.complainant.phone).toBe(`${raw.complainant_phone[0]}******${raw.complainant_phone.slice(-4)}`)
    expect(d.complainant.idNo).toMatch(/^\d{3}\*{11}[\dX]{4}$/)
    // The same record the documents print unmasked: nothing of it beyond the masked form reaches the screens.
    expect(JSON.stringify(d)).not.toContain(raw.complainant_phone)
    expect(JSON.stringify(d)).not.toContain(raw.complainant_id_no)
    expect(d).not.toHaveProperty('institution')
    expect(d).not.toHaveProperty('issuingUnit')
    expect(d.complainant.idNo).not.toContain(raw.complainant_id_no.slice(4, 14))
    expect(d.complainant.address).toMatch(/\*{4}$/)
    expect(d.summary).toBe(raw.summary) // no personal data in the demo's summaries: nothing masked that is not
    expect(d.handler?.name).toBeTruthy()
    expect(d.isDemo).toBe(true)
  })

  it('shows the further extension (第十八条): who approved it, at what level, when, and when the complainant was told', async () => {
    const [row] = (await ds.query(`
      SELECT c.id, c.further_extension_level AS level, c.further_extension_approved_at AS approved, c.further_extension_notified_at AS notified, s.name, u.name AS unit
        FROM cases c JOIN staff s ON s.id = c.further_extension_approver_id JOIN units u ON u.id = s.unit_id
       WHERE c.further_extension_notified_at IS NOT NULL ORDER BY c.id LIMIT 1`)) as { id: number; level: string; approved: Date; notified: Date; name: string; unit: string }[]
    const d = await get(row.id)
    expect(d.furtherExtension).toEqual({
      approver: expect.objectContaining({ name: row.name, unitName: row.unit }), level: row.level,
      approvedAt: row.approved.toISOString(), notifiedAt: row.notified.toISOString()
    })
    expect(d.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['further_extension_approved', 'further_extension_notified']))
    const [none] = (await ds.query('SELECT id FROM cases WHERE further_extension_level IS NULL ORDER BY id LIMIT 1')) as { id: number }[]
    expect((await get(none.id)).furtherExtension).toBeNull()
  })

  it('gives the timeline in time order, with the remediation and rectification records', async () => {
    const [withOffer] = (await ds.query('SELECT case_id FROM remediation_offers ORDER BY case_id LIMIT 1')) as { case_id: number }[]
    const d = await get(withOffer.case_id)
    expect(d.timeline.length).toBeGreaterThanOrEqual(6)
    const times = d.timeline.map((e) => e.at)
    expect([...times].sort()).toEqual(times)
    expect(d.timeline[0].kind).toBe('received')
    expect(d.offers.length).toBe(1)
    expect(Number(d.offers[0].amount)).toBeGreaterThan(0)
    const [withRect] = (await ds.query('SELECT case_id, due_on::text AS due FROM rectifications ORDER BY case_id LIMIT 1')) as { case_id: number; due: string }[]
    const r = await get(withRect.case_id)
    expect(r.rectifications[0].dueOn).toBe(withRect.due)
  })

  it('links a repeat complaint to the earlier case', async () => {
    const [rep] = (await ds.query('SELECT id, repeat_of_id FROM cases WHERE repeat_of_id IS NOT NULL LIMIT 1')) as { id: number; repeat_of_id: number }[]
    const d = await get(rep.id)
    expect(d.repeatOf?.id).toBe(rep.repeat_of_id)
    expect(d.repeatOf?.caseNo).toMatch(/^TS\d{12}$/)
  })

  it('answers an unknown case, a bad request and an unknown channel with clear errors', async () => {
    expect(await dispatch('cases.get', { id: 999999 })).toEqual({ ok: false, error: { code: 'not_found', message: '案件 999999 不存在' } })
    const bad = await dispatch('cases.get', { id: 'x' })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.code).toBe('invalid_request')
    const extra = await dispatch('cases.list', { filter: { severity: 'catastrophic' } })
    expect(extra.ok).toBe(false)
    const unknown = await dispatch('system.exec', {})
    expect(unknown).toEqual({ ok: false, error: { code: 'invalid_request', message: 'unknown channel: system.exec' } })
    const cursor = await dispatch('cases.list', { cursor: 'not-a-cursor' })
    expect(cursor).toEqual({ ok: false, error: { code: 'invalid_request', message: 'invalid cursor' } })
    // A reversed date range says what is wrong, in the list and in the count, instead of quietly matching nothing.
    const reversed = { receivedFrom: '2025-07-01', receivedTo: '2025-06-01' }
    for (const channel of ['cases.list', 'cases.count']) {
      expect(await dispatch(channel, { filter: reversed })).toEqual({ ok: false, error: { code: 'invalid_request', message: 'filter.receivedTo: 开始日期晚于结束日期：请把开始日期设为不晚于结束日期' } })
    }
    expect((await dispatch('cases.list', { filter: { receivedFrom: '2025-07-01', receivedTo: '2025-07-01' } })).ok).toBe(true)
  })

  it('reports the archive in app.info', async () => {
    const env = await dispatch('app.info', {})
    expect(env).toMatchObject({ ok: true, data: { demo: true, caseCount: 800, caseCountEstimated: false, database: 'external' } })
    // Never the operating-system user's name (it is 'tester' in this context).
    expect(JSON.stringify(env)).not.toContain('"user"')
  })
})
