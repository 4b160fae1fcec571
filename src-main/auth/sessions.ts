// Who is signed in, per caller: an Electron window (ipc:<webContents id>) or a browser session cookie
// (http:<id>). Kept in the main process's memory: signing in again after a restart is intended.
import type { SessionUser } from '../shared/review-types'

export interface Caller { key: string; user: SessionUser | null }

export class Sessions {
  private readonly byKey = new Map<string, SessionUser>()
  get(key: string): SessionUser | null {
    return this.byKey.get(key) ?? null
  }
  set(key: string, user: SessionUser): void {
    this.byKey.set(key, user)
  }
  delete(key: string): void {
    this.byKey.delete(key)
  }
}
