import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { CaseAuditView, CaseDetail } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'

export const useCaseDetailStore = defineStore('caseDetail', () => {
  const detail = shallowRef<CaseDetail | null>(null)
  const loading = ref(false)
  const error = ref<DossierError | null>(null)
  const currentId = ref<number | null>(null)
  /** The case's latest review, if it is in a review plan (for 「打开审查」). */
  const reviewId = ref<number | null>(null)
  /** The engine's judgement of the case now (审查要点), failed rules first; null until it arrives. */
  const audit = shallowRef<CaseAuditView | null>(null)
  const auditError = ref<DossierError | null>(null)

  let token = 0

  /** Load one case; when the user moves on before it arrives (repeat-of link, Back), the answer is dropped. */
  async function load(id: number): Promise<void> {
    const mine = ++token
    currentId.value = id
    if (detail.value?.id !== id) detail.value = null
    loading.value = true
    error.value = null
    reviewId.value = null
    audit.value = null
    auditError.value = null
    void loadReviewId(mine, id)
    void loadAudit(mine, id)
    try {
      const res = await useApi().invoke('cases.get', { id })
      if (mine === token) detail.value = res
    } catch (e) {
      if (mine === token) error.value = toDossierError(e)
    } finally {
      if (mine === token) loading.value = false
    }
  }

  async function loadReviewId(mine: number, id: number): Promise<void> {
    try {
      const res = await useApi().invoke('reviews.forCase', { caseId: id })
      if (mine === token) reviewId.value = res.reviewId
    } catch {
      // Only the shortcut to the review is missing; the case itself still shows.
    }
  }

  async function loadAudit(mine: number, id: number): Promise<void> {
    try {
      const res = await useApi().invoke('cases.audit', { id })
      if (mine === token) audit.value = res
    } catch (e) {
      if (mine === token) auditError.value = toDossierError(e)
    }
  }

  function reset(): void {
    token++
    detail.value = null
    reviewId.value = null
    audit.value = null
    auditError.value = null
    currentId.value = null
    loading.value = false
    error.value = null
  }

  return { detail, loading, error, currentId, reviewId, audit, auditError, load, reset }
})
