// The 节假日 screen end to end: the administrator sees the years that came with the app (2020–2026) and the
// warning that 2027 is missing at the end of November, checks a bad file (every problem listed, nothing
// loaded) and a file over the size limit, loads the 2027 test notice, sees 2027 and its days, and loads it
// again (a replace asks first). A reviewer has no 节假日 item and sees the screen read-only.
// Loading 2027 changes no other spec's results: the demo archive ends 2026-08-31, so no limit reaches 2027.
// A re-run on the same server replaces 2027 (the confirm dialog is answered when it appears).
import { test, expect, type Page } from '@playwright/test'
import { signIn as signInAs } from './session'

const shots = 'test-results/screenshots'
const FIXTURE = 'test/fixtures/calendar-2027-test.csv'
/** A day late in November in China: the next year's notice is due, so its absence is shown prominently. */
const LATE_NOVEMBER = new Date('2026-11-30T10:00:00+08:00')

async function signIn(page: Page, username: string): Promise<void> {
  await page.clock.setFixedTime(LATE_NOVEMBER)
  await signInAs(page, username)
}

const yearRow = (page: Page, year: number) => page.locator(`[data-testid="calendar-year-row"][data-year="${year}"]`)

/** 载入 the checked file; a year loaded before is replaced only after the dialog is confirmed. */
async function loadChecked(page: Page, replacing: boolean): Promise<void> {
  await page.getByTestId('calendar-load').click()
  const dialog = page.getByTestId('calendar-confirm')
  if (replacing) {
    await expect(dialog).toBeVisible()
    await page.getByTestId('calendar-confirm-confirm').click()
  }
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('calendar-result')).toBeVisible()
}

test('an administrator checks a bad file, then loads the 2027 notice', async ({ page }) => {
  test.setTimeout(120_000)
  await signIn(page, 'admin')
  await page.getByTestId('nav-calendar').click()
  await expect(page).toHaveURL(/#\/calendar$/)
  await expect(page.getByTestId('calendar-view')).toBeVisible()
  await expect(page.getByTestId('calendar-readonly')).toHaveCount(0)

  const had2027 = await test.step('the built-in years 2020–2026 are listed, newest first and opened', async () => {
    await expect(yearRow(page, 2026)).toBeVisible()
    for (let y = 2020; y <= 2026; y++) {
      await expect(yearRow(page, y)).toContainText('随程序内置')
      expect(Number(await yearRow(page, y).getByTestId('calendar-year-holidays').innerText())).toBeGreaterThan(20)
    }
    const had = (await yearRow(page, 2027).count()) > 0
    const newest = had ? 2027 : 2026
    await expect(page.getByTestId('calendar-days')).toHaveAttribute('data-year', String(newest))
    if (!had) {
      // 2026's notice: 春节 and its Saturday make-up day.
      const days = page.getByTestId('calendar-days')
      await expect(days.locator('[data-day="2026-02-17"]')).toContainText('休')
      await expect(days.locator('[data-day="2026-02-17"]')).toContainText('星期二')
      await expect(days.locator('[data-kind="workday"]').first()).toContainText('班')
      await expect(page.getByTestId('calendar-next-missing')).toContainText('2027 年节假日安排尚未载入')
    }
    // The keyboard walks the years: ↓ from the newest opens the one before.
    await page.getByTestId('calendar-years').focus()
    await page.keyboard.press('ArrowDown')
    await expect(page.getByTestId('calendar-days')).toHaveAttribute('data-year', String(newest - 1))
    await page.keyboard.press('Home')
    await expect(page.getByTestId('calendar-days')).toHaveAttribute('data-year', String(newest))
    await expect(page.getByTestId('calendar-days').getByTestId('calendar-day').first()).toBeVisible()
    await page.screenshot({ path: `${shots}/calendar-years.png` })
    return had
  })

  await test.step('a bad file is refused with every problem, and nothing is loaded', async () => {
    const bad = [
      'date,kind,name',
      '2027-02-30,holiday,春节',
      '2027-01-01,holiday,元旦',
      '2027-01-01,holiday,元旦',
      '2027-01-04,workday,调休'
    ].join('\n')
    await expect(page.getByTestId('calendar-load')).toBeDisabled()
    await page.getByTestId('calendar-file').setInputFiles({ name: 'bad-2027.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) })
    await page.getByTestId('calendar-check').click()
    const problems = page.getByTestId('calendar-problems')
    await expect(problems).toContainText('未载入任何内容')
    await expect(problems).toContainText('第 2 行：日期「2027-02-30」不是有效日期')
    await expect(problems).toContainText('第 4 行：2027-01-01 与第 3 行重复')
    await expect(problems).toContainText('第 5 行：2027-01-04 是星期一，调休上班日只能是周六或周日')
    await expect(page.getByTestId('calendar-preview')).toHaveCount(0)
    await expect(page.getByTestId('calendar-load')).toBeDisabled()
    await page.screenshot({ path: `${shots}/calendar-problems.png` })
  })

  await test.step('a file over 200 KB is refused before it is sent', async () => {
    await page.getByTestId('calendar-file').setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: Buffer.alloc(250_000, 'a') })
    await expect(page.getByTestId('calendar-file-problem')).toContainText('文件过大')
    await expect(page.getByTestId('calendar-problems')).toHaveCount(0)
    await expect(page.getByTestId('calendar-check')).toBeDisabled()
  })

  await test.step('the 2027 test notice is checked, loaded and listed with its days', async () => {
    await page.getByTestId('calendar-file').setInputFiles(FIXTURE)
    await expect(page.getByTestId('calendar-file-problem')).toHaveCount(0)
    await expect(page.getByTestId('calendar-file-name')).toContainText('calendar-2027-test.csv')
    await page.getByTestId('calendar-check').click()
    const preview = page.getByTestId('calendar-preview')
    await expect(preview).toHaveAttribute('data-year', '2027')
    await expect(preview).toContainText('检查通过：2027 年，放假 3 天，调休上班 0 天')
    await expect(preview.getByTestId('calendar-day')).toHaveCount(3)
    await expect(preview.locator('[data-day="2027-01-01"]')).toContainText('星期五')
    await page.screenshot({ path: `${shots}/calendar-preview.png` })

    await loadChecked(page, had2027)
    const result = page.getByTestId('calendar-result')
    await expect(result).toHaveAttribute('data-year', '2027')
    await expect(result).toContainText(had2027 ? '已替换 2027 年节假日安排' : '已载入 2027 年节假日安排：放假 3 天')
    if (!had2027) {
      await expect(result).toContainText('2027 年此前未载入：时限跨入 2027 年的案件现在可以判定')
      // No demo case reaches 2027, so the re-audit has nothing to do and ends at once.
      await expect(page.getByTestId('calendar-reaudit')).toHaveAttribute('data-state', 'done', { timeout: 30_000 })
      await expect(page.getByTestId('calendar-next-missing')).toHaveCount(0)
    }
    await expect(page.getByTestId('calendar-file-name')).toHaveText('未选择文件')
    const row = yearRow(page, 2027)
    await expect(row).toContainText('calendar-2027-test.csv')
    await expect(row).toContainText('admin')
    await expect(row.getByTestId('calendar-year-holidays')).toHaveText('3')
    const days = page.getByTestId('calendar-days')
    await expect(days).toHaveAttribute('data-year', '2027')
    await expect(days.getByTestId('calendar-day')).toHaveCount(3)
    await expect(days.locator('[data-day="2027-01-03"]')).toContainText('星期日')
    await expect(days.locator('[data-day="2027-01-03"]')).toContainText('元旦')
    await page.screenshot({ path: `${shots}/calendar-loaded.png` })
  })

  await test.step('loading 2027 again asks before it replaces; cancel keeps, confirm replaces', async () => {
    await page.getByTestId('calendar-file').setInputFiles(FIXTURE)
    await page.getByTestId('calendar-check').click()
    await expect(page.getByTestId('calendar-preview')).toContainText('2027 年已载入，载入此文件将替换现有安排')
    await page.getByTestId('calendar-load').click()
    const dialog = page.getByTestId('calendar-confirm')
    await expect(dialog).toBeVisible()
    await expect(dialog).toContainText('替换 2027 年节假日安排？')
    await expect(dialog).toContainText('由 admin 载入')
    await page.screenshot({ path: `${shots}/calendar-confirm.png` })
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    await expect(page.getByTestId('calendar-result')).toHaveCount(0)

    await page.getByTestId('calendar-load').click()
    await page.getByTestId('calendar-confirm-confirm').click()
    const result = page.getByTestId('calendar-result')
    await expect(result).toContainText('已替换 2027 年节假日安排')
    await expect(result).toContainText('工作日安排没有变化，无需重新审查')
    await expect(yearRow(page, 2027)).toHaveCount(1)
  })
})

test('a reviewer has no 节假日 item and reads the calendar without loading', async ({ page }) => {
  await signIn(page, 'chen.jing')
  await expect(page.getByTestId('nav-cases')).toBeVisible()
  await expect(page.getByTestId('nav-calendar')).toHaveCount(0)
  await page.goto('/#/calendar')
  await expect(page.getByTestId('calendar-readonly')).toContainText('需要管理员权限')
  await expect(yearRow(page, 2026)).toBeVisible()
  await expect(page.getByTestId('calendar-import')).toHaveCount(0)
  await page.screenshot({ path: `${shots}/calendar-reviewer.png` })
})
