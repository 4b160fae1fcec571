import type { MigrationInterface, QueryRunner } from 'typeorm'
import { SEED_NODES } from '../src-main/rootcause/taxonomy-seed'

/**
 * Root causes (问题根源, issue 11): a versioned two-level taxonomy mapped to JR/T 0169 axis C, and each case's
 * primary and up to two secondary causes.
 * - rc_nodes holds each node as it is now; rc_node_history its state in every version that changed it, so a
 *   past period can be counted by the taxonomy as it was then. A node is never deleted: a retired node stays
 *   readable and reportable; a merged one points at the node that absorbed it.
 * - case_root_causes.node_id is what a tag means now (a merge re-points it), chosen_node_id what the reviewer
 *   chose; the re-pointing is in the audit trail.
 * - A split leaves tags on the old node and queues those cases in rc_retag_queue (待重新标注).
 * - Bulk tagging keeps each case's tags from before (rc_bulk_before) so the last bulk action can be undone.
 * - Every suggestion shown and what was chosen (rc_suggestion_events), for the accept and top-3 hit rates.
 * Version 1 is the starting taxonomy of domain.md with our second level (src-main/rootcause/taxonomy-seed.ts;
 * that module is version 1 and stays as it is: later changes are administrators' versions or a new migration).
 */
export class RootCauses1764000000015 implements MigrationInterface {
  name = 'RootCauses1764000000015'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rc_taxonomy_versions (
        version integer PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        note text NOT NULL
      );
      CREATE TABLE rc_nodes (
        id serial PRIMARY KEY,
        code text NOT NULL UNIQUE CHECK (code ~ '^RC[0-9]{2}(\\.[0-9]{2})?$'),
        parent_id integer REFERENCES rc_nodes(id),
        name_zh text NOT NULL CHECK (name_zh <> ''),
        name_en text NOT NULL,
        definition text NOT NULL,
        jrt_cause text NOT NULL,
        internal boolean NOT NULL,
        phrases text[] NOT NULL DEFAULT '{}',
        topics text[] NOT NULL DEFAULT '{}',
        position integer NOT NULL,
        since_version integer NOT NULL REFERENCES rc_taxonomy_versions(version),
        retired_version integer REFERENCES rc_taxonomy_versions(version),
        merged_into integer REFERENCES rc_nodes(id)
      );
      CREATE TABLE rc_node_history (
        node_id integer NOT NULL REFERENCES rc_nodes(id),
        version integer NOT NULL REFERENCES rc_taxonomy_versions(version),
        parent_id integer REFERENCES rc_nodes(id),
        name_zh text NOT NULL,
        name_en text NOT NULL,
        jrt_cause text NOT NULL,
        internal boolean NOT NULL,
        retired boolean NOT NULL,
        merged_into integer REFERENCES rc_nodes(id),
        PRIMARY KEY (node_id, version)
      );
      CREATE TABLE case_root_causes (
        case_id integer NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        node_id integer NOT NULL REFERENCES rc_nodes(id),
        chosen_node_id integer NOT NULL REFERENCES rc_nodes(id),
        role text NOT NULL CHECK (role IN ('primary','secondary')),
        tagged_by text NOT NULL,
        tagged_at timestamptz NOT NULL DEFAULT now(),
        note text,
        PRIMARY KEY (case_id, node_id)
      );
      CREATE UNIQUE INDEX case_root_causes_primary_idx ON case_root_causes(case_id) WHERE role = 'primary';
      CREATE INDEX case_root_causes_node_idx ON case_root_causes(node_id, case_id);
      CREATE TABLE rc_retag_queue (
        case_id integer PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        node_id integer NOT NULL REFERENCES rc_nodes(id),
        version integer NOT NULL REFERENCES rc_taxonomy_versions(version),
        queued_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE rc_bulk_actions (
        id serial PRIMARY KEY,
        actor text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        node_id integer NOT NULL REFERENCES rc_nodes(id),
        role text NOT NULL CHECK (role IN ('primary','secondary')),
        cases integer NOT NULL,
        filter jsonb,
        undone_at timestamptz,
        undone_by text
      );
      CREATE TABLE rc_bulk_before (
        action_id integer NOT NULL REFERENCES rc_bulk_actions(id) ON DELETE CASCADE,
        case_id integer NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        tags jsonb NOT NULL,
        after_tags jsonb NOT NULL,
        PRIMARY KEY (action_id, case_id)
      );
      CREATE TABLE rc_suggestion_events (
        id bigserial PRIMARY KEY,
        case_id integer NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        suggested text[] NOT NULL,
        chosen text NOT NULL,
        accepted boolean NOT NULL
      );
      INSERT INTO rc_taxonomy_versions (version, created_by, note) VALUES (1, 'system', '初始分类（domain.md 起始分类及其二级细分）');
    `)
    const firsts = SEED_NODES.filter((n) => !n.parent)
    const seconds = SEED_NODES.filter((n) => n.parent)
    for (const [i, n] of [...firsts, ...seconds].entries()) {
      await q.query(
        `INSERT INTO rc_nodes (code, parent_id, name_zh, name_en, definition, jrt_cause, internal, phrases, topics, position, since_version)
         VALUES ($1, (SELECT id FROM rc_nodes WHERE code = $2), $3, $4, $5, $6, $7, $8, $9, $10, 1)`,
        [n.code, n.parent, n.nameZh, n.nameEn, n.definition, n.jrtCause, n.internal, [...n.phrases], [...n.topics], i + 1])
    }
    await q.query(`INSERT INTO rc_node_history (node_id, version, parent_id, name_zh, name_en, jrt_cause, internal, retired)
                   SELECT id, 1, parent_id, name_zh, name_en, jrt_cause, internal, false FROM rc_nodes`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rc_suggestion_events, rc_bulk_before, rc_bulk_actions, rc_retag_queue, case_root_causes, rc_node_history, rc_nodes, rc_taxonomy_versions`)
  }
}
