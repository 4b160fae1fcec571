// Where each record kind is written, and how a staged row is compared with what the archive holds: the key
// it is matched by (a unit's or staff member's code; an offer's or measure's case and number), and per field
// the staged value, the archive's value (both as the user reads them: codes, not ids) and the column it
// writes. Only the fields the mapping provides are compared and written, so a file without a column leaves
// that column as it is.

export interface FieldTarget {
  /** The staged value as compared (an SQL expression over `s`, the staging row). */
  s: string
  /** The archive's value as compared (over `t`, the target row). */
  t: string
  /** The column written, and its value over `s`; absent when written by a step of its own (a unit's parent). */
  col?: string
  set?: string
}

export interface TargetSpec {
  table: string
  /** How a staged row finds its target row. */
  match: string
  fields: Record<string, FieldTarget>
  /** Columns every new row gets besides the compared fields (an offer's case and number). */
  fixed: { cols: string[]; vals: string[] }
  /** Trail entity of a row; marks on approved reviews for kinds that belong to a case. */
  trail: 'unit' | 'staff' | 'offer' | 'rectification'
  mark: boolean
}

const same = (col: string): FieldTarget => ({ s: `s.${col}`, t: `t.${col}`, col, set: `s.${col}` })
const staffRef = (key: string): FieldTarget => ({ s: `s.${key}`, t: `(SELECT x.code FROM staff x WHERE x.id = t.${key}_id)`, col: `${key}_id`, set: `s.${key}_id` })
const unitRef = (key: string, col = `${key}_id`): FieldTarget => ({ s: `s.${key}`, t: `(SELECT x.code FROM units x WHERE x.id = t.${col})`, col, set: `s.${key}_id` })

export const TARGETS: Record<'units' | 'staff' | 'offers' | 'rectifications', TargetSpec> = {
  units: {
    table: 'units', match: 't.code = s.code', trail: 'unit', mark: false,
    fields: { code: same('code'), name: same('name'), kind: same('kind'), region: same('region'), parent: { s: 's.parent', t: '(SELECT x.code FROM units x WHERE x.id = t.parent_id)' } },
    fixed: { cols: [], vals: [] }
  },
  staff: {
    table: 'staff', match: 't.code = s.code', trail: 'staff', mark: false,
    fields: { code: same('code'), name: same('name'), title: same('title'), unit: unitRef('unit') },
    fixed: { cols: [], vals: [] }
  },
  offers: {
    table: 'remediation_offers', match: 't.case_id = s.case_id AND t.source_ref = s.ref', trail: 'offer', mark: true,
    fields: {
      type: same('type'), amount: same('amount'), basis: same('basis'), approver: staffRef('approver'), approval_level: same('approval_level'),
      approved_at: same('approved_at'), customer_accepted: same('customer_accepted'), accepted_at: same('accepted_at'), due_at: same('due_at'),
      paid_at: same('paid_at'), settlement_signed_at: same('settlement_signed_at'), terms: same('terms')
    },
    fixed: { cols: ['case_id', 'source_ref'], vals: ['s.case_id', 's.ref'] }
  },
  rectifications: {
    table: 'rectifications', match: 't.case_id = s.case_id AND t.source_ref = s.ref', trail: 'rectification', mark: true,
    fields: { measure: same('measure'), owner_unit: unitRef('owner_unit'), due_on: same('due_on'), done_on: same('done_on') },
    fixed: { cols: ['case_id', 'source_ref'], vals: ['s.case_id', 's.ref'] }
  }
}
