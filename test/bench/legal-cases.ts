// The offers list's filters and queues the legal bench measures (and legal-explain.ts explains): each filter of
// the workbench's filter bar (LegalFilterBar.vue) alone — every check and review status — a few combinations, the
// smallest unit, every queue alone and with a filter the workbench pairs it with; each in every sort, both ways
// (SORTS, DIRS: the table's three sortable columns, each clicked twice).
type Query = { query: (sql: string, params?: unknown[]) => Promise<unknown> }

export interface ListCase { filter: Record<string, unknown>; queue: string }

const FILTERS: Record<string, unknown>[] = [
  {}, { from: '2025-01-01', to: '2025-03-31' }, { unitId: 3 }, { category: 'product' }, { businessLine: 'wealth' }, { businessLine: 'retail' }, { type: 'compensation' },
  { product: '理财' }, { product: '不存在的产品' }, { rootCause: 'RC11' }, { rootCause: 'RC06.01' }, { amountMin: 50_000 }, { amountMin: 100, amountMax: 500 },
  { check: 'authority' }, { check: 'caveat_emptor' }, { check: 'any' }, { check: 'none' }, { reviewStatus: 'none' }, { reviewStatus: 'final' },
  { businessLine: 'wealth', check: 'any', amountMin: 1000 }, { from: '2025-01-01', to: '2025-03-31', businessLine: 'wealth' },
  // The rest of the filter bar: a period open at one end, the upper amount alone, every other check and review status.
  { from: '2025-07-01' }, { to: '2024-06-30' }, { amountMax: 200 },
  { check: 'basis' }, { check: 'acceptance' }, { check: 'payment' }, { check: 'precedent' },
  { reviewStatus: 'awaiting_cosign' }, { reviewStatus: 'stale' },
  // Combinations: a period with a filter the period does not bound (a check, an amount, a type, a root cause), a
  // product with a period, a unit with a line, a first-level root cause.
  { from: '2024-01-01', to: '2024-12-31', check: 'any' }, { from: '2025-01-01', to: '2025-06-30', amountMin: 1000 },
  { from: '2025-01-01', to: '2025-03-31', type: 'compensation' }, { from: '2024-07-01', to: '2025-06-30', rootCause: 'RC06' },
  { product: '理财', from: '2025-01-01' }, { category: 'service_quality', businessLine: 'retail' }, { rootCause: 'RC06' },
  { amountMin: 10_000, amountMax: 20_000, check: 'none' }
]
/** The list's sorts (LegalOfferTable.vue's sortable columns) and directions. */
export const SORTS = ['approved_at', 'amount', 'case_no'] as const
export const DIRS = ['desc', 'asc'] as const
/** A queue with a filter: what a legal user narrows 待审 or 已定稿 to. */
const QUEUED: ListCase[] = [
  { filter: { businessLine: 'wealth' }, queue: 'todo' }, { filter: { from: '2025-01-01', to: '2025-03-31' }, queue: 'todo' },
  { filter: { check: 'any' }, queue: 'todo' }, { filter: { from: '2025-01-01' }, queue: 'final' }, { filter: { amountMin: 1000 }, queue: 'mine' },
  { filter: { businessLine: 'retail' }, queue: 'cosign' }
]

/** Every filter with the queue 全部, then every queue without a filter; `unitId: 'smallest'` is the unit with fewest offers. */
export async function benchListCases(q: Query): Promise<ListCase[]> {
  const [unit] = (await q.query('SELECT unit_id FROM legal_offer_list GROUP BY unit_id ORDER BY count(*) LIMIT 1')) as { unit_id: number }[]
  return [
    ...[...FILTERS, { unitId: unit.unit_id }].map((filter) => ({ filter, queue: 'all' })),
    ...['todo', 'mine', 'cosign', 'final'].map((queue) => ({ filter: {}, queue })),
    ...QUEUED
  ]
}
