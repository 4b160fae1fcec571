// One case's root causes (问题根源) on the case detail and the review screen: read by everyone
// (rootCauses.ofCase), set by reviewers and senior reviewers (rootCauses.setCase, which replaces the whole set:
// one primary, up to two secondary). Suggestions (rootCauses.suggest) are asked for the taggers only; when
// they cannot be had, the block simply stays hidden.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { CaseTagsView, CaseTagView, CauseSuggestionView } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'
import { useCasesStore } from '@renderer/stores/cases'

type Role = CaseTagView['role']
type Choice = { code: string; note?: string | null }

export const useRootCauseStore = defineStore('rootCause', () => {
  const caseId = ref<number | null>(null)
  const tags = shallowRef<CaseTagsView | null>(null)
  const loading = ref(false)
  const error = ref<DossierError | null>(null)
  const saving = ref(false)
  /** The server's refusal of the last change, shown beside the control. */
  const saveError = ref<DossierError | null>(null)
  /** The suggester's top causes for the case on screen (best first, at most three). */
  const suggestions = shallowRef<CauseSuggestionView[]>([])

  const primary = computed(() => tags.value?.tags.find((t) => t.role === 'primary') ?? null)
  const secondary = computed(() => tags.value?.tags.filter((t) => t.role === 'secondary') ?? [])

  let token = 0

  async function load(id: number, opts: { suggest?: boolean } = {}): Promise<void> {
    const mine = ++token
    if (caseId.value !== id) {
      tags.value = null
      suggestions.value = []
      saveError.value = null
    }
    caseId.value = id
    loading.value = true
    error.value = null
    if (opts.suggest) void loadSuggestions(mine, id)
    try {
      const res = await useApi().invoke('rootCauses.ofCase', { caseId: id })
      if (mine === token) tags.value = res
    } catch (e) {
      if (mine === token) error.value = toDossierError(e)
    } finally {
      if (mine === token) loading.value = false
    }
  }

  async function loadSuggestions(mine: number, id: number): Promise<void> {
    try {
      const res = await useApi().invoke('rootCauses.suggest', { caseId: id })
      if (mine === token) suggestions.value = res.slice(0, 3)
    } catch {
      // Only the suggestions are missing; the causes and the picker still work.
      if (mine === token) suggestions.value = []
    }
  }

  const choices = (): { primary: Choice | null; secondary: Choice[] } => ({
    primary: primary.value ? { code: primary.value.code, note: primary.value.note } : null,
    secondary: secondary.value.map((t) => ({ code: t.code, note: t.note }))
  })

  /**
   * Sends the case's whole set of causes. The suggestions on screen go along (codes, best first), so the
   * main process can count accepts and overrides.
   * @returns true when saved; otherwise the refusal is in `saveError`
   */
  async function save(next: { primary: Choice | null; secondary: Choice[] }): Promise<boolean> {
    const id = caseId.value
    if (id === null || saving.value) return false
    saving.value = true
    saveError.value = null
    const shown = suggestions.value.map((s) => s.code)
    try {
      const res = await useApi().invoke('rootCauses.setCase', {
        caseId: id, primary: next.primary, secondary: next.secondary, ...(shown.length && next.primary ? { suggested: shown } : {})
      })
      if (caseId.value === id) {
        // What was just saved is the case's state: a load still in flight (begun when the case opened) must
        // not overwrite it with the causes from before.
        token++
        loading.value = false
        tags.value = res
        // A tagged case is no longer "untagged": the suggestions have done their job.
        if (res.tags.some((t) => t.role === 'primary') && !res.retagQueued) suggestions.value = []
      }
      // Lists filtered by cause are stale now.
      useCasesStore().invalidate()
      return true
    } catch (e) {
      saveError.value = toDossierError(e)
      return false
    } finally {
      saving.value = false
    }
  }

  /** Gives the case `code` as its primary cause (the old primary is dropped) or adds it as a secondary one. */
  function apply(code: string, role: Role, note?: string | null): Promise<boolean> {
    const c = choices()
    const n = note?.trim() || null
    if (role === 'primary') {
      return save({ primary: { code, note: n }, secondary: c.secondary.filter((s) => s.code !== code) })
    }
    // Already there: the server would refuse the same cause twice; leave it as it is.
    if (c.secondary.some((s) => s.code === code)) return Promise.resolve(true)
    return save({ primary: c.primary, secondary: [...c.secondary, { code, note: n }] })
  }

  /** Removes one cause; removing the primary promotes the first secondary one, if any. */
  function remove(code: string): Promise<boolean> {
    const c = choices()
    if (c.primary?.code === code) {
      const [first, ...rest] = c.secondary
      return save({ primary: first ?? null, secondary: rest })
    }
    return save({ primary: c.primary, secondary: c.secondary.filter((s) => s.code !== code) })
  }

  function dismissError(): void {
    saveError.value = null
  }

  function reset(): void {
    token++
    caseId.value = null
    tags.value = null
    suggestions.value = []
    error.value = null
    saveError.value = null
    loading.value = false
  }

  return { caseId, tags, loading, error, saving, saveError, suggestions, primary, secondary, load, save, apply, remove, dismissError, reset }
})
