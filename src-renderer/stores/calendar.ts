// The 节假日 screen: which years of the working-day calendar are loaded, one year's days, and loading a
// year's notice from a file (checked first with a dry run, then loaded; admins only, the server checks).
// The re-audit a load starts is followed through the audit store, which polls audit.status.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { CalendarDayView, CalendarImportResponse, CalendarOverview } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'

/** The file chosen for import, read as text in the renderer (a notice is a few dozen lines). */
export interface NoticeFile { name: string; size: number; content: string }

/**
 * Largest file accepted, in bytes. The contract takes at most 200,000 characters, and a UTF-8 file has no
 * more characters than bytes, so a file under this size always fits.
 */
export const MAX_NOTICE_BYTES = 200_000

export const useCalendarStore = defineStore('calendar', () => {
  const overview = shallowRef<CalendarOverview | null>(null)
  const loading = ref(false)
  const error = ref<DossierError | null>(null)

  const year = ref<number | null>(null)
  const days = shallowRef<CalendarDayView[]>([])
  const daysLoading = ref(false)
  const daysError = ref<DossierError | null>(null)

  const file = shallowRef<NoticeFile | null>(null)
  /** The year typed in; null: the server infers it from the file. */
  const yearOverride = ref<number | null>(null)
  const busy = ref<'check' | 'load' | null>(null)
  /** A successful check of the current file and year: what a load would put in. */
  const preview = shallowRef<CalendarImportResponse | null>(null)
  /** The server's list of what is wrong with the file (one problem a line). */
  const problems = ref<string | null>(null)
  /** A failure other than the file's content (no permission, server unreachable). */
  const importError = ref<DossierError | null>(null)
  /** The last load's answer, shown until another file is chosen. */
  const loaded = shallowRef<CalendarImportResponse | null>(null)

  const loadedYears = computed(() => new Set(overview.value?.years.map((y) => y.year) ?? []))

  let daysToken = 0
  /** Days already read, by year: walking the years with the keyboard should not wait on each one. */
  const cache = new Map<number, CalendarDayView[]>()

  async function load(): Promise<void> {
    loading.value = true
    try {
      overview.value = await useApi().invoke('calendar.overview', {})
      cache.clear()
      error.value = null
      // The newest year is what an admin came to look at, unless one is already open (read again: it may have changed).
      const years = overview.value.years
      const open = years.find((y) => y.year === year.value) ?? years[0]
      if (open) void selectYear(open.year)
    } catch (e) {
      error.value = toDossierError(e)
    } finally {
      loading.value = false
    }
  }

  async function selectYear(y: number): Promise<void> {
    const mine = ++daysToken
    const known = cache.get(y)
    // Reading the open year again keeps its rows on screen meanwhile; another year's rows would mislead.
    days.value = known ?? (year.value === y ? days.value : [])
    year.value = y
    daysError.value = null
    if (known) {
      daysLoading.value = false
      return
    }
    daysLoading.value = true
    daysError.value = null
    try {
      const res = await useApi().invoke('calendar.days', { year: y })
      cache.set(y, res)
      if (mine === daysToken) days.value = res
    } catch (e) {
      if (mine === daysToken) daysError.value = toDossierError(e)
    } finally {
      if (mine === daysToken) daysLoading.value = false
    }
  }

  /** A new file or year: what was checked or loaded before no longer describes it. */
  function choose(next: NoticeFile | null, nextYear: number | null = yearOverride.value): void {
    file.value = next
    yearOverride.value = nextYear
    preview.value = null
    problems.value = null
    importError.value = null
    loaded.value = null
  }

  async function send(dryRun: boolean): Promise<CalendarImportResponse | null> {
    const f = file.value
    if (!f || busy.value) return null
    busy.value = dryRun ? 'check' : 'load'
    problems.value = null
    importError.value = null
    try {
      return await useApi().invoke('calendar.import', {
        fileName: f.name, content: f.content, dryRun, ...(yearOverride.value !== null ? { year: yearOverride.value } : {})
      })
    } catch (e) {
      const err = toDossierError(e)
      // invalid_request carries every problem of the file, one a line; anything else is not the file's fault.
      if (err.code === 'invalid_request') problems.value = err.message
      else importError.value = err
      preview.value = null
      return null
    } finally {
      busy.value = null
    }
  }

  async function check(): Promise<boolean> {
    loaded.value = null
    preview.value = await send(true)
    return preview.value !== null
  }

  /** Loads the checked file; the overview and the year's days are read again afterwards. */
  async function commit(): Promise<boolean> {
    const res = await send(false)
    if (!res) return false
    loaded.value = res
    preview.value = null
    // Loaded: the file is done with (choosing it again starts a new check). Show the year just loaded.
    file.value = null
    year.value = res.year
    await load()
    return true
  }

  function reset(): void {
    overview.value = null
    error.value = null
    year.value = null
    days.value = []
    daysError.value = null
    cache.clear()
    choose(null, null)
  }

  return {
    overview, loading, error, year, days, daysLoading, daysError, file, yearOverride, busy, preview, problems, importError, loaded,
    loadedYears, load, selectYear, choose, check, commit, reset
  }
})
