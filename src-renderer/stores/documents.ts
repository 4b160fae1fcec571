// The 文书 area: the register of issued documents with its filter, and issuing a quarterly report.
// Documents are issued from the case and review screens, by batches and by other users, so the register is
// fetched again on every visit rather than kept; the rows of the last visit stay on screen meanwhile.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { DocumentRow, DocumentVerification, RequestOf } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'

export type DocumentFilter = Omit<RequestOf<'documents.list'>, 'limit'>

/** The contract's default; the screen says so when a list is cut at it. */
export const LIST_LIMIT = 200

const CASE_NO_MAX = 40

/** Unset and empty entries dropped, text trimmed, keys in one order: two equal filters compare equal. */
function cleanDocumentFilter(f: DocumentFilter): DocumentFilter {
  const out: DocumentFilter = {}
  if (f.docType) out.docType = f.docType
  const caseNo = f.caseNo?.trim().slice(0, CASE_NO_MAX)
  if (caseNo) out.caseNo = caseNo
  if (f.generatedFrom) out.generatedFrom = f.generatedFrom
  if (f.generatedTo) out.generatedTo = f.generatedTo
  return out
}

export const useDocumentsStore = defineStore('documents', () => {
  const filter = ref<DocumentFilter>({})
  const rows = shallowRef<DocumentRow[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<DossierError | null>(null)
  /** The document just issued here: its row is marked until the next one. */
  const highlightId = ref<number | null>(null)

  /** The archive's oldest and newest receipt, for the quarter picker (null until asked, or if that failed). */
  const span = ref<{ first: string; last: string } | null>(null)
  const spanLoaded = ref(false)

  const generating = ref(false)
  const generateError = ref<DossierError | null>(null)
  const issued = shallowRef<DocumentRow | null>(null)

  let generation = 0

  const hasFilter = computed(() => Object.keys(filter.value).length > 0)
  const limited = computed(() => rows.value.length >= LIST_LIMIT)

  async function load(): Promise<void> {
    const gen = ++generation
    loading.value = true
    error.value = null
    try {
      const res = await useApi().invoke('documents.list', { ...filter.value, limit: LIST_LIMIT })
      if (gen !== generation) return
      rows.value = res
      loaded.value = true
    } catch (e) {
      if (gen === generation) error.value = toDossierError(e)
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  function setFilter(patch: Partial<DocumentFilter>): void {
    const next = cleanDocumentFilter({ ...filter.value, ...patch })
    if (JSON.stringify(next) === JSON.stringify(filter.value)) return
    filter.value = next
    void load()
  }

  function clearFilters(): void {
    if (!hasFilter.value) return
    filter.value = {}
    void load()
  }

  /** Two one-row pages of the case list: the cheapest way to learn the archive's first and last day. */
  async function loadSpan(): Promise<void> {
    if (spanLoaded.value) return
    spanLoaded.value = true
    try {
      const api = useApi()
      const [oldest, newest] = await Promise.all([
        api.invoke('cases.list', { sort: 'received_at', dir: 'asc', limit: 1 }),
        api.invoke('cases.list', { sort: 'received_at', dir: 'desc', limit: 1 })
      ])
      const first = oldest.rows[0]?.receivedAt
      const last = newest.rows[0]?.receivedAt
      span.value = first && last ? { first, last } : null
    } catch {
      // The picker falls back to today's calendar; nothing the user must act on.
      span.value = null
    }
  }

  async function generateQuarterly(quarter: string, interim = false): Promise<DocumentRow | null> {
    if (generating.value) return null
    generating.value = true
    generateError.value = null
    issued.value = null
    try {
      const row = await useApi().invoke('documents.generate', { type: 'quarterly', quarter, ...(interim ? { interim } : {}) })
      issued.value = row
      highlightId.value = row.id
      await load()
      return row
    } catch (e) {
      generateError.value = toDossierError(e)
      return null
    } finally {
      generating.value = false
    }
  }

  /** Whether a file (hashed by the caller) is a registered document: `documents.verify`. */
  function verifyFile(probe: { sha256: string; bytes: number; fileName: string }): Promise<DocumentVerification> {
    return useApi().invoke('documents.verify', probe)
  }

  function dismissIssued(): void {
    issued.value = null
    generateError.value = null
  }

  function reset(): void {
    generation++
    filter.value = {}
    rows.value = []
    loaded.value = false
    loading.value = false
    error.value = null
    highlightId.value = null
    generateError.value = null
    issued.value = null
  }

  return {
    filter, rows, loaded, loading, error, highlightId, span, generating, generateError, issued, hasFilter, limited,
    load, setFilter, clearFilters, loadSpan, generateQuarterly, verifyFile, dismissIssued, reset
  }
})
