// 季度关账: the closings, the quarters that may be closed, and one closing's post-close changes.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { PostCloseChange, QuarterStatus } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'

export const useQuartersStore = defineStore('quarters', () => {
  const status = shallowRef<QuarterStatus | null>(null)
  const changes = shallowRef<{ closeId: number; total: number; rows: PostCloseChange[] } | null>(null)
  const busy = ref(false)
  const error = ref<DossierError | null>(null)

  async function run<T>(fn: () => Promise<T>): Promise<T | null> {
    busy.value = true
    error.value = null
    try {
      return await fn()
    } catch (e) {
      error.value = toDossierError(e)
      return null
    } finally {
      busy.value = false
    }
  }

  const load = (): Promise<void> => run(async () => { status.value = await useApi().invoke('quarters.list', {}) }).then(() => {})
  async function showChanges(closeId: number): Promise<void> {
    await run(async () => { changes.value = { closeId, ...(await useApi().invoke('quarters.changes', { closeId, offset: 0, limit: 100 })) } })
  }
  async function close(quarter: string, note: string): Promise<void> {
    if (await run(() => useApi().invoke('quarters.close', { quarter, note: note.trim() || undefined }))) await load()
  }
  async function reopen(closeId: number, reason: string): Promise<void> {
    if (await run(() => useApi().invoke('quarters.reopen', { closeId, reason }))) await load()
  }
  return { status, changes, busy, error, load, showChanges, close, reopen }
})
