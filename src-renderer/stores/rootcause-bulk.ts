// Bulk tagging from the case list (rootCauses.bulkCount / bulkTag / lastBulk / undoBulk): the cases picked in
// the list, or every case the list's filter matches. The exact count is shown first and sent back as
// expectedCount, so a list that changed meanwhile is refused rather than tagged; the last action can be undone.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { BulkActionView, CaseFilter } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'
import { useCasesStore } from '@renderer/stores/cases'
import { cleanFilter } from '@renderer/utils/filter'

export type BulkScope = 'selection' | 'filter'
type Target = { caseIds: number[] } | { filter: CaseFilter }

export const useRootCauseBulkStore = defineStore('rootCauseBulk', () => {
  /** Case ids picked in the list (Space or the row's box); replaced, not mutated, so views update. */
  const selected = shallowRef<ReadonlySet<number>>(new Set())
  const selectedCount = computed(() => selected.value.size)

  /** The open dialog's target, its exact count, and what happened. */
  const scope = ref<BulkScope | null>(null)
  const target = shallowRef<Target | null>(null)
  const count = ref<number | null>(null)
  const counting = ref(false)
  const applying = ref(false)
  const error = ref<DossierError | null>(null)

  /** The user's last bulk action that can still be undone (lastBulk), and the outcome of undoing one. */
  const last = shallowRef<BulkActionView | null>(null)
  const undoing = ref(false)
  const undone = shallowRef<{ cases: number; nameZh: string } | null>(null)
  const undoError = ref<DossierError | null>(null)
  /** The action just applied on this screen, for the 「已标注 N 件 · 撤销」 bar. */
  const applied = shallowRef<BulkActionView | null>(null)

  function toggle(id: number): void {
    const next = new Set(selected.value)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    selected.value = next
  }

  function clearSelection(): void {
    if (selected.value.size) selected.value = new Set()
  }

  async function recount(): Promise<void> {
    const t = target.value
    if (!t) return
    counting.value = true
    count.value = null
    try {
      const res = await useApi().invoke('rootCauses.bulkCount', { target: t })
      if (target.value === t) count.value = res.cases
    } catch (e) {
      if (target.value === t) error.value = toDossierError(e)
    } finally {
      counting.value = false
    }
  }

  /** Opens the dialog for the picked cases or the list's filter, and counts them at once. */
  function open(kind: BulkScope): Promise<void> {
    scope.value = kind
    target.value = kind === 'selection' ? { caseIds: [...selected.value] } : { filter: cleanFilter(useCasesStore().filter) }
    error.value = null
    return recount()
  }

  function close(): void {
    scope.value = null
    target.value = null
    count.value = null
    error.value = null
  }

  /**
   * Tags the counted cases with `code` as their primary or an added secondary cause, all or none.
   * @returns true when applied (the dialog closes, the list is read again, 撤销 is offered)
   */
  async function apply(code: string, role: 'primary' | 'secondary'): Promise<boolean> {
    const t = target.value
    if (!t || count.value === null || count.value < 1 || applying.value) return false
    applying.value = true
    error.value = null
    try {
      await useApi().invoke('rootCauses.bulkTag', { target: t, code, role, expectedCount: count.value })
      undone.value = null
      undoError.value = null
      await loadLast()
      applied.value = last.value
      if (scope.value === 'selection') clearSelection()
      close()
      void useCasesStore().reload()
      return true
    } catch (e) {
      error.value = toDossierError(e)
      // The list changed since it was counted: show the new count to confirm again.
      if (error.value.code === 'conflict') void recount()
      return false
    } finally {
      applying.value = false
    }
  }

  async function loadLast(): Promise<void> {
    try {
      last.value = await useApi().invoke('rootCauses.lastBulk', {})
    } catch {
      last.value = null // only the 撤销 offer is missing
    }
  }

  /** Undoes the user's last bulk action; refused (conflict) when one of its cases was changed since. */
  async function undo(): Promise<boolean> {
    if (undoing.value) return false
    undoing.value = true
    undoError.value = null
    const what = last.value
    try {
      const res = await useApi().invoke('rootCauses.undoBulk', {})
      undone.value = { cases: res.cases, nameZh: what?.nameZh ?? '' }
      applied.value = null
      await loadLast()
      void useCasesStore().reload()
      return true
    } catch (e) {
      undoError.value = toDossierError(e)
      return false
    } finally {
      undoing.value = false
    }
  }

  function dismiss(): void {
    applied.value = null
    undone.value = null
    undoError.value = null
  }

  function reset(): void {
    close()
    selected.value = new Set()
    last.value = null
    dismiss()
  }

  return {
    selected, selectedCount, scope, target, count, counting, applying, error, last, undoing, undone, undoError, applied,
    toggle, clearSelection, open, close, recount, apply, loadLast, undo, dismiss, reset
  }
})
