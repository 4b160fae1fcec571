import { ipcMain } from 'electron'
import { CHANNEL_NAMES } from '../shared/contract'
import type { Dispatch } from './dispatch'

/** One IPC handler per contract channel; the dispatcher validates every request. */
export function registerIpc(dispatch: Dispatch): void {
  for (const channel of CHANNEL_NAMES) {
    // Each window is its own caller: signing in in one window does not sign in another.
    ipcMain.handle(`dossier:${channel}`, (event, request: unknown) => dispatch(channel, request, `ipc:${event.sender.id}`))
  }
}
