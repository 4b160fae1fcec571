// The 制度参数 tab end to end: the administrator opens it from the keyboard, sees both kinds with their values,
// types a general-case limit longer than the complex one (the shared schema's message, 保存 disabled), then a
// valid one with a reason, confirms, and sees the new version, its diff in the history and the re-audit finish.
// A save that another administrator's version made pointless is refused in place, keeping what was typed.
// A new effective day is prefilled from the set in force then. A reviewer reads the values without editing.
// The specs share one server and its demo archive: the original parameters are saved back at the end (a
// further version) and the re-audit is awaited, so the specs after this one see the archive judged as before;
// afterAll does the same through the API if a step failed half-way. Versions are read, not assumed, so a
// re-run on the same server passes.
import { test, expect, type Page } from '@playwright/test'
import type { PolicySetView } from '../../src-main/shared/contract-policy'
import { api, signIn } from './session'

const shots = 'test-results/screenshots'

/** The governing version of the kind's set with the latest effective day up to today. */
const inForce = (sets: PolicySetView[], kind: PolicySetView['kind']): PolicySetView => {
  const today = new Date().toISOString().slice(0, 10)
  return sets.filter((s) => s.kind === kind && s.supersededAt === null && s.effectiveFrom <= today).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0]
}

/** The internal set governing today, and its parameters before this spec changed anything. */
let original: PolicySetView | null = null

test.afterAll(async ({ browser }, testInfo) => {
  if (!original) return
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'zh-CN' })
  const page = await context.newPage()
  await signIn(page, 'admin')
  const now = inForce(await api<PolicySetView[]>(page, 'policy.list'), 'internal')
  if (JSON.stringify(now.params) !== JSON.stringify(original.params)) {
    await api(page, 'policy.save', { kind: 'internal', effectiveFrom: original.effectiveFrom, title: original.title, params: original.params, note: 'e2e：恢复原参数' })
  }
  await expect.poll(async () => (await api<{ running: unknown; policyChanged: boolean }>(page, 'audit.status')).running, { timeout: 90_000 }).toBeNull()
  await context.close()
})

const internalCard = (page: Page) => page.locator('[data-testid="policy-set"][data-kind="internal"][data-state="in_force"]')
const row = (page: Page, key: string) => internalCard(page).locator(`:scope > [data-testid="policy-params"] tr[data-param="${key}"]`)

/** 修改 the internal set in force: type the values, give the reason, 保存 and confirm. */
async function saveInternal(page: Page, values: Record<string, number>, note: string): Promise<void> {
  await internalCard(page).getByTestId('policy-edit').click()
  const editor = page.getByTestId('policy-editor')
  for (const [key, v] of Object.entries(values)) await editor.getByTestId(`policy-input-${key}`).fill(String(v))
  await editor.getByTestId('policy-note').fill(note)
  await editor.getByTestId('policy-save').click()
  await page.getByTestId('policy-confirm-confirm').click()
}

test('an administrator edits the internal policy: checked as typed, confirmed, versioned, re-audited', async ({ page }) => {
  test.setTimeout(180_000)
  await signIn(page, 'admin')
  original = inForce(await api<PolicySetView[]>(page, 'policy.list'), 'internal')
  const general = Number(original.params.handleWorkdays)
  const complex = Number(original.params.complexHandleWorkdays)

  await test.step('the tab is reached from the 节假日 tab with the keyboard; both kinds are listed', async () => {
    await page.getByTestId('nav-calendar').click()
    await expect(page.getByTestId('calendar-view')).toContainText('节假日与制度参数')
    await page.getByTestId('calendar-tab-holidays').focus()
    await page.keyboard.press('ArrowRight')
    await expect(page).toHaveURL(/#\/calendar\?tab=policy$/)
    await expect(page.getByTestId('calendar-tab-policy')).toBeFocused()
    await expect(page.getByTestId('calendar-tab-policy')).toHaveAttribute('aria-selected', 'true')
    await expect(page.getByTestId('policy-kind-internal')).toContainText('内部制度')
    await expect(page.getByTestId('policy-kind-regulatory')).toContainText('监管规定')
    await expect(internalCard(page)).toHaveAttribute('data-version', String(original!.version))
    await expect(row(page, 'handleWorkdays')).toContainText(new RegExp(`一般案件办理时限\\s*${general} 个工作日`))
    await expect(row(page, 'branchApprovalLimit')).toContainText('元')
    const regulatory = page.locator('[data-testid="policy-set"][data-kind="regulatory"][data-state="in_force"]')
    await expect(regulatory.locator('tr[data-param="decisionDays"]')).toContainText('日')
    await expect(regulatory.locator('tr[data-param="dayKind"]')).toContainText('自然日')
    await expect(page.getByTestId('policy-readonly')).toHaveCount(0)
    await page.screenshot({ path: `${shots}/policy-sets.png` })
  })

  await test.step('a general limit longer than the complex one is refused as typed; 保存 stays disabled', async () => {
    await internalCard(page).getByTestId('policy-edit').click()
    const editor = page.getByTestId('policy-editor')
    await expect(editor).toBeVisible()
    await editor.getByTestId('policy-input-handleWorkdays').fill(String(complex + 1))
    await expect(editor.getByTestId('policy-problem-complexHandleWorkdays')).toHaveText('复杂案件办理时限不得短于一般案件')
    // The field just typed carries the cross-check too.
    await expect(editor.getByTestId('policy-problem-handleWorkdays')).toHaveText('复杂案件办理时限不得短于一般案件')
    await editor.getByTestId('policy-note').fill('e2e：检查校验')
    await expect(editor.getByTestId('policy-save')).toBeDisabled()
    await editor.getByTestId('policy-input-acceptHours').fill('0')
    await expect(editor.getByTestId('policy-problem-acceptHours')).toHaveText('不得小于 1')
    await expect(editor.getByTestId('policy-problem-count')).toHaveText('2 处需要改正')
    await page.screenshot({ path: `${shots}/policy-invalid.png` })
    // Cancel drops the form; the set is as it was.
    await editor.getByTestId('policy-cancel').click()
    await expect(editor).toHaveCount(0)
    await expect(row(page, 'handleWorkdays')).toContainText(`${general} 个工作日`)
  })

  await test.step('a valid value with a reason: the summary and the confirm say what changes and that the archive is re-audited', async () => {
    await internalCard(page).getByTestId('policy-edit').click()
    const editor = page.getByTestId('policy-editor')
    await editor.getByTestId('policy-input-handleWorkdays').fill(String(general + 1))
    await expect(editor.getByTestId('policy-save')).toBeDisabled()
    await expect(editor.getByTestId('policy-summary')).toContainText(new RegExp(`一般案件办理时限\\s*${general} 个工作日\\s*→\\s*${general + 1} 个工作日`))
    await editor.getByTestId('policy-note').fill('e2e：按2026年制度修订延长一般案件办理时限')
    await expect(editor.getByTestId('policy-save')).toBeEnabled()
    await editor.getByTestId('policy-save').click()
    const dialog = page.getByTestId('policy-confirm')
    await expect(dialog).toBeVisible()
    await expect(dialog).toContainText(`将保存为第 ${original!.version + 1} 版`)
    await expect(dialog).toContainText('全部案卷将按新参数重新审查')
    await page.screenshot({ path: `${shots}/policy-confirm.png` })
    await page.getByTestId('policy-confirm-confirm').click()

    const saved = page.getByTestId('policy-saved')
    await expect(saved).toHaveAttribute('data-version', String(original!.version + 1))
    await expect(saved).toContainText(`内部制度自 ${original!.effectiveFrom} 起施行的参数第 ${original!.version + 1} 版`)
    await expect(page.getByTestId('policy-editor')).toHaveCount(0)
    await expect(internalCard(page)).toHaveAttribute('data-version', String(original!.version + 1))
    await expect(row(page, 'handleWorkdays')).toContainText(`${general + 1} 个工作日`)
    await expect(internalCard(page).getByTestId('policy-set-note')).toHaveText('e2e：按2026年制度修订延长一般案件办理时限')
    await page.screenshot({ path: `${shots}/policy-saved.png` })
    await expect(page.getByTestId('policy-reaudit')).toHaveAttribute('data-state', 'done', { timeout: 90_000 })
    // Every case of the archive (3,000 demo cases, and any an earlier spec imported), as the header counts them.
    const total = /([\d,]+) 件/.exec(await page.getByTestId('app-case-total').innerText())![1]
    await expect(page.getByTestId('policy-reaudit')).toContainText(new RegExp(`重新审查已完成：${total} 件，预警 [\\d,]+ 件（保存前预警 [\\d,]+ 件）`))
  })

  await test.step('the earlier version and what changed are in the history', async () => {
    await internalCard(page).getByTestId('policy-history-toggle').click()
    const newest = internalCard(page).locator(`[data-testid="policy-version"][data-version="${original!.version + 1}"]`)
    await expect(newest.locator('li[data-param="handleWorkdays"]')).toContainText(new RegExp(`${general} 个工作日\\s*→\\s*${general + 1} 个工作日`))
    await expect(newest.locator('[data-testid="policy-changes"] li')).toHaveCount(1)
    await expect(internalCard(page).locator(`[data-testid="policy-version"][data-version="${original!.version}"]`)).toContainText(`被第 ${original!.version + 1} 版取代`)
    await page.screenshot({ path: `${shots}/policy-history.png` })
  })

  await test.step('a change another administrator made meanwhile: refused in place, nothing typed is lost', async () => {
    await internalCard(page).getByTestId('policy-edit').click()
    const editor = page.getByTestId('policy-editor')
    const stale = inForce(await api<PolicySetView[]>(page, 'policy.list'), 'internal')
    await api(page, 'policy.save', { kind: 'internal', effectiveFrom: stale.effectiveFrom, title: stale.title, params: { ...stale.params, handleWorkdays: general + 2 }, note: 'e2e：另一位管理员' })
    await editor.getByTestId('policy-input-handleWorkdays').fill(String(general + 2))
    await editor.getByTestId('policy-note').fill('e2e：同样的修改')
    await editor.getByTestId('policy-save').click()
    await page.getByTestId('policy-confirm-confirm').click()
    // The form was opened on the version before: refused, naming who saved the newer one.
    await expect(editor.getByTestId('policy-save-error')).toHaveText(new RegExp(`已由 admin 于 .+ 保存为第 ${original!.version + 2} 版，请在该版本上重新修改`))
    await expect(editor.getByTestId('policy-input-handleWorkdays')).toHaveValue(String(general + 2))
    await expect(editor.getByTestId('policy-note')).toHaveValue('e2e：同样的修改')
    // The list is read again: the other administrator's version is shown, and the form now changes nothing.
    await expect(internalCard(page)).toHaveAttribute('data-version', String(original!.version + 2))
    await expect(editor.getByTestId('policy-summary')).toContainText('参数未作修改')
    await expect(editor.getByTestId('policy-save')).toBeDisabled()
    await page.screenshot({ path: `${shots}/policy-conflict.png` })
    await editor.getByTestId('policy-cancel').click()
    await expect(page.getByTestId('policy-reaudit')).toHaveAttribute('data-state', 'done', { timeout: 90_000 })
  })

  await test.step('a new effective day starts from the set in force on that day (not saved)', async () => {
    await page.getByTestId('policy-add-internal').click()
    const editor = page.getByTestId('policy-editor-add')
    await editor.getByTestId('policy-from').fill('2024-01-01')
    await expect(editor.getByTestId('policy-base')).toContainText(`以 ${original!.effectiveFrom} 起施行的第 ${original!.version + 2} 版为底稿`)
    await expect(editor.getByTestId('policy-input-handleWorkdays')).toHaveValue(String(general + 2))
    await expect(editor.getByTestId('policy-save')).toBeDisabled()
    await editor.getByTestId('policy-cancel').click()
    await expect(editor).toHaveCount(0)
  })

  await test.step('the original values are saved back and re-audited', async () => {
    await saveInternal(page, { handleWorkdays: general }, 'e2e：恢复原参数')
    await expect(page.getByTestId('policy-saved')).toHaveAttribute('data-version', String(original!.version + 3))
    await expect(row(page, 'handleWorkdays')).toContainText(`${general} 个工作日`)
    await expect(page.getByTestId('policy-reaudit')).toHaveAttribute('data-state', 'done', { timeout: 90_000 })
    original = null
  })
})

test('a reviewer reads the parameters without editing', async ({ page }) => {
  await signIn(page, 'chen.jing')
  await page.goto('/#/policy')
  await expect(page).toHaveURL(/#\/calendar\?tab=policy$/)
  await expect(page.getByTestId('policy-readonly')).toContainText('需要管理员权限')
  await expect(row(page, 'handleWorkdays')).toContainText('个工作日')
  await expect(page.locator('[data-testid="policy-set"][data-kind="regulatory"]').first()).toContainText('银保监会令2020年第3号')
  await expect(page.getByTestId('policy-edit')).toHaveCount(0)
  await expect(page.getByTestId('policy-add-internal')).toHaveCount(0)
  await expect(page.getByTestId('policy-inputs')).toHaveCount(0)
  await page.screenshot({ path: `${shots}/policy-reviewer.png` })
})
