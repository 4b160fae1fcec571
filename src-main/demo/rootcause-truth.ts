// The demo archive's root causes (issue 11 point 8): every generated case gets a cause the generator knows (its
// ground truth, in demo_truth with policy 'rootcause'), chosen from those its scenario plausibly has and matching
// whether the institution was at fault; its investigation and facts are rewritten to state that cause, in the
// wording of the taxonomy's definitions and the seeds (rootcause-findings.ts, rootcause-texts.ts) — never of the
// hand-written labelled cases. A share of the cases is tagged by the generator as a reviewer would have
// (loader.ts writes the tags and their trail entry); the rest stay untagged, held out to measure the suggester.
import { SEED_TAXONOMY } from '../rootcause/taxonomy-seed'
import { findingTexts } from './rootcause-texts'
import type { Rng } from './random'

/** Share of demo cases the generator tags (an archive whose reviewers have tagged about a third). */
export const DEMO_TAGGED_SHARE = 0.35
/** Who the demo's tags and their trail entry name. */
export const DEMO_TAGGER = 'demo-generator'

// Per scenario (vocab.ts), the second-level causes when the institution was at fault and when it was not.
const CAUSES: Record<string, { internal: string[]; external: string[] }> = {
  fee: { internal: ['RC09.01', 'RC01.02', 'RC06.01'], external: ['RC09.02'] },
  wealth_loss: { internal: ['RC01.01', 'RC01.03', 'RC02.01', 'RC03.01', 'RC03.02'], external: ['RC11.01', 'RC11.02'] },
  attitude: { internal: ['RC04.01', 'RC04.02', 'RC05.01', 'RC13.01'], external: ['RC15.04', 'RC15.01'] },
  transfer_failed: { internal: ['RC07.01', 'RC07.02', 'RC06.04'], external: ['RC14.01', 'RC14.02'] },
  collection: { internal: ['RC08.03', 'RC02.03'], external: ['RC15.02', 'RC15.03'] },
  close_account: { internal: ['RC08.02', 'RC08.01', 'RC05.02'], external: ['RC14.04'] },
  privacy: { internal: ['RC12.01', 'RC12.02', 'RC06.03'], external: ['RC14.03'] },
  loan_penalty: { internal: ['RC10.01', 'RC10.03'], external: ['RC10.02'] },
  credit_report: { internal: ['RC12.03', 'RC06.04'], external: ['RC14.01'] },
  card_annual_fee: { internal: ['RC02.02', 'RC09.01', 'RC01.02'], external: ['RC09.02'] },
  atm: { internal: ['RC07.03', 'RC13.03'], external: ['RC14.01'] },
  malicious: { internal: ['RC04.01'], external: ['RC15.02', 'RC15.01', 'RC15.04'] },
  brokerage: { internal: ['RC07.01', 'RC03.01', 'RC06.04'], external: ['RC11.01', 'RC14.01'] }
}

export interface DemoRootCause { code: string; tagged: boolean; investigation: string; facts: string }

/**
 * The case's cause (a live node of the seed taxonomy whose `internal` is the case's), texts stating it, and
 * whether the generator tags it. Null for a scenario without causes. Draws only from `rng` (its own stream).
 */
export function demoRootCause(rng: Rng, scenario: string, internal: boolean, slots: Record<string, string>): DemoRootCause | null {
  const choices = CAUSES[scenario]?.[internal ? 'internal' : 'external'].filter((c) => SEED_TAXONOMY.byCode.get(c)?.internal === internal)
  if (!choices?.length) return null
  const code = rng.pick(choices)
  const texts = findingTexts(rng, SEED_TAXONOMY, code, slots)
  return { code, tagged: rng.chance(DEMO_TAGGED_SHARE), ...texts }
}
