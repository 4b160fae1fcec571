// The policy parameter sets (制度参数): every set and version (policy.list, any signed-in user) and saving a
// new version or a new effective day (policy.save, administrators; the server checks). A save starts a
// re-audit of the archive, followed through the audit store.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { PolicySetView } from '@shared/contract-policy'
import type { RequestOf } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'
import { useAuditStore } from '@renderer/stores/audit'
import { chinaToday, groupSets, type PolicyKind } from '@renderer/utils/policy-sets'

export type PolicySaveInput = RequestOf<'policy.save'>

export const usePolicyStore = defineStore('policy', () => {
  const sets = shallowRef<PolicySetView[] | null>(null)
  const loading = ref(false)
  const error = ref<DossierError | null>(null)
  const saving = ref(false)
  /** The version saved last on this screen, shown with the re-audit it started until dismissed or replaced. */
  const saved = shallowRef<PolicySetView | null>(null)
  /** Cases the engine flagged before that save (the last run's count), to show what the change did. */
  const flaggedBefore = ref<number | null>(null)
  /** The day the sets are judged against (in force / future / past), China time; read again on each load. */
  const today = ref(chinaToday())
  /** The one form open on the screen: a kind's set of one day (修改), or a new effective day (from: null). */
  const editing = ref<{ kind: PolicyKind; from: string | null } | null>(null)

  const groups = computed(() => groupSets(sets.value ?? [], today.value))

  async function load(): Promise<void> {
    loading.value = true
    try {
      sets.value = await useApi().invoke('policy.list', {})
      today.value = chinaToday()
      error.value = null
    } catch (e) {
      error.value = toDossierError(e)
    } finally {
      loading.value = false
    }
  }

  /**
   * Saves a set; on success the list is read again.
   * @returns null when saved, else the error (invalid_request: the server's `path: message` text; conflict:
   *   nothing would change, and the list is read again), for the form to show where it belongs without losing
   *   what was typed
   */
  async function save(input: PolicySaveInput): Promise<DossierError | null> {
    if (saving.value) return new DossierError('conflict', 'busy')
    saving.value = true
    const before = useAuditStore().status?.flaggedNow ?? null
    try {
      const res = await useApi().invoke('policy.save', input)
      // The server marks its re-audit as running before it answers: read both, so the screen never shows
      // the status from before the save as if the re-audit were done.
      await Promise.all([load(), useAuditStore().load()])
      saved.value = res.set
      flaggedBefore.value = before
      editing.value = null
      return null
    } catch (e) {
      const err = toDossierError(e)
      // Nothing would change against the version saved now, perhaps by someone else meanwhile: show that version.
      if (err.code === 'conflict') void load()
      return err
    } finally {
      saving.value = false
    }
  }

  function edit(kind: PolicyKind, from: string | null): void {
    editing.value = { kind, from }
  }

  function forgetSaved(): void {
    saved.value = null
  }

  function reset(): void {
    sets.value = null
    error.value = null
    saved.value = null
    editing.value = null
  }

  return { sets, loading, error, saving, saved, flaggedBefore, today, editing, groups, load, save, edit, forgetSaved, reset }
})
