// Cross-port request forgery (issue 15, point 1): cookies are scoped by host, not port, so a page served
// from any other port on 127.0.0.1 gets the app's cookies sent along with its requests. The real user signs
// in; then, in the same browser, a hostile page on another port runs the attack: no-cors text/plain
// POSTs that would issue a full-personal-data dossier and change a review's opinion (a loop over versions),
// and a text/plain form post shaped as JSON. Nothing may be issued or changed, and every attempt is refused.
import { createServer, type Server } from 'node:http'
import { test, expect } from '@playwright/test'
import { api, signIn } from './session'

interface ReviewState { id: number; version: number; conclusion: string | null; opinion: string | null }

/** The attacker's page: it knows the app's port and guesses ids and versions, as a real one would. */
function hostilePage(appOrigin: string, caseIds: number[], review: ReviewState): string {
  const config = JSON.stringify({ appOrigin, caseIds, review: { id: review.id, version: review.version } })
  return `<!doctype html><meta charset="utf-8"><title>hostile</title><iframe name="sink"></iframe><script>
const { appOrigin, caseIds, review } = ${config}
const fire = (channel, body) => fetch(appOrigin + '/api/' + channel, {
  method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(body)
}).catch(() => null)
async function formPost() {
  // A form cannot send JSON, but text/plain sends name=value as it is: the '=' lands inside the opinion.
  const form = document.createElement('form')
  form.method = 'POST'; form.enctype = 'text/plain'; form.target = 'sink'
  form.action = appOrigin + '/api/reviews.saveConclusion'
  const input = document.createElement('input')
  input.name = '{"id":' + review.id + ',"version":' + review.version + ',"conclusion":"non_compliant","opinion":"ATTACK'
  input.value = '"}'
  form.appendChild(input)
  document.body.appendChild(form)
  const loaded = new Promise((r) => { document.querySelector('iframe').onload = r; setTimeout(r, 5000) })
  form.submit()
  await loaded
}
(async () => {
  await formPost()
  const tries = caseIds.map((caseId) => fire('documents.generate', { type: 'dossier', caseId }))
  for (let v = 1; v <= review.version + 5; v++) tries.push(fire('reviews.saveConclusion', { id: review.id, version: v, conclusion: 'non_compliant', opinion: 'ATTACK v' + v }))
  await Promise.all(tries)
  document.title = 'done'
})()
</script>`
}

let hostile: Server | undefined
test.afterAll(async () => { await new Promise<void>((r) => (hostile ? hostile.close(() => r()) : r())) })

test('a page on another port of 127.0.0.1 cannot act as the signed-in user', async ({ page, context, baseURL }) => {
  test.setTimeout(120_000)
  const appOrigin = new URL(baseURL!).origin

  // A small plan with one review for li.ming, made by the senior reviewer (the victim then signs in).
  await signIn(page, 'wang.fang')
  const users = await api<{ id: number; username: string }[]>(page, 'users.list')
  const li = users.find((u) => u.username === 'li.ming')!
  const plan = await api<{ id: number }>(page, 'plans.create', {
    name: `跨端口攻击测试 ${Date.now()}`, receivedFrom: '2024-05-06', receivedTo: '2024-05-08', sampleRate: 1, sampleSeed: 7, includeFlagged: true, reviewerIds: [li.id]
  })
  const { rows: [queued] } = await api<{ rows: { id: number }[] }>(page, 'reviews.queue', { scope: 'plan', planId: plan.id })
  expect(queued).toBeTruthy()
  await api(page, 'auth.signOut')

  await signIn(page, 'li.ming')
  const caseIds = (await api<{ rows: { id: number }[] }>(page, 'cases.list', { limit: 5 })).rows.map((r) => r.id)
  const issuedBefore = await Promise.all(caseIds.map(async (caseId) => (await api<unknown[]>(page, 'documents.forCase', { caseId })).length))
  const reviewBefore = await api<ReviewState>(page, 'reviews.get', { id: queued.id })

  hostile = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(hostilePage(appOrigin, caseIds, reviewBefore))
  })
  await new Promise<void>((r) => hostile!.listen(0, '127.0.0.1', () => r()))
  const address = hostile.address()
  const hostilePort = typeof address === 'object' && address ? address.port : 0
  expect(hostilePort).not.toBe(new URL(appOrigin).port)

  // The attacker's page opens in the same browser, beside the app.
  const evil = await context.newPage()
  const answers: { url: string; status: number }[] = []
  evil.on('response', (r) => { if (r.url().startsWith(`${appOrigin}/api/`)) answers.push({ url: r.url(), status: r.status() }) })
  await evil.goto(`http://127.0.0.1:${hostilePort}/`)
  await evil.waitForFunction('document.title === "done"', undefined, { timeout: 60_000 })

  // As the real user: nothing was issued, the review is as it was, and the session still works.
  const issuedAfter = await Promise.all(caseIds.map(async (caseId) => (await api<unknown[]>(page, 'documents.forCase', { caseId })).length))
  expect(issuedAfter).toEqual(issuedBefore)
  const reviewAfter = await api<ReviewState>(page, 'reviews.get', { id: queued.id })
  expect({ version: reviewAfter.version, conclusion: reviewAfter.conclusion, opinion: reviewAfter.opinion })
    .toEqual({ version: reviewBefore.version, conclusion: reviewBefore.conclusion, opinion: reviewBefore.opinion })

  // The attack reached the server (cookies and all) and every request was refused there.
  expect(answers.length).toBe(caseIds.length + reviewBefore.version + 5 + 1)
  expect(answers.filter((a) => a.status !== 403)).toEqual([])
})
