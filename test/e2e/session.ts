// Signing in as a demo user in browser mode, and calling the API as the signed-in page does; shared by the specs.
import { expect, type Page } from '@playwright/test'
import { token } from '../../playwright.config'

/** The demo team's password (README: shown on the sign-in page of a demo archive). */
export const PASSWORD = 'dossier-demo'

export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`/?token=${token}`)
  await expect(page.getByTestId('login-username')).toBeVisible({ timeout: 30_000 })
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('current-user')).toBeVisible()
}
