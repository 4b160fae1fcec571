// 用户管理 (administrators, issue 10 point 17): the accounts and the changes made to them. Every change goes
// to the server with the version it was made on; the answer replaces the row, a refusal is shown as it came.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { AccountRow, RequestOf } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'

export const useUsersStore = defineStore('users', () => {
  const accounts = shallowRef<AccountRow[]>([])
  const loading = ref(false)
  const loadError = ref<DossierError | null>(null)
  /** The last change's refusal, and which account it was about (null: the new-account form). */
  const changeError = ref<{ id: number | null; error: DossierError } | null>(null)
  const busy = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    loadError.value = null
    try {
      accounts.value = await useApi().invoke('users.accounts', {})
    } catch (e) {
      loadError.value = toDossierError(e)
    } finally {
      loading.value = false
    }
  }

  function put(row: AccountRow): void {
    const i = accounts.value.findIndex((a) => a.id === row.id)
    accounts.value = i < 0 ? [...accounts.value, row] : accounts.value.map((a) => (a.id === row.id ? row : a))
  }

  async function run(id: number | null, call: () => Promise<AccountRow>): Promise<AccountRow | null> {
    busy.value = true
    changeError.value = null
    try {
      const row = await call()
      put(row)
      return row
    } catch (e) {
      const error = toDossierError(e)
      changeError.value = { id, error }
      // Someone else changed the account: show what it is now.
      if (error.code === 'conflict') void load()
      return null
    } finally {
      busy.value = false
    }
  }

  const add = (req: RequestOf<'users.add'>): Promise<AccountRow | null> => run(null, () => useApi().invoke('users.add', req))
  const setActive = (a: AccountRow, active: boolean): Promise<AccountRow | null> =>
    run(a.id, () => useApi().invoke('users.setActive', { id: a.id, version: a.version, active }))
  const setRoles = (a: AccountRow, roles: AccountRow['roles']): Promise<AccountRow | null> =>
    run(a.id, () => useApi().invoke('users.setRoles', { id: a.id, version: a.version, roles }))
  const resetPassword = (a: AccountRow, password: string): Promise<AccountRow | null> =>
    run(a.id, () => useApi().invoke('users.resetPassword', { id: a.id, version: a.version, password }))

  function reset(): void {
    accounts.value = []
    loadError.value = null
    changeError.value = null
  }

  return { accounts, loading, loadError, changeError, busy, load, add, setActive, setRoles, resetPassword, reset }
})
