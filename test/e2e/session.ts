// Signing in as a demo user in browser mode, and calling the API as the signed-in page does; shared by the specs.
import { expect, type Page } from '@playwright/test'
import { token } from '../../playwright.config'

/** The demo team's password (README: shown on the sign-in page of a demo archive). */
export const PASSWORD = 'dossier-demo'

/**
 * What the app's own API client sends with every call (src-renderer/api/transport.ts): JSON, and the header
 * a page on another origin cannot add without a CORS pre-flight the server never grants.
 */
export const API_HEADERS = { 'content-type': 'application/json', 'x-dossier-request': '1' } as const

export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`/?token=${token}`)
  await expect(page.getByTestId('login-username')).toBeVisible({ timeout: 30_000 })
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('current-user')).toBeVisible()
}

/** The API as the signed-in page calls it (same session cookie, same headers); the envelope's data or a thrown error. */
export async function api<T>(page: Page, channel: string, request: object = {}): Promise<T> {
  const envelope = await page.evaluate(async ([c, r, headers]) => {
    const res = await fetch(`/api/${c}`, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(r) })
    return (await res.json()) as { ok: boolean; data?: unknown; error?: { code: string; message: string } }
  }, [channel, request, API_HEADERS] as const)
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error?.code} ${envelope.error?.message}`)
  return envelope.data as T
}
