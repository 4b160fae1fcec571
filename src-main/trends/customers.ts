// Customers per unit and year (migration 25), kept by administrators so the trend view can rank units per
// 10,000 customers. A figure belongs to a unit the view ranks: a branch (its sub-branches' customers
// included) or the head office; every save and removal is recorded in the audit trail in its transaction.
import type { DataSource } from 'typeorm'
import type { CustomerRow, ParsedRequestOf } from '../shared/contract'
import { recordChange } from '../trail/record'
import { invalid, notFound } from '../transport/errors'

interface Row { unit_id: number; unit_name: string; kind: string; year: number; customers: number; updated_by: string; updated_at: Date }
const SELECT = `SELECT k.unit_id, u.name AS unit_name, u.kind, k.year, k.customers, k.updated_by, k.updated_at FROM unit_customers k JOIN units u ON u.id = k.unit_id`
const view = (r: Row): CustomerRow => ({ unitId: r.unit_id, unitName: r.unit_name, kind: r.kind, year: r.year, customers: r.customers, updatedBy: r.updated_by, updatedAt: r.updated_at.toISOString() })

/** Every figure, by unit then newest year first. */
export async function listCustomers(ds: Pick<DataSource, 'query'>): Promise<CustomerRow[]> {
  return ((await ds.query(`${SELECT} ORDER BY k.unit_id, k.year DESC`)) as Row[]).map(view)
}

/**
 * Sets (or with `customers: null` removes) a unit's customers for a year.
 * @throws not_found (no such unit), invalid_request (a sub-branch: its customers count with its branch)
 */
export async function saveCustomers(ds: DataSource, req: ParsedRequestOf<'trends.saveCustomers'>, actor: string): Promise<{ row: CustomerRow | null }> {
  return ds.transaction(async (em) => {
    const [unit] = (await em.query('SELECT id, name, kind FROM units WHERE id = $1', [req.unitId])) as { id: number; name: string; kind: string }[]
    if (!unit) throw notFound('机构不存在')
    if (unit.kind === 'sub_branch') throw invalid(`「${unit.name}」是支行，其客户数计入所属分行，请在分行填写`)
    const [before] = (await em.query(`${SELECT} WHERE k.unit_id = $1 AND k.year = $2 FOR UPDATE OF k`, [req.unitId, req.year])) as Row[]
    let after: Row | undefined
    if (req.customers === null) {
      if (!before) return { row: null }
      await em.query('DELETE FROM unit_customers WHERE unit_id = $1 AND year = $2', [req.unitId, req.year])
    } else {
      if (before?.customers === req.customers) return { row: view(before) }
      await em.query(`INSERT INTO unit_customers (unit_id, year, customers, updated_by) VALUES ($1, $2, $3, $4)
        ON CONFLICT (unit_id, year) DO UPDATE SET customers = EXCLUDED.customers, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [req.unitId, req.year, req.customers, actor])
      ;[after] = (await em.query(`${SELECT} WHERE k.unit_id = $1 AND k.year = $2`, [req.unitId, req.year])) as Row[]
    }
    await recordChange(em, {
      actor, entity: 'unit_customers', entityId: `${req.unitId}:${req.year}`,
      action: !before ? 'create' : after ? 'update' : 'delete',
      before: before ? { unit: unit.name, year: req.year, customers: before.customers } : null,
      after: after ? { unit: unit.name, year: req.year, customers: after.customers } : null
    })
    return { row: after ? view(after) : null }
  })
}
