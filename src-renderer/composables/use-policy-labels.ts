// Names, units and messages of the policy parameters in the current language.
import { useI18n } from 'vue-i18n'
import { formatCount } from '@renderer/utils/format'
import { PARAMS, type ParamIssue, type PolicyKind } from '@renderer/utils/policy-sets'

export function usePolicyLabels() {
  const { t, te, locale } = useI18n()

  const kindLabel = (kind: PolicyKind): string => t(`policy.kind.${kind}`)
  const paramLabel = (key: string): string => (te(`policy.param.${key}`) ? t(`policy.param.${key}`) : key)
  /** The unit, in the number's form where the language has one (1 hour, 24 hours). */
  const unitOf = (kind: PolicyKind, key: string, value: number | null = 2): string => {
    const unit = PARAMS[kind].find((p) => p.key === key)?.unit
    return unit ? t(`policy.unit.${unit}`, value === 1 ? 1 : 2) : ''
  }

  /** `7 个工作日`, `50,000 元`; a missing value shows as a dash. */
  function valueText(kind: PolicyKind, key: string, value: unknown): string {
    if (typeof value !== 'number') return value === undefined || value === null ? '—' : String(value)
    const unit = unitOf(kind, key, value)
    return `${formatCount(value, locale.value)}${unit ? ` ${unit}` : ''}`
  }

  const who = (name: string): string => (name === 'system' ? t('policy.system') : name)

  /** A schema problem in words: the cross-checks by the field they name, the rest by kind of problem. */
  function issueText(issue: ParamIssue): string {
    if (issue.code === 'custom') {
      const named = issue.echo ?? issue.key
      return te(`policy.check.${named}`) ? t(`policy.check.${named}`) : issue.message
    }
    if (issue.code === 'too_small' && issue.min !== undefined) return t('policy.check.min', { min: formatCount(issue.min, locale.value) })
    if (issue.code === 'too_big' && issue.max !== undefined) return t('policy.check.max', { max: formatCount(issue.max, locale.value) })
    if (issue.code === 'invalid_type') return t(issue.expected === 'int' ? 'policy.check.integer' : 'policy.check.required')
    return t('policy.check.invalid')
  }

  return { kindLabel, paramLabel, unitOf, valueText, who, issueText }
}
