// 「确认其余」 on the review screen (issue 10 point 14): a bulk confirmation must never confirm a rule the
// engine failed, whose evidence the reviewer may never have opened. It takes the undecided rules that passed
// (or did not apply, or could not be told) under both policy sets; each failed rule is decided on its own.
import type { ReviewRuleView, RuleResultView } from './review-types'

type Judged = { internal: Pick<RuleResultView, 'status'>; regulatory: Pick<RuleResultView, 'status'> }

/** Whether the engine failed the rule under the internal policy or the regulatory floor. */
export const engineFailed = (r: Judged): boolean =>
  r.internal.status === 'fail' || r.regulatory.status === 'fail'

/** The undecided rules one click may confirm: none the engine failed. */
export function confirmableAtOnce<R extends Judged & Pick<ReviewRuleView, 'decision'>>(rules: readonly R[]): R[] {
  return rules.filter((r) => r.decision === null && !engineFailed(r))
}

/**
 * The rules in the order the review screen lists them (issue 10 point 14): those the engine failed under either
 * policy set first, then the rest; each group keeps its given (rule code) order. A new array; the input is kept.
 */
export function failedFirst<R extends Judged>(rules: readonly R[]): R[] {
  return [...rules.filter(engineFailed), ...rules.filter((r) => !engineFailed(r))]
}
