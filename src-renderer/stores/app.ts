import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AppInfoResponse } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfoResponse | null>(null)
  const loading = ref(false)
  const error = ref<DossierError | null>(null)

  const isDemo = computed(() => info.value?.demo === true)

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      info.value = await useApi().invoke('app.info', {})
    } catch (e) {
      error.value = toDossierError(e)
    } finally {
      loading.value = false
    }
  }

  return { info, loading, error, isDemo, load }
})
