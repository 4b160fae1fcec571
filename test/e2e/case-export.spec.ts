// The case list's export (issue 10, point 11) in the browser: a reviewer filters the list and exports it as
// CSV — the progress bar shows while it runs and the file downloads through its one-use address, holding
// every matching case (the list's count), masked; the records office exports to Excel with personal data
// in full after giving a reason.
import { test, expect, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { signIn } from './session'

const shots = 'test-results/screenshots'

/** Records in the page whether the export's progress bar was ever shown (a small archive exports in a blink). */
async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    // (The page's own globals: this spec is type-checked without the DOM library.)
    type Dom = { querySelector(s: string): unknown; body: unknown }
    const g = globalThis as unknown as { progressSeen?: boolean; document: Dom; MutationObserver: new (f: () => void) => { observe(n: unknown, o: object): void } }
    g.progressSeen = false
    new g.MutationObserver(() => { if (g.document.querySelector('[data-testid="case-export-progress"] progress')) g.progressSeen = true })
      .observe(g.document.body, { childList: true, subtree: true })
  })
}

async function listWith(page: Page, user: string): Promise<number> {
  await signIn(page, user)
  await page.goto('/#/cases')
  await expect(page.getByTestId('case-row').first()).toBeVisible({ timeout: 30_000 })
  await page.getByTestId('filter-severity').selectOption('major')
  await expect(page.getByTestId('case-count')).toHaveAttribute('data-kind', 'exact')
  return Number((await page.getByTestId('case-count').innerText()).replace(/[^\d]/g, ''))
}

test('a reviewer exports the filtered list as CSV with progress, masked; the records office exports Excel in full with a reason', async ({ page }) => {
  const count = await listWith(page, 'chen.jing')
  expect(count).toBeGreaterThan(0)
  await watchProgress(page)
  await page.getByTestId('case-export-button').click()
  await expect(page.getByTestId('case-export-full')).toHaveCount(0)
  await page.screenshot({ path: `${shots}/case-export-1-menu.png` })
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('case-export-csv').click()])
  expect(csv.suggestedFilename()).toMatch(/^cases-\d{8}-\d{6}\.csv$/)
  expect(await page.evaluate(() => (globalThis as unknown as { progressSeen: boolean }).progressSeen)).toBe(true)
  const text = readFileSync(await csv.path(), 'utf8')
  expect(text.charCodeAt(0)).toBe(0xfeff)
  const lines = text.slice(1).trimEnd().split('\r\n')
  expect(lines[0].startsWith('投诉编号,投诉时间,办结时间')).toBe(true)
  expect(lines.length - 1).toBe(count)
  expect(lines.slice(1).every((l) => l.includes('重大投诉'))).toBe(true)
  // Phones are masked (138****5678): no 11-digit mobile number appears whole.
  expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/)
  await expect(page.getByTestId('case-export-notice')).toContainText(`已导出 ${count} 件`)
  await expect(page.getByTestId('case-export-notice')).toContainText('个人信息已脱敏')
  await page.screenshot({ path: `${shots}/case-export-2-done.png` })

  await page.getByTestId('sign-out').click()
  await expect(page.getByTestId('login-username')).toBeVisible()
  const again = await listWith(page, 'qian.yu')
  expect(again).toBe(count)
  await page.getByTestId('case-export-button').click()
  await page.getByTestId('case-export-full').check()
  await page.getByTestId('case-export-xlsx').click()
  await expect(page.getByTestId('purpose-dialog')).toBeVisible()
  await page.getByTestId('purpose-input').fill('监管检查')
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('purpose-dialog').getByRole('button', { name: '确定' }).click()])
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(await xlsx.path())
  expect(book.worksheets[0].actualRowCount - 1).toBe(count)
  await expect(page.getByTestId('case-export-notice')).toContainText('含完整个人信息')
  await page.screenshot({ path: `${shots}/case-export-3-full.png` })
})
