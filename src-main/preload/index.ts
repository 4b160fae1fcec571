// The renderer's only door to the main process: `window.dossier.invoke` for the contract's channels.
import { contextBridge, ipcRenderer } from 'electron'
import { CHANNEL_NAMES } from '../shared/channels'
import type { Channel, DossierBridge, Envelope } from '../shared/contract'

const allowed = new Set<string>(CHANNEL_NAMES)
const bridge: DossierBridge = {
  invoke(channel: Channel, request: unknown): Promise<Envelope<unknown>> {
    if (!allowed.has(channel)) return Promise.resolve({ ok: false, error: { code: 'invalid_request', message: `unknown channel: ${channel}` } })
    return ipcRenderer.invoke(`dossier:${channel}`, request) as Promise<Envelope<unknown>>
  }
}
contextBridge.exposeInMainWorld('dossier', bridge)
