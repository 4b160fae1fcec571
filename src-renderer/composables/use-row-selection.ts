// The selected row of a keyboard-driven table (role="grid" with aria-activedescendant): ↑↓ Home End move the
// selection and bring the row into view; each table adds its own keys (Enter, S…) on top.
import { computed, nextTick, ref, type Ref } from 'vue'

export function useRowSelection<T>(rows: () => T[], rowId: (row: T) => string): {
  selected: Ref<number>
  activeId: Ref<string | undefined>
  select: (index: number) => Promise<void>
  /** Where ↑↓ Home End move the selection; null for any other key. */
  moveTarget: (key: string) => number | null
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
  return { selected, activeId, select, moveTarget }
}
