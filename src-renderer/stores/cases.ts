// The case list: filters, sort, keyset paging and the count. Every change of filter or sort starts a new
// "generation"; a response from an older generation is dropped, so a slow answer never overwrites a newer list.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { CaseCountResponse, CaseFilter, CaseRow, CaseSort, OptionsResponse } from '@shared/contract'
import { CASE_SORTS } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'
import { storeToRefs } from 'pinia'
import { cleanFilter } from '@renderer/utils/filter'
import { useCaseFilterStore } from './case-filter'

export type SortDir = 'asc' | 'desc'
export type Unit = OptionsResponse['units'][number]

export const PAGE_SIZE = 100

export const useCasesStore = defineStore('cases', () => {
  // The filter is the shared one (stores/case-filter.ts): the trend view and the Pareto set it too.
  const filterStore = useCaseFilterStore()
  const { filter } = storeToRefs(filterStore)
  /** The filter the loaded list was fetched for: another view may have changed it since. */
  let loadedFor = ''
  const sort = ref<CaseSort>('received_at')
  const dir = ref<SortDir>('desc')

  const rows = shallowRef<CaseRow[]>([])
  const nextCursor = ref<string | null>(null)
  /** True once the first page of the current generation has arrived. */
  const loaded = ref(false)
  const loading = ref(false)
  const loadingMore = ref(false)
  const error = ref<DossierError | null>(null)
  const moreError = ref<DossierError | null>(null)

  const count = ref<CaseCountResponse | null>(null)
  const countLoading = ref(false)
  const countError = ref<DossierError | null>(null)

  const units = ref<Unit[]>([])
  const unitsLoaded = ref(false)

  /** Kept here so returning from a case restores the list where it was left. */
  const selectedIndex = ref(-1)
  const scrollTop = ref(0)

  let generation = 0

  const hasFilter = computed(() => Object.keys(cleanFilter(filter.value)).length > 0)
  /** What the list was fetched for: the filter, the sort and its direction. */
  const loadKey = (): string => JSON.stringify([cleanFilter(filter.value), sort.value, dir.value])
  /**
   * A filter the main process refused (a reversed date range…): which field and what is wrong, shown beside
   * the fields rather than as a failed load.
   */
  const filterProblem = computed(() => {
    const e = error.value ?? countError.value
    const m = e?.code === 'invalid_request' ? /^filter\.(\w+): (.*)$/s.exec(e.message) : null
    return m ? { field: m[1], message: m[2] } : null
  })
  const hasMore = computed(() => nextCursor.value !== null)

  async function loadCount(gen: number, f: CaseFilter): Promise<void> {
    countLoading.value = true
    countError.value = null
    try {
      const res = await useApi().invoke('cases.count', { filter: f })
      if (gen === generation) count.value = res
    } catch (e) {
      if (gen === generation) countError.value = toDossierError(e)
    } finally {
      if (gen === generation) countLoading.value = false
    }
  }

  /** Drop the list and fetch the first page (and the count) for the current filter and sort. */
  async function reload(): Promise<void> {
    const gen = ++generation
    const f = cleanFilter(filter.value)
    loadedFor = loadKey()
    rows.value = []
    nextCursor.value = null
    loaded.value = false
    loading.value = true
    loadingMore.value = false
    error.value = null
    moreError.value = null
    count.value = null
    selectedIndex.value = -1
    scrollTop.value = 0
    void loadCount(gen, f)
    try {
      const res = await useApi().invoke('cases.list', { filter: f, sort: sort.value, dir: dir.value, limit: PAGE_SIZE })
      if (gen !== generation) return
      rows.value = res.rows
      nextCursor.value = res.nextCursor
      loaded.value = true
    } catch (e) {
      if (gen === generation) error.value = toDossierError(e)
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  /** Fetch the next page after `nextCursor`; a no-op while a page is in flight or after a failure. */
  async function loadMore(): Promise<void> {
    const cursor = nextCursor.value
    if (!cursor || !loaded.value || loading.value || loadingMore.value || moreError.value) return
    const gen = generation
    loadingMore.value = true
    try {
      const res = await useApi().invoke('cases.list', {
        filter: cleanFilter(filter.value), sort: sort.value, dir: dir.value, cursor, limit: PAGE_SIZE
      })
      if (gen !== generation || nextCursor.value !== cursor) return
      rows.value = rows.value.concat(res.rows)
      nextCursor.value = res.nextCursor
    } catch (e) {
      if (gen === generation) moreError.value = toDossierError(e)
    } finally {
      if (gen === generation) loadingMore.value = false
    }
  }

  function retryMore(): Promise<void> {
    moreError.value = null
    return loadMore()
  }

  /** First visit loads; coming back from a case keeps the list as it was. */
  function ensureLoaded(): void {
    if ((!loaded.value && !loading.value) || loadedFor !== loadKey()) void reload()
    if (!unitsLoaded.value) void loadOptions()
  }

  /**
   * The rows carry review status: after a review changes (or another user signs in) the list is fetched
   * again on the next visit instead of being restored as it was left.
   */
  function invalidate(): void {
    if (!loading.value) loaded.value = false
  }

  function setFilter(patch: Partial<CaseFilter>): void {
    if (filterStore.setFilter(patch)) void reload()
  }

  function clearFilters(): void {
    if (!hasFilter.value) return
    filterStore.replace({})
    void reload()
  }

  /** Clicking the current sort column flips the direction; another column starts descending. */
  function toggleSort(column: CaseSort): void {
    if (sort.value === column) dir.value = dir.value === 'desc' ? 'asc' : 'desc'
    else {
      sort.value = column
      dir.value = 'desc'
    }
    void reload()
  }

  /**
   * The sort an address names (`?sort=closed_at&dir=asc`; anything else means the default, newest received
   * first), without loading. @returns whether it changed
   */
  function setSortFromQuery(q: Record<string, unknown>): boolean {
    const s = CASE_SORTS.find((c) => c === q.sort) ?? 'received_at'
    const d: SortDir = q.dir === 'asc' ? 'asc' : 'desc'
    if (s === sort.value && d === dir.value) return false
    sort.value = s
    dir.value = d
    return true
  }

  /** The sort as address parameters; the default is left out. */
  const sortQuery = (): Record<string, string | undefined> =>
    sort.value === 'received_at' && dir.value === 'desc' ? { sort: undefined, dir: undefined } : { sort: sort.value, dir: dir.value }

  async function loadOptions(): Promise<void> {
    unitsLoaded.value = true
    try {
      units.value = (await useApi().invoke('meta.options', {})).units
    } catch {
      unitsLoaded.value = false // the unit filter stays empty; the next visit tries again
    }
  }

  return {
    filter, sort, dir, rows, nextCursor, loaded, loading, loadingMore, error, moreError,
    count, countLoading, countError, units, selectedIndex, scrollTop, hasFilter, hasMore, filterProblem,
    reload, loadMore, retryMore, ensureLoaded, invalidate, setFilter, clearFilters, toggleSort, setSortFromQuery, sortQuery, loadOptions
  }
})
