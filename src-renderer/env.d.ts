// Globals the renderer relies on. The Electron preload exposes `window.dossier`; in browser mode it is absent.
import type { DossierBridge } from '@shared/contract'

declare global {
  interface Window {
    dossier?: DossierBridge
  }
}

export {}
