// The import wizard (records office and administrators): a file by its path, the encoding guess (which the
// user may override), a preview, the mapping of columns to case fields (suggested from the header, or a
// preset), a dry run, then the import in the background followed every half second (rows/s, ETA) with cancel.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ImportInspectResponse, ImportJobStatus, ImportSummary } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'

/** 'auto': the CFPB preset when the header is the CFPB's, else the columns as mapped below. */
export type PresetChoice = 'auto' | 'columns' | 'cfpb' | string

export const useImportStore = defineStore('import', () => {
  const path = ref('')
  const encoding = ref('')
  const sheet = ref('')
  const inspected = shallowRef<ImportInspectResponse | null>(null)
  /** Source column (by position) → field key, '' for a column not imported. */
  const columnFields = ref<string[]>([])
  const preset = ref<PresetChoice>('auto')
  const dryRun = shallowRef<ImportSummary | null>(null)
  const job = shallowRef<ImportJobStatus | null>(null)
  const busy = ref<'inspect' | 'dryRun' | 'start' | 'save' | null>(null)
  const error = ref<DossierError | null>(null)
  const savedPreset = ref<string | null>(null)
  let timer: ReturnType<typeof setInterval> | null = null

  const source = (): { path: string; encoding?: string; sheet?: string } => ({ path: path.value.trim(), ...(encoding.value ? { encoding: encoding.value } : {}), ...(sheet.value ? { sheet: sheet.value } : {}) })
  const columns = computed<Record<string, string>>(() => {
    const out: Record<string, string> = {}
    const header = inspected.value?.header ?? []
    columnFields.value.forEach((field, i) => { if (field && !out[field]) out[field] = header[i] })
    return out
  })
  const missingRequired = computed(() => (inspected.value?.fields ?? []).filter((f) => f.required && !columns.value[f.key]).map((f) => f.zh))
  const mapping = computed(() => {
    if (preset.value === 'cfpb' || (preset.value === 'auto' && inspected.value?.detectedPreset === 'cfpb')) return 'cfpb'
    if (preset.value === 'auto' || preset.value === 'columns') return { columns: columns.value }
    return preset.value
  })

  async function run<T>(what: NonNullable<typeof busy.value>, fn: () => Promise<T>): Promise<T | null> {
    busy.value = what
    error.value = null
    try { return await fn() } catch (e) { error.value = toDossierError(e); return null } finally { busy.value = null }
  }

  async function inspect(): Promise<void> {
    dryRun.value = null
    job.value = null
    const r = await run('inspect', () => useApi().invoke('import.inspect', source()))
    if (!r) return
    inspected.value = r
    columnFields.value = r.header.map((h) => Object.entries(r.suggested.columns).find(([, col]) => col === h)?.[0] ?? '')
  }

  async function check(): Promise<void> {
    dryRun.value = await run('dryRun', () => useApi().invoke('import.dryRun', { ...source(), mapping: mapping.value }))
  }

  function stopPolling(): void { if (timer) { clearInterval(timer); timer = null } }

  async function start(allOrNothing: boolean): Promise<void> {
    const s = await run('start', () => useApi().invoke('import.start', { ...source(), mapping: mapping.value, allOrNothing }))
    if (!s) return
    job.value = s
    stopPolling()
    timer = setInterval(() => {
      if (!job.value || job.value.state !== 'running') return stopPolling()
      useApi().invoke('import.status', { jobId: job.value.jobId }).then((st) => { job.value = st }, (e) => { error.value = toDossierError(e); stopPolling() })
    }, 500)
  }

  async function cancel(): Promise<void> {
    if (job.value?.state === 'running') job.value = await run('start', () => useApi().invoke('import.cancel', { jobId: job.value!.jobId })) ?? job.value
  }

  async function savePreset(name: string): Promise<void> {
    const r = await run('save', () => useApi().invoke('import.savePreset', { name, mapping: { columns: columns.value } }))
    if (r) savedPreset.value = r.name
  }

  return { path, encoding, sheet, inspected, columnFields, preset, dryRun, job, busy, error, savedPreset, columns, missingRequired, mapping, inspect, check, start, cancel, savePreset, stopPolling }
})
