// A stand-in for the `electron` module, just enough to start the built main process in plain Node:
// it records the window options and IPC handlers, calls app.info over the registered handler, quits the
// way Electron would, and prints what it saw as one JSON line for the test to read.
const handlers = new Map()
const listeners = new Map()
const report = { window: null, loaded: null, webContents: {}, openHandler: null }
export const opened = []
let quitting = false

export const ipcMain = { handle: (channel, fn) => handlers.set(channel, fn) }
export const app = {
  whenReady: () => Promise.resolve(),
  getPath: () => process.env.STUB_USER_DATA,
  getVersion: () => 'stub',
  on: (event, fn) => listeners.set(event, [...(listeners.get(event) ?? []), fn]),
  quit: () => {
    if (quitting) process.exit(0)
    quitting = true
    for (const fn of listeners.get('will-quit') ?? []) fn({ preventDefault() { quitting = false } })
    if (quitting) process.exit(0)
  },
  exit: (code) => process.exit(code),
  // STUB_LOCK_HELD=1 plays a second start while another instance holds the lock.
  requestSingleInstanceLock: () => process.env.STUB_LOCK_HELD !== '1'
}
export class BrowserWindow {
  static getAllWindows() { return [] }
  constructor(options) {
    report.window = options
    this.webContents = {
      on: (event, fn) => { report.webContents[event] = fn },
      setWindowOpenHandler: (fn) => { report.openHandler = fn }
    }
  }
  once() {}
  show() {}
  loadFile(path) { report.loaded = path; return Promise.resolve() }
  loadURL(url) { report.loaded = url; return Promise.resolve() }
}
export const session = { defaultSession: { webRequest: { onHeadersReceived() {} } } }
export const dialog = { showErrorBox: (title, message) => { console.log(`STUB-ERROR ${title}: ${message}`); process.exit(1) } }
export const shell = { openExternal(url) { opened.push(url); return Promise.resolve() } }
export const contextBridge = { exposeInMainWorld() {} }
export const ipcRenderer = { invoke() {} }
export default { app, BrowserWindow, ipcMain, session, dialog, shell }

const poll = setInterval(async () => {
  const info = handlers.get('dossier:app.info')
  if (!info || !report.window) return
  clearInterval(poll)
  // An IPC event names its window (webContents id): the main process keys sign-in sessions by it.
  const event = { sender: { id: 1 } }
  const envelope = await info(event, {})
  const invalid = await info(event, { unexpected: true })
  const locked = await handlers.get('dossier:cases.list')(event, {})
  // Signed in, the window is told the archive's kind and size too.
  const signIn = await handlers.get('dossier:auth.signIn')(event, { username: 'chen.jing', password: 'dossier-demo' })
  const signedIn = await info(event, {})
  // The window's guards as the built bundle set them: which addresses a navigation may reach, what window.open does.
  const prevented = (event, url) => {
    let stopped = false
    report.webContents[event]?.({ preventDefault: () => { stopped = true } }, url)
    return stopped
  }
  const ownPage = new URL(`file://${report.loaded}`).href
  const guards = {
    events: Object.keys(report.webContents).sort(),
    navigate: Object.fromEntries([ownPage, `${ownPage}#/cases`, 'file:///etc/passwd', 'https://evil.example/', 'javascript:alert(1)'].map((u) => [u, prevented('will-navigate', u)])),
    redirect: prevented('will-redirect', 'https://evil.example/'),
    webview: prevented('will-attach-webview', 'about:blank'),
    open: ['https://www.nfra.gov.cn/', 'file:///etc/passwd', 'http://evil.example/'].map((url) => report.openHandler?.({ url })),
    opened
  }
  // What can be printed: the live objects left out.
  const shown = Object.fromEntries(Object.entries(report).filter(([k]) => k !== 'webContents' && k !== 'openHandler'))
  console.log(`STUB-RESULT ${JSON.stringify({ ...shown, guards, channels: [...handlers.keys()], envelope, invalid, locked, signIn, signedIn })}`)
  app.quit()
}, 50)
