// `dossier audit --input` judges by the database's policy sets and calendar (what an administrator changed),
// and `audit --score --from --to` scores the period, not the whole archive.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { scoreAgainstTruth } from '../../src-main/audit/score'
import { RULES } from '../../src-main/audit/rules'
import { connect, resetArchive } from './db'
import { REPO, runDossier } from './cli-spawn'

let ds: DataSource
let dir: string
beforeAll(async () => {
  ds = await connect()
  dir = mkdtempSync(join(tmpdir(), 'dossier-cli-audit-'))
})
afterAll(async () => {
  await ds?.destroy()
  rmSync(dir, { recursive: true, force: true })
})

interface RuleOut { code: string; internal: { status: string; evidence: Record<string, unknown> } }
interface AuditJson { cases: { caseNo: string; rules: RuleOut[] }[] }

describe('audit --input under the database reference data', () => {
  // The fixture's general case, received Mon 2025-06-09 10:00 (7 working days), handled Thu 06-19 10:00:
  // late under the built-in calendar (deadline 06-18), on time if Tue 06-10 is a holiday (deadline 06-19).
  // Its complex case (15 working days, handled 2025-10-20) is on time, and late if the limit is 5 days.
  const fixture = JSON.parse(readFileSync(join(REPO, 'test/fixtures/audit-input.json'), 'utf8')) as { cases: { caseNo: string; events: { kind: string; at: string }[] }[] }
  const later: Record<string, string> = { handled: '2025-06-19 10:00', replied: '2025-06-19 11:00', offer_accepted: '2025-06-19 11:05', offer_paid: '2025-06-20 09:00', revisited: '2025-06-20 10:00', closed: '2025-06-20 11:00' }
  const general = { ...fixture.cases[0], events: fixture.cases[0].events.map((e) => ({ ...e, at: later[e.kind] ?? e.at })) }
  const complex = fixture.cases[1]
  const r04 = (json: AuditJson, caseNo: string): RuleOut['internal'] => json.cases.find((c) => c.caseNo === caseNo)!.rules.find((r) => r.code === 'R04')!.internal
  const audit = async (file: string): Promise<AuditJson> => {
    const res = await runDossier(['audit', '--input', file, '--json'], { databaseUrl: inject('dbUrl') })
    expect(res.stderr).toBe('')
    return JSON.parse(res.stdout) as AuditJson
  }

  it('sees a holiday added and a limit changed in the database', async () => {
    const file = join(dir, 'two.json')
    writeFileSync(file, JSON.stringify({ cases: [general, complex] }))
    const before = await audit(file)
    expect(r04(before, general.caseNo)).toMatchObject({ status: 'fail', evidence: { deadline: '2025-06-18 23:59' } })
    expect(r04(before, complex.caseNo)).toMatchObject({ status: 'pass', evidence: { limit: '15 个工作日' } })

    const [{ params }] = await ds.query(`SELECT params FROM policy_sets WHERE code = 'internal-2020'`)
    // Since the calendar lift, a loaded day also names its notice's year.
    const [{ noticeYear }] = await ds.query(`SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'calendar_days' AND column_name = 'notice_year') AS "noticeYear"`)
    try {
      await ds.query(`UPDATE policy_sets SET params = jsonb_set(params, '{complexHandleWorkdays}', '5') WHERE code = 'internal-2020'`)
      await ds.query(noticeYear
        ? `INSERT INTO calendar_days (day, kind, name, notice_year) VALUES ('2025-06-10', 'holiday', '测试假日', 2025)`
        : `INSERT INTO calendar_days (day, kind, name) VALUES ('2025-06-10', 'holiday', '测试假日')`)
      const after = await audit(file)
      expect(r04(after, general.caseNo)).toMatchObject({ status: 'pass', evidence: { deadline: '2025-06-19 23:59' } })
      expect(r04(after, complex.caseNo)).toMatchObject({ status: 'fail', evidence: { limit: '5 个工作日' } })
    } finally {
      await ds.query(`DELETE FROM calendar_days WHERE day = '2025-06-10'`)
      await ds.query(`UPDATE policy_sets SET params = $1 WHERE code = 'internal-2020'`, [params])
    }
  })
})

describe('audit --score over a period', () => {
  // The truth as the test reads it: per rule, the injected violations and internal fails of the demo cases
  // received in [from, to) (China days), counted in JavaScript from the rows.
  // (demo_truth also records regulatory truth, in its policy column: the internal rows are compared.)
  async function expected(from: string, to: string): Promise<{ code: string; injected: number; flagged: number; truePositives: number }[]> {
    const rows: { id: number; internal: string; truth: string[] }[] = await ds.query(`
      SELECT c.id, a.internal, coalesce(array_agg(t.rule) FILTER (WHERE t.rule IS NOT NULL), '{}') AS truth
        FROM cases c JOIN audit_results a ON a.case_id = c.id LEFT JOIN demo_truth t ON t.case_id = c.id AND t.policy = 'internal'
       WHERE c.is_demo AND (c.received_at AT TIME ZONE 'Asia/Shanghai')::date >= $1::date AND (c.received_at AT TIME ZONE 'Asia/Shanghai')::date < $2::date
       GROUP BY c.id, a.internal`, [from, to])
    return RULES.map((r, i) => {
      const flagged = rows.filter((c) => c.internal[i] === 'F')
      const injected = rows.filter((c) => c.truth.includes(r.code))
      return { code: r.code, injected: injected.length, flagged: flagged.length, truePositives: injected.filter((c) => c.internal[i] === 'F').length }
    })
  }

  it('scores only the cases received in the period', async () => {
    await resetArchive(ds)
    await seedArchive(ds, { seed: 5, cases: 800 })
    await runAudit(ds, { actor: 'test' })
    const [{ first, split, end }] = await ds.query(`
      SELECT min(d)::text AS first, (percentile_disc(0.5) WITHIN GROUP (ORDER BY d))::text AS split, (max(d) + 1)::text AS end
        FROM (SELECT (received_at AT TIME ZONE 'Asia/Shanghai')::date AS d FROM cases) s`)
    const strip = (s: { code: string; policy?: string; injected: number; flagged: number; truePositives: number }[]): unknown[] =>
      s.filter((r) => (r.policy ?? 'internal') === 'internal').map(({ code, injected, flagged, truePositives }) => ({ code, injected, flagged, truePositives }))
    const early = await scoreAgainstTruth(ds, { from: first, to: split })
    const late = await scoreAgainstTruth(ds, { from: split, to: end })
    expect(strip(early)).toEqual(await expected(first, split))
    expect(strip(late)).toEqual(await expected(split, end))
    // The two halves have different truths, and together they are the whole archive.
    expect(early.map((s) => s.injected)).not.toEqual(late.map((s) => s.injected))
    const whole = await scoreAgainstTruth(ds)
    expect(whole.map((s) => s.injected)).toEqual(early.map((s, i) => s.injected + late[i].injected))

    // The CLI passes its period on: the 注入 column of `audit --score` is the period's.
    const res = await runDossier(['audit', '--from', split, '--to', end, '--quiet', '--score'], { databaseUrl: inject('dbUrl') })
    expect(res.code).toBe(0)
    const lines = res.stdout.split('\n')
    // Rows read `R01 内部       7 …`: rule, policy set, then the injected count.
    const table = lines.slice(lines.findIndex((l) => /^规则\s+注入/.test(l)) + 1).filter((l) => /^R\d\d /.test(l)).map((l) => Number(l.split(/\s+/)[2]))
    expect(table).toEqual(late.map((s) => s.injected))
  })
})
