// Runs the sixteen rules on one case under the internal policy and the regulatory floor in force on the
// day of receipt. Pure: the same call serves the batch audit, the review screen and `dossier audit --input`.
import type { WorkingCalendar } from '../calendar/working-days'
import type { AuditFacts, RuleContext } from './facts'
import type { PolicyBook } from './policies'
import { RULES } from './rules'
import { applyInversions, timelineInversions, type TimelineInversion } from './timeline-order'
import { applySourceGaps } from './source-gaps'
import { cannotTell, notApplicable } from './time'
import { STATUS_LETTER, type RuleResult } from './types'

export interface RuleOutcome { code: string; internal: RuleResult; regulatory: RuleResult }

export interface CaseAudit {
  caseId: number | null
  caseNo: string
  policySets: { internal: string | null; regulatory: string | null }
  rules: RuleOutcome[]
  /** The earliest year whose 节假日安排 a limit of this case still waits on (a rule said cannot_tell for it), else null. */
  calendarMissingYear: number | null
  /** Steps recorded in the wrong order (timeline-order.ts); the rules standing on them say cannot_tell. */
  inversions: readonly TimelineInversion[]
}

const NOT_REGULATED = notApplicable('监管规定未对此项作出要求')
const NO_REGULATORY_SET = notApplicable('受理日尚无有效的监管规定（银保监会令2020年第3号自2020-03-01施行）')
const NO_INTERNAL_SET = cannotTell('受理日无有效的内部制度版本')

export function auditCase(f: AuditFacts, book: PolicyBook, calendar: WorkingCalendar): CaseAudit {
  const internal = book.inForce('internal', f.receivedAt)
  const regulatory = book.inForce('regulatory', f.receivedAt)
  const ctx = { calendar, internal, regulatory, authority: book.authority } as RuleContext
  const inversions = timelineInversions(f)
  const rules = RULES.map((rule): RuleOutcome => {
    return {
      code: rule.code,
      internal: internal ? rule.internal(f, ctx) : NO_INTERNAL_SET,
      regulatory: !regulatory ? NO_REGULATORY_SET : rule.regulatory ? rule.regulatory(f, ctx) : NOT_REGULATED
    }
  })
  if (inversions.length) applyInversions(rules, inversions)
  if (f.sourceGaps?.length) applySourceGaps(rules, f.sourceGaps)
  return { caseId: f.caseId, caseNo: f.caseNo, policySets: { internal: internal?.code ?? null, regulatory: regulatory?.code ?? null }, rules, inversions, calendarMissingYear: waitingYear(rules) }
}

function waitingYear(rules: RuleOutcome[]): number | null {
  let year: number | null = null
  for (const r of rules) {
    for (const res of [r.internal, r.regulatory]) {
      const y = res.status === 'cannot_tell' ? res.evidence.calendarMissingYear : undefined
      if (typeof y === 'number' && (year === null || y < year)) year = y
    }
  }
  return year
}

/** A case's results as two 16-letter strings (P pass, F fail, N not applicable, U cannot tell), as stored. */
export function statusLetters(a: CaseAudit): { internal: string; regulatory: string } {
  let internal = ''
  let regulatory = ''
  for (const r of a.rules) {
    internal += STATUS_LETTER[r.internal.status]
    regulatory += STATUS_LETTER[r.regulatory.status]
  }
  return { internal, regulatory }
}

export function failedRules(a: CaseAudit, kind: 'internal' | 'regulatory' = 'internal'): string[] {
  return a.rules.filter((r) => r[kind].status === 'fail').map((r) => r.code)
}
