// Hardening of the desktop shell (issue 15 point 14): the window navigates only to the app's own page and
// opens no window (https goes to the system browser); the preload exposes one function that forwards exactly
// the contract's channels (shared/channels.ts) and nothing else.
import { describe, expect, it, vi } from 'vitest'
import { pathToFileURL } from 'node:url'
import { appPages, navigationAllowed, windowOpenDecision } from '../../src-main/window/guards'
import { CHANNEL_NAMES } from '../../src-main/shared/channels'
import type { DossierBridge } from '../../src-main/shared/contract'

const INDEX = '/opt/Dossier/resources/app.asar/out/renderer/index.html'
const own = pathToFileURL(INDEX).href

describe('navigation', () => {
  const packaged = appPages(INDEX)
  const dev = appPages(INDEX, 'http://localhost:5173/')
  it.each([
    [own, true],
    [`${own}#/cases/12`, true],
    [`${own}?evil=1`, false],
    [pathToFileURL('/opt/Dossier/resources/app.asar/out/renderer/other.html').href, false],
    ['file:///etc/passwd', false],
    ['file:///tmp/evil.html#/cases', false],
    ['file://evil-host/opt/Dossier/resources/app.asar/out/renderer/index.html', false],
    ['https://evil.example/', false],
    ['http://localhost:5173/', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>1</script>', false],
    ['devtools://devtools/bundled/inspector.html', false],
    ['not a url', false]
  ])('packaged: %s → %s', (url, allowed) => {
    expect(navigationAllowed(url, packaged)).toBe(allowed)
  })
  it.each([
    ['http://localhost:5173/#/trends', true],
    ['http://localhost:5174/', false],
    ['http://localhost.evil.example:5173/', false],
    [own, true]
  ])('dev server: %s → %s', (url, allowed) => {
    expect(navigationAllowed(url, dev)).toBe(allowed)
  })
})

describe('window.open', () => {
  it.each([
    ['https://www.nfra.gov.cn/', 'https://www.nfra.gov.cn/'],
    ['https://user:pw@evil.example/', null],
    ['http://example.com/', null],
    ['file:///etc/passwd', null],
    ['javascript:alert(1)', null],
    [own, null],
    ['ms-msdt:/id', null],
    ['', null]
  ])('%s: denied, opened outside as %s', (url, external) => {
    expect(windowOpenDecision(url)).toEqual({ action: 'deny', external })
  })
})

describe('the preload', () => {
  it('exposes only `dossier.invoke`, forwarding exactly the channels of shared/channels.ts', async () => {
    const exposed: Record<string, unknown> = {}
    const sent: string[] = []
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => { exposed[key] = api } },
      ipcRenderer: { invoke: (channel: string) => { sent.push(channel); return Promise.resolve({ ok: true, data: null }) } }
    }))
    await import('../../src-main/preload/index')
    expect(Object.keys(exposed)).toEqual(['dossier'])
    const bridge = exposed.dossier as DossierBridge
    expect(Object.keys(bridge)).toEqual(['invoke'])
    for (const c of CHANNEL_NAMES) await bridge.invoke(c, {})
    expect(sent).toEqual(CHANNEL_NAMES.map((c) => `dossier:${c}`))
    sent.length = 0
    for (const c of ['dossier:app.info', 'internal.reset', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'app.info ', 'APP.INFO', '']) {
      const env = await bridge.invoke(c as never, {})
      expect(env).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    }
    expect(sent).toEqual([])
  })
})
