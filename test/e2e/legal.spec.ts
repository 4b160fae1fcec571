// The legal workbench end to end: a legal user lands on it, filters the offers above the co-sign amount,
// opens one, sees every check with its evidence and the precedent band, signs an opinion (which then waits
// for a second signature); a second legal user finds it in 需第二签 and co-signs it, and it is final.
import { test, expect } from '@playwright/test'
import { signIn } from './session'

const shots = 'test-results/screenshots'

test('a legal user filters, opens and signs an offer; a second legal user co-signs it', async ({ page, browser }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await signIn(page, 'sun.li')
  // The legal role's landing screen.
  await expect(page).toHaveURL(/#\/legal/)
  await expect(page.getByTestId('legal-table')).toBeVisible()
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
  await expect(panel2.getByTestId('opinion-document-issued')).toContainText(`legal_opinion_${offerId}_v1.docx`)
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
  await page.screenshot({ path: `${shots}/legal-5-matrix.png` })
})
