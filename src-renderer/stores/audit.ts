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

  // Poll while a run goes, and while a change the server re-audits by itself (a policy saved, a calendar
  // loaded) waits for the run that catches it up: between one run's end and the next one's start the status
  // says stale with nothing running, which is not the end. A failed run starts nothing more: stop then.
  const catchingUp = (s: AuditStatus | null): boolean =>
    Boolean(s && (s.policyChanged || s.calendarPendingFrom) && s.lastRun?.status !== 'failed')
  const poller = usePoller(load, () => Boolean(status.value?.running) || catchingUp(status.value))

  // Answers can arrive out of order (a poll sent before a save answered after the read that follows it):
  // only the newest request's answer is kept.
  let asked = 0
  async function load(): Promise<void> {
    loading.value = true
    const mine = ++asked
    try {
      const s = await useApi().invoke('audit.status', {})
      if (mine !== asked) return
      status.value = s
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
    const mine = ++asked
    try {
      const s = await useApi().invoke('audit.run', {})
      if (mine === asked) status.value = s
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
