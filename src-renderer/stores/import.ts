// The import wizard (records office and administrators): a file by its path, the encoding guess (which the
// user may override), a preview, the mapping of columns to case fields (suggested from the header, or a
// preset), a dry run, then the import in the background followed every half second (rows/s, ETA) with cancel.
// What the file holds is chosen (cases, events, units, staff, offers, measures; suggested from its header).
// The file is picked with the desktop's dialog, or in browser mode uploaded from a file input in pieces; the
// error file is saved where the desktop user says, or downloaded by a one-use address in browser mode.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ImportInspectResponse, ImportJobStatus, ImportSummary } from '@shared/contract'
import { UPLOAD_CHUNK } from '@shared/contract-import'
import type { ImportKind } from '@shared/import-record-fields'
import { DossierError, toDossierError, useApi } from '@renderer/api'
import { followDownload } from '@renderer/utils/download'

function bytesToBase64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

/** 'auto': the CFPB preset when the header is the CFPB's, else the columns as mapped below. */
export type PresetChoice = 'auto' | 'columns' | 'cfpb' | string

export const useImportStore = defineStore('import', () => {
  const path = ref('')
  const encoding = ref('')
  const sheet = ref('')
  /** '' = as the header suggests (the server's detectedKind). */
  const kind = ref<ImportKind | ''>('')
  /** Bytes of the file uploaded so far (browser mode), while uploading. */
  const uploaded = ref<{ name: string; bytes: number; size: number } | null>(null)
  const errorFile = ref<{ rows: number; path: string | null } | null>(null)
  const inspected = shallowRef<ImportInspectResponse | null>(null)
  /** Source column (by position) → field key, '' for a column not imported. */
  const columnFields = ref<string[]>([])
  const preset = ref<PresetChoice>('auto')
  const dryRun = shallowRef<ImportSummary | null>(null)
  const job = shallowRef<ImportJobStatus | null>(null)
  const busy = ref<'inspect' | 'dryRun' | 'start' | 'save' | 'upload' | 'errors' | null>(null)
  const error = ref<DossierError | null>(null)
  const savedPreset = ref<string | null>(null)
  let timer: ReturnType<typeof setInterval> | null = null

  const source = (): { path: string; encoding?: string; sheet?: string; kind?: ImportKind } => ({
    path: path.value.trim(), ...(encoding.value ? { encoding: encoding.value } : {}), ...(sheet.value ? { sheet: sheet.value } : {}), ...(kind.value ? { kind: kind.value } : {})
  })
  /** The kind the file is read as: the one chosen, else the one its header suggests. */
  const effectiveKind = computed<ImportKind>(() => kind.value || inspected.value?.importKind || 'cases')
  const columns = computed<Record<string, string>>(() => {
    const out: Record<string, string> = {}
    const header = inspected.value?.header ?? []
    columnFields.value.forEach((field, i) => { if (field && !out[field]) out[field] = header[i] })
    return out
  })
  const missingRequired = computed(() => (inspected.value?.fields ?? []).filter((f) => f.required && !columns.value[f.key]).map((f) => f.zh))
  const mapping = computed(() => {
    if (effectiveKind.value !== 'cases') return { columns: columns.value }
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
    errorFile.value = null
    columnFields.value = r.header.map((h) => Object.entries(r.suggested.columns).find(([, col]) => col === h)?.[0] ?? '')
  }

  async function check(): Promise<void> {
    dryRun.value = await run('dryRun', () => useApi().invoke('import.dryRun', { ...source(), kind: effectiveKind.value, mapping: mapping.value }))
  }

  function stopPolling(): void { if (timer) { clearInterval(timer); timer = null } }

  async function start(allOrNothing: boolean): Promise<void> {
    const s = await run('start', () => useApi().invoke('import.start', { ...source(), kind: effectiveKind.value, mapping: mapping.value, allOrNothing }))
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

  /** Browser mode: sends the picked file in pieces; the path it answers with is then inspected. */
  async function upload(file: File): Promise<void> {
    const done = await run('upload', async () => {
      let uploadId: string | undefined
      uploaded.value = { name: file.name, bytes: 0, size: file.size }
      for (let offset = 0; ; offset += UPLOAD_CHUNK) {
        const piece = new Uint8Array(await file.slice(offset, offset + UPLOAD_CHUNK).arrayBuffer())
        const last = offset + UPLOAD_CHUNK >= file.size
        const r = await useApi().invoke('import.upload', { ...(uploadId ? { uploadId } : {}), name: file.name, offset, chunk: bytesToBase64(piece), done: last })
        uploadId = r.uploadId
        uploaded.value = { name: file.name, bytes: r.bytes, size: file.size }
        if (last) return r.path
      }
    })
    if (done) { path.value = done; await inspect() }
  }

  /** The desktop's open-file dialog. */
  async function choose(): Promise<void> {
    const r = await run('inspect', () => useApi().invoke('import.chooseFile', {}))
    if (r?.path) { path.value = r.path; await inspect() }
  }

  /** The import's error file: saved (desktop) or downloaded (browser mode). */
  async function downloadErrors(importId: number): Promise<void> {
    const r = await run('errors', () => useApi().invoke('import.errorFile', { importId }))
    if (!r) return
    errorFile.value = { rows: r.rows, path: r.path }
    if (r.url) followDownload(r.url, `import_${importId}_errors.csv`)
  }

  return { path, kind, effectiveKind, uploaded, errorFile, upload, choose, downloadErrors, encoding, sheet, inspected, columnFields, preset, dryRun, job, busy, error, savedPreset, columns, missingRequired, mapping, inspect, check, start, cancel, savePreset, stopPolling }
})
