import type { CaseFilter } from '@shared/contract'

/** Text search limit of the contract's caseFilterSchema. */
export const TEXT_MAX = 50

/**
 * The filter as sent: unset, empty and `false` entries dropped (an unticked box means "any", not "no"),
 * text trimmed, keys in one fixed order so two equal filters serialise identically.
 */
export function cleanFilter(f: CaseFilter): CaseFilter {
  const out: CaseFilter = {}
  if (f.receivedFrom) out.receivedFrom = f.receivedFrom
  if (f.receivedTo) out.receivedTo = f.receivedTo
  if (f.channel) out.channel = f.channel
  if (f.category) out.category = f.category
  if (f.severity) out.severity = f.severity
  if (f.businessLine) out.businessLine = f.businessLine
  if (f.unitId) out.unitId = f.unitId
  if (f.group) out.group = true
  if (f.repeat) out.repeat = true
  const text = f.text?.trim().slice(0, TEXT_MAX)
  if (text) out.text = text
  if (f.rootCause) out.rootCause = f.rootCause
  // Only meaningful with a cause; 'primary' is the server's default and is left out.
  if (f.rootCause && f.rootCause !== 'none' && f.rootCauseRole === 'any') out.rootCauseRole = 'any'
  if (f.retag) out.retag = true
  if (f.changedAfterReview) out.changedAfterReview = true
  if (f.failedRule) out.failedRule = f.failedRule
  // Only meaningful with a rule; 'internal' is the server's default and is left out.
  if (f.failedRule && f.failedRulePolicy === 'regulatory') out.failedRulePolicy = 'regulatory'
  return out
}

export function sameFilter(a: CaseFilter, b: CaseFilter): boolean {
  return JSON.stringify(cleanFilter(a)) === JSON.stringify(cleanFilter(b))
}
