// The selected row of a keyboard-driven table (role="grid" with aria-activedescendant): ↑↓ Home End move the
// selection and bring the row into view; each table adds its own keys (Enter, S…) on top.
import { computed, nextTick, ref, type Ref } from 'vue'

export function useRowSelection<T>(rows: () => T[], rowId: (row: T) => string): {
  selected: Ref<number>
  activeId: Ref<string | undefined>
  select: (index: number) => Promise<void>
  /** Where ↑↓ Home End move the selection; null for any other key. */
  moveTarget: (key: string) => number | null
  /** A grid's keydown for the common case: ↑↓ Home End move, Enter opens the selected row. */
  moveOrOpen: (event: KeyboardEvent, open: (row: T) => void) => void
  /** Keeps the selection inside the rows after they change (call from a watch on them). */
  clamp: () => void
} {
  const selected = ref(-1)
  const activeId = computed(() => {
    const row = rows()[selected.value]
    return row ? rowId(row) : undefined
  })
  async function select(index: number): Promise<void> {
    selected.value = index
    await nextTick()
    const id = activeId.value
    if (id) document.getElementById(id)?.scrollIntoView({ block: 'nearest' })
  }
  function moveTarget(key: string): number | null {
    const n = rows().length
    const current = selected.value
    if (n === 0) return null
    switch (key) {
      case 'ArrowDown': return current < 0 ? 0 : Math.min(n - 1, current + 1)
      case 'ArrowUp': return current < 0 ? 0 : Math.max(0, current - 1)
      case 'Home': return 0
      case 'End': return n - 1
      default: return null
    }
  }
  function moveOrOpen(event: KeyboardEvent, open: (row: T) => void): void {
    const next = moveTarget(event.key)
    if (next !== null) {
      event.preventDefault()
      void select(next)
      return
    }
    const row = rows()[selected.value]
    if (event.key === 'Enter' && row) {
      event.preventDefault()
      open(row)
    }
  }
  const clamp = (): void => { selected.value = Math.min(selected.value, rows().length - 1) }
  return { selected, activeId, select, moveTarget, moveOrOpen, clamp }
}
