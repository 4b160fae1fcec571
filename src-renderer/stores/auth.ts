// Who is signed in. Every channel but app.info and the auth ones needs a session, so the router waits for
// `ensureChecked()` before the first screen, and the api client reports a lost session through `onSignedOut`.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Role, SessionUser } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'

export const useAuthStore = defineStore('auth', () => {
  const user = ref<SessionUser | null>(null)
  const demoPassword = ref<string | null>(null)
  /** True once auth.me has answered (or failed): until then the router cannot tell where to go. */
  const checked = ref(false)
  const signingIn = ref(false)
  const error = ref<DossierError | null>(null)
  /** Why the last session ended when the server ended it (expired, account deactivated), for the sign-in screen. */
  const ended = ref<string | null>(null)

  const hasRole = (...roles: Role[]): boolean => !!user.value && user.value.roles.some((r) => roles.includes(r))
  const isReviewer = computed(() => hasRole('reviewer'))
  const isSenior = computed(() => hasRole('senior_reviewer'))
  /** Creates plans, lists users and starts engine runs. */
  const isPlanner = computed(() => hasRole('senior_reviewer', 'admin'))
  /** Issues formal documents (the review and legal teams); leadership reads what was issued. */
  const canIssue = computed(() => hasRole('reviewer', 'senior_reviewer', 'legal', 'admin', 'records'))
  /** Batches of case documents (every case's personal data): the records office and administrators. */
  const canBatch = computed(() => hasRole('records', 'admin'))
  // The institution's quarterly report is issued by those who see every unit (the server refuses the others).
  const canIssueQuarterly = computed(() => hasRole('senior_reviewer', 'legal', 'admin', 'records'))

  let pending: Promise<void> | null = null

  async function me(): Promise<void> {
    try {
      const res = await useApi().invoke('auth.me', {})
      user.value = res.user
      demoPassword.value = res.demoPassword
    } catch (e) {
      // The sign-in screen shows why; an unreachable backend must not look like a signed-in user.
      user.value = null
      error.value = toDossierError(e)
    } finally {
      checked.value = true
    }
  }

  function ensureChecked(): Promise<void> {
    if (checked.value) return Promise.resolve()
    pending ??= me().finally(() => { pending = null })
    return pending
  }

  async function signIn(username: string, password: string): Promise<boolean> {
    signingIn.value = true
    error.value = null
    try {
      user.value = await useApi().invoke('auth.signIn', { username: username.trim(), password })
      ended.value = null
      return true
    } catch (e) {
      error.value = toDossierError(e)
      return false
    } finally {
      signingIn.value = false
    }
  }

  async function signOut(): Promise<void> {
    try {
      await useApi().invoke('auth.signOut', {})
    } catch {
      // Already signed out on the other side (expired session): the local state is what matters now.
    }
    forget()
    // The sign-in screen's demo hint is told only to a caller who is not signed in.
    await me()
  }

  /** The session is gone (signed out here, or the backend said so, and why). */
  function forget(reason: string | null = null): void {
    user.value = null
    error.value = null
    ended.value = reason
  }

  return { user, demoPassword, checked, signingIn, error, ended, isReviewer, isSenior, isPlanner, canIssue, canIssueQuarterly, canBatch, hasRole, me, ensureChecked, signIn, signOut, forget }
})
