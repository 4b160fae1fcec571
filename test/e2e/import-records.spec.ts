// The rest of an archive through the wizard (issue 14): the records office picks an offers CSV with the file
// input (browser mode uploads it), the wizard reads it as 补偿/赔偿方案 from its header, dry-runs it (one bad
// amount listed), imports it, and downloads the error file by its one-use address: the bad row as it stood,
// with its line and message.
import { test, expect } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { api, signIn } from './session'

const shots = 'test-results/screenshots'

test('the records office uploads and imports offers, then downloads the error file', async ({ page }) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 1280, height: 860 })
  await signIn(page, 'qian.yu')
  const list = await api<{ rows: { caseNo: string }[] }>(page, 'cases.list', { limit: 2 })
  const [a, b] = list.rows.map((r) => r.caseNo)
  const csv = `\uFEFF投诉编号,方案编号,方案类型,补偿金额,核定依据\r\n${a},E2E-1,经济补偿,"1,200元",按利息损失核定\r\n${b},E2E-2,退还费用,3.5E+03,\r\n${a},E2E-3,慰问/礼品,200,节日慰问\r\n`

  await page.getByTestId('nav-import').click()
  await expect(page).toHaveURL(/#\/import$/)
  await page.getByTestId('import-file').setInputFiles({ name: '补偿方案.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') })
  await expect(page.getByTestId('import-read-as')).toContainText('按「补偿/赔偿方案」读取')
  await expect(page.getByTestId('import-preview')).toContainText('按利息损失核定')
  await expect(page.getByTestId('import-preset')).toHaveCount(0)
  await page.getByTestId('import-dry-run').click()
  await expect(page.getByTestId('import-counts')).toHaveText('读取 3 行 = 新增 2 + 变更 0 + 未变 0 + 无效 1 + 跳过 0')
  await expect(page.getByTestId('import-result')).toContainText('第 3 行，列「补偿金额」，值「3.5E+03」：是科学计数法')
  await page.getByTestId('import-start').click()
  await expect(page.getByTestId('import-progress')).toContainText('已完成', { timeout: 60_000 })
  await expect(page.getByTestId('import-counts')).toHaveText('读取 3 行 = 新增 2 + 变更 0 + 未变 0 + 无效 1 + 跳过 0')
  await page.screenshot({ path: `${shots}/import-offers-done.png`, fullPage: true })

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-errors-download').click()])
  const text = readFileSync((await download.path())!, 'utf8')
  expect(text).toBe(`\uFEFF投诉编号,方案编号,方案类型,补偿金额,核定依据,"行号","错误"\r\n${b},E2E-2,退还费用,3.5E+03,,3,"第 3 行，列「补偿金额」，值「3.5E+03」：是科学计数法（表格软件已把金额舍入），请把该列设为文本或数值后重新导出"\r\n`)
  expect(download.suggestedFilename()).toMatch(/^import_\d+_errors\.csv$/)
  // The address was for one use.
  const again = await page.evaluate(async (u) => (await fetch(u)).status, new URL(download.url()).pathname + new URL(download.url()).search)
  expect(again).toBe(403)
})

/** Signs the page out and in again as `username` (the session cookie is replaced). */
async function switchTo(page: import('@playwright/test').Page, username: string): Promise<void> {
  await page.getByTestId('sign-out').click()
  await expect(page.getByTestId('login-username')).toBeVisible()
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill('dossier-demo')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('current-user')).toBeVisible()
}

test('an offer imported after a review was approved marks the review and the list row (审查后案卷有变更)', async ({ page }) => {
  test.setTimeout(180_000)
  await page.setViewportSize({ width: 1440, height: 900 })
  await signIn(page, 'wang.fang')
  const users = await api<{ id: number; username: string }[]>(page, 'users.list')
  const chen = users.find((u) => u.username === 'chen.jing')!
  const plan = await api<{ id: number }>(page, 'plans.create', { name: 'E2E 审后变更', receivedFrom: '2000-01-01', receivedTo: '2100-01-01', sampleRate: 0, sampleSeed: 3, includeFlagged: false, reviewerIds: [chen.id] })
  // The reviewer confirms every rule, concludes and submits; the senior approves.
  await switchTo(page, 'chen.jing')
  const queue = await api<{ rows: { id: number; planId: number; caseNo: string; caseId: number; receivedAt: string }[] }>(page, 'reviews.queue', { scope: 'mine' })
  const mine = queue.rows.find((r) => r.planId === plan.id)!
  let r = await api<{ id: number; version: number; rules: { code: string }[] }>(page, 'reviews.get', { id: mine.id })
  for (const rule of r.rules) r = await api(page, 'reviews.saveRule', { id: r.id, version: r.version, rule: rule.code, decision: 'confirmed', note: '' })
  r = await api(page, 'reviews.saveConclusion', { id: r.id, version: r.version, conclusion: 'basically_compliant', opinion: '基本按制度办理。' })
  r = await api(page, 'reviews.submit', { id: r.id, version: r.version })
  await switchTo(page, 'wang.fang')
  await api(page, 'reviews.decide', { id: r.id, version: r.version, decision: 'approve', comment: '' })

  // The records office imports an offer for the case.
  await switchTo(page, 'qian.yu')
  await page.getByTestId('nav-import').click()
  const csv = `\uFEFF投诉编号,方案编号,方案类型,金额,核定依据\r\n${mine.caseNo},POST-1,退还费用,680,退还多收年费\r\n`
  await page.getByTestId('import-file').setInputFiles({ name: '审后补偿.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') })
  await expect(page.getByTestId('import-read-as')).toContainText('补偿/赔偿方案')
  await page.getByTestId('import-start').click()
  await expect(page.getByTestId('import-progress')).toContainText('已完成', { timeout: 60_000 })

  // The senior sees the mark on the review, and on the case's row in the list.
  await switchTo(page, 'wang.fang')
  await page.goto(`/#/reviews/${mine.id}`)
  const banner = page.getByTestId('review-changed-after-review')
  await expect(banner).toContainText('审查后案卷有变更')
  await expect(banner).toContainText('审后补偿.csv')
  await expect(banner).toContainText('金额：（空） → 680.00 元')
  await page.screenshot({ path: `${shots}/review-changed-after-review.png` })
  // The list over the case's day of receipt (China time) and the next.
  const day = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10)
  const received = Date.parse(mine.receivedAt)
  await page.goto(`/#/cases?from=${day(received)}&to=${day(received + 86_400_000)}`)
  const listed = await api<{ rows: { id: number; changedAfterReview: boolean }[] }>(page, 'cases.list', { filter: { receivedFrom: day(received), receivedTo: day(received + 86_400_000) }, limit: 100 })
  expect(listed.rows.filter((x) => x.changedAfterReview).map((x) => x.id)).toEqual([mine.caseId])
  await expect(page.getByTestId('case-row').first()).toBeVisible({ timeout: 30_000 })
  const row = page.locator(`[data-case-id="${mine.caseId}"]`)
  await expect(row.locator('[data-flag="changed-after-review"]')).toHaveText('审后变更')
  await page.screenshot({ path: `${shots}/list-changed-after-review.png` })

  // The filter bar's 「审查后案卷有变更」: only that case, and the filter travels in the address.
  await page.goto('/#/cases')
  await page.getByTestId('filter-changed-after-review').check()
  await expect(page).toHaveURL(/[?&]changed=true/)
  await expect(page.getByTestId('case-row')).toHaveCount(1, { timeout: 30_000 })
  await expect(page.locator(`[data-case-id="${mine.caseId}"] [data-flag="changed-after-review"]`)).toBeVisible()
  await page.screenshot({ path: `${shots}/list-filter-changed-after-review.png` })
  await page.getByTestId('filter-changed-after-review').uncheck()
  await expect(page).not.toHaveURL(/changed=true/)

  // The plan's review queue: the checkbox keeps only the marked review, which carries the tag.
  await page.goto('/#/reviews?tab=plans')
  await page.getByTestId(`plan-open-${plan.id}`).click()
  const planQueue = page.getByTestId('queue-plan')
  await expect(planQueue.locator('tbody tr').first()).toBeVisible({ timeout: 30_000 })
  const all = await planQueue.locator('tbody tr').count()
  expect(all).toBeGreaterThanOrEqual(1)
  await planQueue.getByTestId('queue-changed-after-review').check()
  await expect(planQueue.locator('tbody tr')).toHaveCount(1)
  await expect(planQueue.locator('tbody tr [data-flag="changed-after-review"]')).toHaveText('审后变更')
  await page.screenshot({ path: `${shots}/queue-changed-after-review.png` })
})
