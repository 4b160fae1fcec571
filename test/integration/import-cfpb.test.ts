// Issue 14: the US CFPB consumer complaint database, in its published spelling (18 and 19 columns) and its
// lower-case intake spelling: mapped as far as it goes, in-progress rows skipped and reported, N/A read as
// empty, units made per state, the cases marked with what the source lacks — and the audit says
// cannot_tell, never fail, for the rules that need facts the CFPB does not publish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { runAudit } from '../../src-main/audit/batch'
import { runImport } from '../../src-main/import/run'
import { connect, resetArchive } from './db'

let ds: DataSource
const dir = mkdtempSync(join(tmpdir(), 'dossier-cfpb-'))
const PUBLISHED = ['Date received', 'Product', 'Sub-product', 'Issue', 'Sub-issue', 'Consumer complaint narrative', 'Company public response', 'Company',
  'State', 'ZIP code', 'Tags', 'Consumer consent provided?', 'Submitted via', 'Date sent to company', 'Company response to consumer', 'Timely response?',
  'Consumer disputed?', 'Complaint ID']
const INTAKE = ['date_received', 'product', 'sub_product', 'issue', 'sub_issue', 'complaint_what_happened', 'company_public_response', 'company', 'state',
  'zip_code', 'tags', 'consumer_consent_provided', 'submitted_via', 'date_sent_to_company', 'company_response', 'timely', 'consumer_disputed', 'complaint_id']
const ROWS = [
  ['2019-09-24', 'Credit card or prepaid card', 'General-purpose credit card or charge card', 'Problem with a purchase shown on your statement', 'Credit card company isn\'t resolving a dispute about a purchase on your statement',
    'I disputed a charge of $450 and, after "investigating", the bank\nsaid it was valid.', 'Company has responded to the consumer and the CFPB and chooses not to provide a public response', 'BIG BANK', 'CA', '90210', 'N/A', 'Consent provided', 'Web', '2019-09-24', 'Closed with explanation', 'Yes', 'N/A', '3384392'],
  ['09/25/19', 'Debt collection', 'I do not know', 'Attempts to collect debt not owed', 'Debt is not yours', 'N/A', 'N/A', 'COLLECTOR INC', 'TX', '75001', 'Servicemember', 'N/A', 'Referral', '09/27/19', 'Closed with monetary relief', 'Yes', 'No', '3384500'],
  ['2019-09-26', 'Mortgage', 'Conventional home mortgage', 'Trouble during payment process', '', '', '', 'HOME LOANS LLC', '', '', '', '', 'Phone', '2019-09-26', 'In progress', 'Yes', 'N/A', '3384611'],
  ['2019-09-27', 'Checking or savings account', 'Checking account', 'Managing an account', 'Deposits and withdrawals', '', '', 'BIG BANK', 'CA', '90001', '', '', 'Postal mail', '2019-09-30', 'Closed with non-monetary relief', 'No', 'Yes', '3384722']
]
const q = (c: string): string => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)
const write = (name: string, header: string[], rows: string[][]): string => {
  const file = join(dir, name)
  writeFileSync(file, [header, ...rows].map((r) => r.map(q).join(',')).join('\n') + '\n')
  return file
}

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
})
afterAll(async () => ds?.destroy())

describe('CFPB consumer complaint CSV', () => {
  it('the published 18-column spelling: mapped, in-progress skipped and reported, N/A empty, units per state', async () => {
    const r = await runImport(ds, write('complaints.csv', PUBLISHED, ROWS), { actor: 'tester' })
    expect(r.preset).toBe('cfpb')
    expect(r.counts).toEqual({ read: 4, new: 3, changed: 0, unchanged: 0, invalid: 0, skipped: 1 })
    expect(r.skipped).toEqual([{ line: 5, reason: '公司仍在处理中（Company response to consumer：In progress），Dossier 只收办结案件' }])
    const cases = await ds.query(`SELECT c.case_no, c.channel, c.is_direct, c.business_line, c.category, c.severity, c.summary, c.request, c.resolution, c.complained_object,
        c.rereview_requested, u.code AS unit, c.source_note, to_char(c.closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS closed,
        (SELECT string_agg(kind, ',' ORDER BY seq) FROM case_events e WHERE e.case_id = c.id) AS steps
      FROM cases c JOIN units u ON u.id = c.unit_id ORDER BY c.case_no`)
    expect(cases[0]).toMatchObject({
      case_no: '3384392', channel: 'online', is_direct: true, business_line: 'credit_card', severity: 'general', unit: 'US-CA', complained_object: 'BIG BANK',
      summary: 'I disputed a charge of $450 and, after "investigating", the bank\nsaid it was valid.', closed: '2019-09-24 00:00', steps: 'received,assigned,closed', rereview_requested: false
    })
    expect(cases[0].resolution).toMatch(/^Closed with explanation｜Company has responded.*｜Timely response: Yes$/)
    // N/A narrative: the issue stands in as the summary; Referral is a regulator's transfer (indirect).
    expect(cases[1]).toMatchObject({ case_no: '3384500', channel: 'regulator', is_direct: false, business_line: 'retail', category: 'product', unit: 'US-TX', summary: 'Attempts to collect debt not owed / Debt is not yours' })
    expect(cases[2]).toMatchObject({ case_no: '3384722', channel: 'letter', rereview_requested: true, category: 'clearing' })
    expect(cases[0].source_note.standins.closed_at).toMatch(/Date sent to company/)
    expect(cases[0].source_note.missing).toContain('accepted_at')
  })

  it('the audit says cannot_tell, never fail, where the CFPB publishes nothing', async () => {
    await runAudit(ds, { actor: 'tester', reason: 'on_demand' })
    const rows = await ds.query('SELECT c.case_no, r.internal, r.regulatory FROM audit_results r JOIN cases c ON c.id = r.case_id ORDER BY c.case_no')
    expect(rows).toHaveLength(3)
    for (const r of rows) {
      expect(r.internal, r.case_no).not.toContain('F')
      expect(r.regulatory, r.case_no).not.toContain('F')
      expect(r.internal[0]).toBe('U') // R01: no acceptance time published
      expect(r.internal[10]).toBe('U') // R11: severity is a stand-in
    }
  })

  it('the 19-column version and the lower-case intake spelling map the same', async () => {
    const withTag = write('complaints19.csv', [...PUBLISHED.slice(0, 11), 'Event tag', ...PUBLISHED.slice(11)], ROWS.map((r) => [...r.slice(0, 11), 'N/A', ...r.slice(11)]))
    const r19 = await runImport(ds, withTag, { actor: 'tester' })
    expect(r19.counts).toEqual({ read: 4, new: 0, changed: 0, unchanged: 3, invalid: 0, skipped: 1 })
    const intake = await runImport(ds, write('intake.csv', INTAKE, ROWS), { actor: 'tester', mapping: 'cfpb' })
    expect(intake.preset).toBe('cfpb')
    expect(intake.counts).toEqual({ read: 4, new: 0, changed: 0, unchanged: 3, invalid: 0, skipped: 1 })
  })
})
