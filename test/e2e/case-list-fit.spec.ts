// The case list and detail as issue 10 asks (points 8, 9, 10, 12, 21): the table fits 1280×800 with the
// review column on screen, search terms are marked, a reversed range says what is wrong beside the fields,
// filters and sort live in the address, days read yyyy-MM-dd in any browser locale, the detail shows the
// engine's results failed first, and the English screen has no Chinese but data.
import { test, expect, type Page } from '@playwright/test'
import { signIn } from './session'

const shots = 'test-results/screenshots'
const CJK = /[\u3400-\u9fff]/u

async function openList(page: Page): Promise<void> {
  await signIn(page, 'chen.jing')
  await expect(page.getByTestId('case-row').first()).toBeVisible({ timeout: 30_000 })
}

/** The table's overflow and the review column's box against the window. */
async function fit(page: Page): Promise<{ overflow: number; reviewRight: number; viewport: number; cellsInside: boolean }> {
  const viewport = page.viewportSize()!.width
  const overflow = await page.getByTestId('case-table').evaluate((t) => t.scrollWidth - t.clientWidth)
  const box = (await page.getByTestId('col-review').boundingBox())!
  const rights = await page.getByTestId('case-review').evaluateAll((els) => els.map((e) => [e.getBoundingClientRect().left, e.getBoundingClientRect().right]))
  return { overflow, reviewRight: box.x + box.width, viewport, cellsInside: rights.every(([l, r]) => l >= 0 && r <= viewport) }
}

/** Header cells whose text is cut (scrollWidth beyond the cell). */
async function cutHeaders(page: Page): Promise<string[]> {
  return page.locator('[role="columnheader"]').evaluateAll((els) =>
    els.filter((e) => e.scrollWidth > e.clientWidth + 0.5).map((e) => e.textContent ?? ''))
}

test.describe('at 1280×800', () => {
  test.use({ viewport: { width: 1280, height: 800 } })

  test('the table fits, the review column is on screen, the search term is marked', async ({ page }) => {
    await openList(page)
    const f = await fit(page)
    expect(f.overflow).toBeLessThanOrEqual(0)
    expect(f.reviewRight).toBeLessThanOrEqual(f.viewport)
    expect(f.cellsInside).toBe(true)
    expect(await cutHeaders(page)).toEqual([])
    await page.screenshot({ path: `${shots}/list10-list-1280.png` })

    await page.getByTestId('filter-text').fill('扣费')
    await page.getByTestId('filter-text').press('Enter')
    await expect(page.locator('[data-testid="case-summary"] mark').first()).toHaveText('扣费')
    await page.screenshot({ path: `${shots}/list10-list-search-1280.png` })
  })

  test('English: headers whole, the review column on screen, no Chinese in the headers', async ({ page }) => {
    await openList(page)
    await page.getByTestId('lang-switch').selectOption('en')
    await expect(page.getByTestId('col-review')).toHaveText('Review')
    const headers = await page.locator('[role="columnheader"]').allInnerTexts()
    for (const h of headers) expect(h).not.toMatch(CJK)
    expect(await cutHeaders(page)).toEqual([])
    const f = await fit(page)
    expect(f.overflow).toBeLessThanOrEqual(0)
    expect(f.reviewRight).toBeLessThanOrEqual(f.viewport)
    // The severity tags (General, Serious, Major) whole in their cells: no … after a tag.
    const cutTags = await page.locator('[data-testid="case-row"] .tag[data-severity]').evaluateAll((tags) =>
      tags.filter((t) => t.parentElement!.scrollWidth > t.parentElement!.clientWidth + 0.5).map((t) => t.textContent))
    expect(cutTags).toEqual([])
    await page.screenshot({ path: `${shots}/list10-list-en-1280.png` })

    // The detail's audit results: titles, reasons, evidence labels and values in English (data values aside).
    await page.locator('[data-testid="case-row"]:has([data-flag="audit"])').first().click()
    const rules = page.getByTestId('detail-audit-rule')
    await expect(rules).toHaveCount(16)
    await page.locator('[data-testid="detail-audit"] details').evaluateAll((els) => els.forEach((d) => d.setAttribute('open', '')))
    const texts = await page.locator('[data-testid="detail-audit"]').evaluate((el) => {
      // Data values stay as recorded: names and units of people, times, the approver's level.
      const out: string[] = []
      for (const n of el.querySelectorAll('.audit__rule, .audit__reason, thead th, .evidence th')) out.push(n.textContent ?? '')
      return out
    })
    for (const s of texts) expect(s, s).not.toMatch(CJK)
    await page.screenshot({ path: `${shots}/list10-detail-en-1280.png`, fullPage: true })
    await page.getByTestId('lang-switch').selectOption('zh-CN')
  })

  test('a reversed date range says what is wrong beside the fields, not "no cases"', async ({ page }) => {
    await openList(page)
    await page.getByTestId('filter-from').fill('2025-07-01')
    await page.getByTestId('filter-to').fill('2025-06-01')
    await expect(page.getByTestId('filter-date-problem')).toHaveText('开始日期晚于结束日期：请把开始日期设为不晚于结束日期')
    await expect(page.getByTestId('empty-state')).toHaveCount(0)
    await expect(page.getByTestId('filter-problem-state')).toBeVisible()
    await expect(page.getByTestId('case-count')).toHaveCount(0)
    await page.screenshot({ path: `${shots}/list10-reversed-range.png` })
    await page.getByTestId('filter-to').fill('2025-07-31')
    await expect(page.getByTestId('filter-date-problem')).toHaveCount(0)
    await expect(page.getByTestId('case-row').first()).toBeVisible()
  })

  test('the detail names responsibility and shows the engine results, failed first; R04 says 处理完成', async ({ page }) => {
    await openList(page)
    await page.locator('[data-testid="case-row"]:has([data-flag="audit"])').first().click()
    const rules = page.getByTestId('detail-audit-rule')
    await expect(rules).toHaveCount(16)
    const order = await rules.evaluateAll((els) => els.map((e) => [e.getAttribute('data-internal'), e.getAttribute('data-regulatory')]))
    const failed = order.map(([i, r]) => i === 'fail' || r === 'fail')
    expect(failed[0]).toBe(true)
    // Every failed rule before every other.
    expect(failed.indexOf(false) === -1 || failed.lastIndexOf(true) < failed.indexOf(false)).toBe(true)
    await expect(page.getByTestId('detail-handled-at')).toBeVisible()
    await expect(page.getByTestId('detail-basic')).toContainText('处理完成时间')
    await expect(page.getByTestId('detail-basic')).toContainText('结案（办结）时间')
    const r04 = page.locator('[data-testid="detail-audit-rule"][data-code="R04"]')
    await expect(r04).not.toContainText('内办结')
    await expect(page.getByTestId('detail-handling')).not.toContainText(/\b(external|internal|shared)\b/)
    await page.screenshot({ path: `${shots}/list10-detail-1280.png`, fullPage: true })
  })
})

test.describe('at 1920×1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } })
  test('list and detail', async ({ page }) => {
    await openList(page)
    const f = await fit(page)
    expect(f.overflow).toBeLessThanOrEqual(0)
    await page.screenshot({ path: `${shots}/list10-list-1920.png` })
    await page.locator('[data-testid="case-row"]:has([data-flag="audit"])').first().click()
    await expect(page.getByTestId('detail-audit-rule')).toHaveCount(16)
    await page.screenshot({ path: `${shots}/list10-detail-1920.png` })
  })
})

for (const locale of ['en-US', 'zh-CN']) {
  test.describe(`browser locale ${locale}`, () => {
    test.use({ locale, viewport: { width: 1280, height: 800 } })
    test('filters, sort and search survive reload, Back and a shared link; days read yyyy-MM-dd', async ({ page, context }) => {
      await openList(page)
      await page.getByTestId('filter-severity').selectOption('major')
      await page.getByTestId('filter-from').fill('2025-01-01')
      await page.getByTestId('filter-text').fill('扣费')
      await page.getByTestId('filter-text').press('Enter')
      await page.getByTestId('sort-closed_at').click()
      await page.getByTestId('sort-closed_at').click()
      await expect(page.getByTestId('sort-closed_at')).toHaveAttribute('data-dir', 'asc')
      await expect.poll(() => new URL(page.url()).hash).toContain('sort=closed_at')
      const hash = new URL(page.url()).hash
      for (const part of ['severity=major', 'from=2025-01-01', 'q=', 'dir=asc']) expect(hash).toContain(part)

      // The day field shows the ISO form as text, whatever the browser's locale.
      const from = page.getByTestId('filter-from')
      await expect(from).toHaveAttribute('type', 'text')
      await expect(from).toHaveValue('2025-01-01')
      await expect(from).toHaveAttribute('placeholder', 'yyyy-MM-dd')

      const check = async (p: Page): Promise<void> => {
        await expect(p.getByTestId('filter-severity')).toHaveValue('major')
        await expect(p.getByTestId('filter-from')).toHaveValue('2025-01-01')
        await expect(p.getByTestId('filter-text')).toHaveValue('扣费')
        await expect(p.getByTestId('sort-closed_at')).toHaveAttribute('data-dir', 'asc')
      }
      await page.reload()
      await expect(page.getByTestId('case-row').first()).toBeVisible({ timeout: 30_000 })
      await check(page)
      // Into a case and Back.
      await page.getByTestId('case-row').first().click()
      await expect(page.getByTestId('detail-case-no')).toBeVisible()
      await page.goBack()
      await expect(page.getByTestId('case-row').first()).toBeVisible()
      await check(page)
      // A shared link, opened in another tab of the same session.
      const other = await context.newPage()
      await other.goto(page.url())
      await expect(other.getByTestId('case-row').first()).toBeVisible({ timeout: 30_000 })
      await check(other)
      await other.close()
    })
  })
}
