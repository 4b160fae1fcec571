// The 安全设置 screen (administrators): directory sign-in settings and the retention of personal data, with the
// preview and the anonymisation of the cases past it. The server checks the role and every value.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { AnonymiseResult, DirectorySettingsInput, DirectorySettingsView, RetentionPreview } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'

export const useSecurityStore = defineStore('security', () => {
  const directory = shallowRef<DirectorySettingsView | null>(null)
  const retention = shallowRef<RetentionPreview | null>(null)
  const done = shallowRef<AnonymiseResult | null>(null)
  const error = ref<DossierError | null>(null)
  const busy = ref(false)

  /** Runs one call with the busy flag; the error is kept for the screen, null on success. */
  async function run<T>(fn: () => Promise<T>): Promise<T | null> {
    busy.value = true
    try {
      const out = await fn()
      error.value = null
      return out
    } catch (e) {
      error.value = toDossierError(e)
      return null
    } finally {
      busy.value = false
    }
  }

  async function load(): Promise<void> {
    await run(async () => {
      const api = useApi()
      ;[directory.value, retention.value] = await Promise.all([api.invoke('settings.directory', {}), api.invoke('retention.preview', {})])
    })
  }

  async function saveDirectory(settings: DirectorySettingsInput): Promise<boolean> {
    const v = await run(() => useApi().invoke('settings.saveDirectory', { settings, expectedVersion: directory.value?.version ?? null }))
    if (v) directory.value = v
    return !!v
  }

  async function saveRetention(months: number | null): Promise<boolean> {
    const p = await run(() => useApi().invoke('retention.save', { months, expectedVersion: retention.value?.version ?? null }))
    if (p) { retention.value = p; done.value = null }
    return !!p
  }

  /** Anonymises exactly the previewed cases (the server refuses when the count has changed), then previews again. */
  async function anonymise(): Promise<void> {
    const expectCases = retention.value?.cases ?? 0
    const r = await run(() => useApi().invoke('retention.anonymise', { expectCases }))
    if (r) {
      done.value = r
      retention.value = await run(() => useApi().invoke('retention.preview', {}))
    }
  }

  return { directory, retention, done, error, busy, load, saveDirectory, saveRetention, anonymise }
})
