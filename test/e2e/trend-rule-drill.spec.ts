// The audit outcome's drill-down in the browser (issue 12, point 2): leadership clicks a rule's failed bar
// (internal policy) on the canvas and lands on the case list with exactly that bar's count, the rule named in the
// filter bar and the evidence of the page's cases, each a failure of that rule.
import { test, expect } from '@playwright/test'
import { signIn } from './session'

const shots = 'test-results/screenshots'

test('leadership drills into a rule\'s failed bar and sees its failing cases with their evidence', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await signIn(page, 'zhou.qiang')
  await page.goto('/#/trends?grain=quarter&pfrom=2025-09&pto=2026-08')
  await expect(page.getByTestId('trend-kpis')).toBeVisible({ timeout: 30_000 })
  const chart = page.getByTestId('trend-chart-rules')
  await chart.scrollIntoViewIfNeeded()
  await expect(page.getByTestId('trend-chart-ruleMonths')).toBeVisible()
  const canvas = chart.locator('[role="img"]')
  await expect.poll(async () => JSON.parse((await canvas.getAttribute('data-bars')) ?? '[]').length).toBeGreaterThan(0)
  const bars = JSON.parse((await canvas.getAttribute('data-bars'))!) as { code: string; count: number; x: number; y: number }[]
  const bar = bars.sort((a, b) => b.count - a.count)[0]
  const box = (await canvas.boundingBox())!
  await page.mouse.click(box.x + bar.x, box.y + bar.y)
  await expect(page).toHaveURL(new RegExp(`#/cases\\?.*rule=${Number(bar.code.slice(1))}`))
  await expect(page.getByTestId('drill-count')).toHaveAttribute('data-count', String(bar.count))
  await expect(page.getByTestId('case-count')).toHaveAttribute('data-kind', 'exact')
  await expect(page.getByTestId('case-count')).toHaveAttribute('data-count', String(bar.count))
  await expect(page.getByTestId('filter-rule')).toHaveAttribute('data-rule', String(Number(bar.code.slice(1))))
  await expect(page.getByTestId('filter-rule')).toHaveAttribute('data-policy', 'internal')
  const rows = page.getByTestId('rule-evidence-row')
  await expect(rows.first()).toBeVisible({ timeout: 30_000 })
  const n = await rows.count()
  expect(n).toBeGreaterThan(0)
  expect(n).toBeLessThanOrEqual(bar.count)
  for (const status of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))) expect(status).toBe('fail')
  await page.screenshot({ path: `${shots}/trends-rule-drill-1280.png` })
  // The rule filter is removed from the bar like any other.
  await page.getByTestId('filter-rule').getByRole('button').click()
  await expect(page.getByTestId('filter-rule')).toHaveCount(0)
  await expect(page.getByTestId('rule-evidence')).toHaveCount(0)
})
