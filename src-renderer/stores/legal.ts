// The legal workbench (法务审查): the offers list with its queue, filters and sorting; the open offer's panel
// (checks, precedent, opinions); signing and co-signing. Every call goes through the typed API.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { DocumentRow, PrecedentBy, LegalOfferDetail, LegalOfferFilter, LegalOfferRow, LegalQueue, RequestOf } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'
import { followDownload } from '@renderer/utils/download'

export const PAGE = 100
export type LegalSort = 'approved_at' | 'amount' | 'case_no'
export type SignRequest = Omit<RequestOf<'legal.sign'>, 'offerId' | 'replaces'>

/** Unset and empty entries dropped, so two equal filters compare equal and the request stays small. */
function clean(f: LegalOfferFilter): LegalOfferFilter {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== null && v !== '') out[k] = typeof v === 'string' ? v.trim() : v
  return out as LegalOfferFilter
}

export const useLegalStore = defineStore('legal', () => {
  const queue = ref<LegalQueue>('todo')
  const filter = ref<LegalOfferFilter>({})
  const sort = ref<LegalSort>('approved_at')
  const dir = ref<'asc' | 'desc'>('desc')
  const offset = ref(0)
  const rows = shallowRef<LegalOfferRow[]>([])
  const total = ref(0)
  const capped = ref(false)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<DossierError | null>(null)

  const detail = shallowRef<LegalOfferDetail | null>(null)
  const detailLoading = ref(false)
  const detailError = ref<DossierError | null>(null)
  const windowMonths = ref(24)
  const precedentBy = ref<PrecedentBy>('business_line')
  const saving = ref(false)
  const saveError = ref<DossierError | null>(null)
  /** The 法律审查意见书 just issued for the open offer. */
  const issued = shallowRef<DocumentRow | null>(null)

  let generation = 0
  let detailGeneration = 0
  const hasFilter = computed(() => Object.keys(filter.value).length > 0)

  async function load(): Promise<void> {
    const gen = ++generation
    loading.value = true
    error.value = null
    try {
      const res = await useApi().invoke('legal.offers', { filter: filter.value, queue: queue.value, sort: sort.value, dir: dir.value, offset: offset.value, limit: PAGE })
      if (gen !== generation) return
      rows.value = res.rows
      total.value = res.total
      capped.value = res.capped
      loaded.value = true
    } catch (e) {
      if (gen === generation) error.value = toDossierError(e)
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  function setFilter(f: LegalOfferFilter): Promise<void> {
    filter.value = clean(f)
    offset.value = 0
    return load()
  }
  function setQueue(q: LegalQueue): Promise<void> {
    queue.value = q
    offset.value = 0
    return load()
  }
  function setSort(s: LegalSort): Promise<void> {
    if (sort.value === s) dir.value = dir.value === 'asc' ? 'desc' : 'asc'
    else { sort.value = s; dir.value = s === 'case_no' ? 'asc' : 'desc' }
    offset.value = 0
    return load()
  }
  function page(delta: number): Promise<void> {
    offset.value = Math.max(0, offset.value + delta * PAGE)
    return load()
  }

  async function open(id: number): Promise<void> {
    const gen = ++detailGeneration
    detailLoading.value = true
    detailError.value = null
    saveError.value = null
    if (detail.value?.offer.id !== id) issued.value = null
    try {
      const d = await useApi().invoke('legal.offer', { id, windowMonths: windowMonths.value, precedentBy: precedentBy.value })
      if (gen === detailGeneration) detail.value = d
    } catch (e) {
      if (gen === detailGeneration) detailError.value = toDossierError(e)
    } finally {
      if (gen === detailGeneration) detailLoading.value = false
    }
  }
  function close(): void {
    detailGeneration++
    detail.value = null
  }
  function setWindow(months: number): Promise<void> {
    windowMonths.value = months
    return detail.value ? open(detail.value.offer.id) : Promise.resolve()
  }

  function setPrecedentBy(by: PrecedentBy): Promise<void> {
    precedentBy.value = by
    return detail.value ? open(detail.value.offer.id) : Promise.resolve()
  }

  async function write(fn: () => Promise<LegalOfferDetail>): Promise<boolean> {
    saving.value = true
    saveError.value = null
    try {
      detail.value = await fn()
      void load()
      return true
    } catch (e) {
      saveError.value = toDossierError(e)
      return false
    } finally {
      saving.value = false
    }
  }

  /** Signs an opinion on the open offer, replacing its current one when that is stale or the signer's own pending one. */
  function sign(req: SignRequest): Promise<boolean> {
    const d = detail.value!
    const replaces = d.opinion ? { id: d.opinion.id, version: d.opinion.version } : null
    return write(() => useApi().invoke('legal.sign', { ...req, offerId: d.offer.id, replaces, windowMonths: windowMonths.value, precedentBy: precedentBy.value }))
  }
  function cosign(): Promise<boolean> {
    const op = detail.value!.opinion!
    return write(() => useApi().invoke('legal.cosign', { id: op.id, version: op.version }))
  }

  /** Issues the open offer's 法律审查意见书 (registered in 文书). */
  async function issueDocument(): Promise<void> {
    saving.value = true
    saveError.value = null
    try {
      issued.value = await useApi().invoke('documents.generate', { type: 'legal_opinion', offerId: detail.value!.offer.id })
    } catch (e) {
      saveError.value = toDossierError(e)
    } finally {
      saving.value = false
    }
  }

  /** The last export of the list (every offer matching the filter and queue), or why it failed. */
  const exported = shallowRef<{ rows: number; fileName: string; savedTo: string | null } | null>(null)
  const exportError = ref<DossierError | null>(null)
  const exporting = ref(false)
  async function exportList(format: 'csv' | 'xlsx'): Promise<void> {
    if (exporting.value) return
    exporting.value = true
    exportError.value = null
    exported.value = null
    try {
      const res = await useApi().invoke('legal.export', { filter: filter.value, queue: queue.value, format })
      if (res.downloadUrl) followDownload(res.downloadUrl, res.fileName)
      // Desktop, save dialog cancelled: nothing was written, nothing to say.
      if (res.downloadUrl || res.savedTo) exported.value = res
    } catch (e) {
      exportError.value = toDossierError(e)
    } finally {
      exporting.value = false
    }
  }

  /** The 补偿方案法律审查季度汇总 just issued (registered in 文书). */
  const summaryIssued = shallowRef<DocumentRow | null>(null)
  const summaryError = ref<DossierError | null>(null)
  const summaryBusy = ref(false)
  async function generateSummary(quarter: string): Promise<void> {
    summaryBusy.value = true
    summaryError.value = null
    try {
      summaryIssued.value = await useApi().invoke('documents.generate', { type: 'legal_summary', quarter })
    } catch (e) {
      summaryError.value = toDossierError(e)
    } finally {
      summaryBusy.value = false
    }
  }

  return {
    summaryIssued, summaryError, summaryBusy, generateSummary,
    issued, issueDocument, exported, exportError, exporting, exportList,
    queue, filter, sort, dir, offset, rows, total, capped, loading, loaded, error, hasFilter, detail, detailLoading, detailError, windowMonths, precedentBy, setPrecedentBy, saving, saveError,
    load, setFilter, setQueue, setSort, page, open, close, setWindow, sign, cosign
  }
})
