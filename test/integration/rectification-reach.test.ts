// The 整改 follow-up reached by what must see every change of a case (migration 39): a follow-up step on an item of
// a closed quarter's case is listed as a post-close change (each kind of step: a new track, a status change, an
// update with evidence; an item of an open quarter is not), and anonymisation after the retention period rewrites
// the follow-ups' notes and evidence and redacts their trail entries, the updates staying append-only otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { ensureDemoUsers } from '../../src-main/auth/users'
import { verifyTrail } from '../../src-main/trail/chain'
import { TRAIL_KEYS } from '../../src-main/retention/anonymise'
import type { AnonymiseResult, PostCloseChange, QuarterClose, RetentionPreview } from '../../src-main/shared/contract'
import type { RectificationRow } from '../../src-main/shared/contract-rectification'
import { connect, data, resetArchive, signedInAs, type RawCall } from './db'

let ds: DataSource
let chen: RawCall, wang: RawCall, admin: RawCall, zhou: RawCall
let close: QuarterClose
/** A measure of a case received in the closed quarter (2022Q1) and one of the next quarter, with the complainant. */
const items: { measureId: number; caseId: number; caseNo: string; name: string; phone: string }[] = []

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 39, cases: 300, from: '2022-01-01', to: '2022-06-30' })
  await runAudit(ds, { actor: 'test' })
  await ensureDemoUsers(ds)
  ;[chen, wang, admin, zhou] = await Promise.all(['chen.jing', 'wang.fang', 'admin', 'zhou.qiang'].map((u) => signedInAs(ds, u)))
  for (const [from, to] of [['2022-01-01', '2022-04-01'], ['2022-04-01', '2022-07-01']]) {
    const [c] = await ds.query(`SELECT id, case_no, complainant_name, complainant_phone FROM cases
      WHERE received_at >= ($1::date)::timestamp AT TIME ZONE 'Asia/Shanghai' AND received_at < ($2::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
        AND complainant_name IS NOT NULL AND complainant_phone IS NOT NULL ORDER BY id LIMIT 1`, [from, to])
    const [m] = await ds.query(`INSERT INTO rectifications (case_id, measure, due_on) VALUES ($1, '修订柜面复核规程', '2022-12-31') RETURNING id`, [c.id])
    items.push({ measureId: m.id, caseId: c.id, caseNo: c.case_no, name: c.complainant_name, phone: c.complainant_phone })
  }
}, 240_000)
afterAll(async () => { await ds?.destroy() })

/** Three steps on a measure (new track, status change with evidence naming the complainant, closure by another). */
async function followUp(it: (typeof items)[number]): Promise<void> {
  let row = data<RectificationRow>(await chen('rectification.update', { kind: 'measure', id: it.measureId, version: 0, status: 'in_progress',
    note: `已联系客户${it.name}（${it.phone}）说明整改安排` }))
  row = data<RectificationRow>(await chen('rectification.update', { kind: 'measure', id: it.measureId, version: row.version, status: 'submitted',
    note: '规程已修订并培训', evidence: `培训签到表；客户${it.name}回访录音，电话${it.phone}` }))
  data(await wang('rectification.decide', { kind: 'measure', id: it.measureId, version: row.version, approve: true, note: `经核验同意关闭，已告知${it.name}` }))
}

describe('整改 follow-ups after a quarter is closed', () => {
  it('lists each follow-up step on a closed quarter\'s case as a post-close change, and none for an open quarter', async () => {
    close = data<QuarterClose>(await wang('quarters.close', { quarter: '2022Q1' }))
    expect(close.changes).toBe(0)
    for (const x of items) await followUp(x)
    const rows = data<{ rows: PostCloseChange[] }>(await zhou('quarters.changes', { closeId: close.id, limit: 500 })).rows
    const mine = rows.filter((r) => r.kind === 'rectification')
    // Three transactions on the closed quarter's item: the track created (insert), then moved twice (update),
    // each with its update row (insert); the next quarter's item is not listed.
    expect(mine.every((r) => r.caseNo === items[0].caseNo)).toBe(true)
    expect(mine.map((r) => r.action).sort()).toEqual(['insert', 'insert', 'insert', 'update', 'update'])
    expect(new Set(mine.map((r) => r.actor))).toEqual(new Set(['chen.jing', 'wang.fang']))
  })
})

describe('anonymising reaches the follow-ups', () => {
  it('rewrites their notes and evidence and redacts their trail entries; the trail verifies; the app still cannot edit them', async () => {
    const preview = data<RetentionPreview>(await admin('retention.save', { months: 12, expectedVersion: null }))
    expect(preview.cases).toBe(300)
    // The preview counts the follow-ups (three steps on each of the two items, notes and evidence with personal
    // data) and their six trail entries among what anonymising redacts: what it shows is what is done.
    expect(preview.followUps).toBe(6)
    const [{ n: caseEntries }] = await ds.query(`SELECT count(*)::int AS n FROM audit_trail WHERE entity = 'case' AND (before ?| $1 OR after ?| $1)`, [TRAIL_KEYS])
    expect(preview.trailEntries).toBe(caseEntries + 6)
    const done = data<AnonymiseResult>(await admin('retention.anonymise', { expectCases: preview.cases }))
    expect(done.cases).toBe(300)
    expect(done.trailEntries).toBe(preview.trailEntries)
    const updates = (await ds.query(`SELECT u.status, u.note, coalesce(u.evidence, '') AS evidence, x.case_id FROM rectification_updates u
      JOIN rectification_tracks t ON t.id = u.track_id JOIN rectifications x ON x.id = t.rectification_id ORDER BY u.id`)) as
      { status: string; note: string; evidence: string; case_id: number }[]
    expect(updates.map((u) => u.status)).toEqual(['in_progress', 'submitted', 'closed', 'in_progress', 'submitted', 'closed'])
    const trail = (await ds.query(`SELECT id::text, after::text AS after, redacted_at FROM audit_trail WHERE entity = 'rectification' ORDER BY id`)) as
      { id: string; after: string; redacted_at: Date | null }[]
    expect(trail).toHaveLength(6)
    for (const x of items) {
      const texts = [...updates.filter((u) => u.case_id === x.caseId).flatMap((u) => [u.note, u.evidence]), ...trail.map((t) => t.after)]
      expect(texts.filter((t) => t.includes(x.name) || t.includes(x.phone))).toEqual([])
    }
    // What was not personal stays: the note's own words, and the trail's statuses.
    expect(updates[1].note).toBe('规程已修订并培训')
    expect(updates[0].note).toMatch(/^已联系客户〔已删除〕（〔已删除〕）说明整改安排$/)
    expect(trail.every((t) => t.redacted_at !== null && /"status"/.test(t.after))).toBe(true)
    const [record] = await ds.query(`SELECT after FROM audit_trail WHERE entity = 'retention' AND action = 'anonymise'`)
    expect(record.after.redactedTrailIds).toEqual(expect.arrayContaining(trail.map((t) => t.id)))
    expect((await verifyTrail(ds)).broken).toBeNull()
    // Append-only as before: the app role cannot edit an update itself.
    await expect(ds.query(`UPDATE rectification_updates SET note = '改写' WHERE id = (SELECT min(id) FROM rectification_updates)`)).rejects.toThrow(/cannot be edited/)
  })
})
