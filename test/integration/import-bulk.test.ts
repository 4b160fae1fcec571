// Issue 14 (import speed): a large import writes in bulk — the archive's secondary indexes and foreign keys
// dropped for its writes and rebuilt once, the trend summaries and the legal list rebuilt once — inside its own
// transaction. Afterwards the archive has every index and key it had, the summaries equal a rebuild from
// scratch, the search finds the new cases, and a re-import changes nothing; a failing bulk import leaves the
// indexes and keys as they were. The same file written case by case (no bulk) gives the same archive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runImport } from '../../src-main/import/run'
import { asOwner, connect, resetArchive } from './db'

let ds: DataSource
let unit: string
const dir = mkdtempSync(join(tmpdir(), 'dossier-import-bulk-'))
const HEADER = '投诉编号,投诉时间,办结时间,投诉渠道,机构代码,业务条线,业务类别,严重程度,客户投诉摘要,投诉请求,受理时间'

/** `n` cases numbered from `prefix`1, spread over two months and three channels. */
function file(name: string, prefix: string, n: number, summary = '网点排队时间过长'): string {
  const lines = [HEADER]
  for (let i = 1; i <= n; i++) {
    const m = 3 + (i % 2)
    const d = String(1 + (i % 20)).padStart(2, '0')
    lines.push(`${prefix}${i},2025-0${m}-${d} 09:00,2025-0${m}-${d} 17:00,${['电话', '柜面', '信函'][i % 3]},${unit},零售,服务质量投诉,一般投诉,${summary}第${i}号,要求改进,2025-0${m}-${d} 10:00`)
  }
  const f = join(dir, name)
  writeFileSync(f, lines.join('\n') + '\n')
  return f
}

const SCHEMA = `SELECT (SELECT array_agg(indexdef ORDER BY indexdef) FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('cases', 'case_events', 'remediation_offers', 'rectifications', 'case_links', 'demo_truth')) AS indexes,
  (SELECT array_agg(conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) ORDER BY conrelid::regclass::text, conname) FROM pg_constraint WHERE contype = 'f'
     AND conrelid IN ('cases'::regclass, 'case_events'::regclass, 'remediation_offers'::regclass, 'rectifications'::regclass, 'case_links'::regclass, 'demo_truth'::regclass)) AS keys`
const SUMMARIES = `SELECT (SELECT coalesce(jsonb_agg(to_jsonb(m) ORDER BY m.month, m.unit_id, m.category), '[]') FROM trend_month m) AS month,
  (SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY to_jsonb(s)::text), '[]') FROM trend_summary s) AS summary`
/** The summaries as kept, and as a rebuild from scratch makes them (rolled back). */
async function summariesAndRebuild(): Promise<[unknown, unknown]> {
  return asOwner(async (o) => {
    const qr = o.createQueryRunner()
    await qr.connect()
    try {
      const kept = (await qr.query(SUMMARIES))[0]
      await qr.query('BEGIN')
      await qr.query('SELECT dossier_trends_rebuild()')
      const rebuilt = (await qr.query(SUMMARIES))[0]
      await qr.query('ROLLBACK')
      return [kept, rebuilt]
    } finally { await qr.release() }
  })
}

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 14, cases: 50, workers: 0 })
  unit = (await ds.query(`SELECT code FROM units WHERE kind = 'sub_branch' ORDER BY id LIMIT 1`))[0].code
})
afterAll(async () => ds?.destroy())

describe('bulk write', () => {
  it('writes 300 new cases in bulk: indexes and keys as before, summaries equal a rebuild, search finds them, a re-import changes nothing', async () => {
    const schema = (await ds.query(SCHEMA))[0]
    const f = file('bulk.csv', 'BK', 300, '理财赎回到账延迟')
    const r = await runImport(ds, f, { actor: 'tester', bulkMin: 100 })
    expect(r.counts).toMatchObject({ read: 300, new: 300, invalid: 0 })
    expect(r.phases.write?.bulk).toBe(true)
    expect((await ds.query(SCHEMA))[0]).toEqual(schema)
    const [kept, rebuilt] = await summariesAndRebuild()
    expect(kept).toEqual(rebuilt)
    expect((await ds.query(`SELECT sum(cases)::int AS n FROM trend_month`))[0].n).toBe(350)
    // The search index was rebuilt with the new cases in it (the planner may use it: the case list's search).
    const found = await ds.query(`SELECT count(*)::int AS n FROM cases WHERE search_vec @@ to_tsquery('simple', '赎回')`)
    expect(found[0].n).toBe(300)
    expect((await ds.query(`SELECT count(*)::int AS n FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.case_no LIKE 'BK%'`))[0].n).toBe(900)
    const again = await runImport(ds, f, { actor: 'tester', bulkMin: 100 })
    expect(again.counts).toMatchObject({ new: 0, changed: 0, unchanged: 300 })
    expect(again.phases.write?.bulk).toBe(false)
  })

  it('the same file written in bulk and case by case gives the same cases, timelines and summaries', async () => {
    const pick = `SELECT c.case_no, c.received_at, c.closed_at, c.channel, c.unit_id, c.summary, c.search_vec::text AS sv,
        (SELECT array_agg(e.kind || '@' || e.at ORDER BY e.seq) FROM case_events e WHERE e.case_id = c.id) AS events
      FROM cases c WHERE c.case_no LIKE $1 ORDER BY c.received_at, c.case_no`
    const a = await runImport(ds, file('a.csv', 'PA', 120), { actor: 'tester', bulkMin: 100 })
    const b = await runImport(ds, file('b.csv', 'PB', 120), { actor: 'tester', bulkMin: 1_000_000 })
    expect([a.phases.write?.bulk, b.phases.write?.bulk]).toEqual([true, false])
    const strip = (rows: { case_no: string }[]): unknown[] => rows.map((x) => ({ ...x, case_no: x.case_no.slice(2) }))
    expect(strip(await ds.query(pick, ['PA%']))).toEqual(strip(await ds.query(pick, ['PB%'])))
    const [kept, rebuilt] = await summariesAndRebuild()
    expect(kept).toEqual(rebuilt)
  })

  it('a bulk import that fails after dropping the indexes leaves them, the keys and the archive as they were', async () => {
    const schema = (await ds.query(SCHEMA))[0]
    const snapshot = `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS events, (SELECT count(*) FROM import_cases)::int AS links`
    const before = (await ds.query(snapshot))[0]
    // Another session holds import_cases, so the import waits at its last write — after the indexes and keys were
    // dropped and rebuilt and the cases written — and is cancelled there by the server.
    await asOwner(async (o) => {
      const qr = o.createQueryRunner()
      await qr.connect()
      try {
        await qr.query('BEGIN')
        await qr.query('LOCK TABLE import_cases IN SHARE MODE')
        const p = runImport(ds, file('fail.csv', 'FX', 150), { actor: 'tester', bulkMin: 100 })
        p.catch(() => {})
        let pid: number | undefined
        for (let i = 0; i < 300 && !pid; i++) {
          await new Promise((r) => setTimeout(r, 100))
          ;[{ pid } = { pid: undefined }] = await ds.query(`SELECT pid FROM pg_locks WHERE relation = 'import_cases'::regclass AND NOT granted`)
        }
        expect(pid, 'the import reached its last write').toBeDefined()
        // The app's own role may cancel its own sessions' statements.
        await ds.query('SELECT pg_cancel_backend($1)', [pid])
        await expect(p).rejects.toThrow(/cancel/i)
        await qr.query('ROLLBACK')
      } finally { await qr.release() }
    })
    expect((await ds.query(SCHEMA))[0]).toEqual(schema)
    expect((await ds.query(snapshot))[0]).toEqual(before)
    expect((await ds.query(`SELECT status FROM imports ORDER BY id DESC LIMIT 1`))[0].status).toBe('failed')
  })
})
