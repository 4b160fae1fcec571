// The evidence beside a case list drilled down to one rule's failing cases (trends.ruleEvidence): what the
// audit engine found for that rule on each case of the loaded page. Each request is a generation; an answer
// for an older page or rule is dropped.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { RuleEvidenceResponse } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'

export const useRuleEvidenceStore = defineStore('ruleEvidence', () => {
  const evidence = shallowRef<RuleEvidenceResponse | null>(null)
  const loading = ref(false)
  const error = ref<DossierError | null>(null)
  let generation = 0

  /** Reads the rule's result for `caseIds` (the page shown, at most 500) under `policy`. */
  async function load(caseIds: number[], rule: number, policy: 'internal' | 'regulatory'): Promise<void> {
    const gen = ++generation
    loading.value = true
    error.value = null
    try {
      const res = await useApi().invoke('trends.ruleEvidence', { caseIds: caseIds.slice(0, 500), rule, policy })
      if (gen === generation) evidence.value = res
    } catch (e) {
      if (gen === generation) { error.value = toDossierError(e); evidence.value = null }
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  function clear(): void {
    generation++
    evidence.value = null
    error.value = null
    loading.value = false
  }

  return { evidence, loading, error, load, clear }
})
