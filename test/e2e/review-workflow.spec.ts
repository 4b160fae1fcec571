// The review workflow end to end, as the demo team would do it: a senior reviewer plans a month, a reviewer
// works through a case and submits it, the senior returns it, the reviewer fixes and resubmits, the senior
// approves it and it is locked. Plus the four-eyes rule and a stale edit (optimistic locking) in the UI.
import { test, expect, type Page } from '@playwright/test'
import { token } from '../../playwright.config'
import { PASSWORD, signIn } from './session'

const shots = 'test-results/screenshots'
const PLAN_NAME = '2025年7月投诉案卷审查（e2e）'
const RETURN_COMMENT = '请补充改判规则相关问题的整改期限，并复核审查意见。'

// The tests share the plan the first one creates.
test.describe.configure({ mode: 'serial' })

async function signOut(page: Page): Promise<void> {
  await page.getByTestId('sign-out').click()
  await expect(page.getByTestId('login-username')).toBeVisible()
  await expect(page.getByTestId('current-user')).toHaveCount(0)
}

async function openReviews(page: Page, tab: 'mine' | 'decide' | 'plans'): Promise<void> {
  await page.getByTestId('nav-reviews').click()
  await page.getByTestId(`reviews-tab-${tab}`).click()
  await expect(page.getByTestId(`reviews-tab-${tab}`)).toHaveAttribute('aria-selected', 'true')
}

const status = (page: Page) => page.getByTestId('review-status')

test('plan, review, return, resubmit and approve a case', async ({ page }) => {
  test.setTimeout(240_000)
  let reviewId = ''
  let caseId = ''

  await test.step('wang.fang (senior) runs the engine and creates a plan for July 2025', async () => {
    await signIn(page, 'wang.fang')
    await expect(page.getByTestId('current-user')).toContainText('王芳')
    await expect(page.getByTestId('current-user')).toContainText('复核人')
    await openReviews(page, 'plans')

    const audit = page.getByTestId('audit-status')
    await expect(audit).toContainText('上次运行')
    await page.getByTestId('audit-run').click()
    await expect(audit).toHaveAttribute('data-running', 'false', { timeout: 30_000 })
    await expect(page.getByTestId('audit-run')).toBeEnabled({ timeout: 30_000 })
    // The whole archive, as the header counts it (the demo's 3,000 and any cases an earlier spec imported).
    const archiveTotal = /([\d,]+) 件/.exec(await page.getByTestId('app-case-total').innerText())![1]
    await expect(audit).toContainText(`${archiveTotal} 件`)

    await page.getByTestId('plan-create-open').click()
    // The form checks before it asks: an empty submit lists what is missing.
    await page.getByTestId('plan-create-submit').click()
    await expect(page.getByTestId('plan-form-problems')).toContainText('请填写计划名称')
    await page.getByTestId('plan-name').fill(PLAN_NAME)
    await page.getByTestId('plan-from').fill('2025-07-01')
    await page.getByTestId('plan-to').fill('2025-08-01')
    await page.getByTestId('plan-rate').fill('5')
    await page.getByTestId('plan-seed').fill('20250701')
    await expect(page.getByTestId('plan-flagged')).toBeChecked()
    await page.getByTestId('plan-reviewer-chen.jing').check()
    await page.getByTestId('plan-reviewer-li.ming').check()
    await page.screenshot({ path: `${shots}/review-plan-form.png` })
    await page.getByTestId('plan-create-submit').click()

    await expect(page.getByTestId('plan-created')).toContainText(PLAN_NAME)
    const row = page.getByTestId('plan-row').filter({ hasText: PLAN_NAME })
    await expect(row).toHaveCount(1)
    await expect(row).toContainText('2025-07-01 至 2025-07-31')
    const total = Number(await row.getByTestId('plan-total').innerText())
    expect(total).toBeGreaterThan(10)
    expect(total).toBeLessThan(200)
    await expect(row).toContainText(`待审查 ${total}`)
    await page.screenshot({ path: `${shots}/review-plan.png` })
    await signOut(page)
  })

  await test.step('chen.jing opens her first review from the keyboard', async () => {
    await signIn(page, 'chen.jing')
    await openReviews(page, 'mine')
    // A reviewer has no 待复核 tab.
    await expect(page.getByTestId('reviews-tab-decide')).toHaveCount(0)
    const first = page.getByTestId('queue-row').first()
    await expect(first).toBeVisible()
    reviewId = (await first.getAttribute('data-review-id')) ?? ''
    caseId = (await first.getAttribute('data-case-id')) ?? ''
    expect(reviewId).toMatch(/^\d+$/)
    await page.screenshot({ path: `${shots}/review-queue.png` })
    await page.getByTestId('queue-table').focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(new RegExp(`#/reviews/${reviewId}$`))
    await expect(status(page)).toContainText('待审查')
    await expect(page.getByTestId('review-case')).toContainText('基本信息')
    // Failed rules come first (issue 10 point 14): no rule the engine failed is listed after one it did not.
    const failedInOrder = await page.locator('[data-testid^="review-rule-"]').evaluateAll((cards) =>
      cards.map((c) => c.getAttribute('data-internal') === 'fail' || c.getAttribute('data-regulatory') === 'fail'))
    expect(failedInOrder).toHaveLength(16)
    expect(failedInOrder).toEqual([...failedInOrder].sort((a, b) => Number(b) - Number(a)))
  })

  await test.step('she confirms all rules, overrides one, records a finding and a conclusion', async () => {
    // 确认其余 confirms the rules the engine did not fail; each failed rule is left for her to open and decide.
    const open = page.locator('[data-testid^="review-rule-"][data-decision=""]')
    await page.getByTestId('rules-confirm-all').click()
    await expect(page.getByTestId('rules-confirm-all')).toHaveText(/（0）/, { timeout: 30_000 })
    await expect(page.getByTestId('rules-confirm-all')).toBeDisabled()
    const failed = await open.evaluateAll((cards) => cards.map((c) => c.getAttribute('data-testid')!.replace('review-rule-', '')))
    for (const code of failed) {
      await page.getByTestId(`rule-evidence-${code}`).click()
      await page.getByTestId(`rule-confirm-${code}`).click()
      await expect(page.getByTestId(`review-rule-${code}`)).toHaveAttribute('data-decision', 'confirmed')
    }
    await expect(page.getByTestId('rules-progress')).toHaveText('已处理 16 / 16', { timeout: 30_000 })
    await expect(status(page)).toContainText('审查中')

    // Overriding needs a different result and a reason; without a reason it is not sent. A rule the engine
    // passed is overridden to 不通过, which rules out a 合规 conclusion later.
    const card = page.locator('[data-testid^="review-rule-"][data-internal="pass"]').first()
    const code = (await card.getAttribute('data-testid'))!.replace('review-rule-', '')
    await page.getByTestId(`rule-override-${code}`).click()
    await page.getByTestId(`rule-final-${code}`).selectOption('fail')
    await page.getByTestId(`rule-save-${code}`).click()
    await expect(card).toContainText('请填写改判理由')
    await page.getByTestId(`rule-note-${code}`).fill('经核对原始记录，系统取值有误，改判。')
    await page.getByTestId(`rule-save-${code}`).click()
    await expect(card).toHaveAttribute('data-decision', 'overridden')
    await expect(card).toHaveAttribute('data-final', 'fail')
    await expect(card).toContainText('经核对原始记录，系统取值有误，改判。')

    // The evidence table opens on request, with Chinese labels.
    await page.getByTestId('rule-evidence-R01').click()
    await expect(page.getByTestId('review-rule-R01').getByTestId('evidence-table').first()).toContainText('投诉时间')

    await page.getByTestId('finding-add').click()
    await page.getByTestId('finding-rule').selectOption(code)
    await page.getByTestId('finding-severity').selectOption('medium')
    await page.getByTestId('finding-description').fill('系统记录与原始材料不符。')
    await page.getByTestId('finding-action').fill('责任单位核实办结时间并更正系统记录。')
    // A new finding's 责任单位 starts as the case's unit (issue 10 point 15).
    await expect(page.getByTestId('finding-unit')).not.toHaveValue('')
    await page.getByTestId('finding-unit').selectOption({ index: 1 })
    await page.getByTestId('finding-due').fill('2025-12-31')
    await page.getByTestId('finding-save').click()
    await expect(page.getByTestId('finding-row')).toHaveCount(1)
    await expect(page.getByTestId('finding-row')).toContainText('系统记录与原始材料不符。')

    // 合规 over a failed rule: saved as a draft conclusion, refused on submit with the server's reason.
    // The conclusion is saved like every other change: no 保存 button (issue 10 point 15).
    await expect(page.getByTestId('conclusion-save')).toHaveCount(0)
    await page.getByTestId('conclusion-select').selectOption('compliant')
    await expect(page.getByTestId('conclusion-saved')).toBeVisible()
    await page.getByTestId('review-submit').click()
    await expect(page.getByTestId('review-error')).toContainText('结论不能为「合规」')
    await expect(status(page)).toContainText('审查中')
    await page.screenshot({ path: `${shots}/review-error.png` })

    await page.getByTestId('conclusion-select').selectOption('basically_compliant')
    await page.getByTestId('conclusion-opinion').fill('案件处理基本符合要求，相关记录需更正。')
    await expect(page.getByTestId('conclusion-dirty')).toHaveCount(0)
    await expect(page.getByTestId('conclusion-saved')).toBeVisible()
    await expect(page.getByTestId('review-error')).toHaveCount(0)
    await expect(page.getByTestId('review-history')).toContainText('审查结论')
    // The history names people, not usernames.
    await expect(page.getByTestId('review-history')).toContainText('陈静')
    await expect(page.getByTestId('review-history')).not.toContainText('chen.jing')
    await card.evaluate((el) => el.scrollIntoView({ block: 'center' }))
    await page.screenshot({ path: `${shots}/review-screen.png` })
    // Issue 10's sizes: at 1280×800 and 1920×1080 the review screen fits its width (nothing cut off to the right).
    for (const [width, height] of [[1280, 800], [1920, 1080]]) {
      await page.setViewportSize({ width, height })
      await expect.poll(() => page.locator('html').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0)
      await page.screenshot({ path: `${shots}/review-screen-${width}.png` })
    }
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  await test.step('she submits, and cannot approve her own review', async () => {
    await page.getByTestId('review-submit').click()
    await expect(status(page)).toContainText('待复核')
    await expect(page.getByTestId('review-approve')).toHaveCount(0)
    await expect(page.getByTestId('review-return')).toHaveCount(0)
    await expect(page.getByTestId('review-submit')).toHaveCount(0)
    await expect(page.getByTestId('rule-confirm-R01')).toHaveCount(0)
    await expect(page.getByTestId('review-waiting')).toBeVisible()
    await signOut(page)
  })

  await test.step('wang.fang returns it with a comment', async () => {
    await signIn(page, 'wang.fang')
    await openReviews(page, 'decide')
    await page.locator(`[data-testid="queue-row"][data-review-id="${reviewId}"]`).click()
    await expect(status(page)).toContainText('待复核')
    // A senior decides but does not edit.
    await expect(page.getByTestId('rule-confirm-R01')).toHaveCount(0)
    await expect(page.getByTestId('finding-add')).toHaveCount(0)
    await page.screenshot({ path: `${shots}/review-decide.png` })
    await page.getByTestId('review-return').click()
    await page.getByTestId('review-return-confirm').click()
    await expect(page.getByTestId('review-actions')).toContainText('退回须填写意见')
    await page.getByTestId('review-return-comment').fill(RETURN_COMMENT)
    await page.getByTestId('review-return-confirm').click()
    await expect(status(page)).toContainText('已退回')
    await signOut(page)
  })

  await test.step('chen.jing sees the comment, changes the finding and resubmits', async () => {
    await signIn(page, 'chen.jing')
    await openReviews(page, 'mine')
    const row = page.locator(`[data-testid="queue-row"][data-review-id="${reviewId}"]`)
    await expect(row).toContainText('已退回')
    await row.click()
    await expect(status(page)).toContainText('已退回')
    await expect(page.getByTestId('review-return-note')).toContainText(RETURN_COMMENT)
    await expect(page.getByTestId('review-return-note')).toContainText('王芳')
    await page.screenshot({ path: `${shots}/review-returned.png` })

    await page.getByTestId('finding-edit').click()
    await page.getByTestId('finding-due').fill('2025-11-30')
    await page.getByTestId('finding-description').fill('系统记录与原始材料不符，已明确整改期限。')
    await page.getByTestId('finding-save').click()
    await expect(page.getByTestId('finding-row')).toContainText('2025-11-30')
    await page.getByTestId('review-submit').click()
    await expect(status(page)).toContainText('待复核')
    await expect(page.getByTestId('review-history')).toContainText('退回')
    await signOut(page)
  })

  await test.step('wang.fang approves it: the review is locked', async () => {
    await signIn(page, 'wang.fang')
    await openReviews(page, 'decide')
    await page.locator(`[data-testid="queue-row"][data-review-id="${reviewId}"]`).click()
    await expect(page.getByTestId('finding-row')).toContainText('已明确整改期限')
    await page.getByTestId('review-approve').click()
    await expect(status(page)).toContainText('已批准')
    await expect(page.getByTestId('review-locked')).toBeVisible()
    await expect(page.getByTestId('review-approve')).toHaveCount(0)
    await expect(page.getByTestId('rules-confirm-all')).toHaveCount(0)
    await expect(page.getByTestId('conclusion-select')).toHaveCount(0)
    await expect(page.getByTestId('conclusion-value')).toHaveText('基本合规')
    await expect(page.getByTestId('review-history')).toContainText('批准')
    await page.screenshot({ path: `${shots}/review-approved.png` })
  })

  await test.step('the case list and the case show the approved review', async () => {
    await page.goto(`/#/cases/${caseId}`)
    await expect(page.getByTestId('detail-open-review')).toBeVisible()
    const received = (await page.getByTestId('detail-received-at').innerText()).slice(0, 10)
    await page.getByTestId('nav-cases').click()
    await page.getByTestId('filter-from').fill(received)
    await page.getByTestId('filter-to').fill(received)
    const row = page.locator(`[data-testid="case-row"][data-case-id="${caseId}"]`)
    await expect(row.getByTestId('case-review')).toContainText('已批准')
    await page.screenshot({ path: `${shots}/review-case-list.png` })
    await row.click()
    await page.getByTestId('detail-open-review').click()
    await expect(page).toHaveURL(new RegExp(`#/reviews/${reviewId}$`))
    await expect(status(page)).toContainText('已批准')
  })
})

test('a stale edit is refused with a conflict banner, and 刷新 recovers', async ({ browser }) => {
  // Two tabs of one browser session: the same user, the same review, one of them out of date.
  const context = await browser.newContext()
  const a = await context.newPage()
  await signIn(a, 'chen.jing')
  await openReviews(a, 'mine')
  const row = a.getByTestId('queue-row').filter({ hasText: '待审查' }).first()
  const reviewId = await row.getAttribute('data-review-id')
  await row.click()
  await expect(status(a)).toContainText('待审查')

  const b = await context.newPage()
  await b.goto(`/#/reviews/${reviewId}`)
  await expect(status(b)).toContainText('待审查')

  await a.getByTestId('rule-confirm-R01').click()
  await expect(a.getByTestId('review-rule-R01')).toHaveAttribute('data-decision', 'confirmed')

  await b.getByTestId('rule-confirm-R02').click()
  const banner = b.getByTestId('review-conflict')
  await expect(banner).toBeVisible()
  await expect(banner).toContainText('陈静')
  await expect(b.getByTestId('review-rule-R02')).toHaveAttribute('data-decision', '')
  await b.screenshot({ path: `${shots}/review-conflict.png` })

  await b.getByTestId('review-conflict-refresh').click()
  await expect(banner).toHaveCount(0)
  await expect(b.getByTestId('review-rule-R01')).toHaveAttribute('data-decision', 'confirmed')
  await b.getByTestId('rule-confirm-R02').click()
  await expect(b.getByTestId('review-rule-R02')).toHaveAttribute('data-decision', 'confirmed')
  await context.close()
})

test('a signed-out visitor is sent to the sign-in page and back', async ({ page }) => {
  await page.goto(`/?token=${token}#/reviews`)
  await expect(page.getByTestId('login-username')).toBeVisible()
  await expect(page).toHaveURL(/#\/login\?redirect=/)
  await expect(page.getByTestId('login-demo-hint')).toContainText('dossier-demo')
  await page.getByTestId('login-username').fill('chen.jing')
  await page.getByTestId('login-password').fill('not-the-password')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('login-error')).toHaveText('用户名或密码不正确')
  await page.screenshot({ path: `${shots}/login-error.png` })
  await page.getByTestId('login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await expect(page).toHaveURL(/#\/reviews$/)
  await expect(page.getByTestId('reviews-tab-mine')).toBeVisible()
})

test('signing out in another tab sends this one to the sign-in page on its next request', async ({ browser }) => {
  const context = await browser.newContext()
  const a = await context.newPage()
  await signIn(a, 'li.ming')
  const b = await context.newPage()
  await b.goto('/#/cases')
  await expect(b.getByTestId('current-user')).toContainText('李明')
  await signOut(b)

  // Tab a still shows li.ming until it asks the server for something.
  await a.getByTestId('nav-reviews').click()
  await expect(a.getByTestId('login-username')).toBeVisible()
  await expect(a).toHaveURL(/#\/login\?redirect=/)
  await signIn(a, 'li.ming')
  await context.close()
})
