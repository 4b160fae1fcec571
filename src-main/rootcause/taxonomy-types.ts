// The shape of a root-cause taxonomy node (问题根源), shared by the seed, the suggester and the measurements.
import { JRT_CAUSE } from '../shared/jrt'
import { normaliseText } from '../text/normalise'

/**
 * One node of the two-level taxonomy. `parent` is null on the first level. `jrtCause` is a key of
 * JR/T 0169-2018 axis C as the project lists it (shared/jrt.ts JRT_CAUSE). `internal`: the institution is at
 * fault, so rectification (整改) is required (R14; 银保监会令2020年第3号 第九条 溯源整改). `phrases`: indicative
 * wording of an investigation or facts that finds this cause, derived from the definition and the seeds;
 * `topics`: the subject matter it is usually about.
 * A retired node stays readable and reportable but is never suggested nor chosen for new tags.
 */
export interface CauseNode {
  code: string
  parent: string | null
  nameZh: string
  nameEn: string
  definition: string
  jrtCause: string
  internal: boolean
  phrases: readonly string[]
  /** words naming the subject matter (收费, 亏损, 征信…): weak evidence, since a complaint about a fee is not yet a fee dispute */
  topics: readonly string[]
  retired?: boolean
}

/** A taxonomy as the suggester reads it: its nodes and quick look-ups. Build with `taxonomyOf`. */
export interface Taxonomy {
  readonly nodes: readonly CauseNode[]
  readonly byCode: ReadonlyMap<string, CauseNode>
  /** first-level code → its children (live and retired), in order */
  readonly children: ReadonlyMap<string, readonly CauseNode[]>
}

/** Indexes a list of nodes. Throws on a duplicate code, an unknown parent, a third level or an unknown axis-C code. */
export function taxonomyOf(nodes: readonly CauseNode[]): Taxonomy {
  const byCode = new Map<string, CauseNode>()
  for (const n of nodes) {
    if (byCode.has(n.code)) throw new Error(`duplicate root-cause code ${n.code}`)
    if (!(n.jrtCause in JRT_CAUSE)) throw new Error(`${n.code}: ${n.jrtCause} is not a JR/T 0169 axis-C code`)
    byCode.set(n.code, n)
  }
  const children = new Map<string, CauseNode[]>()
  for (const n of nodes) if (!n.parent) children.set(n.code, [])
  for (const n of nodes) {
    if (!n.parent) continue
    const siblings = children.get(n.parent)
    if (!siblings) throw new Error(`${n.code}: parent ${n.parent} is not a first-level node`)
    siblings.push(n)
  }
  return { nodes, byCode, children }
}

/** The first-level code of a node (itself on the first level); undefined for an unknown code. */
export function firstLevelOf(tax: Taxonomy, code: string): string | undefined {
  const n = tax.byCode.get(code)
  return n ? (n.parent ?? n.code) : undefined
}

/** A node can be chosen for new tags and suggested: neither it nor its first-level node is retired. */
export function isLive(tax: Taxonomy, code: string): boolean {
  const n = tax.byCode.get(code)
  if (!n || n.retired) return false
  return !n.parent || isLive(tax, n.parent)
}

/**
 * Where a tag on `code` counts when suggesting: the node itself when live, else its live parent (a retired
 * second-level node's cases still speak for their first level), else nothing (its first level is retired).
 */
export function liveTarget(tax: Taxonomy, code: string): string | undefined {
  if (isLive(tax, code)) return code
  const parent = tax.byCode.get(code)?.parent
  return parent && isLive(tax, parent) ? parent : undefined
}

const nameKey = (s: string): string => normaliseText(s).replace(/\s+/g, '')

/** A first-level node by its Chinese name, as labelled files write it (full- or half-width brackets, spaces or none alike). */
export function firstLevelByName(tax: Taxonomy, nameZh: string): CauseNode | undefined {
  const key = nameKey(nameZh)
  return tax.nodes.find((n) => !n.parent && nameKey(n.nameZh) === key)
}
