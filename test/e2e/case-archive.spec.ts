import { test, expect, type Page } from '@playwright/test'
import { token } from '../../playwright.config'

const shots = 'test-results/screenshots'

// Every channel but app.info and sign-in needs a session: each test signs in as a reviewer first.
async function open(page: Page): Promise<void> {
  await page.goto(`/?token=${token}`)
  await expect(page.getByTestId('login-username')).toBeVisible({ timeout: 30_000 })
  await page.getByTestId('login-username').fill('chen.jing')
  await page.getByTestId('login-password').fill('dossier-demo')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('current-user')).toContainText('陈静')
  await expect(page.getByTestId('case-row').first()).toBeVisible({ timeout: 30_000 })
}

test('lists the demo archive, filters, pages and opens a case with personal data masked', async ({ page }) => {
  await open(page)
  await expect(page.getByTestId('demo-badge')).toBeVisible()
  await expect(page.getByTestId('case-count')).toContainText('3,000')
  // The review column: every row has the cell; the engine has flagged some cases (⚠ 预警).
  await expect(page.getByTestId('col-review')).toHaveText('审查')
  await expect(page.getByTestId('case-row').first().getByTestId('case-review')).toHaveCount(1)
  await expect(page.locator('[data-testid="case-review"] [data-flag="audit"]').first()).toBeVisible()
  await page.screenshot({ path: `${shots}/case-list.png` })

  // Filter: only 重大 cases, all rows say so, the count shrinks.
  await page.getByTestId('filter-severity').selectOption('major')
  const rows = page.getByTestId('case-row')
  await expect(rows.first()).toContainText('重大')
  // The count arrives on its own request: wait for a number that is not the whole archive's.
  const shownCount = async (): Promise<number> => Number((await page.getByTestId('case-count').innerText()).replace(/[^\d]/g, '') || 0)
  await expect.poll(async () => { const n = await shownCount(); return n > 0 && n !== 3000 }).toBe(true)
  const majorCount = await shownCount()
  expect(majorCount).toBeGreaterThan(50)
  expect(majorCount).toBeLessThan(1000)
  for (const text of await rows.allInnerTexts()) expect(text).toContain('重大')

  // Text search over summary/request for a two-character term.
  await page.getByTestId('filter-severity').selectOption('')
  await page.getByTestId('filter-text').fill('扣费')
  await page.getByTestId('filter-text').press('Enter')
  await expect(rows.first()).toContainText('扣费')
  await page.screenshot({ path: `${shots}/case-list-search.png` })
  await page.getByTestId('filter-clear').click()
  await expect(page.getByTestId('case-count')).toContainText('3,000')

  // Paging: scroll the virtual table to the end of the first page; more rows load.
  const firstIds = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-case-id')))
  const table = page.getByTestId('case-table')
  await table.focus()
  // End twice: the first reaches the end of page one and asks for page two, the second (once page two has come:
  // a fixed 500 ms wait was a guess a loaded machine could miss) the end of that.
  const loadedIds = async (): Promise<(string | null)[]> => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-case-id')))
  await page.keyboard.press('End')
  await expect.poll(async () => (await loadedIds()).some((id) => !firstIds.includes(id)), { timeout: 15_000 }).toBe(true)
  await page.keyboard.press('End')
  // The ids shown after paging are from beyond the first page of 100: the server paged by cursor.
  await expect.poll(async () => Math.max(...(await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('aria-rowindex') ?? -1))))), { timeout: 15_000 }).toBeGreaterThan(100)
  await page.screenshot({ path: `${shots}/case-list-paged.png` })
  await page.keyboard.press('Home')

  // Keyboard: move down one row and open it.
  await table.focus()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('detail-case-no')).toHaveText(/^TS\d{12}$/)
  const name = await page.getByTestId('detail-complainant-name').innerText()
  const phone = await page.getByTestId('detail-complainant-phone').innerText()
  const idNo = await page.getByTestId('detail-complainant-id').innerText()
  if (name !== '无' && name !== '') expect(name).toMatch(/^\p{Script=Han}\*+\p{Script=Han}?$/u)
  if (phone !== '无' && phone !== '') expect(phone).toMatch(/^1\*{6}\d{4}$/)
  if (idNo !== '无' && idNo !== '') expect(idNo).toMatch(/^\d{3}\*{11}[\dX]{4}$/)
  await expect(page.getByTestId('detail-timeline')).toContainText('收到投诉')
  await page.screenshot({ path: `${shots}/case-detail.png`, fullPage: true })

  await page.keyboard.press('Escape')
  await expect(page.getByTestId('case-table')).toBeVisible()
})

test('shows an empty state for a search with no match', async ({ page }) => {
  await open(page)
  await page.getByTestId('filter-text').fill('不存在的词语组合')
  await page.getByTestId('filter-text').press('Enter')
  await expect(page.getByTestId('empty-state')).toBeVisible()
  // The whole result is in the list: the count is exact, not an estimate.
  await expect(page.getByTestId('case-count')).toHaveText('共 0 件')
  await expect(page.getByTestId('case-count')).toHaveAttribute('data-kind', 'exact')
  await page.screenshot({ path: `${shots}/case-list-empty.png` })
})

test('speaks English on request', async ({ page }) => {
  await open(page)
  await page.getByTestId('lang-switch').selectOption('en')
  await expect(page.getByTestId('nav-cases')).toContainText(/Cases/i)
  await page.screenshot({ path: `${shots}/case-list-en.png` })
})
