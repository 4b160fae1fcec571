// Screenshots of the whole trend view, scrolled through, at 1280×800 (Chinese and English) and 1920×1080.
import { test, expect, type Page } from '@playwright/test'
import { signIn } from './session'

async function shots(page: Page, name: string): Promise<void> {
  await page.goto('/#/trends?grain=month&pfrom=2025-09&pto=2026-08')
  await expect(page.getByTestId('trend-kpis')).toBeVisible({ timeout: 30_000 })
  await page.waitForTimeout(800)
  for (let i = 0; i <= 4; i++) {
    await page.getByTestId('trends-view').evaluate((el, k) => { el.scrollTop = k * (el.clientHeight - 40) }, i)
    await page.waitForTimeout(300)
    await page.screenshot({ path: `test-results/screenshots/trends-${name}-${i}.png` })
  }
}

test('1280×800, Chinese then English', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await signIn(page, 'zhou.qiang')
  await shots(page, '1280-zh')
  await page.getByTestId('lang-switch').selectOption('en')
  await shots(page, '1280-en')
})

test('1920×1080', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await signIn(page, 'zhou.qiang')
  await shots(page, '1920-zh')
})
