// The 根因 area's Pareto (rootCauses.pareto) over the case list's own filter (stores/cases.ts, so both screens
// filter alike), at level 1 or 2, by the taxonomy now or as it was at a past version; and the sizes of the two
// work queues (未标注 from the Pareto's untagged count, 待重新标注 from cases.count).
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { CaseFilter, CauseParetoView } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'
import { cleanFilter } from '@renderer/utils/filter'

/** The list's filter without its cause conditions: the chart itself is the breakdown by cause. */
export function paretoFilter(f: CaseFilter): CaseFilter {
  const rest: CaseFilter = { ...cleanFilter(f) }
  delete rest.rootCause
  delete rest.rootCauseRole
  delete rest.retag
  return rest
}

export const useParetoStore = defineStore('rootCausePareto', () => {
  const level = ref<1 | 2>(1)
  /** null = the taxonomy as it is now. */
  const version = ref<number | null>(null)
  const data = shallowRef<CauseParetoView | null>(null)
  const retagCount = ref<number | null>(null)
  const loading = ref(false)
  const error = ref<DossierError | null>(null)

  let generation = 0

  async function load(filter: CaseFilter): Promise<void> {
    const gen = ++generation
    const f = paretoFilter(filter)
    loading.value = true
    error.value = null
    void useApi().invoke('cases.count', { filter: { ...f, retag: true } })
      .then((r) => { if (gen === generation) retagCount.value = r.count })
      .catch(() => { if (gen === generation) retagCount.value = null })
    try {
      const res = await useApi().invoke('rootCauses.pareto', { filter: f, level: level.value, ...(version.value ? { version: version.value } : {}) })
      if (gen === generation) data.value = res
    } catch (e) {
      if (gen === generation) error.value = toDossierError(e)
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  function reset(): void {
    generation++
    data.value = null
    retagCount.value = null
    error.value = null
    version.value = null
    level.value = 1
  }

  return { level, version, data, retagCount, loading, error, load, reset }
})
