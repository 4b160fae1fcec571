// Every date field outside the case list takes and shows days the same way in Chinese and in English, whatever
// the browser's locale (en-US here for the English runs, where a native date input would read 07/01/2025):
// typed as yyyy-MM-dd or 2025/7/1 or 2025年7月1日, shown as yyyy-MM-dd, sent as yyyy-MM-dd; a text that is no day
// says why beside the field, a reversed range says so beside the fields, and neither is sent. Screenshots at
// 1280×800 of each screen, in both languages.
import { test, expect, type Page, type Request } from '@playwright/test'
import { signIn } from './session'

const shots = 'test-results/screenshots'

const LANGS = [
  {
    lang: 'zh-CN', browser: 'zh-CN',
    reversed: '开始日期晚于结束日期：请把开始日期设为不晚于结束日期',
    feb30: '「2025-02-30」不是有效日期：2025 年 2 月只有 28 天',
    jun31: '「2025-06-31」不是有效日期：2025 年 6 月只有 30 天',
    month13: '「2024-13-01」不是有效日期：月份 13 不存在，应为 1–12',
    shape: '「7/1/2025」不是有效日期：请按 yyyy-MM-dd 填写，如 2025-07-01',
    batchReversed: '截止日期应晚于起始日期'
  },
  {
    lang: 'en', browser: 'en-US',
    reversed: 'The start date is after the end date: set a start no later than the end',
    feb30: '“2025-02-30” is not a date: February 2025 has 28 days',
    jun31: '“2025-06-31” is not a date: June 2025 has 30 days',
    month13: '“2024-13-01” is not a date: there is no month 13 (1–12)',
    shape: '“7/1/2025” is not a date: write it as yyyy-MM-dd, e.g. 2025-07-01',
    batchReversed: 'The end must be after the start'
  }
] as const

/** Signs in and switches the screen's language (kept in localStorage). */
async function open(page: Page, username: string, lang: string): Promise<void> {
  await signIn(page, username)
  await page.getByTestId('lang-switch').selectOption(lang)
  await expect(page.locator('html')).toHaveAttribute('lang', lang)
}

/** The JSON body of the next call of `channel` for which `match` holds. */
function nextCall(page: Page, channel: string, match: (body: Record<string, unknown>) => boolean = () => true): Promise<Request> {
  return page.waitForRequest((r) => r.url().endsWith(`/api/${channel}`) && match(r.postDataJSON() as Record<string, unknown>), { timeout: 20_000 })
}

/** Types a day the way a person does: the text, then Enter (a yyyy-MM-dd applies as it is typed). */
async function typeDay(page: Page, testid: string, text: string): Promise<void> {
  await page.getByTestId(testid).fill(text)
  await page.getByTestId(testid).press('Enter')
}

for (const L of LANGS) {
  test.describe(`in ${L.lang} (browser ${L.browser})`, () => {
    test.use({ locale: L.browser, viewport: { width: 1280, height: 800 } })

    test('documents: the register filter and the batch form', async ({ page }) => {
      await open(page, 'qian.yu', L.lang)
      await page.getByTestId('nav-documents').click()
      await expect(page.getByTestId('documents-count')).toBeVisible()
      const sent: Record<string, unknown>[] = []
      page.on('request', (r) => { if (r.url().endsWith('/api/documents.list')) sent.push(r.postDataJSON() as Record<string, unknown>) })

      // Year first whatever the locale: 2025/1/2 is the 2nd of January, shown and sent as 2025-01-02.
      let call = nextCall(page, 'documents.list', (b) => b.generatedFrom === '2025-01-02')
      await typeDay(page, 'doc-filter-from', '2025/1/2')
      await call
      await expect(page.getByTestId('doc-filter-from')).toHaveValue('2025-01-02')
      await expect(page.getByTestId('doc-filter-from')).toHaveAttribute('type', 'text')

      // A reversed range is said beside the fields and not sent.
      await typeDay(page, 'doc-filter-to', '2024-12-01')
      await expect(page.getByTestId('doc-filter-date-problem')).toHaveText(L.reversed)
      await expect(page.getByTestId('doc-filter-to')).toHaveAttribute('aria-invalid', 'true')
      await page.screenshot({ path: `${shots}/dates-documents-reversed-${L.lang}.png` })
      // A day that does not exist says why.
      await typeDay(page, 'doc-filter-to', '2025-02-30')
      await expect(page.getByTestId('doc-filter-date-problem')).toHaveText(L.feb30)
      await typeDay(page, 'doc-filter-to', '7/1/2025')
      await expect(page.getByTestId('doc-filter-date-problem')).toHaveText(L.shape)
      expect(sent.filter((b) => b.generatedTo !== undefined)).toEqual([])

      call = nextCall(page, 'documents.list', (b) => b.generatedFrom === '2025-01-02' && b.generatedTo === '2099-12-31')
      await typeDay(page, 'doc-filter-to', '2099年12月31日')
      await call
      await expect(page.getByTestId('doc-filter-to')).toHaveValue('2099-12-31')
      await expect(page.getByTestId('doc-filter-date-problem')).toHaveCount(0)
      await page.screenshot({ path: `${shots}/dates-documents-${L.lang}.png` })

      // The batch form: what it would start is caught before the server starts it.
      let started: Record<string, unknown> | null = null
      await page.route('**/api/documents.batchStart', async (route) => {
        started = route.request().postDataJSON() as Record<string, unknown>
        await route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'conflict', message: 'e2e: caught' } }) })
      })
      await typeDay(page, 'batch-from', '2025-07-01')
      await typeDay(page, 'batch-to', '2025-06-01')
      await expect(page.getByTestId('batch-problem')).toHaveText(L.batchReversed)
      await typeDay(page, 'batch-to', '2025-06-31')
      await expect(page.getByTestId('batch-problem')).toHaveText(L.jun31)
      await page.getByTestId('batch-start').click()
      await expect(page.getByTestId('purpose-dialog')).toBeHidden()
      await page.screenshot({ path: `${shots}/dates-batch-problem-${L.lang}.png` })
      await typeDay(page, 'batch-to', '2025.8.1')
      await expect(page.getByTestId('batch-to')).toHaveValue('2025-08-01')
      await expect(page.getByTestId('batch-problem')).toHaveCount(0)
      // Enter in the field started the batch as the button does: the purpose is asked first.
      await expect(page.getByTestId('purpose-dialog')).toBeVisible()
      await page.getByTestId('purpose-input').fill('e2e 日期')
      await page.getByTestId('purpose-dialog-confirm').click()
      await expect.poll(() => started).toMatchObject({ receivedFrom: '2025-07-01', receivedTo: '2025-08-01' })
    })

    test('review plans: the period of a new plan', async ({ page }) => {
      await open(page, 'wang.fang', L.lang)
      await page.getByTestId('nav-reviews').click()
      await page.getByTestId('reviews-tab-plans').click()
      await page.getByTestId('plan-create-open').click()
      await typeDay(page, 'plan-from', '2025/7/1')
      const preview = nextCall(page, 'plans.preview', (b) => b.receivedFrom === '2025-07-01' && b.receivedTo === '2025-08-01')
      await typeDay(page, 'plan-to', '2025-08-01')
      await preview
      await expect(page.getByTestId('plan-from')).toHaveValue('2025-07-01')
      await expect(page.getByTestId('plan-period-problem')).toHaveCount(0)
      await page.screenshot({ path: `${shots}/dates-plan-${L.lang}.png` })
      await typeDay(page, 'plan-to', '2025-06-31')
      await expect(page.getByTestId('plan-period-problem')).toHaveText(L.jun31)
      await typeDay(page, 'plan-to', '2025-06-01')
      await expect(page.getByTestId('plan-period-problem')).toBeVisible()
      await expect(page.getByTestId('plan-to')).toHaveAttribute('aria-invalid', 'true')
      await page.screenshot({ path: `${shots}/dates-plan-reversed-${L.lang}.png` })
    })

    test('legal workbench: the period filter', async ({ page }) => {
      await open(page, 'sun.li', L.lang)
      await expect(page.getByTestId('legal-table')).toBeVisible()
      await typeDay(page, 'legal-filter-from', '2025-12-31')
      await typeDay(page, 'legal-filter-to', '2025-01-01')
      await page.getByTestId('legal-filter-apply').click()
      await expect(page.getByTestId('legal-filter-date-problem')).toHaveText(L.reversed)
      await page.screenshot({ path: `${shots}/dates-legal-reversed-${L.lang}.png` })
      await typeDay(page, 'legal-filter-from', '2025年1月1日')
      const call = nextCall(page, 'legal.offers', (b) => {
        const f = b.filter as { from?: string; to?: string }
        return f.from === '2025-01-01' && f.to === '2025-12-31'
      })
      await typeDay(page, 'legal-filter-to', '2025-12-31')
      await page.getByTestId('legal-filter-apply').click()
      await call
      await expect(page.getByTestId('legal-filter-date-problem')).toHaveCount(0)
      await expect(page.getByTestId('legal-filter-from')).toHaveValue('2025-01-01')
      await expect(page.getByTestId('legal-row').first()).toBeVisible({ timeout: 30_000 })
      await page.screenshot({ path: `${shots}/dates-legal-${L.lang}.png` })
    })

    test('policy sets and the authority matrix: the effective day', async ({ page }) => {
      await open(page, 'admin', L.lang)
      await page.goto('/#/calendar?tab=policy')
      await page.getByTestId('policy-add-internal').click()
      const editor = page.getByTestId('policy-editor-add')
      await typeDay(page, 'policy-from', '2024-13-01')
      await expect(editor.getByTestId('policy-problem-date')).toContainText(L.month13)
      await expect(editor.getByTestId('policy-save')).toBeDisabled()
      await page.screenshot({ path: `${shots}/dates-policy-problem-${L.lang}.png` })
      await typeDay(page, 'policy-from', '2024/1/1')
      await expect(page.getByTestId('policy-from')).toHaveValue('2024-01-01')
      await expect(editor.getByTestId('policy-problem-date')).toHaveCount(0)
      // The base hint follows the day: it names the set in force on 2024-01-01.
      await expect(editor.getByTestId('policy-base')).toContainText(/20\d\d-\d\d-\d\d/)
      await page.screenshot({ path: `${shots}/dates-policy-${L.lang}.png` })
      await editor.getByTestId('policy-cancel').click()

      let saved: Record<string, unknown> | null = null
      await page.route('**/api/legal.saveMatrix', async (route) => {
        saved = route.request().postDataJSON() as Record<string, unknown>
        await route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'conflict', message: 'e2e: caught' } }) })
      })
      await page.getByTestId('nav-legal').click()
      await page.getByTestId('legal-tab-matrix').click()
      await expect(page.getByTestId('matrix-effective')).toHaveValue(/^\d{4}-\d{2}-\d{2}$/)
      await typeDay(page, 'matrix-effective', '2025-02-30')
      await expect(page.getByTestId('matrix-effective-problem')).toHaveText(L.feb30)
      await expect(page.getByTestId('matrix-save')).toBeDisabled()
      await page.screenshot({ path: `${shots}/dates-matrix-problem-${L.lang}.png` })
      await typeDay(page, 'matrix-effective', '2030/1/1')
      await expect(page.getByTestId('matrix-effective-problem')).toHaveCount(0)
      await page.getByTestId('matrix-save').click()
      await expect.poll(() => saved).toMatchObject({ effectiveFrom: '2030-01-01' })
    })
  })
}
