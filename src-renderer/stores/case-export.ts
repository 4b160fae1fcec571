// The case list's export (issue 10, point 11): runs on the server as the caller's own job, polled while it
// runs (usePoller, as a document batch is); in browser mode the finished file is fetched once through its
// one-use address. What is exported is the list as it stands: its filter, sort and direction.
import { defineStore, storeToRefs } from 'pinia'
import { computed, ref } from 'vue'
import type { CaseExportFormat, CaseExportStatus } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'
import { usePoller } from '@renderer/composables/use-poller'
import { followDownload } from '@renderer/utils/download'
import { cleanFilter } from '@renderer/utils/filter'
import { useCasesStore } from './cases'
import { usePurposeStore } from './purpose'

export const useCaseExportStore = defineStore('caseExport', () => {
  const status = ref<CaseExportStatus | null>(null)
  const starting = ref(false)
  const cancelling = ref(false)
  const error = ref<DossierError | null>(null)
  /** The job whose file was already fetched (a download address is used once). */
  let fetched: string | null = null

  const running = computed(() => status.value?.running === true)
  const percent = computed(() => {
    const s = status.value
    return s && s.total > 0 ? Math.min(100, Math.round((s.done / s.total) * 100)) : 0
  })

  const poller = usePoller(load, () => running.value, 300)

  function take(s: CaseExportStatus): void {
    status.value = s
    if (!s.running) cancelling.value = false
    if (!s.running && s.downloadUrl && s.fileName && s.id && fetched !== s.id) {
      fetched = s.id
      followDownload(s.downloadUrl, s.fileName)
    }
  }

  async function load(): Promise<void> {
    try {
      take(await useApi().invoke('cases.exportStatus', {}))
      error.value = null
    } catch (e) {
      error.value = toDossierError(e)
    } finally {
      poller.schedule()
    }
  }

  /** Exports the list as shown; `unmasked` asks for the reason first (records office and administrators). */
  async function start(format: CaseExportFormat, unmasked = false): Promise<void> {
    if (starting.value || running.value) return
    let reason: string | undefined
    if (unmasked) {
      reason = (await usePurposeStore().ask(format === 'xlsx' ? 'Excel' : 'CSV')) ?? undefined
      if (!reason) return
    }
    const { filter, sort, dir } = storeToRefs(useCasesStore())
    starting.value = true
    error.value = null
    try {
      take(await useApi().invoke('cases.exportStart', { filter: cleanFilter(filter.value), sort: sort.value, dir: dir.value, format, unmasked, reason }))
    } catch (e) {
      error.value = toDossierError(e)
    } finally {
      starting.value = false
      poller.soon()
    }
  }

  async function cancel(): Promise<void> {
    if (!running.value || cancelling.value) return
    cancelling.value = true
    try {
      take(await useApi().invoke('cases.exportCancel', {}))
    } catch (e) {
      error.value = toDossierError(e)
      cancelling.value = false
    } finally {
      poller.soon()
    }
  }

  /** Hides the finished export's notice. */
  function dismiss(): void {
    if (!running.value) status.value = null
    error.value = null
  }

  return { status, starting, cancelling, error, running, percent, start, cancel, dismiss, watch: poller.watch }
})
