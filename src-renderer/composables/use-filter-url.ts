// Keeps the shared case filter (stores/case-filter.ts) and the address in step: an address with filter
// parameters sets the filter when the view opens; afterwards every change of the filter (or of the view's
// own parameters, such as the trend period) is written back with router.replace, and a later change of the
// address (back, forward) sets the filter again.
import { onMounted, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { storeToRefs } from 'pinia'
import { filterFromQuery, filterToQuery, otherQuery, useCaseFilterStore } from '@renderer/stores/case-filter'

/**
 * @param own the view's own parameters to keep in the address (one set to undefined is taken out of it)
 * @param onOpen called after the address's filter is taken (before the view loads)
 */
export function useFilterUrl(own: () => Record<string, string | undefined> = () => ({}), onOpen?: () => void): void {
  const route = useRoute()
  const router = useRouter()
  const store = useCaseFilterStore()
  const { filter } = storeToRefs(store)
  const viewName = route.name
  let mounted = false
  onMounted(() => {
    mounted = true
    const fromUrl = filterFromQuery(route.query)
    if (Object.keys(fromUrl).length) store.replace(fromUrl)
    onOpen?.()
    write()
  })
  function write(): void {
    // Not once the address has moved on to another view (a replace then would undo that navigation).
    if (route.name !== viewName) return
    const keep = otherQuery(route.query)
    const mine = own()
    for (const [k, v] of Object.entries(mine)) {
      if (v === undefined) delete keep[k]
      else keep[k] = v
    }
    const query = { ...keep, ...filterToQuery(filter.value) }
    if (JSON.stringify(query) !== JSON.stringify(route.query)) void router.replace({ query })
  }
  watch([filter, () => JSON.stringify(own())], write)
  // Back, forward or a link within the view: the address now names the filter (none named means none).
  // (Only while the address is still this view's: leaving for another view keeps the filter as it is.)
  watch(() => route.fullPath, () => {
    if (mounted && route.name === viewName) store.replace(filterFromQuery(route.query))
  })
}
