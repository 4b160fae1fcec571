// The audit engine's state: when it last ran over the archive, whether results are stale, and a running
// whole-archive run's progress. The run happens in the background on the server; we poll while it goes.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AuditStatus } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'

const POLL_MS = 500

export const useAuditStore = defineStore('audit', () => {
  const status = ref<AuditStatus | null>(null)
  const loading = ref(false)
  const starting = ref(false)
  const error = ref<DossierError | null>(null)

  let timer: ReturnType<typeof setTimeout> | undefined
  /** Views showing the status; polling stops when none is left, so a hidden panel costs nothing. */
  let watchers = 0

  function schedule(): void {
    clearTimeout(timer)
    timer = undefined
    if (watchers > 0 && status.value?.running) timer = setTimeout(() => void load(), POLL_MS)
  }

  async function load(): Promise<void> {
    loading.value = true
    try {
      status.value = await useApi().invoke('audit.status', {})
      error.value = null
    } catch (e) {
      error.value = toDossierError(e)
    } finally {
      loading.value = false
      schedule()
    }
  }

  async function run(): Promise<void> {
    starting.value = true
    error.value = null
    try {
      status.value = await useApi().invoke('audit.run', {})
    } catch (e) {
      error.value = toDossierError(e)
    } finally {
      starting.value = false
      // The answer may predate the run's first progress report: ask again shortly either way.
      if (!status.value?.running) {
        clearTimeout(timer)
        timer = setTimeout(() => void load(), POLL_MS)
      } else schedule()
    }
  }

  function watch(): () => void {
    watchers++
    void load()
    return () => {
      watchers = Math.max(0, watchers - 1)
      if (watchers === 0) clearTimeout(timer)
    }
  }

  function reset(): void {
    clearTimeout(timer)
    status.value = null
    error.value = null
  }

  return { status, loading, starting, error, load, run, watch, reset }
})
