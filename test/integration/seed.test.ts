import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { searchVector } from '../../src-main/cases/search-terms'
import { connect, resetArchive } from './db'

const N = 3000
let ds: DataSource
const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => (await ds.query(sql, params)) as T[]
const fingerprint = async (): Promise<string> =>
  (await q<{ f: string }>(`SELECT md5(string_agg(case_no || summary || received_at::text || coalesce(handler_id::text,''), ',' ORDER BY id)) AS f FROM cases`))[0].f

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 7, cases: N })
})
afterAll(async () => ds?.destroy())

describe('demo archive generator', () => {
  it('writes every table of the archive', async () => {
    const [c] = await q<{ cases: number; events: number; offers: number; rects: number; links: number; truth: number; units: number; staff: number }>(`
      SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS events,
             (SELECT count(*) FROM remediation_offers)::int AS offers, (SELECT count(*) FROM rectifications)::int AS rects,
             (SELECT count(*) FROM case_links)::int AS links, (SELECT count(*) FROM demo_truth)::int AS truth,
             (SELECT count(*) FROM units)::int AS units, (SELECT count(*) FROM staff)::int AS staff`)
    expect(c.cases).toBe(N)
    expect(c.events).toBeGreaterThan(N * 7)
    expect(c.offers).toBeGreaterThan(N * 0.05)
    expect(c.rects).toBeGreaterThan(N * 0.2)
    expect(c.links).toBeGreaterThan(N * 0.01)
    expect(c.truth).toBeGreaterThan(N * 0.2)
    expect(c.units).toBe(1 + 8 + 12 + 38)
    expect(c.staff).toBeGreaterThan(300)
  })

  it('is deterministic for a seed', async () => {
    const first = await fingerprint()
    await resetArchive(ds)
    await seedArchive(ds, { seed: 7, cases: N })
    expect(await fingerprint()).toBe(first)
    await resetArchive(ds)
    await seedArchive(ds, { seed: 8, cases: N })
    expect(await fingerprint()).not.toBe(first)
    await resetArchive(ds)
    await seedArchive(ds, { seed: 7, cases: N })
  })

  it('follows the proportions of the seeds', async () => {
    const rows = await q<{ channel: string; share: number }>(`SELECT channel, count(*)::float / ${N} AS share FROM cases GROUP BY channel`)
    const share = Object.fromEntries(rows.map((r) => [r.channel, r.share]))
    expect(share.phone).toBeGreaterThan(0.3)
    expect(share.phone).toBeLessThan(0.46)
    expect(share.regulator).toBeGreaterThan(0.05)
    const [sev] = await q<{ bad: number }>(`SELECT count(*)::int AS bad FROM cases c WHERE c.is_group AND c.severity <> 'major'`)
    expect(sev.bad).toBe(0)
    const [dates] = await q<{ min: string; max: string; open: number }>(`SELECT min(received_at)::text AS min, max(received_at)::text AS max, count(*) FILTER (WHERE closed_at IS NULL)::int AS open FROM cases`)
    expect(dates.min >= '2020-12-31').toBe(true)
    expect(dates.max < '2026-09-01').toBe(true)
    expect(dates.open).toBe(0)
  })

  // The ground truth must say exactly which cases break a rule, or scoring the audit engine is meaningless.
  it.each([
    ['R01', `c.accepted_at > c.received_at + interval '24 hours' OR c.acceptance_notified_at IS NULL`],
    ['R02', `c.classified_at > c.received_at + interval '48 hours'`],
    ['R03', `c.evidence IS NULL`],
    ['R06', `c.handler_id = c.complained_staff_id`],
    ['R07', `c.first_receiver_id IS NULL`],
    // 严重/重大 without approval, or an offer above the branch limit (the seeded authority matrix) not approved by 总行.
    ['R08', `(c.severity <> 'general' AND c.approver_id IS NULL) OR EXISTS (SELECT 1 FROM remediation_offers o WHERE o.case_id = c.id AND o.amount > 50000 AND o.approval_level IS DISTINCT FROM '总行')`],
    ['R10', `c.group_size >= 5 AND NOT c.is_group`],
    ['R11', `c.channel IN ('regulator','media') AND c.severity <> 'major'`],
    ['R14', `c.responsibility = 'internal' AND NOT EXISTS (SELECT 1 FROM rectifications r WHERE r.case_id = c.id)`]
  ])('records %s violations exactly where the data breaks the rule', async (rule, condition) => {
    const [r] = await q<{ both: number; data_only: number; truth_only: number }>(`
      SELECT count(*) FILTER (WHERE broken AND t)::int AS both, count(*) FILTER (WHERE broken AND NOT t)::int AS data_only,
             count(*) FILTER (WHERE t AND NOT broken)::int AS truth_only
        FROM (SELECT coalesce((${condition}), false) AS broken,
                     EXISTS (SELECT 1 FROM demo_truth d WHERE d.case_id = c.id AND d.rule = $1 AND d.policy = 'internal') AS t FROM cases c) x`, [rule])
    expect(r.both).toBeGreaterThan(0)
    expect(r.data_only).toBe(0)
    expect(r.truth_only).toBe(0)
  })

  it('records the regulatory R04 exactly where the decision came after 15 / 30 / 60 days (第十八条), computed here in SQL', async () => {
    // The period's end, counted in calendar days from the day of receipt, its last day moved to the next working
    // day (calendar_days, weekends): an independent reckoning of what the generator recorded.
    const end = (n: number): string => `(((SELECT min(x::date) FROM generate_series(d.day0 + ${n}, d.day0 + ${n} + 20, interval '1 day') x
      LEFT JOIN calendar_days k ON k.day = x::date WHERE coalesce(k.kind = 'workday', extract(isodow FROM x) < 6)) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`
    const [r] = await q<{ both: number; data_only: number; truth_only: number; extended: number }>(`
      WITH d AS (SELECT c.*, (c.received_at AT TIME ZONE 'Asia/Shanghai')::date AS day0 FROM cases c),
      e AS (SELECT d.id, d.reply_at, d.is_complex, ${end(15)} AS end15, ${end(30)} AS end30, ${end(60)} AS end60,
                   d.further_extension_level IN ('higher_branch', 'head_office_senior') AND d.further_extension_approver_id IS NOT NULL AS level_ok,
                   d.further_extension_approved_at AS approved, d.further_extension_notified_at AS told FROM d),
      x AS (SELECT e.*, e.is_complex AND level_ok AND approved < end30 AND told < end30 AS counts FROM e)
      SELECT count(*) FILTER (WHERE broken AND t)::int AS both, count(*) FILTER (WHERE broken AND NOT t)::int AS data_only,
             count(*) FILTER (WHERE t AND NOT broken)::int AS truth_only, count(*) FILTER (WHERE counts AND reply_at >= end30)::int AS extended
        FROM (SELECT x.*, reply_at >= CASE WHEN NOT is_complex THEN end15 WHEN counts THEN end60 ELSE end30 END AS broken,
                     EXISTS (SELECT 1 FROM demo_truth t WHERE t.case_id = x.id AND t.rule = 'R04' AND t.policy = 'regulatory') AS t FROM x) y`)
    expect(r.both).toBeGreaterThan(0)
    expect(r.extended, 'cases decided after day 30 on an extension that counts').toBeGreaterThan(0)
    expect(r.data_only).toBe(0)
    expect(r.truth_only).toBe(0)
  })

  it('keeps the timeline of every case in order', async () => {
    const [r] = await q<{ bad: number }>(`
      SELECT count(*)::int AS bad FROM cases c
       WHERE c.accepted_at < c.received_at OR c.classified_at < c.accepted_at OR c.handled_at < c.classified_at
          OR c.reply_at < c.handled_at OR c.closed_at < c.reply_at
          OR c.further_extension_approved_at < c.received_at OR c.further_extension_notified_at < c.further_extension_approved_at`)
    expect(r.bad).toBe(0)
  })

  it('writes each timeline event at the instant the case records for that step', async () => {
    const [r] = await q<{ checked: number; off: number }>(`
      SELECT count(*)::int AS checked,
             count(*) FILTER (WHERE e.at IS DISTINCT FROM CASE e.kind WHEN 'received' THEN c.received_at WHEN 'accepted' THEN c.accepted_at
                                 WHEN 'handled' THEN c.handled_at WHEN 'closed' THEN c.closed_at END)::int AS off
        FROM case_events e JOIN cases c ON c.id = e.case_id
       WHERE e.kind IN ('received', 'accepted', 'handled', 'closed')`)
    expect(r.checked).toBe(N * 4)
    expect(r.off).toBe(0)
    const [seq] = await q<{ bad: number }>(`SELECT count(*)::int AS bad FROM (SELECT case_id, min(seq) AS lo, max(seq) AS hi, count(*) AS n FROM case_events GROUP BY case_id) s WHERE lo <> 1 OR hi <> n`)
    expect(seq.bad).toBe(0)
  })

  it('stores the search vector, sent in binary, exactly as the text form would read', async () => {
    const rows = await q<{ id: number; summary: string; request: string }>('SELECT id, summary, request FROM cases ORDER BY id LIMIT 200')
    const [r] = await q<{ same: number }>(
      `SELECT count(*)::int AS same FROM cases c JOIN unnest($1::int[], $2::tsvector[]) AS x(id, vec) ON x.id = c.id WHERE c.search_vec = x.vec`,
      [rows.map((x) => x.id), rows.map((x) => searchVector(x.summary, x.request))])
    expect(r.same).toBe(200)
  })

  it('rebuilds indexes and foreign keys after a bulk load', async () => {
    const shape = async () => (await q<{ idx: number; fk: number }>(`
      SELECT (SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema())::int AS idx,
             (SELECT count(*) FROM pg_constraint WHERE contype = 'f')::int AS fk`))[0]
    const before = await shape()
    const res = await seedArchive(ds, { seed: 9, cases: 500, bulk: true })
    expect(res.firstId).toBe(N + 1)
    expect(await shape()).toEqual(before)
    const [c] = await q<{ n: number }>('SELECT count(*)::int AS n FROM cases')
    expect(c.n).toBe(N + 500)
  })

  it('refuses to mix demo cases into an archive with other units, and writes nothing', async () => {
    await resetArchive(ds)
    await q(`INSERT INTO units (code, name, kind) VALUES ('X1', '外部机构', 'branch')`)
    await expect(seedArchive(ds, { seed: 7, cases: 100 })).rejects.toThrow(/units/)
    const [c] = await q<{ cases: number; units: number }>('SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM units)::int AS units')
    expect(c).toEqual({ cases: 0, units: 1 })
  })
})
