import type { DataSource } from 'typeorm'
import type { Sessions } from '../auth/sessions'

export interface DesktopServices {
  /** Opens a file in the system's default application; resolves to an error message, or '' on success. */
  openPath(path: string): Promise<string>
  /** Asks where to save (a Word document unless `filter` says otherwise); null when the user cancels. */
  chooseSavePath(defaultName: string, filter?: FileFilter): Promise<string | null>
  /** Asks which file to open; null when the user cancels. */
  chooseOpenPath?(filters: FileFilter[]): Promise<string | null>
}

/** A file dialog's filter: its name and extensions without the dot. */
export interface FileFilter { name: string; extensions: string[] }

/** What every handler may use: the database and who is asking. */
export interface AppContext {
  ds: DataSource
  databaseKind: 'embedded' | 'external'
  version: string
  /**
   * The operating-system user running Dossier (not who is signed in: that is per caller, in sessions).
   * Never sent to the renderer: app.info answers before sign-in.
   */
  user: { name: string }
  sessions: Sessions
  /** Where issued documents are written (a folder beside the data, or DOSSIER_DOCUMENTS_DIR). */
  documentsDir: string
  /** The desktop's file services; absent in browser mode, where files are downloaded instead. */
  desktop?: DesktopServices
}
