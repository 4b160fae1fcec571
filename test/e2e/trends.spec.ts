// The trend view in the browser (issue 12): leadership opens 趋势, sets a filter (carried in the address and
// into the case list), switches the period, drills into a bar and lands on the case list with exactly the
// bar's count; a text search is answered by a scan and says so. Screenshots at 1280×800 and 1920×1080.
import { test, expect, type Page } from '@playwright/test'
import { signIn } from './session'

const shots = 'test-results/screenshots'
test.describe.configure({ mode: 'serial' })

async function openTrends(page: Page, query = 'grain=month&pfrom=2025-09&pto=2026-08'): Promise<void> {
  await page.goto(`/#/trends?${query}`)
  await expect(page.getByTestId('trend-kpis')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('trend-source')).toBeVisible()
}

const bars = async (page: Page, chart: string): Promise<{ code: string; bucket: string; count: number; x: number; y: number }[]> =>
  JSON.parse((await page.getByTestId(`trend-chart-${chart}`).locator('[role="img"]').getAttribute('data-bars')) ?? '[]')

test('leadership sees the charts, filters, switches the period and drills into a bar', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await signIn(page, 'zhou.qiang')
  await openTrends(page)
  await expect(page.getByTestId('trend-source')).toHaveAttribute('data-source', 'summary')
  await expect(page.getByTestId('kpi-cases').getByTestId('kpi-value')).not.toHaveText('0')
  await expect(page.getByTestId('trend-chart-category')).toBeVisible()
  await page.screenshot({ path: `${shots}/trends-1280.png`, fullPage: true })

  // A filter: into the address, the figures follow.
  const before = await page.getByTestId('kpi-cases').getByTestId('kpi-value').textContent()
  await page.getByTestId('filter-channel').selectOption('phone')
  await expect(page).toHaveURL(/channel=phone/)
  await expect(page.getByTestId('kpi-cases').getByTestId('kpi-value')).not.toHaveText(before ?? '')

  // Quarterly: the address and the buckets follow; the comparison wording is there.
  await page.getByTestId('trend-grain').selectOption('quarter')
  await expect(page).toHaveURL(/grain=quarter/)
  await expect(page.getByTestId('kpi-cases').getByTestId('kpi-previous')).toContainText('较上期')

  // Drill: a real bar of the category chart, clicked on the canvas.
  // (Wait for the quarterly figures: a quarter's buckets start in January, April, July or October.)
  await expect.poll(async () => { const b = await bars(page, 'category'); return b.length > 0 && b.every((x) => /-(01|04|07|10)-01$/.test(x.bucket)) }).toBe(true)
  await expect(page.getByTestId('trend-chart-category').locator('[role="img"]')).toHaveAttribute('aria-label', /.+/)
  const bar = (await bars(page, 'category')).sort((a, b) => b.count - a.count)[0]
  const box = (await page.getByTestId('trend-chart-category').locator('[role="img"]').boundingBox())!
  await page.mouse.click(box.x + bar.x, box.y + bar.y)
  await expect(page).toHaveURL(/#\/cases\?.*category=/)
  await expect(page).toHaveURL(/channel=phone/)
  await expect(page.getByTestId('drill-count')).toHaveAttribute('data-count', String(bar.count))
  await expect(page.getByTestId('case-count')).toHaveAttribute('data-kind', 'exact')
  await expect(page.getByTestId('case-count')).toHaveAttribute('data-count', String(bar.count))
  await page.screenshot({ path: `${shots}/trends-drill-1280.png` })
})

test('a text search is counted case by case, and says so; the wide screen holds three charts a row', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await signIn(page, 'zhou.qiang')
  await openTrends(page, 'grain=month&pfrom=2025-09&pto=2026-08&q=扣费')
  await expect(page.getByTestId('trend-source')).toHaveAttribute('data-source', 'scan')
  await page.getByTestId('filter-clear').click()
  await expect(page.getByTestId('trend-source')).toHaveAttribute('data-source', 'summary')
  await page.getByTestId('trend-grain').selectOption('quarter')
  await page.getByTestId('trend-from').fill('2024-09')
  await page.getByTestId('trend-from').dispatchEvent('change')
  await expect(page).toHaveURL(/grain=quarter&pfrom=2024-09/)
  await expect(page.getByTestId('trend-chart-category')).toBeVisible()
  await page.screenshot({ path: `${shots}/trends-1920.png`, fullPage: true })
  // Export: the chart as PNG, its data as CSV (with the series as columns).
  const chart = page.getByTestId('trend-chart-category')
  const [png] = await Promise.all([page.waitForEvent('download'), chart.getByTestId('chart-png').click()])
  expect(png.suggestedFilename()).toMatch(/\.png$/)
  const [csv] = await Promise.all([page.waitForEvent('download'), chart.getByTestId('chart-csv').click()])
  expect(csv.suggestedFilename()).toMatch(/\.csv$/)
  const body = await (await import('node:fs/promises')).readFile((await csv.path())!, 'utf8')
  expect(body).toContain('服务质量投诉')
  expect(body.split('\r\n')[1]).toMatch(/^2024Q3,\d+/)
})

test('the current period is marked partial, not drawn as a drop', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await signIn(page, 'zhou.qiang')
  // The server judges "current" by its clock: the period runs from the demo archive's last year to this month
  // (China time), which holds today whatever the day CI runs (a fixed 2026 stopped being current on New Year).
  const thisMonth = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7)
  await openTrends(page, `grain=month&pfrom=2026-01&pto=${thisMonth}`)
  await expect(page.getByTestId('trend-partial')).toContainText('截至')
})

test('leadership lands on its dashboard: the quarter\'s cards, key charts, 重大 cases and the quarterly report', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  // The dashboard shows the last ended quarter by the browser's clock; the demo archive ends 2026-08-31, so from
  // 2027 on that quarter would be empty. The browser's clock is set to a day whose last quarter has cases.
  await page.clock.setFixedTime(new Date('2026-11-30T10:00:00+08:00'))
  await signIn(page, 'zhou.qiang')
  await expect(page.getByTestId('dashboard')).toBeVisible()
  await expect(page).toHaveURL(/#\/dashboard$/)
  await expect(page.getByTestId('kpi-cases').getByTestId('kpi-value')).not.toHaveText('0')
  await expect(page.getByTestId('trend-chart-category')).toBeVisible()
  await expect(page.getByTestId('dash-major-case').first()).toBeVisible()
  // Overdue 整改 (the demo archive has measures past their due day), linked to that queue.
  await expect(page.getByTestId('dash-overdue').getByRole('link').first()).toBeVisible()
  await page.screenshot({ path: `${shots}/dashboard-1280.png` })
  await page.getByTestId('dash-overdue').getByRole('link').first().click()
  await expect(page.getByTestId('rect-tab-overdue')).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('rect-row').first()).toHaveAttribute('data-status', /open|in_progress|submitted/)
  await page.getByTestId('nav-trends').click()
  await page.goto('/#/dashboard')
  await page.getByTestId('dash-quarterly').click()
  await expect(page).toHaveURL(/#\/documents/)
})

test('a reviewer still lands on the case list', async ({ page }) => {
  await signIn(page, 'chen.jing')
  await expect(page).toHaveURL(/#\/cases/)
})
