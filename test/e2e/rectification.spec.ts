// 整改 to closure in the browser (issue 11 point 6): a finding of an approved review reaches the queue; the reviewer
// records progress and the evidence received, the senior reviewer verifies and closes it; leadership reads the queue
// without any control. The review itself is made through the API, as the review workflow spec covers its screens.
import { test, expect, type Browser, type Page } from '@playwright/test'
import { api, signIn } from './session'

const shots = 'test-results/screenshots'
test.describe.configure({ mode: 'serial' })

async function as(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage()
  await signIn(page, username)
  return page
}

let findingText = ''

test('a finding of an approved review is followed to closure by a reviewer and a senior reviewer', async ({ browser }) => {
  test.setTimeout(180_000)
  const wang = await as(browser, 'wang.fang')
  const chen = await as(browser, 'chen.jing')
  // A review with a finding, approved (through the API).
  const users = await api<{ id: number; username: string }[]>(wang, 'users.list', {})
  const plan = await api<{ id: number }>(wang, 'plans.create', { name: '整改 e2e', receivedFrom: '2025-03-01', receivedTo: '2025-03-31', sampleRate: 0.05, sampleSeed: 29,
    includeFlagged: false, reviewerIds: [users.find((u) => u.username === 'chen.jing')!.id] })
  const { rows } = await api<{ rows: { id: number }[] }>(chen, 'reviews.queue', { scope: 'plan', planId: plan.id })
  type R = { id: number; version: number; rules: { code: string }[] }
  let r = await api<R>(chen, 'reviews.get', { id: rows[0].id })
  for (const rule of r.rules) r = await api<R>(chen, 'reviews.saveRule', { id: r.id, version: r.version, rule: rule.code, decision: 'confirmed' })
  findingText = `回访记录缺失（e2e ${Date.now() % 100000}）`
  r = await api<R>(chen, 'reviews.saveFinding', { id: r.id, version: r.version, finding: { rule: null, severity: 'medium', description: findingText, requiredAction: '补录回访', ownerUnitId: null, dueOn: '2099-12-31' } })
  r = await api<R>(chen, 'reviews.saveConclusion', { id: r.id, version: r.version, conclusion: 'basically_compliant', opinion: null })
  r = await api<R>(chen, 'reviews.submit', { id: r.id, version: r.version })
  await api(wang, 'reviews.decide', { id: r.id, version: r.version, decision: 'approve', comment: '' })

  // The reviewer finds it under 未关闭, opens it by keyboard and records that the evidence came in.
  await chen.getByTestId('nav-rectification').click()
  await expect(chen.getByTestId('rect-table')).toBeVisible()
  await chen.getByTestId('rect-search').fill(findingText)
  await chen.getByTestId('rect-search').press('Enter')
  await expect(chen.getByTestId('rect-count')).toHaveText('共 1 项')
  const row = chen.locator('[data-testid="rect-row"][data-kind="finding"]', { hasText: findingText })
  await expect(row).toHaveAttribute('data-status', 'open')
  await row.click()
  const panel = chen.getByTestId('rect-panel')
  await expect(panel).toContainText(findingText)
  await expect(panel).toContainText('补录回访')
  await panel.getByTestId('rect-follow-status').selectOption('submitted')
  await panel.getByTestId('rect-follow-note').fill('网点已补录回访')
  await panel.getByTestId('rect-follow-evidence').fill('回访录音 HF-2025-301')
  await panel.getByTestId('rect-follow-save').click()
  await expect(panel.getByTestId('rect-panel-status')).toHaveText('待验收')
  await expect(panel.getByTestId('rect-history')).toContainText('回访录音 HF-2025-301')
  // A reviewer is not offered the decision.
  await expect(panel.getByTestId('rect-decide')).toHaveCount(0)
  await chen.screenshot({ path: `${shots}/rectification-reviewer.png` })

  // The senior reviewer verifies it under 待验收 and closes it.
  await wang.goto('/#/rectification')
  await wang.getByTestId('rect-tab-submitted').click()
  await wang.getByTestId('rect-search').fill(findingText)
  await wang.getByTestId('rect-search').press('Enter')
  await wang.locator('[data-testid="rect-row"]', { hasText: findingText }).click()
  const wp = wang.getByTestId('rect-panel')
  await wp.getByTestId('rect-decide-note').fill('录音完整，验收通过')
  await wp.getByTestId('rect-approve').click()
  await expect(wp.getByTestId('rect-panel-status')).toHaveText('已关闭')
  await expect(wp.getByTestId('rect-follow')).toHaveCount(0)
  await wang.getByTestId('rect-tab-closed').click()
  await expect(wang.locator('[data-testid="rect-row"]', { hasText: findingText })).toHaveAttribute('data-status', 'closed')
  await wang.screenshot({ path: `${shots}/rectification-senior.png` })
})

test('leadership reads the queue and its history without any control', async ({ page }) => {
  await signIn(page, 'zhou.qiang')
  await page.goto('/#/rectification')
  await expect(page.getByTestId('rect-table')).toBeVisible()
  await page.getByTestId('rect-tab-all').click()
  await page.getByTestId('rect-search').fill(findingText)
  await page.getByTestId('rect-search').press('Enter')
  await page.locator('[data-testid="rect-row"]', { hasText: findingText }).click()
  await expect(page.getByTestId('rect-history')).toContainText('录音完整，验收通过')
  await expect(page.getByTestId('rect-follow')).toHaveCount(0)
  await expect(page.getByTestId('rect-decide')).toHaveCount(0)
})
