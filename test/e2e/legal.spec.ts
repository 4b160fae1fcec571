// The legal workbench end to end: a legal user lands on it, filters the offers above the co-sign amount,
// opens one, sees every check with its evidence and the precedent band, signs an opinion (which then waits
// for a second signature); a second legal user finds it in 需第二签 and co-signs it, and it is final. A legal
// user exports the filtered list (CSV and XLSX: every matching offer, masked) and issues the quarter's legal summary.
import { test, expect } from '@playwright/test'
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { signIn } from './session'

const shots = 'test-results/screenshots'

test('a legal user filters, opens and signs an offer; a second legal user co-signs it', async ({ page, browser }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await signIn(page, 'sun.li')
  // The legal role's landing screen.
  await expect(page).toHaveURL(/#\/legal/)
  await expect(page.getByTestId('legal-table')).toBeVisible()
  await expect(page.getByTestId('legal-row').first()).toBeVisible({ timeout: 30_000 })
  await page.screenshot({ path: `${shots}/legal-1-landing.png` })

  await page.getByTestId('legal-filter-min').fill('50001')
  await page.getByTestId('legal-filter-apply').click()
  const rows = page.getByTestId('legal-row')
  await expect.poll(async () => {
    const amounts = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-amount'))))
    return amounts.length > 0 && amounts.every((a) => a >= 50001)
  }).toBe(true)

  // Keyboard: focus the table, move down and back, open with Enter.
  await page.getByTestId('legal-table').focus()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  const panel = page.getByTestId('legal-panel')
  await expect(panel).toBeVisible()
  await expect(panel.getByTestId('offer-check')).toHaveCount(6)
  await expect(panel.getByTestId('offer-precedent')).toBeVisible()
  await expect(panel.getByTestId('offer-case-facts')).not.toContainText(/\d{17}[\dX]/)
  const offerId = await rows.first().getAttribute('data-offer-id')
  // Precedent by product: the band is recomputed within the case's product, and says so.
  await panel.getByTestId('precedent-by').selectOption('product')
  await expect(panel.getByTestId('offer-precedent')).toContainText('同产品')
  await page.screenshot({ path: `${shots}/legal-2-panel.png` })

  await panel.getByTestId('opinion-reasoning').fill('补偿金额与客户实际损失相当，已按权限审批，客户已签署和解协议。')
  await panel.getByTestId('opinion-bases').selectOption(['LAW-CC-584', 'INT-000'])
  await expect(panel.getByTestId('opinion-needs-cosign')).toBeVisible()
  await panel.getByTestId('opinion-sign').click()
  await expect(panel.getByTestId('opinion-current')).toHaveAttribute('data-status', 'awaiting_cosign')
  await expect(panel.getByTestId('opinion-signer')).toContainText('孙丽')
  await expect(panel.getByTestId('opinion-cosign')).toHaveCount(0)
  await page.screenshot({ path: `${shots}/legal-3-signed.png` })

  // The second legal user, in a window of their own.
  const other = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 800 } })
  const page2 = await other.newPage()
  await signIn(page2, 'he.jun')
  await page2.getByTestId('legal-queue-cosign').click()
  const row = page2.locator(`[data-testid="legal-row"][data-offer-id="${offerId}"]`)
  await expect(row).toBeVisible()
  await row.click()
  const panel2 = page2.getByTestId('legal-panel')
  await expect(panel2.getByTestId('opinion-current')).toHaveAttribute('data-status', 'awaiting_cosign')
  await panel2.getByTestId('opinion-cosign').click()
  await expect(panel2.getByTestId('opinion-current')).toHaveAttribute('data-status', 'final')
  await expect(panel2.getByTestId('opinion-cosigner')).toContainText('何军')
  await page2.screenshot({ path: `${shots}/legal-4-cosigned.png` })
  // The 法律审查意见书, issued and registered.
  await panel2.getByTestId('opinion-document').click()
  await expect(panel2.getByTestId('opinion-document-issued')).toContainText(/legal_opinion_TS\d+_offer\d+_v1\.docx/)
  await other.close()
})

test('an administrator sees the authority matrix by level and offer type, editable', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await signIn(page, 'admin')
  await page.getByTestId('nav-legal').click()
  await page.getByTestId('legal-tab-matrix').click()
  const matrix = page.getByTestId('authority-matrix')
  await expect(matrix.locator('tbody tr')).toHaveCount(2)
  await expect(matrix.locator('tbody tr').first()).toContainText('分行')
  await expect(matrix.locator('tbody tr').nth(1)).toContainText('总行')
  await expect(matrix.locator('input[type="number"]').first()).toHaveValue('50000')
  await expect(page.getByTestId('matrix-save')).toBeVisible()
  // A new approval level, at rank 3, starting with no authority until its amounts are filled in.
  await page.getByTestId('matrix-new-level').fill('总行高管')
  await page.getByTestId('matrix-add-level').click()
  await expect(matrix.locator('tbody tr')).toHaveCount(3)
  await expect(matrix.locator('tbody tr').nth(2)).toContainText('总行高管')
  await expect(matrix.locator('tbody tr').nth(2).locator('input[type="number"]').first()).toHaveValue('0')
  await page.screenshot({ path: `${shots}/legal-5-matrix.png` })
})

test('a legal user exports the filtered offers as CSV and XLSX, and issues the quarterly legal summary', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await signIn(page, 'he.jun')
  await expect(page.getByTestId('legal-row').first()).toBeVisible({ timeout: 30_000 })
  await page.getByTestId('legal-queue-all').click()
  await page.getByTestId('legal-filter-min').fill('20000')
  await page.getByTestId('legal-filter-apply').click()
  await expect.poll(async () => {
    const amounts = await page.getByTestId('legal-row').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-amount'))))
    return amounts.length > 0 && amounts.every((a) => a >= 20000)
  }).toBe(true)
  const count = Number((await page.getByTestId('legal-count').innerText()).replace(/[^0-9]/g, ''))
  expect(count).toBeGreaterThan(0)

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('legal-export-csv').click()])
  expect(csv.suggestedFilename()).toMatch(/^legal-offers-\d{8}-\d{6}\.csv$/)
  const text = readFileSync((await csv.path())!, 'utf8')
  expect(text.charCodeAt(0)).toBe(0xfeff)
  const lines = text.slice(1).trimEnd().split('\r\n')
  expect(lines[0]).toContain('案件编号')
  expect(lines.length - 1).toBe(count)
  const amountAt = lines[0].split(',').indexOf('金额（元）')
  expect(lines.slice(1).every((l) => Number(l.split(',')[amountAt]) >= 20000)).toBe(true)
  expect(text).not.toMatch(/\d{17}[\dX]/)
  await expect(page.getByTestId('legal-export-notice')).toContainText(String(count))
  await page.screenshot({ path: `${shots}/legal-6-export.png` })

  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('legal-export-xlsx').click()])
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/)
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile((await xlsx.path())!)
  expect(book.worksheets[0].actualRowCount - 1).toBe(count)

  // The quarter's legal summary, issued and downloaded.
  await page.getByTestId('legal-tab-summary').click()
  await page.getByTestId('legal-summary-year').selectOption('2026')
  await page.getByTestId('legal-summary-q').selectOption('2')
  await page.getByTestId('legal-summary-generate').click()
  await expect(page.getByTestId('legal-summary-issued')).toContainText('legal_summary_2026Q2_v1.docx', { timeout: 30_000 })
  const [doc] = await Promise.all([page.waitForEvent('download'), page.getByTestId('legal-summary-open').click()])
  expect(doc.suggestedFilename()).toBe('legal_summary_2026Q2_v1.docx')
  expect(readFileSync((await doc.path())!).subarray(0, 2).toString()).toBe('PK')
  await page.screenshot({ path: `${shots}/legal-7-summary.png` })
})
