// The archive the trend tests count: 1,500 generated cases over 2024–2025, audited, the demo team, and the
// branch whose sub-branches hold the most cases (for the filter "a unit with its sub-branches").
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { runAudit } from '../../src-main/audit/batch'
import { ensureDemoUsers } from '../../src-main/auth/users'
import { resetArchive, signedInAs, type RawCall } from './db'

/** Resets and seeds the archive; `zhou` is leadership signed in through the real handler. */
export async function trendArchive(ds: DataSource, seed: number): Promise<{ zhou: RawCall; branchWithSubs: number }> {
  await resetArchive(ds)
  await seedArchive(ds, { seed, cases: 1500, from: '2024-01-01', to: '2025-12-31' })
  await runAudit(ds, { actor: 'test' })
  await ensureDemoUsers(ds)
  const zhou = await signedInAs(ds, 'zhou.qiang')
  const [{ id }] = (await ds.query(`SELECT u.id FROM units u WHERE u.kind = 'branch' AND EXISTS (SELECT 1 FROM units s WHERE s.parent_id = u.id)
    ORDER BY (SELECT count(*) FROM cases c JOIN units s ON s.id = c.unit_id WHERE s.parent_id = u.id) DESC LIMIT 1`)) as { id: number }[]
  return { zhou, branchWithSubs: id }
}
