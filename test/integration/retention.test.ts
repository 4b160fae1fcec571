// Retention and anonymisation (issue 15 point 13; 个人信息保护法 第十九条, 第四十七条) on a seeded archive: the
// preview's counts are what SQL counts; anonymising leaves no name, phone or ID number of those cases anywhere
// in the database (cases, search index, timeline, offers, the trail's before/after…), keeps the trends and the
// quarterly figures exactly as they were, keeps the register and removes the issued personal-data files; the
// trail still verifies, and a redaction nobody recorded is caught.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { runDossier } from './cli-spawn'
import pg from 'pg'
import { inject } from 'vitest'
import { DateTime } from 'luxon'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { createUser } from '../../src-main/auth/users'
import { issueCaseDocument } from '../../src-main/documents/issue'
import { quarterlyFigures } from '../../src-main/stats/quarterly-figures'
import { verifyTrail } from '../../src-main/trail/chain'
import { anonymiseText, REMOVED } from '../../src-main/retention/anonymise'
import type { AnonymiseResult, Envelope, RetentionPreview } from '../../src-main/shared/contract'
import { asOwner, connect, resetArchive, signedInDispatch, testContext } from './db'

let ds: DataSource
let call: (channel: string, request: unknown) => Promise<Envelope<unknown>>
let documentsDir: string
let months: number
let old: { id: number; case_no: string; complainant_name: string | null; complainant_phone: string | null; complainant_id_no: string | null }[]
let marked: { id: number; name: string; phone: string; file: string }
const ok = <T>(env: Envelope<unknown>): T => { if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`); return env.data as T }

/** Every row of every table in public, as text, with its table: what a thorough reader of the database sees. */
async function everyRow(): Promise<{ tbl: string; row: string }[]> {
  return asOwner(async (owner) => {
    const tables = (await owner.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)) as { tablename: string }[]
    const out: { tbl: string; row: string }[] = []
    for (const { tablename } of tables) {
      for (const r of (await owner.query(`SELECT t::text AS row FROM "${tablename}" t`)) as { row: string }[]) out.push({ tbl: tablename, row: r.row })
    }
    return out
  })
}
const trendState = async (): Promise<string> => JSON.stringify(await ds.query(`SELECT * FROM trend_summary ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`)) +
  JSON.stringify(await ds.query(`SELECT * FROM trend_axis ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`)) + JSON.stringify(await ds.query(`SELECT count(*), sum(amount_involved) FROM cases`))

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 29, cases: 300 })
  const admin = await createUser(ds, { username: 'admin', displayName: '管理员', roles: ['admin'], password: 'Admin-Passw0rd' })
  const ctx = testContext(ds)
  documentsDir = ctx.documentsDir
  call = signedInDispatch(ctx, admin)
  // A period that puts about half the archive past it, counted from today as the app does.
  const [{ median }] = await ds.query(`SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY closed_at) AS median FROM cases`)
  months = Math.max(12, Math.floor(DateTime.now().diff(DateTime.fromJSDate(median), 'months').months))
  const cutoff = DateTime.now().setZone('Asia/Shanghai').minus({ months }).toJSDate()
  old = await ds.query(`SELECT id, case_no, complainant_name, complainant_phone, complainant_id_no FROM cases WHERE closed_at < $1 ORDER BY id`, [cutoff])
  // One old case with its own name and phone typed into its texts, a timeline note, an import's trail entry and an issued dossier.
  const c = old.find((x) => x.complainant_name && x.complainant_phone)!
  await ds.query(`UPDATE cases SET summary = summary || '（客户' || complainant_name || '，电话' || complainant_phone || '）', facts = '联系人 ' || complainant_name WHERE id = $1`, [c.id])
  await ds.query(`UPDATE case_events SET note = '客户' || $2 || '来电 ' || $3 WHERE case_id = $1 AND seq = 1`, [c.id, c.complainant_name, c.complainant_phone])
  await ds.transaction((em) => em.query(`INSERT INTO audit_trail (actor, entity, entity_id, action, before, after) VALUES ('import', 'case', $1, 'import_update', $2, $3)`,
    [String(c.id), JSON.stringify({ complainant_phone: '13800000000', complainant_name: c.complainant_name }), JSON.stringify({ complainant_phone: c.complainant_phone, complainant_name: c.complainant_name, severity: 'general' })]))
  const doc = await issueCaseDocument(ds, 'dossier', c.id, { outDir: documentsDir, actor: 'admin', reason: '档案移交' })
  marked = { id: c.id, name: c.complainant_name!, phone: c.complainant_phone!, file: doc.path }
})
afterAll(async () => ds?.destroy())

describe('retention period and anonymisation', () => {
  it('without a period nothing is past it and anonymising is refused', async () => {
    expect(ok<RetentionPreview>(await call('retention.preview', {}))).toMatchObject({ months: null, cases: 0 })
    const env = await call('retention.anonymise', { expectCases: 0 })
    expect(!env.ok && env.error.code).toBe('invalid_request')
  })

  it('setting the period is an administrator\'s change in the trail; the preview counts what SQL counts', async () => {
    const preview = ok<RetentionPreview>(await call('retention.save', { months, expectedVersion: null }))
    const [t] = await ds.query(`SELECT actor, action, after FROM audit_trail WHERE entity = 'setting' AND entity_id = 'retention'`)
    expect(t).toMatchObject({ actor: 'admin', action: 'create', after: { months, version: 1 } })
    expect(preview.cases).toBe(old.length)
    expect(preview.cases).toBeGreaterThan(50)
    const byField = Object.fromEntries(preview.fields.map((f) => [f.field, f.cases]))
    expect(byField.complainant_name).toBe(old.filter((c) => c.complainant_name).length)
    expect(byField.complainant_id_no).toBe(old.filter((c) => c.complainant_id_no).length)
    const [{ docs }] = await ds.query(`SELECT count(*)::int AS docs FROM documents WHERE case_id = ANY($1) AND doc_type IN ('dossier','registration')`, [old.map((c) => c.id)])
    expect(preview.documents).toBe(docs)
    expect(preview.trailEntries).toBe(1)
    // A stale version is a conflict.
    expect(await call('retention.save', { months: 60, expectedVersion: 7 })).toMatchObject({ ok: false, error: { code: 'conflict' } })
  })

  it('the CLI previews with --dry-run as a named administrator, changing nothing; anyone else is refused', async () => {
    const env = { DOSSIER_PASSWORD: 'Admin-Passw0rd' }
    const dry = await runDossier(['anonymise', '--before-retention', '--dry-run', '--as', 'admin'], { databaseUrl: inject('dbUrl'), env })
    expect(dry.stderr).toBe('')
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain(`前结案的 ${old.length} 件案件超过期限`)
    expect(await ds.query('SELECT 1 FROM cases WHERE anonymised_at IS NOT NULL')).toHaveLength(0)
    await createUser(ds, { username: 'chen.jing', displayName: '陈静', roles: ['reviewer'], password: 'Reviewer-Passw0rd' })
    const refused = await runDossier(['anonymise', '--before-retention', '--as', 'chen.jing'], { databaseUrl: inject('dbUrl'), env: { DOSSIER_PASSWORD: 'Reviewer-Passw0rd' } })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/只有管理员/)
    const anonymous = await runDossier(['anonymise', '--before-retention'], { databaseUrl: inject('dbUrl'), env })
    expect(anonymous.stderr).toMatch(/--as/)
  })

  it('anonymises in one go: nothing of those people remains, statistics stay exactly the same, the register stays and the trail verifies', async () => {
    const trendsBefore = await trendState()
    const quarter = DateTime.now().minus({ months: months + 3 })
    const q = { year: quarter.year, q: Math.ceil(quarter.month / 3) as 1 | 2 | 3 | 4 }
    const figuresBefore = JSON.stringify(await quarterlyFigures(ds, q))
    const registerBefore = await ds.query('SELECT * FROM documents ORDER BY id')
    // A count that is not the preview's is refused: what is anonymised is what was shown.
    expect(await call('retention.anonymise', { expectCases: old.length + 1 })).toMatchObject({ ok: false, error: { code: 'conflict' } })

    const done = ok<AnonymiseResult>(await call('retention.anonymise', { expectCases: old.length }))
    expect(done).toMatchObject({ cases: old.length, trailEntries: 1, documentsRemoved: 1 })

    const rows = await everyRow()
    // A person who also has a case still inside the period (a repeat complaint) keeps it there.
    const kept = new Set(((await ds.query(`SELECT complainant_phone AS p, complainant_id_no AS i, split_part(complainant_key, '|', 1) AS k FROM cases WHERE anonymised_at IS NULL`)) as { p: string; i: string; k: string }[]).flatMap((r) => [r.p, r.i, r.k]))
    const phones = old.map((c) => c.complainant_phone).filter((v): v is string => !!v && v.length >= 7 && !kept.has(v))
    const ids = old.map((c) => c.complainant_id_no).filter((v): v is string => !!v && v.length >= 8 && !kept.has(v))
    expect(phones.length).toBeGreaterThan(old.length / 2)
    const leaks = rows.filter((r) => phones.some((p) => r.row.includes(p)) || ids.some((i) => r.row.includes(i)))
    expect(leaks.map((l) => `${l.tbl}: ${[...phones, ...ids].filter((v) => l.row.includes(v)).map((v) => l.row.slice(Math.max(0, l.row.indexOf(v) - 80), l.row.indexOf(v) + 30)).join(" / ")}`)).toEqual([])
    // Names are short and shared by many: looked for in those cases' own rows and in their trail entries.
    const mine = await ds.query(`SELECT t::text AS row FROM cases t WHERE id = ANY($1)
      UNION ALL SELECT t::text FROM case_events t WHERE case_id = ANY($1)
      UNION ALL SELECT t::text FROM remediation_offers t WHERE case_id = ANY($1)
      UNION ALL SELECT t::text FROM audit_trail t WHERE entity = 'case' AND entity_id = ANY($2)`, [old.map((c) => c.id), old.map((c) => String(c.id))])
    const names = old.map((c) => c.complainant_name).filter((v): v is string => !!v && v.length >= 2)
    expect(mine.filter((r: { row: string }) => names.some((n) => r.row.includes(n))).map((r: { row: string }) => r.row.slice(0, 120))).toEqual([])
    // The search index no longer finds the person.
    const found = ok<{ rows: unknown[] }>(await call('cases.list', { filter: { text: marked.name } }))
    expect(found.rows.map((r) => (r as { id: number }).id)).not.toContain(marked.id)

    expect(await trendState()).toBe(trendsBefore)
    expect(JSON.stringify(await quarterlyFigures(ds, q))).toBe(figuresBefore)
    expect(await ds.query('SELECT * FROM documents ORDER BY id')).toEqual(registerBefore)
    expect(existsSync(marked.file)).toBe(false)
    const [{ id: docId }] = await ds.query(`SELECT id::int FROM documents WHERE case_id = $1`, [marked.id])
    expect(await call('documents.open', { id: docId, reason: '档案移交' })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/匿名化时删除/) } })
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM cases WHERE anonymised_at IS NOT NULL`)
    expect(n).toBe(old.length)
    const [record] = await ds.query(`SELECT actor, after FROM audit_trail WHERE entity = 'retention' AND action = 'anonymise'`)
    expect(record.actor).toBe('admin')
    expect(record.after.caseNos).toHaveLength(old.length)
    expect((await verifyTrail(ds)).broken).toBeNull()
    // Nothing left: the next preview finds none.
    expect(ok<RetentionPreview>(await call('retention.preview', {}))).toMatchObject({ cases: 0, alreadyAnonymised: old.length })
  })

  it('the app cannot redact the trail itself, and an entry edited and marked redacted without a record is caught', async () => {
    await expect(ds.query(`UPDATE audit_trail SET redacted_at = now() WHERE id = 1`)).rejects.toThrow()
    const admin = new pg.Client({ connectionString: inject('adminUrl') })
    await admin.connect()
    try {
      // A superuser with the flag set is still not the owner: refused by the guard.
      await expect(admin.query(`BEGIN; SELECT set_config('dossier.trail_redacting', 'on', true);
        UPDATE audit_trail SET redacted_at = now() WHERE id = (SELECT min(id) FROM audit_trail WHERE entity = 'setting'); COMMIT`)).rejects.toThrow(/只能追加/)
      await admin.query('ROLLBACK')
      await admin.query(`BEGIN; ALTER TABLE audit_trail DISABLE TRIGGER audit_trail_guard;
        UPDATE audit_trail SET after = '{"forged": true}', redacted_at = now() WHERE id = (SELECT min(id) FROM audit_trail WHERE entity = 'setting');
        ALTER TABLE audit_trail ENABLE TRIGGER audit_trail_guard; COMMIT`)
    } finally {
      await admin.end()
    }
    const v = await verifyTrail(ds)
    expect(v.broken).toMatchObject({ kind: 'content' })
    expect(v.broken!.message).toMatch(/没有匿名化记录/)
  })
})

describe('anonymiseText', () => {
  it.each([
    ['客户张三来电13912345678', ['张三', '13912345678'], `客户${REMOVED}来电${REMOVED}`],
    ['身份证350102199001011234，金额500元', [null], `身份证${REMOVED}，金额500元`],
    ['案件TS202500000123于2025-03-09受理', ['李四'], '案件TS202500000123于2025-03-09受理'],
    ['客户王五（电话 0591-87654321）', ['王五', '0591-87654321'], `客户${REMOVED}（电话 ${REMOVED}）`],
    [null, ['张三'], null]
  ] as [string | null, (string | null)[], string | null][])('%s', (text, own, want) => {
    expect(anonymiseText(text, own)).toBe(want)
  })
})
