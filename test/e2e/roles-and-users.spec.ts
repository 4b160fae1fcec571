// Issue 10 points 16 and 17, in the browser. Each demo role lands on a screen made for it, and no empty state
// names a tab or a panel that role cannot see. An administrator adds a user and resets its password; that user
// must change the password before anything else, and then works.
import { expect, test, type Page } from '@playwright/test'
import { PASSWORD, signIn } from './session'
import { token } from '../../playwright.config'

const shots = 'test-results/screenshots'

/** Every 「name」 an empty state quotes must be a tab, a navigation entry or a button on the screen; 「上方」 needs the panel above. */
async function emptyStatesMakeSense(page: Page, role: string): Promise<void> {
  for (const box of await page.locator('.state').all()) {
    const text = (await box.textContent()) ?? ''
    for (const [, name] of text.matchAll(/「([^」]+)」/g)) {
      const shown = page.locator('[role=tab], nav a, button').filter({ hasText: name })
      expect(await shown.count(), `${role}: 「${name}」 named in "${text}"`).toBeGreaterThan(0)
    }
    if (text.includes('上方')) await expect(page.getByTestId('quarterly-panel'), `${role}: "${text}"`).toBeVisible()
  }
}

test.describe('each role', () => {
  for (const [username, landing, testid] of [
    ['chen.jing', '#/cases', 'nav-cases'],
    ['wang.fang', '#/cases', 'nav-cases'],
    ['sun.li', '#/legal', 'nav-legal'],
    ['zhou.qiang', '#/dashboard', 'nav-trends'],
    ['qian.yu', '#/documents', 'nav-documents'],
    ['admin', '#/cases', 'nav-cases']
  ] as const) {
    test(`${username} lands on ${landing}, and its empty states name only what it can see`, async ({ page }) => {
      await page.setViewportSize({ width: 1280, height: 800 })
      await signIn(page, username)
      await expect(page).toHaveURL(new RegExp(`${landing.replace('/', '\\/')}`))
      await expect(page.getByTestId(testid)).toHaveAttribute('aria-current', 'page')
      await page.waitForTimeout(500)
      await page.screenshot({ path: `${shots}/landing-${username}.png` })
      for (const path of ['#/reviews', '#/documents']) {
        await page.goto(`/${path}`)
        await page.locator('.state, table, [role=grid]').first().waitFor({ timeout: 30_000 }).catch(() => {})
        await page.waitForTimeout(800)
        await emptyStatesMakeSense(page, username)
      }
      await page.goto('/#/reviews')
      await page.waitForTimeout(800)
      await page.screenshot({ path: `${shots}/reviews-empty-${username}.png` })
    })
  }
})

test('an administrator adds a user and resets its password; the user must change it first', async ({ browser }) => {
  const adminPage = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await signIn(adminPage, 'admin')
  await adminPage.getByTestId('nav-users').click()
  await expect(adminPage.getByTestId('users-table')).toContainText('chen.jing')
  await adminPage.getByTestId('user-add').click()
  await adminPage.getByTestId('user-add-username').fill('gao.ming')
  await adminPage.getByTestId('user-add-name').fill('高明')
  await adminPage.getByTestId('user-add-role-reviewer').check()
  await adminPage.getByTestId('user-add-password').fill('Erste-Passw0rt!')
  await adminPage.getByTestId('user-add-submit').click()
  await expect(adminPage.getByTestId('user-must-change-gao.ming')).toBeVisible()
  // The last administrator cannot be deactivated.
  await adminPage.getByTestId('user-deactivate-admin').click()
  await expect(adminPage.getByTestId('user-error-admin')).toContainText('最后一名在用的管理员')
  await adminPage.getByTestId('user-reset-gao.ming').click()
  await adminPage.getByTestId('user-reset-password').fill('Zweites-Passw0rt?')
  await adminPage.getByTestId('user-reset-dialog-confirm').click()
  await expect(adminPage.getByTestId('user-reset-dialog')).not.toBeVisible()
  await adminPage.screenshot({ path: `${shots}/users-admin.png`, fullPage: true })

  const page = await browser.newContext().then((c) => c.newPage())
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(`/?token=${token}`)
  await page.getByTestId('login-username').fill('gao.ming')
  await page.getByTestId('login-password').fill('Zweites-Passw0rt?')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('forced-password-change')).toBeVisible()
  await expect(page.getByTestId('nav-cases')).toHaveCount(0)
  await page.screenshot({ path: `${shots}/users-forced-change.png` })
  await page.getByTestId('change-password-current').fill('Zweites-Passw0rt?')
  await page.getByTestId('change-password-next').fill('Dritte-Passw0rt#')
  await page.getByTestId('change-password-repeat').fill('Dritte-Passw0rt#')
  await page.getByTestId('change-password-confirm').click()
  await expect(page.getByTestId('forced-password-change')).toHaveCount(0)
  await expect(page.getByTestId('nav-cases')).toBeVisible()
  void PASSWORD
})
