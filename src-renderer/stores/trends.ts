// The trend view (趋势): the period asked for, the figures the server answered for it and the shared filter.
// Like the case list, each request is a generation; an answer for an older one is dropped.
import { defineStore } from 'pinia'
import { nextTick, ref, shallowRef } from 'vue'
import type { CaseFilter, TrendGrain, TrendPeriod, TrendsView } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'
import { cleanFilter } from '@renderer/utils/filter'

const pad = (n: number): string => String(n).padStart(2, '0')
/** The last twelve months to this one, China time. */
export function defaultPeriod(now = new Date()): TrendPeriod {
  const china = new Date(now.getTime() + 8 * 3600_000)
  const y = china.getUTCFullYear()
  const m = china.getUTCMonth() + 1
  const from = m === 12 ? `${y}-01` : `${y - 1}-${pad(m + 1)}`
  return { grain: 'month', from, to: `${y}-${pad(m)}` }
}

const MONTH = /^20\d{2}-(0[1-9]|1[0-2])$/
/** The period named in the address (grain, from, to), or null. */
export function periodFromQuery(q: Record<string, unknown>): TrendPeriod | null {
  const grain = q.grain
  const from = q.pfrom
  const to = q.pto
  if ((grain === 'month' || grain === 'quarter' || grain === 'year') && typeof from === 'string' && typeof to === 'string' && MONTH.test(from) && MONTH.test(to) && from <= to) {
    return { grain: grain as TrendGrain, from, to }
  }
  return null
}
export const periodToQuery = (p: TrendPeriod): Record<string, string> => ({ grain: p.grain, pfrom: p.from, pto: p.to })

export const useTrendsStore = defineStore('trends', () => {
  const period = ref<TrendPeriod>(defaultPeriod())
  const view = shallowRef<TrendsView | null>(null)
  const loading = ref(false)
  const error = ref<DossierError | null>(null)
  /** Painted time of the last answer in the browser, ms: from the request to the first frame after the charts took it. */
  const roundTripMs = ref<number | null>(null)
  let generation = 0

  async function load(filter: CaseFilter): Promise<void> {
    const gen = ++generation
    loading.value = true
    error.value = null
    const started = performance.now()
    try {
      const res = await useApi().invoke('trends.view', { filter: cleanFilter(filter), period: period.value })
      if (gen !== generation) return
      view.value = res
      // The charts set their options in post-flush watchers; the next frame is the one that shows them.
      await nextTick()
      await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()))
      if (gen === generation) roundTripMs.value = Math.round(performance.now() - started)
    } catch (e) {
      if (gen === generation) error.value = toDossierError(e)
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  function setPeriod(p: TrendPeriod): boolean {
    if (JSON.stringify(p) === JSON.stringify(period.value)) return false
    period.value = p
    return true
  }

  return { period, view, loading, error, roundTripMs, load, setPeriod }
})
