import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Document numbers (issue 10 point 3): 「〔2026〕投诉分析第2026Q2号」 repeated the year and was no serial. The
 * review opinion and the quarterly report now carry a serial per type and year of issue (〔2026〕投诉分析第3号),
 * allocated under the register's lock in the transaction that registers the document, so a rolled-back issue
 * leaves no gap; a re-issued version keeps its subject's number (so a number and a version name one row). Documents registered before keep no serial (their printed number
 * was their subject's id); their next version takes the next serial. And a records office checks a file by its
 * hash (issue 10 point 18: `dossier doc verify`, the 文书 drop zone), so the register is indexed by SHA-256.
 */
export class DocumentSerials1764000000034 implements MigrationInterface {
  name = 'DocumentSerials1764000000034'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE documents ADD COLUMN serial_year integer, ADD COLUMN serial integer,
        ADD CONSTRAINT documents_serial_check CHECK ((serial_year IS NULL) = (serial IS NULL) AND (serial IS NULL OR serial >= 1));
      CREATE UNIQUE INDEX documents_serial_idx ON documents(doc_type, serial_year, serial, version) WHERE serial IS NOT NULL;
      CREATE INDEX documents_serial_max_idx ON documents(doc_type, serial_year, serial DESC) WHERE serial IS NOT NULL;
      CREATE INDEX documents_sha256_idx ON documents(sha256);
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX documents_sha256_idx; DROP INDEX documents_serial_max_idx; DROP INDEX documents_serial_idx; ALTER TABLE documents DROP COLUMN serial, DROP COLUMN serial_year')
  }
}
