import { inject } from 'vitest'
import type { DataSource } from 'typeorm'
import { createDataSource } from '../../src-main/db/database'
import '../../src-main/db/database' // registers the DATE type parser

/** A connection to the suite's database (already migrated by the global setup). */
export async function connect(): Promise<DataSource> {
  const ds = createDataSource(inject('dbUrl'))
  await ds.initialize()
  return ds
}

/** Empties the archive tables, keeping the reference data the migrations loaded. */
export async function resetArchive(ds: DataSource): Promise<void> {
  await ds.query('TRUNCATE cases, case_events, remediation_offers, rectifications, case_links, demo_truth, audit_trail, app_meta, staff, units RESTART IDENTITY CASCADE')
}
