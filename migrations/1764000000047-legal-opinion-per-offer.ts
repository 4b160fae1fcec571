import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The 法律审查意见书 registered per remediation offer (issue 10 points 3 and 6). It was registered under its
 * case, so the versions of several offers of one case counted together (offer A v1, offer B v2, offer A v3)
 * and the document was numbered and named by the offer's database id. A register row now names its offer:
 * `offer_id`, beside the case it belongs to (`case_id` stays set, so row security, the case's document list and
 * retention read it as before), and the subject key is `offer:<id>` when there is one. Versions then count per
 * offer, and the opinion takes a serial of its own type and year (serial_year, serial; migration 34).
 *
 * PostgreSQL 15 cannot change a generated column's expression, so `subject` is added again with the new one and
 * its UNIQUE (doc_type, subject, version) with it; existing rows compute the same key as before. Opinions
 * registered before keep their case subject and no offer (which offer they were about is only in their file
 * name, and the register is append-only): they stay listed, readable and verifiable by hash and name as they
 * were, and an offer's first opinion under this scheme is its version 1 with a new number and name.
 */
export class LegalOpinionPerOffer1764000000047 implements MigrationInterface {
  name = 'LegalOpinionPerOffer1764000000047'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE documents ADD COLUMN offer_id integer REFERENCES remediation_offers(id),
        ADD CONSTRAINT documents_offer_check CHECK (offer_id IS NULL OR (doc_type = 'legal_opinion' AND case_id IS NOT NULL));
      ALTER TABLE documents DROP COLUMN subject;
      ALTER TABLE documents ADD COLUMN subject text NOT NULL GENERATED ALWAYS AS (
          CASE WHEN offer_id IS NOT NULL THEN 'offer:' || offer_id::text
               WHEN case_id IS NOT NULL THEN 'case:' || case_id::text
               WHEN review_id IS NOT NULL THEN 'review:' || review_id::text
               ELSE 'period:' || period END) STORED,
        ADD CONSTRAINT documents_doc_type_subject_version_key UNIQUE (doc_type, subject, version);
      CREATE INDEX documents_offer_idx ON documents(offer_id) WHERE offer_id IS NOT NULL;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    // Refused while an offer's opinion is registered: without offer_id, two offers' version 1 would collide.
    await q.query(`
      DROP INDEX documents_offer_idx;
      ALTER TABLE documents DROP COLUMN subject;
      ALTER TABLE documents DROP COLUMN offer_id;
      ALTER TABLE documents ADD COLUMN subject text NOT NULL GENERATED ALWAYS AS (
          CASE WHEN case_id IS NOT NULL THEN 'case:' || case_id::text
               WHEN review_id IS NOT NULL THEN 'review:' || review_id::text
               ELSE 'period:' || period END) STORED,
        ADD CONSTRAINT documents_doc_type_subject_version_key UNIQUE (doc_type, subject, version);
    `)
  }
}
