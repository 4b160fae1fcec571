// 季度关账 and the JR/T 0169 export in the browser (issue 12 points 5 and 6): a senior reviewer closes the last
// ended quarter from the trends view; a reviewer's tag then touches it; leadership sees the closing with the
// post-close change (which case, what, when, who) and exports the regulator's table as CSV and XLSX.
import { test, expect } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { api, signIn } from './session'

const shots = 'test-results/screenshots'
test.describe.configure({ mode: 'serial' })
let quarter = ''

test('a senior reviewer closes a quarter; a later tag is listed beside the frozen figures', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await signIn(page, 'wang.fang')
  await page.goto('/#/trends?grain=quarter&pfrom=2025-10&pto=2026-09')
  await expect(page.getByTestId('quarter-close')).toBeVisible({ timeout: 30_000 })
  // The newest ended quarter that holds demo cases (they run to 2026-08-31): from 2027 on the list's first
  // quarter has none, and the tag below needs a case of the closed quarter.
  const offered = await page.getByTestId('qc-pick').locator('option').allInnerTexts()
  quarter = offered.map((o) => o.trim()).find((o) => o <= '2026Q3') ?? ''
  expect(quarter, `a closable quarter with demo cases among ${offered.join(' ')}`).toMatch(/^\d{4}Q[1-4]$/)
  await page.getByTestId('qc-pick').selectOption(quarter)
  await page.getByTestId('qc-note').fill('季度报告定稿')
  await page.getByTestId('qc-close').click()
  const row = page.getByTestId(`qc-row-${quarter}`)
  await expect(row).toBeVisible()
  await expect(row.getByTestId('qc-change-count')).toHaveText('0')
  await expect(page.getByTestId('qc-reopen')).toHaveCount(0) // administrators only

  // A reviewer tags a case of the closed quarter.
  const y = Number(quarter.slice(0, 4))
  const q = Number(quarter.slice(5))
  const from = `${y}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`
  const to = `${y}-${String(q * 3).padStart(2, '0')}-28`
  await page.context().clearCookies()
  await signIn(page, 'chen.jing')
  const list = await api<{ rows: { id: number; caseNo: string }[] }>(page, 'cases.list', { filter: { receivedFrom: from, receivedTo: to }, limit: 1 })
  await api(page, 'rootCauses.setCase', { caseId: list.rows[0].id, primary: { code: 'RC04' }, secondary: [] })

  await page.context().clearCookies()
  await signIn(page, 'zhou.qiang')
  await page.goto('/#/trends?grain=quarter&pfrom=2025-10&pto=2026-09')
  const closed = page.getByTestId(`qc-row-${quarter}`)
  await expect(closed).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('qc-close')).toHaveCount(0) // leadership reads only
  await closed.getByTestId('qc-show').click()
  const changes = page.getByTestId('qc-changes')
  await expect(changes).toContainText(list.rows[0].caseNo)
  await expect(changes).toContainText('问题根源标注')
  await expect(changes).toContainText('chen.jing')
  await changes.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${shots}/quarter-close-1280.png`, fullPage: true })
})

test('leadership exports the JR/T 0169 table as CSV and XLSX from the trends view', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await signIn(page, 'zhou.qiang')
  await page.goto('/#/trends?grain=quarter&pfrom=2025-10&pto=2026-09')
  await expect(page.getByTestId('regulatory-export')).toBeVisible({ timeout: 30_000 })
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('reg-csv').click()])
  expect(csv.suggestedFilename()).toMatch(/^JR-T0169_分类统计_2025-10-01_2026-09-30\.csv$/)
  const text = readFileSync((await csv.path())!)
  expect([...text.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  expect(text.toString('utf8')).toContain('投诉渠道代码')
  await expect(page.getByTestId('reg-message')).toContainText('件')
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('reg-xlsx').click()])
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/)
  expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString()).toBe('PK')
  await page.screenshot({ path: `${shots}/quarter-export-1920.png` })
})
