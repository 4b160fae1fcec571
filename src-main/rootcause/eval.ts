// Measuring the suggester: top-1 and top-3 accuracy of the primary cause (at the first level, where labelled
// files name causes) on a labelled file, trained (a) on the demo archive's tagged cases only, (b) leave-one-out
// over the file plus the demo cases, and (c) on held-out demo cases (expected high; proves little).
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { rootCauseDemoCases } from '../demo/rootcause-texts'
import { RootCauseModel, type SuggestOptions, type TaggedCase } from './suggest'
import { SEED_TAXONOMY } from './taxonomy-seed'
import { firstLevelByName, firstLevelOf, type Taxonomy } from './taxonomy-types'

const labelledFile = z.array(z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  channel: z.string().nullish(),
  businessLine: z.string().nullish(),
  summary: z.string().nullish(),
  request: z.string().nullish(),
  investigation: z.string().nullish(),
  facts: z.string().nullish(),
  primary: z.string().optional(),
  secondary: z.array(z.string()).optional()
}))

/** A case of a labelled or input file, its labels (first-level names) turned into codes where present. */
export type FileCase = TaggedCase & { label?: string }

/**
 * Reads a file in the shape of shared/rootcause/labelled-cases.json. Throws with the file's problem in words:
 * not JSON, not that shape, or a label that is not a first-level cause of the taxonomy. Cases without a
 * label are returned with primary ''.
 */
export function readCaseFile(path: string, tax: Taxonomy = SEED_TAXONOMY): FileCase[] {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new Error(`${path}: not readable as JSON (${(e as Error).message})`, { cause: e })
  }
  const parsed = labelledFile.safeParse(raw)
  if (!parsed.success) throw new Error(`${path}: not a list of cases: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`)
  const code = (label: string, id: string): string => {
    const node = firstLevelByName(tax, label)
    if (!node) throw new Error(`${path}: case ${id}: 「${label}」 is not a first-level root cause`)
    return node.code
  }
  return parsed.data.map((c) => ({
    ...c, label: c.primary,
    primary: c.primary ? code(c.primary, c.id) : '',
    secondary: (c.secondary ?? []).map((s) => code(s, c.id))
  }))
}

export interface Accuracy { n: number; top1: number; top3: number }
export interface EvalResult extends Accuracy {
  perLabel: Map<string, Accuracy>
  /** true first-level → first-level suggested first, where they differ, with counts */
  confusions: Map<string, number>
}

/**
 * Suggests for each case and scores the first-level code of the primary against the suggestions' first
 * levels. With `leaveOneOut`, each case is taken out of the model while it is scored and put back after.
 */
export function evaluate(model: RootCauseModel, cases: readonly TaggedCase[], leaveOneOut = false): EvalResult {
  const tax = model.taxonomy
  const perLabel = new Map<string, { n: number; h1: number; h3: number }>()
  const confusions = new Map<string, number>()
  let h1 = 0
  let h3 = 0
  for (const c of cases) {
    const held = leaveOneOut && model.remove(c.id)
    const got = model.suggest(c, 3).map((s) => s.firstLevel)
    if (held) model.add(c)
    const want = firstLevelOf(tax, c.primary)!
    const row = perLabel.get(want) ?? { n: 0, h1: 0, h3: 0 }
    row.n++
    if (got[0] === want) { h1++; row.h1++ } else confusions.set(`${want}→${got[0] ?? '—'}`, (confusions.get(`${want}→${got[0] ?? '—'}`) ?? 0) + 1)
    if (got.includes(want)) { h3++; row.h3++ }
    perLabel.set(want, row)
  }
  const n = cases.length
  return {
    n, top1: n ? h1 / n : 0, top3: n ? h3 / n : 0, confusions,
    perLabel: new Map([...perLabel].sort().map(([k, r]) => [k, { n: r.n, top1: r.h1 / r.n, top3: r.h3 / r.n }]))
  }
}

/** The last line every evaluation prints: `top1 X.XX top3 X.XX n N`. */
export function summaryLine(r: Accuracy): string {
  return `top1 ${r.top1.toFixed(2)} top3 ${r.top3.toFixed(2)} n ${r.n}`
}

/** Per-label lines (code, name, n, top-1, top-3), then the summary line. */
export function formatEval(r: EvalResult, tax: Taxonomy = SEED_TAXONOMY): string[] {
  const lines = [...r.perLabel].map(([code, a]) =>
    `${code} ${tax.byCode.get(code)?.nameZh ?? code}  n ${a.n}  top1 ${a.top1.toFixed(2)}  top3 ${a.top3.toFixed(2)}`)
  return [...lines, summaryLine(r)]
}

export interface DemoTraining { seed: number; perNode: number }
export const DEFAULT_DEMO_TRAINING: DemoTraining = { seed: 20251, perNode: 12 }

function modelWith(cases: readonly TaggedCase[], tax: Taxonomy, options?: SuggestOptions): RootCauseModel {
  const m = new RootCauseModel(tax, options)
  for (const c of cases) m.add(c)
  return m
}

export interface Measurements { demoOnly: EvalResult; leaveOneOut: EvalResult; heldOutDemo: EvalResult }

/**
 * The three measurements of issue 11 on a labelled file: (a) trained on demo cases only, (b) leave-one-out
 * over the file plus the demo cases, (c) demo cases of another seed, trained on the demo cases.
 */
export function measure(labelled: readonly TaggedCase[], options?: SuggestOptions, demo: DemoTraining = DEFAULT_DEMO_TRAINING,
  tax: Taxonomy = SEED_TAXONOMY): Measurements {
  const training = rootCauseDemoCases(demo.seed, demo.perNode, tax)
  const demoModel = modelWith(training, tax, options)
  const demoOnly = evaluate(demoModel, labelled)
  const heldOutDemo = evaluate(demoModel, rootCauseDemoCases(demo.seed + 1, 3, tax))
  const leaveOneOut = evaluate(modelWith([...training, ...labelled], tax, options), labelled, true)
  return { demoOnly, leaveOneOut, heldOutDemo }
}

/** The report of `measure`, as the CLI prints it; the last line is the leave-one-out summary. */
export function formatMeasurements(m: Measurements, tax: Taxonomy = SEED_TAXONOMY): string[] {
  return [
    '(a) trained on demo cases only', ...formatEval(m.demoOnly, tax),
    '(c) held-out demo cases', summaryLine(m.heldOutDemo),
    '(b) leave-one-out (other labelled cases + demo cases)', ...formatEval(m.leaveOneOut, tax)
  ]
}

/**
 * The report of `dossier rootcause eval FILE.json`: with the archive's model, its accuracy on the file (per
 * label, then the summary line); without one, the three measurements on demo training. Throws on a bad file.
 */
export function evalFileReport(path: string, model?: RootCauseModel): string[] {
  const tax = model?.taxonomy ?? SEED_TAXONOMY
  const cases = readCaseFile(path, tax)
  const unlabelled = cases.find((c) => !c.primary)
  if (unlabelled) throw new Error(`${path}: case ${unlabelled.id} has no primary cause to measure against`)
  return model ? formatEval(evaluate(model, cases), tax) : formatMeasurements(measure(cases, undefined, undefined, tax), tax)
}
