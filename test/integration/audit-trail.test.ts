import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { changedFields, recordChange, trailOf } from '../../src-main/trail/record'
import { connect, resetArchive } from './db'

let ds: DataSource
beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
})
afterAll(async () => ds?.destroy())

describe('audit trail', () => {
  it('records who changed what, with the values before and after, in order', async () => {
    await ds.transaction(async (em) => {
      await recordChange(em, { actor: '张审查', entity: 'offer', entityId: 7, action: 'create', before: null, after: { amount: '500.00' } })
      await recordChange(em, { actor: '李复核', entity: 'offer', entityId: 7, action: 'update', ...changedFields({ amount: '500.00', basis: 'x' }, { amount: '800.00', basis: 'x' }) })
    })
    const trail = await trailOf(ds.manager, 'offer', 7)
    expect(trail.map((t) => [t.actor, t.action, t.before, t.after])).toEqual([
      ['张审查', 'create', null, { amount: '500.00' }],
      ['李复核', 'update', { amount: '500.00' }, { amount: '800.00' }]
    ])
    expect(Date.parse(trail[0].at)).toBeLessThanOrEqual(Date.now())
  })

  it('rolls back with the change it records', async () => {
    await expect(ds.transaction(async (em) => {
      await recordChange(em, { actor: '王', entity: 'offer', entityId: 8, action: 'update', before: { a: 1 }, after: { a: 2 } })
      throw new Error('the change itself failed')
    })).rejects.toThrow('the change itself failed')
    expect(await trailOf(ds.manager, 'offer', 8)).toEqual([])
  })
})
