import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * A change to a case's root causes marks its offers' checks and opinions stale (migration 20) once per statement,
 * over the statement's rows as a set, instead of once per row.
 *
 * The row trigger case_root_causes_offer_facts_changed looked up the case's offers for every tagged row. A bulk
 * load (dossier_bulk_load_begin with indexes dropped) has no index on remediation_offers(case_id), so each row
 * scanned every offer: the demo seeding's single INSERT of its tags (demo/loader.ts writeDemoTags) took 7 min at
 * 100,000 cases and never finished at 1,000,000. Now three statement-level triggers (a transition table allows one
 * event per trigger) join the changed case ids to the offers once — a hash join, with or without the index — and
 * call dossier_offer_facts_changed once with every affected offer: the same checks deleted, the same opinions
 * marked stale, one trail entry per opinion as before, with the same reason (案件根因已修改).
 */
export class RootCauseFactsPerStatement1764000000049 implements MigrationInterface {
  name = 'RootCauseFactsPerStatement1764000000049'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS case_root_causes_offer_facts_changed ON case_root_causes;
      -- Runs as whoever changed the rows (the app), as the row trigger did.
      CREATE FUNCTION dossier_offer_root_causes_changed() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      DECLARE ids integer[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(o.id) INTO ids FROM remediation_offers o WHERE o.case_id IN (SELECT case_id FROM rc_new);
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(o.id) INTO ids FROM remediation_offers o WHERE o.case_id IN (SELECT case_id FROM rc_old);
        ELSE
          SELECT array_agg(o.id) INTO ids FROM remediation_offers o WHERE o.case_id IN (SELECT case_id FROM rc_old UNION SELECT case_id FROM rc_new);
        END IF;
        IF ids IS NOT NULL THEN PERFORM dossier_offer_facts_changed(ids, '案件根因已修改'); END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER case_root_causes_offer_facts_ins AFTER INSERT ON case_root_causes REFERENCING NEW TABLE AS rc_new
        FOR EACH STATEMENT EXECUTE FUNCTION dossier_offer_root_causes_changed();
      CREATE TRIGGER case_root_causes_offer_facts_upd AFTER UPDATE ON case_root_causes REFERENCING OLD TABLE AS rc_old NEW TABLE AS rc_new
        FOR EACH STATEMENT EXECUTE FUNCTION dossier_offer_root_causes_changed();
      CREATE TRIGGER case_root_causes_offer_facts_del AFTER DELETE ON case_root_causes REFERENCING OLD TABLE AS rc_old
        FOR EACH STATEMENT EXECUTE FUNCTION dossier_offer_root_causes_changed();
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS case_root_causes_offer_facts_ins ON case_root_causes;
      DROP TRIGGER IF EXISTS case_root_causes_offer_facts_upd ON case_root_causes;
      DROP TRIGGER IF EXISTS case_root_causes_offer_facts_del ON case_root_causes;
      DROP FUNCTION IF EXISTS dossier_offer_root_causes_changed();
      CREATE TRIGGER case_root_causes_offer_facts_changed AFTER INSERT OR UPDATE OR DELETE ON case_root_causes FOR EACH ROW
        EXECUTE FUNCTION dossier_offer_case_changed();
    `)
  }
}
