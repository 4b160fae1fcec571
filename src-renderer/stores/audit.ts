// The audit engine's state: when it last ran over the archive, whether results are stale, and a running
// whole-archive run's progress. The run happens in the background on the server; we poll while it goes.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AuditStatus } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'
import { usePoller } from '@renderer/composables/use-poller'

export const useAuditStore = defineStore('audit', () => {
  const status = ref<AuditStatus | null>(null)
  const loading = ref(false)
  const starting = ref(false)
  const error = ref<DossierError | null>(null)

  const poller = usePoller(load, () => Boolean(status.value?.running))

  async function load(): Promise<void> {
    loading.value = true
    try {
      status.value = await useApi().invoke('audit.status', {})
      error.value = null
    } catch (e) {
      error.value = toDossierError(e)
    } finally {
      loading.value = false
      poller.schedule()
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
      if (!status.value?.running) poller.soon()
      else poller.schedule()
    }
  }

  const watch = poller.watch

  function reset(): void {
    poller.stop()
    status.value = null
    error.value = null
  }

  return { status, loading, starting, error, load, run, watch, reset }
})
