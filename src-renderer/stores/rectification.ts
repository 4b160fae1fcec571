// The 整改 queue (溯源整改): a unit's findings and measures with their status, the open item's follow-up history,
// and the steps (a follow-up, a senior reviewer's decision). Each list request is a generation; an answer for an
// older one is dropped.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { RectificationQueue, RectificationRow, RectificationUpdateView, RequestOf } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'

export const PAGE = 100
export type QueueTab = 'not_closed' | 'overdue' | 'submitted' | 'closed' | 'all'
type Detail = RectificationRow & { updates: RectificationUpdateView[] }

export const useRectificationStore = defineStore('rectification', () => {
  const tab = ref<QueueTab>('not_closed')
  const unitId = ref<number | null>(null)
  const text = ref('')
  const offset = ref(0)
  const queue = shallowRef<RectificationQueue | null>(null)
  const loading = ref(false)
  const error = ref<DossierError | null>(null)
  const detail = shallowRef<Detail | null>(null)
  const saving = ref(false)
  const saveError = ref<DossierError | null>(null)
  let generation = 0

  async function load(): Promise<void> {
    const gen = ++generation
    loading.value = true
    error.value = null
    const t = tab.value
    try {
      const res = await useApi().invoke('rectification.queue', {
        ...(unitId.value ? { unitId: unitId.value } : {}),
        ...(text.value.trim() ? { text: text.value.trim() } : {}),
        ...(t === 'overdue' ? { overdue: true } : t === 'all' ? {} : { status: t }),
        offset: offset.value, limit: PAGE
      })
      if (gen === generation) queue.value = res
    } catch (e) {
      if (gen === generation) error.value = toDossierError(e)
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  async function open(row: Pick<RectificationRow, 'kind' | 'id'>): Promise<void> {
    saveError.value = null
    try {
      detail.value = await useApi().invoke('rectification.item', { kind: row.kind, id: row.id })
    } catch (e) {
      saveError.value = toDossierError(e)
    }
  }

  /** A step on the open item; the list is reloaded after it (its status and tab counts moved). */
  async function act(channel: 'rectification.update' | 'rectification.decide', req: Omit<RequestOf<'rectification.update'>, 'kind' | 'id' | 'version'> | Omit<RequestOf<'rectification.decide'>, 'kind' | 'id' | 'version'>): Promise<boolean> {
    const d = detail.value
    if (!d) return false
    saving.value = true
    saveError.value = null
    try {
      const body = { ...req, kind: d.kind, id: d.id, version: d.version }
      detail.value = channel === 'rectification.update'
        ? await useApi().invoke('rectification.update', body as RequestOf<'rectification.update'>)
        : await useApi().invoke('rectification.decide', body as RequestOf<'rectification.decide'>)
      void load()
      return true
    } catch (e) {
      saveError.value = toDossierError(e)
      return false
    } finally {
      saving.value = false
    }
  }

  function setTab(t: QueueTab): void { tab.value = t; offset.value = 0; void load() }
  function setUnit(id: number | null): void { unitId.value = id; offset.value = 0; void load() }
  function setText(v: string): void { text.value = v; offset.value = 0; void load() }
  function page(delta: number): void { offset.value = Math.max(0, offset.value + delta * PAGE); void load() }

  return { tab, unitId, text, offset, queue, loading, error, detail, saving, saveError, load, open, act, setTab, setUnit, setText, page }
})
