// What a start does about work a killed process left behind (issue 16 points 2–4): audit runs and imports
// whose lease lapsed are marked failed (their results were never committed), and dead document batches are
// cleaned up after and offered for resuming.
import type { DataSource } from 'typeorm'
import { recoverDeadBatches } from '../documents/batch-runs'
import { expireDeadRuns } from './lease'

export interface Recovered { auditRuns: number[]; imports: number[]; batches: number[] }

/** Recovers every kind of interrupted work; safe to call at any time (live work of other processes is left alone). */
export async function recoverInterruptedWork(ds: DataSource): Promise<Recovered> {
  return {
    auditRuns: await expireDeadRuns(ds),
    imports: await expireDeadRuns(ds, Date.now(), 'imports'),
    batches: (await recoverDeadBatches(ds)).map((b) => b.id)
  }
}
