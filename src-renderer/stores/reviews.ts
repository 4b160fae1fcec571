// The 审查 area: the two work queues, the review plans and what creating a plan needs (the reviewers).
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { PlanPreview, PlanSummary, RequestOf, ReviewRow, UserSummary } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'

export type QueueScope = 'mine' | 'to_decide' | 'plan'

interface QueueState {
  rows: ReviewRow[]
  /** How many reviews the queue holds; more than the rows when it is longer than a screen loads. */
  total: number
  loaded: boolean
  loading: boolean
  error: DossierError | null
  /** Which plan a 'plan' queue shows. */
  planId: number | null
  /** Only the reviews an import changed the case after they were approved (「审查后案卷有变更」). */
  changedAfterReview: boolean
}

const emptyQueue = (): QueueState => ({ rows: [], total: 0, loaded: false, loading: false, error: null, planId: null, changedAfterReview: false })

export type PlanDraft = RequestOf<'plans.create'>

export const useReviewsStore = defineStore('reviews', () => {
  const queues = ref<Record<QueueScope, QueueState>>({ mine: emptyQueue(), to_decide: emptyQueue(), plan: emptyQueue() })

  const plans = shallowRef<PlanSummary[]>([])
  const plansLoaded = ref(false)
  const plansLoading = ref(false)
  const plansError = ref<DossierError | null>(null)

  const reviewers = shallowRef<UserSummary[]>([])
  const reviewersError = ref<DossierError | null>(null)

  const creating = ref(false)
  const createError = ref<DossierError | null>(null)

  /** A response for a queue that was asked again meanwhile (tab switches) is dropped. */
  const tokens: Record<QueueScope, number> = { mine: 0, to_decide: 0, plan: 0 }

  /** Shows a queue with or without the 「审查后案卷有变更」 filter, and loads it again. */
  async function setChangedAfterReview(scope: QueueScope, on: boolean, planId?: number): Promise<void> {
    queues.value[scope].changedAfterReview = on
    await loadQueue(scope, planId)
  }

  async function loadQueue(scope: QueueScope, planId?: number): Promise<void> {
    const mine = ++tokens[scope]
    const q = queues.value[scope]
    q.loading = true
    q.error = null
    if (scope === 'plan' && q.planId !== (planId ?? null)) {
      q.rows = []
      q.total = 0
      q.loaded = false
    }
    q.planId = planId ?? null
    try {
      const only = q.changedAfterReview ? { changedAfterReview: true } : {}
      const res = await useApi().invoke('reviews.queue', scope === 'plan' ? { scope, planId, ...only } : { scope, ...only })
      if (mine !== tokens[scope]) return
      q.rows = res.rows
      q.total = res.total
      q.loaded = true
    } catch (e) {
      if (mine === tokens[scope]) q.error = toDossierError(e)
    } finally {
      if (mine === tokens[scope]) q.loading = false
    }
  }

  async function loadPlans(): Promise<void> {
    plansLoading.value = true
    plansError.value = null
    try {
      plans.value = await useApi().invoke('plans.list', {})
      plansLoaded.value = true
    } catch (e) {
      plansError.value = toDossierError(e)
    } finally {
      plansLoading.value = false
    }
  }

  /** Users who may be assigned reviews (senior reviewers and admins only may list users). */
  async function loadReviewers(): Promise<void> {
    reviewersError.value = null
    try {
      reviewers.value = (await useApi().invoke('users.list', {})).filter((u) => u.roles.includes('reviewer'))
    } catch (e) {
      reviewersError.value = toDossierError(e)
    }
  }

  /** What a plan of this period and sample would create (null while asking or when the question failed). */
  const preview = shallowRef<PlanPreview | null>(null)
  const previewError = ref<DossierError | null>(null)
  let previewToken = 0

  async function previewPlan(selection: RequestOf<'plans.preview'>): Promise<void> {
    const mine = ++previewToken
    preview.value = null
    previewError.value = null
    try {
      const res = await useApi().invoke('plans.preview', selection)
      if (mine === previewToken) preview.value = res
    } catch (e) {
      if (mine === previewToken) previewError.value = toDossierError(e)
    }
  }

  function clearPreview(): void {
    previewToken++
    preview.value = null
    previewError.value = null
  }

  async function createPlan(draft: PlanDraft): Promise<PlanSummary | null> {
    creating.value = true
    createError.value = null
    try {
      const plan = await useApi().invoke('plans.create', draft)
      clearPreview()
      plans.value = [plan, ...plans.value.filter((p) => p.id !== plan.id)]
      // New reviews may be in the signed-in user's own queue.
      queues.value.mine.loaded = false
      return plan
    } catch (e) {
      createError.value = toDossierError(e)
      return null
    } finally {
      creating.value = false
    }
  }

  /** A review changed: the lists are fetched again when next shown. */
  function invalidate(): void {
    for (const q of Object.values(queues.value)) q.loaded = false
    plansLoaded.value = false
  }

  function reset(): void {
    for (const scope of Object.keys(tokens) as QueueScope[]) tokens[scope]++
    queues.value = { mine: emptyQueue(), to_decide: emptyQueue(), plan: emptyQueue() }
    plans.value = []
    plansLoaded.value = false
    plansError.value = null
    reviewers.value = []
    reviewersError.value = null
    createError.value = null
    clearPreview()
  }

  return {
    queues, plans, plansLoaded, plansLoading, plansError, reviewers, reviewersError, creating, createError, preview, previewError,
    loadQueue, setChangedAfterReview, loadPlans, loadReviewers, previewPlan, clearPreview, createPlan, invalidate, reset
  }
})
