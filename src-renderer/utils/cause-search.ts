// Finding a root cause by what a reviewer types: Chinese (part of a name), pinyin initials (ywcz → 业务操作失误),
// whole pinyin (fuwutaidu), or a code (RC06.01, 06.01, 0601). pinyin-pro reads each name with its words in
// context, so a polyphone takes the reading the word gives it (银行 → yh, 行为 → xw).
import { pinyin } from 'pinyin-pro'
import type { TaxonomyNodeView } from '@shared/contract-rootcause'

export interface CauseEntry {
  node: TaxonomyNodeView
  /** The first-level node's name for a second-level node; null for a first-level one. */
  parentZh: string | null
  /** Lower-case pinyin initials of the Chinese name, letters only: 业务操作失误 → ywczsw. */
  initials: string
  /** The parent's initials ('' for a first-level node): typing the parent's brings its children along. */
  parentInitials: string
  /** Lower-case whole pinyin without tones or spaces. */
  full: string
  /** The code lower-cased without its dot: rc0601. */
  codeKey: string
}

const letters = (s: string): string => s.toLowerCase().replace(/[^a-z]/g, '')
const initialsOf = (zh: string): string => letters(pinyin(zh, { pattern: 'first', toneType: 'none', nonZh: 'removed', type: 'array' }).join(''))

/** The search entries of a taxonomy, in its own order (first-level nodes each followed by their children). */
export function indexCauses(nodes: TaxonomyNodeView[]): CauseEntry[] {
  const byCode = new Map(nodes.map((n) => [n.code, n]))
  const ordered: TaxonomyNodeView[] = []
  for (const first of nodes.filter((n) => !n.parentCode)) {
    ordered.push(first, ...nodes.filter((n) => n.parentCode === first.code))
  }
  // A node whose parent is not in the list (should not happen) is kept rather than lost.
  for (const n of nodes) if (!ordered.includes(n)) ordered.push(n)
  return ordered.map((node) => {
    const parentZh = node.parentCode ? byCode.get(node.parentCode)?.nameZh ?? null : null
    return {
      node,
      parentZh,
      initials: initialsOf(node.nameZh),
      parentInitials: parentZh ? initialsOf(parentZh) : '',
      full: letters(pinyin(node.nameZh, { toneType: 'none', nonZh: 'removed', type: 'array' }).join('')),
      codeKey: node.code.toLowerCase().replace('.', '')
    }
  })
}

const CJK = /[\u3400-\u9fff]/

/**
 * How well `entry` answers `query` (lower is better), or null for no match.
 * 0 code prefix · 1 name prefix / initials prefix · 2 name or initials contain it · 3 whole pinyin ·
 * 4 the parent's name or initials (its children come along) · 5 English name
 */
export function matchRank(entry: CauseEntry, query: string): number | null {
  const q = query.trim().toLowerCase().replace(/\s+/g, '')
  if (!q) return 2
  const codeQ = q.replace('.', '')
  if (/^(rc)?\d/.test(codeQ)) {
    const key = codeQ.startsWith('rc') ? codeQ : `rc${codeQ}`
    return entry.codeKey.startsWith(key) ? 0 : null
  }
  const name = entry.node.nameZh.toLowerCase()
  if (CJK.test(q)) {
    if (name.startsWith(q)) return 1
    if (name.includes(q)) return 2
    return entry.parentZh?.includes(q) ? 4 : null
  }
  if (!/^[a-z]+$/.test(q)) return null
  if (entry.initials.startsWith(q)) return 1
  if (entry.initials.includes(q)) return 2
  if (q.length >= 2 && entry.full.includes(q)) return 3
  if (entry.parentInitials && entry.parentInitials.startsWith(q)) return 4
  if (q.length >= 3 && entry.node.nameEn.toLowerCase().split(/[^a-z]+/).some((w) => w.startsWith(q))) return 5
  return null
}

/**
 * The entries matching `query`, best first, ties in taxonomy order. Retired nodes (no longer offered for new
 * tags) only with `includeRetired`, e.g. to filter or report on them.
 */
export function searchCauses(entries: CauseEntry[], query: string, opts: { includeRetired?: boolean; limit?: number } = {}): CauseEntry[] {
  const hits: { e: CauseEntry; rank: number; i: number }[] = []
  entries.forEach((e, i) => {
    if (e.node.retired && !opts.includeRetired) return
    const rank = matchRank(e, query)
    if (rank !== null) hits.push({ e, rank, i })
  })
  hits.sort((a, b) => a.rank - b.rank || a.i - b.i)
  return hits.slice(0, opts.limit ?? hits.length).map((h) => h.e)
}
