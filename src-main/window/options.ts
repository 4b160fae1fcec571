import type { BrowserWindowConstructorOptions } from 'electron'

/** The window's security posture; a test asserts it (the renderer is untrusted). */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Dossier 投诉案卷审查',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false
    }
  }
}

export { CONTENT_SECURITY_POLICY } from '../shared/csp'
