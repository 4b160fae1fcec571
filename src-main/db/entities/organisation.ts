import { EntitySchema } from 'typeorm'

// Entities are plain classes-free definitions (EntitySchema): no decorators to compile, no class names
// for a minifier to break, and the column types are stated once, here, matching the migrations.

export interface Unit { id: number; code: string; name: string; kind: string; parentId: number | null; region: string | null }
export const UnitEntity = new EntitySchema<Unit>({
  name: 'Unit',
  tableName: 'units',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    code: { type: 'text', unique: true },
    name: { type: 'text' },
    kind: { type: 'text' },
    parentId: { type: 'integer', name: 'parent_id', nullable: true },
    region: { type: 'text', nullable: true }
  }
})

export interface Staff { id: number; code: string; name: string; unitId: number; title: string | null }
export const StaffEntity = new EntitySchema<Staff>({
  name: 'Staff',
  tableName: 'staff',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    code: { type: 'text', unique: true },
    name: { type: 'text' },
    unitId: { type: 'integer', name: 'unit_id' },
    title: { type: 'text', nullable: true }
  }
})
