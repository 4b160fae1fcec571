// Issue 14 (import speed): an import's links to its cases (import_cases) are written by one statement whose keys
// are checked once for all its rows by statement triggers (migration 1764000000042), not by a foreign-key lookup
// per row. What the keys promised still holds, for the import and for every other writer: an import of N valid
// rows links exactly N cases with their outcome, invalid and rejected rows link nothing, a link to a case or an
// import that does not exist is refused (23503), deleting or emptying cases or imports takes their links along,
// and a case deleted while an import links it either waits for the import or makes it fail — never a dangling link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DataSource, QueryRunner } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runImport } from '../../src-main/import/run'
import { asOwner, connect, resetArchive } from './db'

let ds: DataSource
let unit: string
const dir = mkdtempSync(join(tmpdir(), 'dossier-import-links-'))
const HEADER = '投诉编号,投诉时间,办结时间,投诉渠道,机构代码,业务条线,业务类别,严重程度,客户投诉摘要,投诉请求,受理时间'

/** Cases `prefix`1…n; `summary(i)` varies a row, `bad` lists rows given an impossible date. */
function file(name: string, prefix: string, n: number, summary = (i: number): string => `网点排队时间过长第${i}号`, bad: number[] = []): string {
  const lines = [HEADER]
  for (let i = 1; i <= n; i++) {
    const day = bad.includes(i) ? '2025-02-30' : '2025-03-05'
    lines.push(`${prefix}${i},${day} 09:00,2025-03-05 17:00,电话,${unit},零售,服务质量投诉,一般投诉,${summary(i)},要求改进,2025-03-05 10:00`)
  }
  const f = join(dir, name)
  writeFileSync(f, lines.join('\n') + '\n')
  return f
}

/** The links of one import by outcome, and that each names a case of this file. */
async function links(importId: number | null, prefix: string): Promise<Record<string, number>> {
  const rows = (await ds.query(`SELECT l.outcome, count(*)::int AS n, count(*) FILTER (WHERE c.case_no LIKE $2)::int AS ours
    FROM import_cases l JOIN cases c ON c.id = l.case_id WHERE l.import_id = $1 GROUP BY 1`, [importId, `${prefix}%`])) as { outcome: string; n: number; ours: number }[]
  for (const r of rows) expect(r.ours).toBe(r.n)
  return Object.fromEntries(rows.map((r) => [r.outcome, r.n]))
}

/** A fresh import record to link to (as the owner: import_cases is the records office's). */
async function anImport(o: DataSource | QueryRunner): Promise<number> {
  const [r] = (await o.query(`INSERT INTO imports (kind, file_name, sha256, file_kind, actor, preset, mapping, options, host, pid, heartbeat_at, status, finished_at)
    VALUES ('cases', 'x.csv', repeat('0', 64), 'csv', 'tester', 'archive', '{}', '{}', 'h', 1, now(), 'failed', now()) RETURNING id`)) as { id: number }[]
  return r.id
}

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 14, cases: 20, workers: 0 })
  unit = (await ds.query(`SELECT code FROM units WHERE kind = 'sub_branch' ORDER BY id LIMIT 1`))[0].code
})
afterAll(async () => ds?.destroy())

describe('an import links its cases', () => {
  for (const [mode, bulkMin] of [['bulk', 10], ['case by case', 1_000_000]] as const) {
    it(`${mode}: N valid rows link exactly N cases as new; a re-import links changed and unchanged ones; invalid rows link nothing`, async () => {
      const p = mode === 'bulk' ? 'LB' : 'LC'
      const first = await runImport(ds, file(`${p}1.csv`, p, 40, undefined, [7, 8]), { actor: 'tester', bulkMin })
      expect(first.counts).toMatchObject({ read: 40, new: 38, invalid: 2 })
      expect(first.phases.write?.bulk).toBe(mode === 'bulk')
      expect(await links(first.importId, p)).toEqual({ new: 38 })
      // Rows 1–5 changed, 7 and 8 now valid (new), the rest as before.
      const second = await runImport(ds, file(`${p}2.csv`, p, 40, (i) => (i <= 5 ? `柜台服务态度差第${i}号` : `网点排队时间过长第${i}号`)), { actor: 'tester', bulkMin: 1_000_000 })
      expect(second.counts).toMatchObject({ new: 2, changed: 5, unchanged: 33 })
      expect(await links(second.importId, p)).toEqual({ new: 2, changed: 5, unchanged: 33 })
    })
  }

  it('a rejected import (all or nothing, one bad row) links nothing and writes no case', async () => {
    const before = (await ds.query('SELECT count(*)::int AS n FROM import_cases'))[0].n
    const r = await runImport(ds, file('LR.csv', 'LR', 30, undefined, [30]), { actor: 'tester', allOrNothing: true, bulkMin: 10 })
    expect(r.status).toBe('rejected')
    expect(await links(r.importId, 'LR')).toEqual({})
    expect((await ds.query('SELECT count(*)::int AS n FROM import_cases'))[0].n).toBe(before)
    expect((await ds.query(`SELECT count(*)::int AS n FROM cases WHERE case_no LIKE 'LR%'`))[0].n).toBe(0)
  })
})

describe('a case number written meanwhile by another writer', () => {
  it('fails the import whole with a message (it was counted new), instead of updating that case untrailed', async () => {
    await asOwner(async (o) => {
      const b = o.createQueryRunner()
      await b.connect()
      try {
        await b.query('BEGIN')
        await b.query(`CREATE TEMP TABLE other ON COMMIT DROP AS SELECT * FROM cases ORDER BY id LIMIT 1`)
        await b.query(`UPDATE other SET id = nextval(pg_get_serial_sequence('cases', 'id')), case_no = 'LX2'`)
        await b.query('INSERT INTO cases SELECT * FROM other')
        const before = (await ds.query('SELECT count(*)::int AS n FROM import_cases'))[0].n
        const p = runImport(ds, file('LX.csv', 'LX', 3), { actor: 'tester', bulkMin: 1_000_000 })
        p.catch(() => {})
        // The import counted LX2 new (the other row is not committed) and waits for it at its INSERT.
        let waiting = false
        for (let i = 0; i < 300 && !waiting; i++) {
          await new Promise((r) => setTimeout(r, 100))
          waiting = (await o.query(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()`))[0].n > 0
        }
        expect(waiting, 'the import waits at its INSERT').toBe(true)
        await b.query('COMMIT')
        await expect(p).rejects.toThrow(/同时写入/)
        expect((await ds.query(`SELECT array_agg(case_no ORDER BY case_no) AS c FROM cases WHERE case_no LIKE 'LX%'`))[0].c).toEqual(['LX2'])
        expect((await ds.query('SELECT count(*)::int AS n FROM import_cases'))[0].n).toBe(before)
        expect((await ds.query(`SELECT status FROM imports ORDER BY id DESC LIMIT 1`))[0].status).toBe('failed')
      } finally { await b.release() }
    })
  })
})

describe('the link keys hold for every writer (statement triggers, migration 42)', () => {
  const refused: [string, string, RegExp][] = [
    ['a link to a case that does not exist', `INSERT INTO import_cases (import_id, case_id, outcome) VALUES ($1, (SELECT max(id) FROM cases), 'new'), ($1, 2147483000, 'new')`, /case 2147483000 does not exist/],
    ['a link to an import that does not exist', `INSERT INTO import_cases (import_id, case_id, outcome) SELECT $1 + 100000, min(id), 'new' FROM cases`, /import \d+ does not exist/],
    ['a link moved to a case that does not exist', `UPDATE import_cases SET case_id = 2147483001 WHERE import_id = $1 AND case_id = (SELECT min(case_id) FROM import_cases WHERE import_id = $1)`, /case 2147483001 does not exist/]
  ]
  for (const [what, sql, message] of refused) {
    it(`refuses ${what} (23503), as the key did`, async () => {
      await asOwner(async (o) => {
        const id = await anImport(o)
        await o.query(`INSERT INTO import_cases (import_id, case_id, outcome) SELECT $1, id, 'new' FROM cases ORDER BY id LIMIT 3`, [id])
        const err = await o.query(sql, [id]).then(() => null, (e: { code?: string; message: string }) => e)
        expect(err?.code).toBe('23503')
        expect(err?.message).toMatch(message)
        expect((await o.query('SELECT count(*)::int AS n FROM import_cases WHERE import_id = $1', [id]))[0].n).toBe(3)
      })
    })
  }

  it('deleting a case or an import deletes its links; emptying the cases empties them', async () => {
    await asOwner(async (o) => {
      const id = await anImport(o)
      await o.query(`INSERT INTO import_cases (import_id, case_id, outcome) SELECT $1, id, 'new' FROM cases WHERE case_no LIKE 'LB%'`, [id])
      const gone = (await o.query(`SELECT id FROM cases WHERE case_no = 'LB1'`))[0].id
      await o.query('DELETE FROM cases WHERE id = $1', [gone])
      expect((await o.query('SELECT count(*)::int AS n FROM import_cases WHERE case_id = $1', [gone]))[0].n).toBe(0)
      expect((await o.query('SELECT count(*)::int AS n FROM import_cases WHERE import_id = $1', [id]))[0].n).toBe(39)
      await o.query('DELETE FROM imports WHERE id = $1', [id])
      expect((await o.query('SELECT count(*)::int AS n FROM import_cases WHERE import_id = $1', [id]))[0].n).toBe(0)
      // Rolled back: the next tests' archive stays.
      const qr = o.createQueryRunner()
      await qr.connect()
      try {
        await qr.query('BEGIN')
        await qr.query('TRUNCATE cases RESTART IDENTITY CASCADE')
        expect((await qr.query('SELECT count(*)::int AS n FROM import_cases'))[0].n).toBe(0)
        await qr.query('ROLLBACK')
      } finally { await qr.release() }
    })
  })

  it('a case deleted while an import links it waits for the import (and takes the link along); one deleted first fails the link', async () => {
    await asOwner(async (o) => {
      const [a, b] = [o.createQueryRunner(), o.createQueryRunner()]
      await a.connect(); await b.connect()
      try {
        const id = await anImport(o)
        const [{ id: x }, { id: y }] = (await o.query(`SELECT id FROM cases WHERE case_no IN ('LC1', 'LC2') ORDER BY case_no`)) as { id: number }[]
        // The link first: the delete waits for its transaction, then deletes the committed link too.
        await a.query('BEGIN')
        await a.query(`INSERT INTO import_cases (import_id, case_id, outcome) VALUES ($1, $2, 'new')`, [id, x])
        const bPid = (await b.query('SELECT pg_backend_pid() AS pid'))[0].pid
        const del = b.query('DELETE FROM cases WHERE id = $1', [x])
        let waiting = false
        for (let i = 0; i < 100 && !waiting; i++) {
          await new Promise((r) => setTimeout(r, 50))
          waiting = (await o.query(`SELECT wait_event_type = 'Lock' AS w FROM pg_stat_activity WHERE pid = $1`, [bPid]))[0]?.w === true
        }
        expect(waiting, 'the delete waits for the linking transaction').toBe(true)
        await a.query('COMMIT')
        await del
        expect((await o.query('SELECT count(*)::int AS n FROM import_cases WHERE case_id = $1', [x]))[0].n).toBe(0)
        // The delete first: the link waits for it, then is refused.
        await b.query('BEGIN')
        await b.query('DELETE FROM cases WHERE id = $1', [y])
        const link = a.query(`INSERT INTO import_cases (import_id, case_id, outcome) VALUES ($1, $2, 'new')`, [id, y]).then(() => null, (e: { code?: string }) => e.code)
        await new Promise((r) => setTimeout(r, 300))
        await b.query('COMMIT')
        expect(await link).toBe('23503')
        expect((await o.query('SELECT count(*)::int AS n FROM import_cases WHERE case_id = $1', [y]))[0].n).toBe(0)
      } finally { await a.release(); await b.release() }
    })
  })
})
