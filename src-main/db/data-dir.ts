import { chmodSync, mkdirSync, readdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where Dossier keeps its embedded database: the same folder Electron's app.getPath('userData') gives
 * for an app named "Dossier", so the app, `npm run web` and the CLI share one archive.
 * DOSSIER_DATA_DIR overrides it (tests use a temporary folder).
 */
export function defaultDataDir(): string {
  if (process.env.DOSSIER_DATA_DIR) return process.env.DOSSIER_DATA_DIR
  const home = homedir()
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Dossier')
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Dossier')
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Dossier')
}

/**
 * The documents folder holds personal data: only the user may list it (0700) and read its files (0600),
 * including files an earlier version wrote with the umask's 0644.
 */
export function secureDocumentsDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const walk = (d: string): void => {
    chmodSync(d, 0o700)
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(d, entry.name))
      else if (entry.isFile()) chmodSync(join(d, entry.name), 0o600)
    }
  }
  walk(dir)
}
