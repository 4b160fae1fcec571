// The documents of one case (its 投诉档案 and 登记表, and its reviews' 审查意见书), for the case and review
// screens, and issuing one there. Issuing never replaces: each generation is a new version, listed first.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { DocumentRow, RequestOf } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'
import { usePurposeStore } from './purpose'

/** What a screen asks for; the reason personal data is needed is asked here, before issuing. */
export type GenerateRequest = Omit<Extract<RequestOf<'documents.generate'>, { type: 'dossier' | 'registration' }>, 'reason'> | Extract<RequestOf<'documents.generate'>, { type: 'review' }>
export type CaseDocKind = GenerateRequest['type']

export const useCaseDocumentsStore = defineStore('caseDocuments', () => {
  const caseId = ref<number | null>(null)
  const rows = shallowRef<DocumentRow[]>([])
  const loading = ref(false)
  const error = ref<DossierError | null>(null)
  /** Which kind is being generated right now (one at a time per screen). */
  const generating = ref<CaseDocKind | null>(null)
  const generateError = ref<DossierError | null>(null)
  /** The document just issued: shown in a notice and marked in the list. */
  const issued = shallowRef<DocumentRow | null>(null)

  let token = 0

  async function load(id: number): Promise<void> {
    const mine = ++token
    if (caseId.value !== id) {
      rows.value = []
      issued.value = null
      generateError.value = null
    }
    caseId.value = id
    loading.value = true
    error.value = null
    try {
      const res = await useApi().invoke('documents.forCase', { caseId: id })
      if (mine === token) rows.value = res
    } catch (e) {
      if (mine === token) error.value = toDossierError(e)
    } finally {
      if (mine === token) loading.value = false
    }
  }

  async function generate(request: GenerateRequest): Promise<DocumentRow | null> {
    if (generating.value) return null
    let full: RequestOf<'documents.generate'> = request as RequestOf<'documents.generate'>
    if (request.type !== 'review') {
      const reason = await usePurposeStore().ask(request.type === 'dossier' ? '客户投诉档案' : '客户投诉登记表')
      if (!reason) return null
      full = { ...request, reason }
    }
    const mine = token
    generating.value = request.type
    generateError.value = null
    issued.value = null
    try {
      const row = await useApi().invoke('documents.generate', full)
      if (mine !== token) return row
      issued.value = row
      rows.value = [row, ...rows.value.filter((r) => r.id !== row.id)]
      return row
    } catch (e) {
      if (mine === token) generateError.value = toDossierError(e)
      return null
    } finally {
      if (mine === token) generating.value = null
    }
  }

  function dismiss(): void {
    issued.value = null
    generateError.value = null
  }

  function reset(): void {
    token++
    caseId.value = null
    rows.value = []
    loading.value = false
    error.value = null
    generating.value = null
    generateError.value = null
    issued.value = null
  }

  return { caseId, rows, loading, error, generating, generateError, issued, load, generate, dismiss, reset }
})
