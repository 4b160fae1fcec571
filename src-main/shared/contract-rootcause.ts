// Request schemas and responses of root-cause tagging (问题根源, issue 11): the taxonomy and its versions,
// a case's causes, bulk tagging with its count and undo. The taxonomy codes are RC01 (first level) and
// RC01.02 (second level).
import { z } from 'zod'
import { caseFilterSchema } from './contract'
import { JRT_CAUSE } from './jrt'
import { zId } from './contract-common'

const code = z.string().regex(/^RC[0-9]{2}(\.[0-9]{2})?$/, '根因分类代码形如 RC06 或 RC06.01')
const caseId = zId
const name = z.string().trim().min(1).max(60)
const note = z.string().trim().max(500).nullish()
const jrtCause = z.string().refine((c) => c in JRT_CAUSE, '不是 JR/T 0169 C 轴（投诉原因）的代码')
const choice = z.object({ code, note }).strict()
const target = z.union([
  z.object({ caseIds: z.array(caseId).min(1).max(100_000) }).strict(),
  // Lazily: contract.ts, which defines the filter, imports this module first.
  z.object({ filter: z.lazy(() => caseFilterSchema) }).strict()
])

export const taxonomyEditSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), parentCode: code.nullable(), nameZh: name, nameEn: z.string().trim().max(80), definition: z.string().trim().min(1).max(1000), jrtCause, internal: z.boolean() }).strict(),
  z.object({ op: z.literal('rename'), code, nameZh: name.optional(), nameEn: z.string().trim().max(80).optional(), definition: z.string().trim().min(1).max(1000).optional() }).strict(),
  z.object({ op: z.literal('move'), code, parentCode: code }).strict(),
  z.object({ op: z.literal('merge'), code, intoCode: code }).strict(),
  z.object({ op: z.literal('split'), code, into: z.array(z.object({ nameZh: name, nameEn: z.string().trim().max(80), definition: z.string().trim().min(1).max(1000) }).strict()).min(2).max(10) }).strict(),
  z.object({ op: z.literal('retire'), code }).strict()
])

export const rootCauseRequestSchemas = {
  'rootCauses.taxonomy': z.object({ version: z.number().int().min(1).max(1_000_000).optional() }).strict(),
  'rootCauses.editTaxonomy': z.object({ expectedVersion: z.number().int().min(1).max(1_000_000), edit: taxonomyEditSchema }).strict(),
  'rootCauses.ofCase': z.object({ caseId }).strict(),
  'rootCauses.setCase': z.object({
    caseId, primary: choice.nullable(), secondary: z.array(choice).max(2, '次要根因最多 2 个'),
    /** The suggestions shown when the choice was made (codes, best first), to count accepts and overrides. */
    suggested: z.array(code).max(3).optional()
  }).strict(),
  'rootCauses.bulkCount': z.object({ target }).strict(),
  'rootCauses.bulkTag': z.object({ target, code, role: z.enum(['primary', 'secondary']), expectedCount: z.number().int().min(1) }).strict(),
  'rootCauses.pareto': z.object({ filter: z.lazy(() => caseFilterSchema).default({}), level: z.union([z.literal(1), z.literal(2)]).default(1), version: z.number().int().min(1).max(1_000_000).optional() }).strict(),
  'rootCauses.suggest': z.object({ caseId }).strict(),
  'rootCauses.suggestionStats': z.object({}).strict(),
  'rootCauses.lastBulk': z.object({}).strict(),
  'rootCauses.undoBulk': z.object({}).strict()
} as const

export interface TaxonomyNodeView {
  id: number; code: string; parentCode: string | null; nameZh: string; nameEn: string; definition: string
  jrtCause: string; internal: boolean; retired: boolean; mergedInto: string | null
}
export interface CaseTagView {
  code: string; nameZh: string; nameEn: string; firstLevelCode: string; firstLevelZh: string; jrtCause: string; internal: boolean
  role: 'primary' | 'secondary'; retired: boolean; chosenCode: string; taggedBy: string; taggedAt: string; note: string | null
}
export interface CaseTagsView { caseId: number; tags: CaseTagView[]; retagQueued: boolean }
export interface CauseParetoView {
  version: number; level: 1 | 2; tagged: number; untagged: number
  causes: { code: string; nameZh: string; jrtCause: string; internal: boolean; cases: number; share: number; cumulative: number }[]
}
/** One suggested cause: a live node, its evidence (the phrases found and where), and similar tagged cases. */
export interface CauseSuggestionView {
  code: string; firstLevel: string; nameZh: string; jrtCause: string; internal: boolean
  /** share of the combined evidence, 0–1 */
  score: number
  namedInFindings: boolean
  phrases: { phrase: string; field: 'summary' | 'request' | 'investigation' | 'facts'; node: string }[]
  negated: string[]
  similar: { caseId: number; caseNo: string; similarity: number; code: string }[]
}
export interface BulkActionView { id: number; code: string; nameZh: string; role: string; cases: number; at: string }

export interface RootCauseResponses {
  'rootCauses.taxonomy': { version: number; nodes: TaxonomyNodeView[] }
  'rootCauses.editTaxonomy': { version: number; code?: string; codes?: string[] }
  'rootCauses.ofCase': CaseTagsView
  'rootCauses.setCase': CaseTagsView
  'rootCauses.bulkCount': { cases: number }
  'rootCauses.bulkTag': { actionId: number; cases: number }
  'rootCauses.pareto': CauseParetoView
  'rootCauses.suggest': CauseSuggestionView[]
  'rootCauses.suggestionStats': { code: string; nameZh: string; shown: number; accepted: number; top3: number }[]
  'rootCauses.lastBulk': BulkActionView | null
  'rootCauses.undoBulk': { actionId: number; cases: number }
}
