// Issue 10 point 7 in browser mode: the records office runs a small batch, then a wider one over the same days
// (the first batch's cases are skipped, and the panel says how many, after a reload too), and downloads the
// zip — a zip holding every document and the manifest — and the manifest. The finished-batch panel is looked
// at in zh-CN and English at 1280×800. The case detail prints the engine's durations as 7小时16分 in zh-CN.
import { readFile } from 'node:fs/promises'
import { test, expect, type Page } from '@playwright/test'
import { unzipSync } from 'fflate'
import { signIn } from './session'

// One archive serves every spec, in file order: this file runs after documents.spec (which begins on an empty
// register and batches July 2025), and batches March 2025, which no other spec issues documents for.

const shots = 'test-results/screenshots'
test.use({ viewport: { width: 1280, height: 800 } })

async function runBatch(page: Page, from: string, to: string): Promise<{ done: number; skipped: number }> {
  const result = page.getByTestId('batch-result')
  const before = (await result.count()) ? await result.getAttribute('data-batch') : null
  await page.getByTestId('batch-from').fill(from)
  await page.getByTestId('batch-to').fill(to)
  await page.getByTestId('batch-type').selectOption('dossier')
  await page.getByTestId('batch-start').click()
  await expect(page.getByTestId('purpose-dialog')).toBeVisible()
  await page.getByTestId('purpose-input').fill('年度归档')
  await page.getByTestId('purpose-dialog-confirm').click()
  // The last batch's result stays until this one's arrives: wait for this one.
  await expect.poll(async () => (await result.count()) ? await result.getAttribute('data-batch') : null, { timeout: 60_000 }).not.toBe(before)
  await expect(result).toHaveAttribute('data-outcome', 'done', { timeout: 60_000 })
  const skipped = page.getByTestId('batch-skipped')
  return { done: Number(await result.getAttribute('data-done')), skipped: (await skipped.count()) ? Number(await skipped.getAttribute('data-skipped')) : 0 }
}

test('the records office downloads a batch\'s zip in browser mode; the skipped count stays', async ({ page }) => {
  test.setTimeout(180_000)
  await signIn(page, 'qian.yu')
  await page.getByTestId('nav-documents').click()
  await expect(page).toHaveURL(/#\/documents$/)

  const first = await runBatch(page, '2025-03-03', '2025-03-06')
  expect(first).toMatchObject({ skipped: 0 })
  expect(first.done).toBeGreaterThan(0)
  const second = await runBatch(page, '2025-03-03', '2025-03-10')
  // The first batch's cases already have their dossier: left out and counted.
  expect(second.skipped).toBe(first.done)
  expect(second.done).toBeGreaterThan(0)
  await expect(page.getByTestId('batch-skipped')).toContainText(`跳过此前已生成的 ${first.done} 份`)

  // A reload asks the server: the count is the batch's, not this page's memory.
  await page.reload()
  await expect(page.getByTestId('batch-result')).toHaveAttribute('data-outcome', 'done', { timeout: 30_000 })
  await expect(page.getByTestId('batch-skipped')).toHaveAttribute('data-skipped', String(first.done))
  // The list of recent batches keeps each batch's count: newest first.
  await expect(page.getByTestId('batch-list-row').first()).toHaveAttribute('data-skipped', String(first.done))
  await expect(page.getByTestId('batch-list-row').nth(1)).toHaveAttribute('data-skipped', '0')

  const panel = page.getByTestId('batch-panel')
  await panel.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${shots}/batchzip-finished-zh-1280.png` })
  await panel.screenshot({ path: `${shots}/batchzip-panel-zh-1280.png` })

  const [zip] = await Promise.all([page.waitForEvent('download'), page.getByTestId('batch-download-zip').click()])
  expect(zip.suggestedFilename()).toMatch(/^batch_\d+_documents\.zip$/)
  const bytes = await readFile((await zip.path())!)
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004')
  const entries = unzipSync(new Uint8Array(bytes))
  const names = Object.keys(entries)
  const docs = names.filter((n) => n.endsWith('.docx'))
  expect(docs).toHaveLength(second.done)
  expect(names).toContain('manifest.csv')
  // Each entry is a Word document (itself a zip) and the manifest lists each.
  for (const d of docs) expect(Buffer.from(entries[d].subarray(0, 2)).toString('latin1')).toBe('PK')
  const listed = Buffer.from(entries['manifest.csv']).toString('utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0])
  expect(listed.sort()).toEqual([...docs].sort())

  const [manifest] = await Promise.all([page.waitForEvent('download'), page.getByTestId('batch-download-manifest').click()])
  expect(manifest.suggestedFilename()).toMatch(/^batch_\d+_manifest\.csv$/)
  expect((await readFile((await manifest.path())!)).equals(Buffer.from(entries['manifest.csv']))).toBe(true)

  await page.getByTestId('lang-switch').selectOption('en')
  await expect(page.getByTestId('batch-download-zip')).toHaveText('Download the zip')
  await expect(page.getByTestId('batch-skipped')).toContainText(`${first.done} already issued were skipped`)
  await page.screenshot({ path: `${shots}/batchzip-finished-en-1280.png` })
  await panel.screenshot({ path: `${shots}/batchzip-panel-en-1280.png` })
  await page.getByTestId('lang-switch').selectOption('zh-CN')
})

test('another records user sees the batch but no download; an administrator\'s refusal is clear', async ({ page }) => {
  // admin may run batches (RECORDS) but the last batch is qian.yu's: the buttons are hers only.
  await signIn(page, 'admin')
  await page.getByTestId('nav-documents').click()
  await expect(page.getByTestId('batch-result')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('batch-download-zip')).toHaveCount(0)
})

test('the case detail prints durations in Chinese units in zh-CN and as the engine wrote them in English', async ({ page }) => {
  await signIn(page, 'wang.fang')
  await page.getByTestId('nav-cases').click()
  await page.locator('[data-testid="case-row"]:has([data-flag="audit"])').first().click()
  const r01 = page.locator('[data-testid="detail-audit-rule"][data-code="R01"]')
  await expect(r01).toBeVisible({ timeout: 30_000 })
  await r01.locator('details').evaluateAll((els) => els.forEach((d) => d.setAttribute('open', '')))
  await expect(r01).toContainText(/受理用时 \d+小时\d+分/)
  await expect(r01).not.toContainText(/\d+ h \d+ min/)
  await r01.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${shots}/batchzip-durations-zh-1280.png` })
  await page.getByTestId('lang-switch').selectOption('en')
  await expect(r01).toContainText(/\d+ h \d{2} min/)
  await expect(r01).not.toContainText(/小时/)
  await page.screenshot({ path: `${shots}/batchzip-durations-en-1280.png` })
  await page.getByTestId('lang-switch').selectOption('zh-CN')
})
