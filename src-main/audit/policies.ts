// Policy parameter sets by effective date: a case is judged by the sets in force on the day it was received.
import type { DataSource } from 'typeorm'
import { loadMatrices } from '../legal/matrix-read'
import { createHash } from 'node:crypto'
import type { InternalPolicyParams, RegulatoryPolicyParams } from '../db/policy-defaults'
import { INITIAL_POLICY_SETS } from '../db/policy-defaults'
import { PRC_CALENDAR } from '../calendar/prc-holidays'
import { WorkingCalendar } from '../calendar/working-days'
import { loadCalendar } from '../calendar/calendar-store'
import type { PolicyInForce } from './facts'
import { cstDate } from './time'
import { policySetShortName } from '../shared/policy-names'
import { AuthorityBook, authorityKey, matrixFromBranchLimit, type AuthorityMatrix } from '../legal/authority'

export interface PolicySetRow {
  id: number | null
  code: string
  kind: 'internal' | 'regulatory'
  title: string
  effectiveFrom: string
  effectiveTo: string | null
  params: InternalPolicyParams | RegulatoryPolicyParams
}

export class PolicyBook {
  private readonly byKind: Record<'internal' | 'regulatory', PolicySetRow[]>
  /** Identifies this exact set of parameters: stored with each audit run, so a change is noticed. */
  readonly fingerprint: string

  private readonly views = new Map<PolicySetRow, PolicyInForce<InternalPolicyParams | RegulatoryPolicyParams>>()

  /** The authority matrices (审批权限矩阵) R08 and R13 judge offers by, on each offer's approval day. */
  readonly authority: AuthorityBook

  /** Without `matrices`, one matrix per internal set from its branch limit (as migration 20 seeds them). */
  constructor(readonly sets: readonly PolicySetRow[], matrices?: readonly AuthorityMatrix[]) {
    for (const s of sets) this.views.set(s, { id: s.id, code: s.code, title: s.title, params: s.params })
    const sorted = [...sets].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
    this.byKind = { internal: sorted.filter((s) => s.kind === 'internal'), regulatory: sorted.filter((s) => s.kind === 'regulatory') }
    this.authority = new AuthorityBook(matrices ?? this.byKind.internal.map((s) =>
      matrixFromBranchLimit(s.effectiveFrom, `审批权限矩阵（据${policySetShortName({ code: s.code, title: s.title, effective_from: s.effectiveFrom, version: 1 })}分行审批权限）`, (s.params as InternalPolicyParams).branchApprovalLimit)))
    this.fingerprint = createHash('sha256').update(JSON.stringify([sorted.map((s) => [s.code, s.kind, s.effectiveFrom, s.effectiveTo, s.params]), authorityKey(this.authority)])).digest('hex').slice(0, 16)
  }

  inForce(kind: 'internal', receivedAt: number): PolicyInForce<InternalPolicyParams> | null
  inForce(kind: 'regulatory', receivedAt: number): PolicyInForce<RegulatoryPolicyParams> | null
  inForce(kind: 'internal' | 'regulatory', receivedAt: number): PolicyInForce<InternalPolicyParams | RegulatoryPolicyParams> | null {
    const day = cstDate(receivedAt)
    const list = this.byKind[kind]
    for (let i = list.length - 1; i >= 0; i--) {
      const s = list[i]
      if (s.effectiveFrom <= day && (s.effectiveTo === null || day <= s.effectiveTo)) return this.views.get(s)!
    }
    return null
  }
}

/** The sets and calendar the migrations load, for auditing a JSON file without a database. */
export function builtInReference(): { book: PolicyBook; calendar: WorkingCalendar } {
  const book = new PolicyBook(INITIAL_POLICY_SETS.map((s) => ({ id: null, code: s.code, kind: s.kind, title: s.title, effectiveFrom: s.effectiveFrom, effectiveTo: null, params: s.params })))
  return { book, calendar: new WorkingCalendar(PRC_CALENDAR) }
}

/** The sets and calendar as the database holds them (administrators may have added sets or years). */
export async function loadReference(ds: DataSource): Promise<{ book: PolicyBook; calendar: WorkingCalendar }> {
  const rows: { id: number; code: string; kind: 'internal' | 'regulatory'; title: string; effective_from: string; effective_to: string | null; params: PolicySetRow['params'] }[] =
    await ds.query('SELECT id, code, kind, title, effective_from, effective_to, params FROM policy_sets WHERE superseded_at IS NULL ORDER BY effective_from, id')
  const book = new PolicyBook(rows.map((r) => ({ id: r.id, code: r.code, kind: r.kind, title: r.title, effectiveFrom: r.effective_from, effectiveTo: r.effective_to, params: r.params })), await loadMatrices(ds))
  return { book, calendar: await loadCalendar(ds) }
}
