// The trend view's further charts and their export (issue 12 points 2 and 7), in the browser: an administrator
// enters each unit's customers, the unit ranking turns to complaints per 10,000 customers; a chart is saved as
// PNG (as drawn), SVG and XLSX (drawn by the server from the same panel); the new charts are looked at in both
// locales at 1280×800 and 1920×1080.
import { test, expect, type Page } from '@playwright/test'
import { readFile } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import { signIn } from './session'

const shots = 'test-results/screenshots'
test.describe.configure({ mode: 'serial' })
const QUERY = 'grain=month&pfrom=2025-09&pto=2026-08'

async function openTrends(page: Page): Promise<void> {
  await page.goto(`/#/trends?${QUERY}`)
  await expect(page.getByTestId('trend-kpis')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('trend-chart-units')).toBeVisible({ timeout: 30_000 })
}

async function download(page: Page, chart: string, kind: string): Promise<{ name: string; body: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`trend-chart-${chart}`).getByTestId(`chart-${kind}`).click()])
  return { name: d.suggestedFilename(), body: await readFile((await d.path())!) }
}

test('an administrator enters customers; the ranking is per 10,000 customers; PNG, SVG and XLSX are saved', async ({ page }) => {
  test.setTimeout(180_000)
  await page.setViewportSize({ width: 1280, height: 800 })
  await signIn(page, 'admin')
  await openTrends(page)
  // Before any count: raw counts, and the chart says which units lack one.
  const raw = (await download(page, 'units', 'svg')).body.toString()
  expect(raw).toContain('未维护客户数')
  const panel = page.getByTestId('trend-customers')
  await panel.locator('summary').click()
  const rows = panel.locator('tbody tr')
  const n = await rows.count()
  expect(n).toBeGreaterThan(2)
  for (let i = 0; i < n; i++) {
    await rows.nth(i).locator('input').fill(String(50_000 + 7_919 * i))
    await rows.nth(i).getByRole('button').click()
    await expect(panel.getByRole('status')).toContainText('已保存')
  }
  await panel.screenshot({ path: `${shots}/trend-customers-1280.png` })

  const svg = await download(page, 'units', 'svg')
  expect(svg.name).toMatch(/^各机构投诉排名-.*\.svg$/)
  const text = svg.body.toString()
  expect(text.startsWith('<svg')).toBe(true)
  expect(text).toContain('按每万名客户投诉件数排列')
  // The bars' figures are in the drawing (two decimals at most).
  expect(text).toMatch(/>\d+(\.\d{1,2})?<\/text>/)

  const png = await download(page, 'units', 'png')
  expect(png.name).toMatch(/\.png$/)
  expect(png.body.subarray(1, 4).toString()).toBe('PNG')

  const xlsx = await download(page, 'remediationBox', 'xlsx')
  expect(xlsx.name).toMatch(/\.xlsx$/)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer)
  const sheet = wb.worksheets[0]
  expect(sheet.rowCount).toBeGreaterThan(1)
  expect((sheet.getRow(1).values as unknown[]).slice(2, 7)).toEqual(['最小值', '下四分位', '中位数', '上四分位', '最大值'])
  expect(typeof sheet.getRow(2).getCell(4).value).toBe('number')

  const pareto = await download(page, 'pareto', 'svg')
  expect(pareto.body.toString()).toContain('上期')
})

async function look(page: Page, name: string): Promise<void> {
  await openTrends(page)
  await page.waitForTimeout(800)
  await page.screenshot({ path: `${shots}/trend-export-${name}-top.png` })
  for (const key of ['units', 'pareto', 'remediationBox']) {
    const chart = page.getByTestId(`trend-chart-${key}`)
    await chart.scrollIntoViewIfNeeded()
    await page.waitForTimeout(300)
    await chart.screenshot({ path: `${shots}/trend-export-${name}-${key}.png` })
  }
  await page.getByTestId('trend-chart-pareto').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${shots}/trend-export-${name}-new-charts.png` })
}

for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
  test(`the new charts at ${w}×${h}, Chinese then English`, async ({ page }) => {
    test.setTimeout(120_000)
    await page.setViewportSize({ width: w, height: h })
    await signIn(page, 'zhou.qiang')
    await look(page, `${w}-zh`)
    await page.getByTestId('lang-switch').selectOption('en')
    await look(page, `${w}-en`)
    // The server draws in the page's language.
    const svg = (await download(page, 'units', 'svg')).body.toString()
    expect(svg).toContain('Ranked per 10,000 customers')
  })
}
