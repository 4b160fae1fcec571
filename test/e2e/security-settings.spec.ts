// The 安全设置 screen end to end: the administrator sets a retention period and sees the preview (how many
// cases, which fields, what is kept); a reviewer has no such item and the server refuses the channel. Nothing
// is anonymised here (other specs read the same demo archive); the period is cleared at the end.
import { test, expect } from '@playwright/test'
import { api, signIn } from './session'

const shots = 'test-results/screenshots'

test('an administrator previews the retention period; a reviewer cannot', async ({ page, browser }) => {
  await signIn(page, 'admin')
  await page.getByTestId('nav-security').click()
  await expect(page.getByTestId('security-view')).toBeVisible()
  await page.getByTestId('retention-months').fill('18')
  await page.getByTestId('retention-save').click()
  const preview = page.getByTestId('retention-preview')
  await expect(preview).toContainText('超过期限的案件')
  const shown = await api<{ cases: number; months: number; version: number }>(page, 'retention.preview')
  expect(shown.months).toBe(18)
  await expect(preview).toContainText(`${shown.cases} 件案件`)
  if (shown.cases > 0) await expect(page.getByTestId('retention-run')).toBeVisible()
  await expect(page.getByTestId('directory-panel')).toBeVisible()
  await page.screenshot({ path: `${shots}/security-settings.png`, fullPage: true })
  await api(page, 'retention.save', { months: null, expectedVersion: shown.version })

  const other = await browser.newPage()
  await signIn(other, 'chen.jing')
  await expect(other.getByTestId('nav-security')).toHaveCount(0)
  await expect(api(other, 'retention.preview')).rejects.toThrow(/forbidden/)
  await other.close()
})
