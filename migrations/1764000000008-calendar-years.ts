import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Which years' 节假日安排 are loaded, and from which notice each day came. A year not in calendar_years is
 * unknown to the audit (a limit reaching into it gives cannot_tell), never assumed to have weekends only.
 * A notice may name days of the previous December (the 2023 notice: 元旦 from 2022-12-31), so each day
 * records its notice's year; re-importing a year replaces exactly that notice's days.
 * audit_results.calendar_missing_year counts the cases still waiting on a year (the review screen and the
 * quarterly report show it). Runs may now also be started by a calendar import or a new engine version.
 */
export class CalendarYears1764000000008 implements MigrationInterface {
  name = 'CalendarYears1764000000008'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_years (
        year smallint PRIMARY KEY CHECK (year BETWEEN 1990 AND 2200),
        source text NOT NULL,
        sha256 text,
        days integer NOT NULL,
        loaded_by text NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE calendar_days ADD COLUMN notice_year smallint;
      UPDATE calendar_days SET notice_year = CASE
        WHEN extract(month FROM day) = 12 AND name LIKE '%元旦%' THEN extract(year FROM day)::int + 1
        ELSE extract(year FROM day)::int END;
      ALTER TABLE calendar_days ALTER COLUMN notice_year SET NOT NULL;
      CREATE INDEX calendar_days_notice_idx ON calendar_days(notice_year);
      INSERT INTO calendar_years (year, source, days, loaded_by)
        SELECT y, '国务院办公厅关于' || y || '年部分节假日安排的通知（随程序内置）', count(d.day), 'system'
        FROM generate_series(2020, 2026) AS y LEFT JOIN calendar_days d ON d.notice_year = y GROUP BY y;

      ALTER TABLE audit_results ADD COLUMN calendar_missing_year smallint;
      CREATE INDEX audit_results_calendar_idx ON audit_results(calendar_missing_year) WHERE calendar_missing_year IS NOT NULL;
      ALTER TABLE audit_runs DROP CONSTRAINT audit_runs_reason_check;
      ALTER TABLE audit_runs ADD CONSTRAINT audit_runs_reason_check CHECK (reason IN ('on_demand','policy_changed','new_cases','calendar_changed','engine_changed'));
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM audit_runs WHERE reason IN ('calendar_changed', 'engine_changed');
      ALTER TABLE audit_runs DROP CONSTRAINT audit_runs_reason_check;
      ALTER TABLE audit_runs ADD CONSTRAINT audit_runs_reason_check CHECK (reason IN ('on_demand','policy_changed','new_cases'));
      ALTER TABLE audit_results DROP COLUMN calendar_missing_year;
      ALTER TABLE calendar_days DROP COLUMN notice_year;
      DROP TABLE calendar_years;
    `)
  }
}
