// For bench:list --as-reviewer: a reviewer assigned the branch with the most cases (with its sub-branches),
// and a database session of theirs, so the case list is measured under row security as a reviewer sees it.
import type { DataSource } from 'typeorm'
import { createUser } from '../../src-main/auth/users'
import { setUserUnits } from '../../src-main/auth/user-units'

export async function benchReviewerSession(ds: DataSource): Promise<{ token: string; unit: string; share: number }> {
  const [branch] = (await ds.query(`SELECT b.code, count(*)::float / (SELECT count(*) FROM cases) AS share
    FROM cases c JOIN units u ON u.id = c.unit_id JOIN units b ON b.id = u.id OR b.id = u.parent_id
    WHERE b.kind = 'branch' GROUP BY b.code ORDER BY count(*) DESC LIMIT 1`)) as { code: string; share: number }[]
  const [existing] = (await ds.query(`SELECT id FROM users WHERE username = 'bench.reviewer'`)) as { id: number }[]
  const id = existing?.id ?? (await createUser(ds, { username: 'bench.reviewer', displayName: '基准审查员', roles: ['reviewer'], password: 'bench-reviewer-password' })).id
  await setUserUnits(ds, 'bench', 'bench.reviewer', [branch.code])
  const [{ t }] = (await ds.query('SELECT dossier_session_open($1) AS t', [id])) as { t: string }[]
  return { token: t, unit: branch.code, share: branch.share }
}
