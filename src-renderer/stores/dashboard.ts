// Leadership's landing screen: the last complete quarter's cards (against the quarter before and the same
// quarter last year), the last twelve months' key charts, and the 重大 cases not yet through review.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { RectificationQueue, CaseRow, TrendPeriod, TrendsView } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'
import { defaultPeriod } from './trends'

const pad = (n: number): string => String(n).padStart(2, '0')
/** The last quarter that has ended (China time), as a one-bucket quarterly period. */
export function lastQuarter(now = new Date()): TrendPeriod {
  const china = new Date(now.getTime() + 8 * 3600_000)
  let y = china.getUTCFullYear()
  let q = Math.floor(china.getUTCMonth() / 3) // the current quarter's index 0–3 is the count of ended ones this year
  if (q === 0) { y -= 1; q = 4 }
  const month = `${y}-${pad((q - 1) * 3 + 1)}`
  return { grain: 'quarter', from: month, to: month }
}

export const useDashboardStore = defineStore('dashboard', () => {
  const quarter = shallowRef<TrendsView | null>(null)
  const year = shallowRef<TrendsView | null>(null)
  const major = shallowRef<CaseRow[]>([])
  /** Overdue 整改 items (the queue's own statuses), the first few and how many. */
  const overdue = shallowRef<RectificationQueue | null>(null)
  const loading = ref(false)
  const error = ref<DossierError | null>(null)

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const api = useApi()
      const [q, y, m, late] = await Promise.all([
        api.invoke('trends.view', { filter: {}, period: lastQuarter() }),
        api.invoke('trends.view', { filter: {}, period: defaultPeriod() }),
        api.invoke('cases.list', { filter: { severity: 'major' }, sort: 'received_at', dir: 'desc', limit: 50 }),
        api.invoke('rectification.queue', { overdue: true, limit: 6 })
      ])
      overdue.value = late
      quarter.value = q
      year.value = y
      // Open: not yet approved in a review (the archive holds closed cases; what is open is their audit).
      major.value = m.rows.filter((r) => r.reviewStatus !== 'approved').slice(0, 8)
    } catch (e) {
      error.value = toDossierError(e)
    } finally {
      loading.value = false
    }
  }

  return { quarter, year, major, overdue, loading, error, load }
})
