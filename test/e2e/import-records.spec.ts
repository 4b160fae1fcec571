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
