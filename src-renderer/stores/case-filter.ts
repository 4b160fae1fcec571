// The one case filter the case list, the 根因 Pareto and the trend view share: set in one view, it holds in
// the others, and it travels in the address (?channel=phone&from=2025-01-01…) so a drill-down or a copied
// link opens exactly those cases.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { CaseFilter } from '@shared/contract'
import { BUSINESS_LINES, CATEGORIES, CHANNELS, SEVERITIES } from '@shared/codes'
import { cleanFilter, sameFilter } from '@renderer/utils/filter'

export const useCaseFilterStore = defineStore('caseFilter', () => {
  const filter = ref<CaseFilter>({})
  const hasFilter = computed(() => Object.keys(cleanFilter(filter.value)).length > 0)

  /** @returns whether the filter changed */
  function setFilter(patch: Partial<CaseFilter>): boolean {
    const next = cleanFilter({ ...filter.value, ...patch })
    if (sameFilter(next, filter.value)) return false
    filter.value = next
    return true
  }

  /** @returns whether the filter changed */
  function replace(next: CaseFilter): boolean {
    const clean = cleanFilter(next)
    if (sameFilter(clean, filter.value)) return false
    filter.value = clean
    return true
  }

  return { filter, hasFilter, setFilter, replace }
})

// Short names in the address; values checked against the code lists, anything else dropped.
const KEYS: [keyof CaseFilter, string][] = [
  ['receivedFrom', 'from'], ['receivedTo', 'to'], ['channel', 'channel'], ['category', 'category'], ['severity', 'severity'],
  ['businessLine', 'line'], ['unitId', 'unit'], ['group', 'group'], ['repeat', 'repeat'], ['text', 'q'], ['rootCause', 'cause'],
  ['rootCauseRole', 'causeRole'], ['retag', 'retag'], ['changedAfterReview', 'changed'], ['failedRule', 'rule'], ['failedRulePolicy', 'rulePolicy']
]
const DAY = /^\d{4}-\d{2}-\d{2}$/
const CODES: Partial<Record<keyof CaseFilter, readonly string[]>> = { channel: CHANNELS, category: CATEGORIES, severity: SEVERITIES, businessLine: BUSINESS_LINES, rootCauseRole: ['primary', 'any'], failedRulePolicy: ['internal', 'regulatory'] }

/** The filter as address parameters (only the set ones). */
export function filterToQuery(f: CaseFilter): Record<string, string> {
  const out: Record<string, string> = {}
  const clean = cleanFilter(f) as Record<string, unknown>
  for (const [key, short] of KEYS) if (clean[key] !== undefined) out[short] = String(clean[key])
  return out
}

/** The filter an address names; a value that is not one the filter takes is left out. */
export function filterFromQuery(q: LocationQuery | LocationQueryRaw): CaseFilter {
  const f: Record<string, unknown> = {}
  for (const [key, short] of KEYS) {
    const raw = q[short]
    const v = Array.isArray(raw) ? raw[0] : raw
    if (typeof v !== 'string' || v === '') continue
    if (key === 'receivedFrom' || key === 'receivedTo') { if (DAY.test(v)) f[key] = v }
    else if (key === 'unitId') { const n = Number(v); if (Number.isInteger(n) && n > 0) f[key] = n }
    else if (key === 'failedRule') { const n = Number(v); if (Number.isInteger(n) && n >= 1 && n <= 16) f[key] = n }
    else if (key === 'group' || key === 'repeat' || key === 'retag' || key === 'changedAfterReview') { if (v === 'true') f[key] = true }
    else if (key === 'rootCause') { if (v === 'none' || /^RC[0-9]{2}(\.[0-9]{2})?$/.test(v)) f[key] = v }
    else if (key === 'text') f[key] = v.slice(0, 50)
    else if (CODES[key]?.includes(v)) f[key] = v
  }
  return cleanFilter(f as CaseFilter)
}

/** The address parameters that are not the filter's (the trend period, a drill-down's count). */
export function otherQuery(q: LocationQuery): Record<string, string> {
  const names = new Set(KEYS.map(([, s]) => s))
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(q)) if (!names.has(k) && typeof v === 'string') out[k] = v
  return out
}
