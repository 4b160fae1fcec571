import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import type { PoolClient } from 'pg'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { loadCaseFacts } from '../../src-main/audit/archive-reader'
import { parseCaseFile } from '../../src-main/audit/input'
import { reindexArchive } from '../../src-main/cases/reindex'
import { idCheckCharacter } from '../../src-main/text/identity'
import { asOwner, connect, resetArchive } from './db'

// Issue 9 item 5: the same complainant written two ways is found as a repeat by the batch audit, the
// single-case audit and the audit of a JSON file alike.
const BODY = '65010219870315204'
const ID18 = BODY + idCheckCharacter(BODY)
const ID15 = ID18.slice(0, 6) + ID18.slice(8, 17)
const WRITINGS: [string, string][] = [
  ['阿依古丽·买买提', ID18], // U+00B7
  ['阿依古丽•买买提', ID15], // U+2022, the old 15-digit number
  [' 阿依古麗・買買提 ', ID18.toLowerCase().replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))] // traditional, katakana dot, full width, x
]

let ds: DataSource
let cases: { id: number; case_no: string }[] = []

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 33, cases: 800 })
  // Three cases received one after another become the same person about the same unit and category.
  cases = await ds.query(`SELECT id, case_no, unit_id, category FROM cases WHERE NOT is_anonymous ORDER BY received_at, id OFFSET 100 LIMIT 3`)
  const [first] = await ds.query('SELECT unit_id, category FROM cases WHERE id = $1', [cases[0].id])
  for (const [i, [name, idNo]] of WRITINGS.entries()) {
    await ds.query(`UPDATE cases SET complainant_name = $2, complainant_id_no = $3, unit_id = $4, category = $5, repeat_of_id = NULL WHERE id = $1`,
      [cases[i].id, name, idNo, first.unit_id, first.category])
  }
  // Their identity keys are written as the migration writes them for an existing archive.
  await asOwner(async (owner) => {
    const qr = owner.createQueryRunner()
    try {
      await reindexArchive((await qr.connect()) as PoolClient)
    } finally {
      await qr.release()
    }
    await owner.query('TRUNCATE audit_results, audit_runs RESTART IDENTITY CASCADE')
  })
})
afterAll(async () => ds?.destroy())

describe('the same complainant however written (R15)', () => {
  it('stores one complainant key for the three writings', async () => {
    const keys: { complainant_key: string }[] = await ds.query('SELECT complainant_key FROM cases WHERE id = ANY($1)', [cases.map((c) => c.id)])
    expect(new Set(keys.map((k) => k.complainant_key))).toEqual(new Set([`${ID18}|阿依古丽买买提`]))
  })

  it('finds each earlier case in the batch audit', async () => {
    await runAudit(ds, { actor: 'test' })
    const rows: { case_id: number; earlier_case_no: string | null; internal: string }[] = await ds.query(
      'SELECT case_id, earlier_case_no, internal FROM audit_results WHERE case_id = ANY($1) ORDER BY case_id', [cases.map((c) => c.id)])
    const byId = new Map(rows.map((r) => [r.case_id, r]))
    expect(byId.get(cases[0].id)!.earlier_case_no).toBeNull()
    expect(byId.get(cases[1].id)!.earlier_case_no).toBe(cases[0].case_no)
    expect(byId.get(cases[2].id)!.earlier_case_no).toBe(cases[1].case_no)
    // R15 (the 15th letter) fails: a repeat not linked to the earlier case.
    expect(byId.get(cases[2].id)!.internal[14]).toBe('F')
  })

  it('finds it for one case never audited (the single-case lookup)', async () => {
    await ds.query('DELETE FROM audit_results WHERE case_id = ANY($1)', [cases.map((c) => c.id)])
    expect((await loadCaseFacts(ds, cases[1].id))!.earlierSameMatter).toBe(cases[0].case_no)
    expect((await loadCaseFacts(ds, cases[2].id))!.earlierSameMatter).toBe(cases[1].case_no)
    expect((await loadCaseFacts(ds, cases[0].id))!.earlierSameMatter).toBeNull()
  })

  it('finds it among the cases of a JSON file', async () => {
    const json = JSON.parse(await readFile('test/fixtures/audit-input.json', 'utf8')) as { cases: { complainant: { name: string; idNo: string } }[] }
    json.cases[0].complainant = { ...json.cases[0].complainant, name: WRITINGS[0][0], idNo: WRITINGS[0][1] }
    json.cases[2].complainant = { ...json.cases[2].complainant, name: WRITINGS[2][0], idNo: WRITINGS[1][1] }
    const { facts, invalid } = parseCaseFile(json)
    expect(invalid).toEqual([])
    expect(facts[2].earlierSameMatter).toBe('TS2025EX000001')
    json.cases[2].complainant.idNo = ID18.slice(0, 16) + '0X'
    expect(parseCaseFile(json).facts[2].earlierSameMatter).toBeNull()
  })
})
