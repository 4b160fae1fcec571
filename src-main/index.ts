// Electron entry: start the backend, one window, IPC. Everything else lives in plain Node modules.
import { BrowserWindow, app, dialog, shell } from 'electron'
import { startBackend, type Started } from './app/startup'
import { registerIpc } from './transport/ipc'
import { createMainWindow } from './window/create'

let backend: Started | undefined

// One app per data folder (issue 16 point 12): a second start hands over to the running one, which comes to
// the front, instead of failing on the folder's lock.
if (!app.requestSingleInstanceLock()) {
  app.exit(0)
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0]
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.focus()
  })
  start()
}

function start(): void {
app.whenReady().then(async () => {
  try {
    backend = await startBackend({
      dataDir: app.getPath('userData'), version: app.getVersion(),
      desktop: {
        openPath: (path) => shell.openPath(path),
        async chooseSavePath(defaultName, filter) {
          const owner = BrowserWindow.getFocusedWindow()
          const options = { defaultPath: defaultName, filters: [filter ?? { name: 'Word', extensions: ['docx'] }] }
          const res = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options)
          return res.canceled || !res.filePath ? null : res.filePath
        },
        async chooseOpenPath(filters) {
          const owner = BrowserWindow.getFocusedWindow()
          const options = { properties: ['openFile' as const], filters }
          const res = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options)
          return res.canceled || !res.filePaths[0] ? null : res.filePaths[0]
        }
      }
    })
  } catch (err) {
    dialog.showErrorBox('Dossier 无法启动', (err as Error).message)
    app.exit(1)
    return
  }
  registerIpc(backend.dispatch)
  createMainWindow()
}, (err: Error) => console.error(err))
}

app.on('window-all-closed', () => app.quit())

let quitting = false
app.on('will-quit', (e) => {
  if (quitting || !backend) return
  // Stop the embedded PostgreSQL cleanly before the process exits.
  e.preventDefault()
  quitting = true
  backend.close().finally(() => app.quit())
})
