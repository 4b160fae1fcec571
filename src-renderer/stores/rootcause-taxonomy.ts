// The root-cause taxonomy (rootCauses.taxonomy, everyone) with its search index, and an administrator's
// edits (rootCauses.editTaxonomy): each edit names the version it was made on, and one made on a version
// someone else has since changed is refused (conflict) — the tree is then read again.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { RequestOf, ResponseOf, TaxonomyNodeView } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'
import { indexCauses, type CauseEntry } from '@renderer/utils/cause-search'

export type TaxonomyEdit = RequestOf<'rootCauses.editTaxonomy'>['edit']
export type SuggestionStat = ResponseOf<'rootCauses.suggestionStats'>[number]

export const useTaxonomyStore = defineStore('rootCauseTaxonomy', () => {
  const version = ref<number | null>(null)
  const nodes = shallowRef<TaxonomyNodeView[]>([])
  const loading = ref(false)
  const error = ref<DossierError | null>(null)
  const saving = ref(false)
  /** The last edit applied on this screen (what and the version it made), until dismissed. */
  const saved = ref<{ op: TaxonomyEdit['op']; version: number; codes: string[] } | null>(null)

  /** How reviewers received the suggestions, per first-level cause chosen (administrators only). */
  const stats = shallowRef<SuggestionStat[] | null>(null)
  const statsError = ref<DossierError | null>(null)

  /** Built once per taxonomy: pinyin of every name, for the pickers. */
  const entries = computed<CauseEntry[]>(() => indexCauses(nodes.value))
  const byCode = computed(() => new Map(nodes.value.map((n) => [n.code, n])))
  const firstLevel = computed(() => nodes.value.filter((n) => !n.parentCode))
  const childrenOf = (code: string): TaxonomyNodeView[] => nodes.value.filter((n) => n.parentCode === code)

  let pending: Promise<void> | null = null

  async function load(): Promise<void> {
    loading.value = true
    try {
      const res = await useApi().invoke('rootCauses.taxonomy', {})
      version.value = res.version
      nodes.value = res.nodes
      error.value = null
    } catch (e) {
      error.value = toDossierError(e)
    } finally {
      loading.value = false
    }
  }

  /** Loads once; the pickers on several screens share it. */
  function ensureLoaded(): Promise<void> {
    if (version.value !== null) return Promise.resolve()
    pending ??= load().finally(() => { pending = null })
    return pending
  }

  /** The taxonomy as it was at `v` (for reading old counts), without replacing the current one. */
  async function loadVersion(v: number): Promise<TaxonomyNodeView[]> {
    return (await useApi().invoke('rootCauses.taxonomy', { version: v })).nodes
  }

  /**
   * Applies one edit on the version shown.
   * @returns null when applied (the tree is read again), else the error for the dialog to show; on a
   *   conflict the tree is read again too, so the administrator sees what changed before trying again
   */
  async function edit(change: TaxonomyEdit): Promise<DossierError | null> {
    if (saving.value) return new DossierError('conflict', 'busy')
    if (version.value === null) await load()
    saving.value = true
    try {
      const res = await useApi().invoke('rootCauses.editTaxonomy', { expectedVersion: version.value ?? 1, edit: change })
      await load()
      saved.value = { op: change.op, version: res.version, codes: res.codes ?? (res.code ? [res.code] : []) }
      return null
    } catch (e) {
      const err = toDossierError(e)
      if (err.code === 'conflict') await load()
      return err
    } finally {
      saving.value = false
    }
  }

  async function loadStats(): Promise<void> {
    try {
      stats.value = await useApi().invoke('rootCauses.suggestionStats', {})
      statsError.value = null
    } catch (e) {
      statsError.value = toDossierError(e)
    }
  }

  function dismissSaved(): void {
    saved.value = null
  }

  function reset(): void {
    version.value = null
    nodes.value = []
    error.value = null
    saved.value = null
    stats.value = null
  }

  return {
    version, nodes, loading, error, saving, saved, stats, statsError, entries, byCode, firstLevel, childrenOf,
    load, ensureLoaded, loadVersion, edit, loadStats, dismissSaved, reset
  }
})
