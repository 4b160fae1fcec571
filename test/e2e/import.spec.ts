// The import wizard end to end (issue 14): the records office inspects a GBK CSV written by "Excel" (the
// guess shown, the columns mapped from the header), dry-runs it (one bad date listed, nothing written), then
// imports it and sees the counts add up. A reviewer has no 导入 item.
import { test, expect } from '@playwright/test'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import { signIn } from './session'

const shots = 'test-results/screenshots'

test('the records office dry-runs and imports a GBK CSV', async ({ page }) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 1280, height: 800 })
  await signIn(page, 'qian.yu')
  // The demo organisation's head office (demo/organisation.ts).
  const unit = 'HO'
  const rows = ['投诉编号,投诉时间,办结时间,投诉渠道,机构代码,业务条线,业务类别,严重程度,客户投诉摘要,投诉请求,证件号码']
  for (let i = 1; i <= 30; i++) rows.push(`E2E${i},2025/3/${i % 28 + 1} 09:30,2025年4月${i % 28 + 1}日,客服热线,${unit},零售,服务质量投诉,一般投诉,客户反映网点排队时间过长（第${i}件）,要求改进服务,${i === 7 ? '3.50102E+17' : ''}`)
  const file = join(mkdtempSync(join(tmpdir(), 'dossier-e2e-import-')), '投诉导出.csv')
  writeFileSync(file, iconv.encode(rows.join('\r\n'), 'gbk'))

  await page.getByTestId('nav-import').click()
  await expect(page).toHaveURL(/#\/import$/)
  await page.getByTestId('import-path').fill(file)
  await page.getByTestId('import-inspect').click()
  await expect(page.getByTestId('import-guess')).toContainText('gb18030')
  await expect(page.getByTestId('import-preview')).toContainText('客户反映网点排队时间过长（第1件）')
  await page.getByTestId('import-dry-run').click()
  await expect(page.getByTestId('import-result')).toContainText('读取 30 行 = 新增 29 + 变更 0 + 未变 0 + 无效 1 + 跳过 0')
  await expect(page.getByTestId('import-result')).toContainText('科学计数法')
  await page.screenshot({ path: `${shots}/import-dry-run.png` })
  await page.getByTestId('import-start').click()
  await expect(page.getByTestId('import-progress')).toContainText('已完成', { timeout: 60_000 })
  await expect(page.getByTestId('import-result')).toContainText('导入结果')
  await page.screenshot({ path: `${shots}/import-done.png` })
})

test('a reviewer has no import item', async ({ page }) => {
  await signIn(page, 'chen.jing')
  await expect(page.getByTestId('nav-cases')).toBeVisible()
  await expect(page.getByTestId('nav-import')).toHaveCount(0)
})
