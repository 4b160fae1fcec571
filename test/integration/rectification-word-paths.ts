// The 整改 word search's paths, forced on a test archive (rectification-items and its row-security test share them).
import { WORD_SEARCH, type WordSearchTuning } from '../../src-main/rectification/word-search'

/**
 * The word search's paths (word-search.ts), each forced on this small archive: along the walks with every status
 * counted item by item, with the counts from a sample of the whole table (exact), with walks so short that a
 * rarer word gives up and the indexes answer, and the indexes alone. Each must answer as the base tables do.
 */
export const WORD_PATHS: Record<string, WordSearchTuning> = {
  default: WORD_SEARCH,
  'walk, statuses read whole': { ...WORD_SEARCH, force: 'walk', minStep: 1_000_000, smallStatus: 1_000_000 },
  'walk, whole-table sample': { ...WORD_SEARCH, force: 'walk', minStep: 1_000_000, smallStatus: 0, sampleRows: 1_000_000 },
  'walk cut short, then indexes': { ...WORD_SEARCH, force: 'walk', minStep: 3, stepPerRow: 0, smallStatus: 1_000_000 },
  indexes: { ...WORD_SEARCH, force: 'index' }
}
