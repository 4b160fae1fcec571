// The 「审查后案卷有变更」 mark (issue 14, like TeamMate's "edited after review" flag): when an import changes a
// case — its fields, its timeline, an offer or a rectification measure — after a review of it was approved,
// the review is marked with the trail entry that recorded the change. Every import kind marks the same way.

export type MarkEntity = 'case' | 'timeline' | 'offer' | 'rectification'

/**
 * The statement that follows a CTE named `t` of just-inserted audit_trail rows (RETURNING id, entity_id,
 * before, after) whose entity_id is the case's id (`caseIdOf` when it is not: an SQL expression over `t`),
 * and marks every approved review of those cases. Parameter $2 is the import's id.
 */
export const POST_REVIEW_MARKS = (entity: MarkEntity, caseIdOf = 't.entity_id::int'): string => `
    INSERT INTO case_post_review_changes (case_id, review_id, import_id, trail_id, entity, fields, before, after)
    SELECT r.case_id, r.id, $2::int, t.id, '${entity}',
           ARRAY(SELECT k FROM jsonb_object_keys(coalesce(t.after, '{}') || coalesce(t.before, '{}')) k WHERE k NOT IN ('import_id', 'case_id') ORDER BY k),
           coalesce(t.before, '{}'), coalesce(t.after, '{}') - 'import_id'
      FROM t JOIN reviews r ON r.case_id = ${caseIdOf} AND r.status = 'approved'`
