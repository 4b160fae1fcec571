import { ipcMain } from 'electron'
import { CHANNEL_NAMES } from '../shared/contract'
import type { Dispatch } from './dispatch'

/** One IPC handler per contract channel; the dispatcher validates every request. */
export function registerIpc(dispatch: Dispatch): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(`dossier:${channel}`, (_event, request: unknown) => dispatch(channel, request))
  }
}
