// How the archive's suggester does on the demo cases the generator left untagged (issue 11 point 8): their
// causes are the generator's ground truth (demo_truth, policy 'rootcause', rule 'held_out'), so they measure
// the suggester without any of them having trained it. Expected high (the generator writes the findings in the
// taxonomy's own wording); printed beside the labelled file's figures by `dossier rootcause eval`.
import type { DataSource } from 'typeorm'
import { evaluate, summaryLine, type EvalResult } from './eval'
import type { RootCauseModel, TaggedCase } from './suggest'

/**
 * Top-1/top-3 of the model on at most `limit` held-out demo cases still untagged (first by id), whose truth is a
 * node of the model's taxonomy. n is 0 on an archive without demo truth.
 */
export async function heldOutDemoAccuracy(ds: Pick<DataSource, 'query'>, model: RootCauseModel, limit = 1000): Promise<EvalResult> {
  const rows = (await ds.query(`
    SELECT c.id::text AS id, c.summary, c.request, c.investigation, c.facts, c.channel, c.business_line AS "businessLine", d.detail AS primary
      FROM demo_truth d JOIN cases c ON c.id = d.case_id
     WHERE d.policy = 'rootcause' AND d.rule = 'held_out'
       AND NOT EXISTS (SELECT 1 FROM case_root_causes t WHERE t.case_id = c.id)
     ORDER BY d.case_id LIMIT $1`, [limit])) as TaggedCase[]
  return evaluate(model, rows.filter((r) => model.taxonomy.byCode.has(r.primary)))
}

/** The line `dossier rootcause eval` prints for it. */
export function heldOutDemoLine(r: EvalResult): string {
  return `(demo cases the generator left untagged, its truth) ${summaryLine(r)}`
}
