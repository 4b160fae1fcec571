import type { MigrationInterface, QueryRunner } from 'typeorm'
import { PRC_CALENDAR } from '../src-main/calendar/prc-holidays'
import { INITIAL_POLICY_SETS } from '../src-main/db/policy-defaults'

/** The working-day calendar 2020–2026 and the two policy parameter sets in force from the start. */
export class ReferenceData1764000000001 implements MigrationInterface {
  name = 'ReferenceData1764000000001'

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO calendar_days(day, kind, name)
       SELECT * FROM unnest($1::date[], $2::text[], $3::text[])`,
      [PRC_CALENDAR.map((d) => d.day), PRC_CALENDAR.map((d) => d.kind), PRC_CALENDAR.map((d) => d.name)]
    )
    for (const p of INITIAL_POLICY_SETS) {
      await q.query(
        `INSERT INTO policy_sets(code, kind, title, effective_from, params, source) VALUES ($1,$2,$3,$4,$5,$6)`,
        [p.code, p.kind, p.title, p.effectiveFrom, JSON.stringify(p.params), p.source]
      )
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM policy_sets; DELETE FROM calendar_days;`)
  }
}
