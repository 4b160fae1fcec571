import type { DataSource } from 'typeorm'
import type { Sessions } from '../auth/sessions'

/** What every handler may use: the database and who is asking. */
export interface AppContext {
  ds: DataSource
  databaseKind: 'embedded' | 'external'
  version: string
  /** The operating-system user running Dossier (not who is signed in: that is per caller, in sessions). */
  user: { name: string }
  sessions: Sessions
}
