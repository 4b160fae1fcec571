// One review being worked on. Every change sends the version it was made against and gets the whole new
// review back, which replaces ours: the server is the only source of truth, so there is nothing to merge.
// A 'conflict' means someone else changed it first; nothing was saved and the user must refresh.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Conclusion, RequestOf, ReviewDetail, RuleStatusCode } from '@shared/contract'
import { confirmableAtOnce } from '@shared/review-bulk'
import { DossierError, toDossierError, useApi } from '@renderer/api'
import { useCasesStore } from './cases'
import { useReviewsStore } from './reviews'

export type FindingDraft = RequestOf<'reviews.saveFinding'>['finding']
type Mutation = 'reviews.saveRule' | 'reviews.saveFinding' | 'reviews.deleteFinding' | 'reviews.saveConclusion' | 'reviews.submit' | 'reviews.decide'
type Change<C extends Mutation> = Omit<RequestOf<C>, 'id' | 'version'>

export const useReviewStore = defineStore('review', () => {
  const detail = shallowRef<ReviewDetail | null>(null)
  const loading = ref(false)
  /** Loading the review failed (not found, forbidden…): the screen shows this instead of the review. */
  const error = ref<DossierError | null>(null)
  /** A change was refused for a reason other than a conflict: shown above the review, which stays. */
  const actionError = ref<DossierError | null>(null)
  const conflict = ref<DossierError | null>(null)
  /** What is being saved right now ('rule.R04', 'finding', 'conclusion', 'submit', 'decide'…). */
  const busy = ref<string | null>(null)
  /** 确认其余全部: how far it got. */
  const bulk = ref<{ done: number; total: number } | null>(null)

  let token = 0

  const undecided = computed(() => detail.value?.rules.filter((r) => r.decision === null) ?? [])
  /** What 确认其余 confirms: the undecided rules the engine did not fail (a failed rule is decided on its own). */
  const confirmable = computed(() => confirmableAtOnce(detail.value?.rules ?? []))
  const locked = computed(() => detail.value?.status === 'approved')

  async function load(id: number): Promise<void> {
    const mine = ++token
    if (detail.value?.id !== id) detail.value = null
    loading.value = true
    error.value = null
    actionError.value = null
    conflict.value = null
    try {
      const res = await useApi().invoke('reviews.get', { id })
      if (mine === token) detail.value = res
    } catch (e) {
      if (mine === token) error.value = toDossierError(e)
    } finally {
      if (mine === token) loading.value = false
    }
  }

  function refresh(): Promise<void> {
    return detail.value ? load(detail.value.id) : Promise.resolve()
  }

  /** Send one change against the version we hold; true when it was saved. */
  async function mutate<C extends Mutation>(channel: C, change: Change<C>, what: string): Promise<boolean> {
    const current = detail.value
    if (!current || busy.value) return false
    const mine = token
    busy.value = what
    actionError.value = null
    try {
      const request = { ...change, id: current.id, version: current.version } as RequestOf<C>
      const next = (await useApi().invoke(channel, request)) as ReviewDetail
      if (mine !== token) return false
      detail.value = next
      // Queues, plan counts and the case list show review status: they are fetched again when next shown.
      useReviewsStore().invalidate()
      useCasesStore().invalidate()
      return true
    } catch (e) {
      if (mine !== token) return false
      const err = toDossierError(e)
      if (err.code === 'conflict') conflict.value = err
      else actionError.value = err
      return false
    } finally {
      if (mine === token) busy.value = null
    }
  }

  function saveRule(rule: string, decision: 'confirmed' | 'overridden', finalStatus: RuleStatusCode | null, note: string): Promise<boolean> {
    const change: Change<'reviews.saveRule'> = decision === 'overridden' && finalStatus
      ? { rule, decision, finalStatus, note }
      : { rule, decision: 'confirmed', note }
    return mutate('reviews.saveRule', change, `rule.${rule}`)
  }

  /**
   * Confirms the undecided rules the engine did not fail, one by one (each change needs the version the
   * previous one made); failed rules stay for the reviewer to open and decide.
   */
  async function confirmRest(): Promise<boolean> {
    const codes = confirmable.value.map((r) => r.code)
    if (codes.length === 0 || bulk.value) return true
    bulk.value = { done: 0, total: codes.length }
    try {
      for (const code of codes) {
        if (!(await mutate('reviews.saveRule', { rule: code, decision: 'confirmed', note: '' }, `rule.${code}`))) return false
        bulk.value = { done: bulk.value.done + 1, total: codes.length }
      }
      return true
    } finally {
      bulk.value = null
    }
  }

  function saveFinding(finding: FindingDraft): Promise<boolean> {
    return mutate('reviews.saveFinding', { finding }, 'finding')
  }

  function deleteFinding(findingId: number): Promise<boolean> {
    return mutate('reviews.deleteFinding', { findingId }, `finding.delete.${findingId}`)
  }

  function saveConclusion(conclusion: Conclusion | null, opinion: string | null): Promise<boolean> {
    return mutate('reviews.saveConclusion', { conclusion, opinion }, 'conclusion')
  }

  function submit(): Promise<boolean> {
    return mutate('reviews.submit', {}, 'submit')
  }

  function decide(decision: 'approve' | 'return', comment: string): Promise<boolean> {
    return mutate('reviews.decide', { decision, comment }, decision)
  }

  function dismissError(): void {
    actionError.value = null
  }

  function reset(): void {
    token++
    detail.value = null
    loading.value = false
    error.value = null
    actionError.value = null
    conflict.value = null
    busy.value = null
    bulk.value = null
  }

  return {
    detail, loading, error, actionError, conflict, busy, bulk, undecided, confirmable, locked,
    load, refresh, saveRule, confirmRest, saveFinding, deleteFinding, saveConclusion, submit, decide, dismissError, reset
  }
})
