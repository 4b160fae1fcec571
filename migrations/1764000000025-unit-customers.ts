import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Customers per unit and year (issue 12 point 2): the administrator-maintained figure the trend view divides a
 * unit's complaints by, to rank units per 10,000 customers. A unit here is one the trend view ranks (a branch
 * with its sub-branches, or the head office's own cases); a year without a figure ranks by raw counts. Each
 * save is recorded in the audit trail (entity `unit_customers`).
 */
export class UnitCustomers1764000000025 implements MigrationInterface {
  name = 'UnitCustomers1764000000025'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE unit_customers (
        unit_id integer NOT NULL REFERENCES units(id) ON DELETE CASCADE,
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2099),
        customers integer NOT NULL CHECK (customers > 0),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (unit_id, year)
      )
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE unit_customers')
  }
}
