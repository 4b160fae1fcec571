import type { DataSource } from 'typeorm'

/** What every handler may use: the database and who is asking. */
export interface AppContext {
  ds: DataSource
  databaseKind: 'embedded' | 'external'
  version: string
  user: { name: string }
}
