import { BrowserWindow, session, shell } from 'electron'
import { join } from 'node:path'
import { CONTENT_SECURITY_POLICY, windowOptions } from './options'
import { appPages, navigationAllowed, windowOpenDecision } from './guards'

export function createMainWindow(): BrowserWindow {
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
  const win = new BrowserWindow(windowOptions(join(__dirname, '../preload/index.cjs')))
  const indexHtml = join(__dirname, '../renderer/index.html')
  const pages = appPages(indexHtml, process.env.ELECTRON_RENDERER_URL)
  // No navigation away from the app's own page (guards.ts), no redirects out of it, no <webview>, no new
  // windows; https links open in the system browser.
  const guard = (e: { preventDefault(): void }, url: string): void => { if (!navigationAllowed(url, pages)) e.preventDefault() }
  win.webContents.on('will-navigate', guard)
  win.webContents.on('will-redirect', guard)
  win.webContents.on('will-attach-webview', (e) => e.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    const { action, external } = windowOpenDecision(url)
    if (external) void shell.openExternal(external)
    return { action }
  })
  win.once('ready-to-show', () => win.show())
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void win.loadFile(indexHtml)
  return win
}
