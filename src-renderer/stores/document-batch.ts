// A batch of case documents (投诉档案 or 登记表 for every case received in a period). It runs on the server,
// one at a time for everybody, so the status shown is the server's, polled while a batch runs; the last
// finished batch stays reported until the next one starts.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { BatchFile, DocumentBatchRow, DocumentBatchStatus, RequestOf } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'
import { usePurposeStore } from './purpose'
import { usePoller } from '@renderer/composables/use-poller'
import { followDownload } from '@renderer/utils/download'

/** The period and type; the reason (a batch holds every case's personal data) is asked when it starts. */
export type BatchRequest = Omit<RequestOf<'documents.batchStart'>, 'reason'>

export const useDocumentBatchStore = defineStore('documentBatch', () => {
  const status = ref<DocumentBatchStatus | null>(null)
  const starting = ref(false)
  const cancelling = ref(false)
  const error = ref<DossierError | null>(null)
  /** The file being fetched or saved, and where the desktop last saved one. */
  const downloading = ref<{ id: number; file: BatchFile } | null>(null)
  /** The recent batches (newest first), asked again whenever a batch is seen finished. */
  const recent = ref<DocumentBatchRow[]>([])
  const savedTo = ref<string | null>(null)

  const running = computed(() => status.value?.running === true)
  const percent = computed(() => {
    const s = status.value
    return s && s.total > 0 ? Math.min(100, Math.round((s.done / s.total) * 100)) : 0
  })

  const poller = usePoller(load, () => running.value)
  const schedule = poller.schedule

  async function load(): Promise<void> {
    try {
      const was = status.value
      status.value = await useApi().invoke('documents.batchStatus', {})
      error.value = null
      if (!status.value.running && (was?.running !== false || was.id !== status.value.id || !recent.value.length)) await loadRecent()
    } catch (e) {
      error.value = toDossierError(e)
    } finally {
      if (!status.value?.running) cancelling.value = false
      schedule()
    }
  }

  async function start(request: BatchRequest): Promise<void> {
    if (starting.value || running.value) return
    const reason = await usePurposeStore().ask('批量生成客户投诉档案')
    if (!reason) return
    starting.value = true
    error.value = null
    savedTo.value = null
    try {
      status.value = await useApi().invoke('documents.batchStart', { ...request, reason })
    } catch (e) {
      error.value = toDossierError(e)
    } finally {
      starting.value = false
      schedule()
    }
  }

  /** Issues the documents an interrupted, cancelled or failed batch did not reach, as a new batch. */
  async function resume(): Promise<void> {
    const id = status.value?.id
    if (!id || starting.value || running.value) return
    const reason = await usePurposeStore().ask('继续批量生成客户投诉档案')
    if (!reason) return
    starting.value = true
    error.value = null
    try {
      status.value = await useApi().invoke('documents.batchResume', { id, reason })
    } catch (e) {
      error.value = toDossierError(e)
    } finally {
      starting.value = false
      schedule()
    }
  }

  async function cancel(): Promise<void> {
    if (!running.value || cancelling.value) return
    cancelling.value = true
    try {
      status.value = await useApi().invoke('documents.batchCancel', {})
      if (!status.value.running) cancelling.value = false
    } catch (e) {
      error.value = toDossierError(e)
      cancelling.value = false
    } finally {
      // The batch stops after the document in hand: the next poll reports it.
      schedule()
    }
  }

  async function loadRecent(): Promise<void> {
    recent.value = await useApi().invoke('documents.batches', { limit: 10 })
  }

  /** A batch's zip or manifest (the finished one's by default): a save dialog on the desktop, a download in browser mode. */
  async function download(file: BatchFile, batchId?: number): Promise<void> {
    const id = batchId ?? status.value?.id
    if (!id || downloading.value) return
    downloading.value = { id, file }
    error.value = null
    try {
      const r = await useApi().invoke('documents.batchDownload', { id, file })
      if (r.downloadUrl) followDownload(r.downloadUrl, r.fileName)
      savedTo.value = r.savedTo
    } catch (e) {
      error.value = toDossierError(e)
    } finally {
      downloading.value = null
    }
  }

  const watch = poller.watch

  function reset(): void {
    poller.stop()
    status.value = null
    error.value = null
    starting.value = false
    cancelling.value = false
    downloading.value = null
    savedTo.value = null
    recent.value = []
  }

  return { status, starting, cancelling, error, downloading, savedTo, recent, running, percent, load, start, resume, cancel, download, watch, reset }
})
